package assessments

import (
	"context"
	"errors"
	"fmt"
	"time"

	"hotlineportal/models"
)

// resetThrottleWindow is how far back an account's reset emails are
// counted; the retention job keeps links that young.
const resetThrottleWindow = time.Hour

// resetsPerHour bounds the password-reset links one account gets in an
// hour, so that nobody can flood someone's mailbox.
const resetsPerHour = 3

// linkKind is how long a one-time link of a purpose lives and which email
// carries it: an invitation lasts InvitationTTL, a reset ResetTTL.
func (s *Service) linkKind(purpose string) (ttl time.Duration, emailKey string) {
	if purpose == models.LinkInvitation {
		return s.opts.InvitationTTL, "email.invitation"
	}
	return s.opts.ResetTTL, "email.reset"
}

// linkUsable tells whether a one-time link still works at now: never used
// and not expired (it expires at ExpiresAt exactly).
func linkUsable(link *models.OneTimeLink, now time.Time) bool {
	return link.UsedAt == nil && now.Before(link.ExpiresAt)
}

// sendLink makes a one-time password link for u and queues the email that
// carries it. Earlier unused links of the user stop working.
func (s *Service) sendLink(ctx context.Context, tx *models.DB, u *models.User, purpose string) error {
	ttl, key := s.linkKind(purpose)
	if err := models.ExpireUnusedLinks(ctx, tx, u.ID, s.now()); err != nil {
		return fmt.Errorf("end earlier links of %s: %w", u.ID, err)
	}
	token, hash := newSecret()
	link := &models.OneTimeLink{
		ID: models.NewID(), UserID: u.ID, Purpose: purpose, TokenHash: hash,
		ExpiresAt: s.now().Add(ttl), CreatedAt: s.now(),
	}
	if err := models.CreateLink(ctx, tx, link); err != nil {
		return fmt.Errorf("store %s link of %s: %w", purpose, u.ID, err)
	}
	url := s.opts.BaseURL + "/password/set/" + token
	hours := int(ttl / time.Hour)
	return s.queueEmail(ctx, tx, u, key, map[string]any{"Link": url, "Hours": hours, "Days": hours / 24})
}

// RequestPasswordReset sends a reset link when the address belongs to an
// active account, and says nothing either way so that addresses cannot be
// discovered. At most three links an hour go to one account.
func (s *Service) RequestPasswordReset(ctx context.Context, a Actor, email string) error {
	email = NormalizeEmail(email)
	if err := checkStruct(&struct {
		Email string `json:"email" validate:"required,email,max=254"`
	}{email}).Err(); err != nil {
		return err
	}
	u, err := models.ActiveUserByEmail(ctx, s.db, email)
	if errors.Is(err, models.ErrNotFound) {
		s.Audit(ctx, a, "auth.reset_unknown", "", "", email)
		return nil
	}
	if err != nil {
		return fmt.Errorf("load account for reset: %w", err)
	}
	recent, err := models.CountLinksSince(ctx, s.db, u.ID, s.now().Add(-resetThrottleWindow))
	if err != nil {
		return fmt.Errorf("count recent links of %s: %w", u.ID, err)
	}
	if recent >= resetsPerHour {
		s.Audit(ctx, a, "auth.reset_throttled", "user", u.ID, "")
		return nil
	}
	return s.tx(ctx, func(tx *models.DB) error {
		if err := s.audit(ctx, tx, a, "auth.reset_requested", "user", u.ID, ""); err != nil {
			return err
		}
		return s.sendLink(ctx, tx, u, models.LinkReset)
	})
}

// CheckLink finds the account and purpose of a usable one-time link. A
// link unknown, used, expired, or of a disabled account is ErrNotFound.
func (s *Service) CheckLink(ctx context.Context, token string) (*models.User, string, error) {
	link, err := models.LinkByTokenHash(ctx, s.db, hashSecret(token))
	if errors.Is(err, models.ErrNotFound) {
		return nil, "", ErrNotFound
	}
	if err != nil {
		return nil, "", fmt.Errorf("load one-time link: %w", err)
	}
	if !linkUsable(link, s.now()) {
		return nil, "", ErrNotFound
	}
	u, err := models.ActiveUserByID(ctx, s.db, link.UserID)
	if errors.Is(err, models.ErrNotFound) {
		return nil, "", ErrNotFound
	}
	if err != nil {
		return nil, "", fmt.Errorf("load account of link: %w", err)
	}
	return u, link.Purpose, nil
}

// UseLink sets a new password through a one-time link. The link works
// once; every session and API token of the account ends.
func (s *Service) UseLink(ctx context.Context, a Actor, token, password, confirm string) (*models.User, error) {
	u, purpose, err := s.CheckLink(ctx, token)
	if err != nil {
		return nil, err
	}
	if err := CheckPasswordPolicy(password, "password"); err != nil {
		return nil, err
	}
	if password != confirm {
		return nil, Invalid("password_confirm", "error.password.mismatch")
	}
	hash, err := s.hashPassword(ctx, password)
	if err != nil {
		return nil, err
	}
	err = s.tx(ctx, func(tx *models.DB) error {
		used, err := models.MarkLinkUsed(ctx, tx, hashSecret(token), s.now())
		if err != nil {
			return fmt.Errorf("spend one-time link: %w", err)
		}
		if !used {
			return ErrNotFound // spent meanwhile by another request
		}
		if err := models.SetPassword(ctx, tx, u.ID, hash, s.now()); err != nil {
			return fmt.Errorf("set password of %s: %w", u.ID, err)
		}
		if err := models.DeleteUserTokens(ctx, tx, u.ID); err != nil {
			return fmt.Errorf("end API tokens of %s: %w", u.ID, err)
		}
		return s.audit(ctx, tx, Actor{User: u, IP: a.IP, RequestID: a.RequestID}, "auth.password_set", "user", u.ID, purpose)
	})
	if err != nil {
		return nil, err
	}
	return s.userByID(ctx, u.ID)
}

// userByID loads one account, disabled or not, or ErrNotFound.
func (s *Service) userByID(ctx context.Context, id string) (*models.User, error) {
	u, err := models.UserByID(ctx, s.db, id)
	if err != nil && !errors.Is(err, models.ErrNotFound) {
		return nil, fmt.Errorf("load account %s: %w", id, err)
	}
	return u, err
}
