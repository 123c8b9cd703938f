package assessments

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"hotlineportal/models"
)

// sendLink makes a one-time password link for u and queues the email that
// carries it. Earlier unused links of the user stop working.
func (s *Service) sendLink(ctx context.Context, tx *models.DB, u *models.User, purpose string) error {
	ttl := s.opts.ResetTTL
	key := "email.reset"
	if purpose == models.LinkInvitation {
		ttl, key = s.opts.InvitationTTL, "email.invitation"
	}
	if err := tx.Where("user_id = ? AND used_at IS NULL", u.ID).Delete(&models.OneTimeLink{}).Error; err != nil {
		return err
	}
	token, hash := newSecret()
	link := &models.OneTimeLink{
		ID: models.NewID(), UserID: u.ID, Purpose: purpose, TokenHash: hash,
		ExpiresAt: s.now().Add(ttl), CreatedAt: s.now(),
	}
	if err := tx.Create(link).Error; err != nil {
		return err
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
	var u models.User
	err := s.db.WithContext(ctx).Where("email = ? AND disabled = ?", email, false).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		s.Audit(ctx, a, "auth.reset_unknown", "", "", email)
		return nil
	}
	if err != nil {
		return err
	}
	var recent int64
	if err := s.db.WithContext(ctx).Model(&models.OneTimeLink{}).
		Where("user_id = ? AND created_at > ?", u.ID, s.now().Add(-time.Hour)).Count(&recent).Error; err != nil {
		return err
	}
	if recent >= 3 {
		s.Audit(ctx, a, "auth.reset_throttled", "user", u.ID, "")
		return nil
	}
	return s.tx(ctx, func(tx *models.DB) error {
		if err := s.audit(ctx, tx, a, "auth.reset_requested", "user", u.ID, ""); err != nil {
			return err
		}
		return s.sendLink(ctx, tx, &u, models.LinkReset)
	})
}

// CheckLink finds the account and purpose of a usable one-time link.
func (s *Service) CheckLink(ctx context.Context, token string) (*models.User, string, error) {
	var link models.OneTimeLink
	err := s.db.WithContext(ctx).Where("token_hash = ?", hashSecret(token)).Take(&link).Error
	if errors.Is(err, gorm.ErrRecordNotFound) || (err == nil && (link.UsedAt != nil || !s.now().Before(link.ExpiresAt))) {
		return nil, "", ErrNotFound
	}
	if err != nil {
		return nil, "", err
	}
	var u models.User
	if err := s.db.WithContext(ctx).Where("id = ? AND disabled = ?", link.UserID, false).Take(&u).Error; err != nil {
		return nil, "", ErrNotFound
	}
	return &u, link.Purpose, nil
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
		res := tx.Model(&models.OneTimeLink{}).Where("token_hash = ? AND used_at IS NULL", hashSecret(token)).Update("used_at", s.now())
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return ErrNotFound
		}
		err := tx.Model(&models.User{}).Where("id = ?", u.ID).Updates(map[string]any{
			"password_hash": hash, "session_epoch": gorm.Expr("session_epoch + 1"), "updated_at": s.now(),
		}).Error
		if err != nil {
			return err
		}
		if err := tx.Where("user_id = ?", u.ID).Delete(&models.APIToken{}).Error; err != nil {
			return err
		}
		return s.audit(ctx, tx, Actor{User: u, IP: a.IP, RequestID: a.RequestID}, "auth.password_set", "user", u.ID, purpose)
	})
	if err != nil {
		return nil, err
	}
	return s.userByID(ctx, u.ID)
}

func (s *Service) userByID(ctx context.Context, id string) (*models.User, error) {
	var u models.User
	err := s.db.WithContext(ctx).Where("id = ?", id).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	return &u, err
}
