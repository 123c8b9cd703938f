package assessments

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"hotlineportal/models"
)

// dummyHash is verified against when no account matches, so that a wrong
// address takes as long as a wrong password. It is made at the first such
// sign-in, with the service's own hashing cost: made at start-up it held
// the hashing memory (64 MB) in every process, signed in or not.
func (s *Service) dummyHash() string {
	s.dummy.once.Do(func() {
		s.dummy.hash, _ = HashPassword("no account has this password", s.opts.Argon2)
	})
	return s.dummy.hash
}

// SignIn checks an email and password. Failed attempts are counted per
// account and per client address; past the limits it answers
// RateLimitedError without checking the password. Successful sign-ins are
// never counted, so colleagues behind one address are not throttled.
func (s *Service) SignIn(ctx context.Context, a Actor, email, password string) (*models.User, error) {
	email = NormalizeEmail(email)
	if err := s.checkFailureLimits(ctx, email, a.IP); err != nil {
		s.Audit(ctx, a, "auth.rate_limited", "", "", email)
		return nil, err
	}
	var u models.User
	err := s.db.WithContext(ctx).Where("email = ?", email).Take(&u).Error
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, err
	}
	found := err == nil
	hash := u.PasswordHash
	if !found || !u.HasPassword() {
		hash = s.dummyHash()
	}
	ok := VerifyPassword(password, hash)
	if !found || !ok || u.Disabled || !u.HasPassword() {
		s.recordFailure(ctx, email, a.IP)
		reason := map[bool]string{true: "wrong password", false: "unknown account"}[found]
		if found && u.Disabled {
			reason = "account disabled"
		}
		s.Audit(ctx, a, "auth.failed", "user", u.ID, email+": "+reason)
		return nil, ErrUnauthenticated
	}
	now := s.now()
	err = s.tx(ctx, func(tx *models.DB) error {
		if err := tx.Model(&models.User{}).Where("id = ?", u.ID).Update("last_login_at", now).Error; err != nil {
			return err
		}
		if err := tx.Where("bucket = ?", "account:"+email).Delete(&models.LoginFailure{}).Error; err != nil {
			return err
		}
		return s.audit(ctx, tx, Actor{User: &u, IP: a.IP, RequestID: a.RequestID}, "auth.sign_in", "user", u.ID, "")
	})
	u.LastLoginAt = &now
	return &u, err
}

func (s *Service) checkFailureLimits(ctx context.Context, email, ip string) error {
	limits := []struct {
		bucket string
		max    int
	}{{"account:" + email, s.opts.AccountFailures}, {"ip:" + ip, s.opts.AddressFailures}}
	since := s.now().Add(-s.opts.FailureWindow)
	for _, l := range limits {
		var count int64
		db := s.db.WithContext(ctx).Model(&models.LoginFailure{}).Where("bucket = ? AND created_at > ?", l.bucket, since)
		if err := db.Count(&count).Error; err != nil {
			return err
		}
		if l.max > 0 && count >= int64(l.max) {
			var oldest models.LoginFailure
			// The window frees a slot when the oldest counted failure leaves it.
			if err := db.Order("created_at").Offset(int(count) - l.max).Take(&oldest).Error; err != nil {
				return err
			}
			wait := oldest.CreatedAt.Add(s.opts.FailureWindow).Sub(s.now())
			return &RateLimitedError{RetryAfter: max(wait, time.Second)}
		}
	}
	return nil
}

func (s *Service) recordFailure(ctx context.Context, email, ip string) {
	now := s.now()
	rows := []models.LoginFailure{
		{ID: models.NewID(), Bucket: "account:" + email, CreatedAt: now},
		{ID: models.NewID(), Bucket: "ip:" + ip, CreatedAt: now},
	}
	err := s.tx(ctx, func(tx *models.DB) error { return tx.Create(&rows).Error })
	if err != nil {
		s.log.Error("record failed sign-in", "err", err)
	}
}

// DeleteOldFailures forgets failed sign-ins older than the window.
func (s *Service) DeleteOldFailures(ctx context.Context) error {
	return s.tx(ctx, func(tx *models.DB) error {
		return tx.Where("created_at <= ?", s.now().Add(-s.opts.FailureWindow)).Delete(&models.LoginFailure{}).Error
	})
}

// SessionUser loads the signed-in user of a session, or ErrUnauthenticated
// when the account was disabled or its sessions were ended since.
func (s *Service) SessionUser(ctx context.Context, id string, epoch int64) (*models.User, error) {
	u, err := models.UserByID(ctx, s.db, id)
	if errors.Is(err, models.ErrNotFound) {
		return nil, ErrUnauthenticated
	}
	if err != nil {
		return nil, err
	}
	if u.Disabled || u.SessionEpoch != epoch {
		return nil, ErrUnauthenticated
	}
	return u, nil
}

// IssueToken signs in and returns a new API bearer token.
func (s *Service) IssueToken(ctx context.Context, a Actor, email, password string) (string, time.Time, error) {
	u, err := s.SignIn(ctx, a, email, password)
	if err != nil {
		return "", time.Time{}, err
	}
	token, hash := newSecret()
	t := &models.APIToken{ID: models.NewID(), UserID: u.ID, TokenHash: hash, ExpiresAt: s.now().Add(s.opts.TokenTTL), CreatedAt: s.now()}
	if err := s.tx(ctx, func(tx *models.DB) error { return tx.Create(t).Error }); err != nil {
		return "", time.Time{}, err
	}
	return token, t.ExpiresAt, nil
}

// TokenUser finds the active user of an unexpired API token.
func (s *Service) TokenUser(ctx context.Context, token string) (*models.User, error) {
	u, err := models.UserByTokenHash(ctx, s.db, hashSecret(token), s.now())
	if errors.Is(err, models.ErrNotFound) {
		return nil, ErrUnauthenticated
	}
	return u, err
}

// RevokeToken ends one API token.
func (s *Service) RevokeToken(ctx context.Context, token string) error {
	return s.tx(ctx, func(tx *models.DB) error {
		return tx.Where("token_hash = ?", hashSecret(token)).Delete(&models.APIToken{}).Error
	})
}
