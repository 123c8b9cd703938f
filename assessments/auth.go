package assessments

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/crypto/argon2"

	"hotlineportal/models"
)

// dummyHash is verified against when no account matches, so that a wrong
// address costs as much as a wrong password. It is a well-formed hash with
// the service's parameters and a random key, which nothing matches: made
// without hashing anything, it costs no memory until a sign-in uses it.
func (s *Service) dummyHash() string {
	s.dummy.once.Do(func() {
		enc := base64.RawStdEncoding
		p := s.opts.Argon2
		s.dummy.hash = fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
			enc.EncodeToString([]byte(randomString(recoveryAlphabet, 16))), enc.EncodeToString([]byte(randomString(recoveryAlphabet, 32))))
	})
	return s.dummy.hash
}

// Credentials are what a person signs in with: the password, and the code
// of their authenticator app (or a recovery code) when two-step sign-in
// is on.
type Credentials struct {
	Email, Password, OTP string
}

// SignIn checks the credentials and signs the user in. With two-step
// sign-in on and no code given it answers ErrOTPRequired (the password was
// right); the sign-in page then asks for the code and calls
// SignInWithCode. Failed attempts, passwords and codes alike, are counted
// per account and per client address; past the limits it answers
// RateLimitedError before any password is hashed. Successful sign-ins are
// never counted, so colleagues behind one address are not throttled.
func (s *Service) SignIn(ctx context.Context, a Actor, c Credentials) (*models.User, error) {
	u, err := s.checkPassword(ctx, a, c.Email, c.Password)
	if err != nil {
		return nil, err
	}
	if u.TOTPEnabled() {
		if strings.TrimSpace(c.OTP) == "" {
			s.Audit(ctx, Actor{User: u, IP: a.IP, RequestID: a.RequestID}, "auth.password_ok", "user", u.ID, "second step next")
			return u, ErrOTPRequired
		}
		return s.SignInWithCode(ctx, a, u.ID, c.OTP)
	}
	return u, s.completeSignIn(ctx, a, u)
}

// SignInWithCode finishes a two-step sign-in whose password was checked:
// the code must be a current authenticator code, not used before, or an
// unused recovery code.
func (s *Service) SignInWithCode(ctx context.Context, a Actor, userID, code string) (*models.User, error) {
	u, err := models.UserByID(ctx, s.db, userID)
	if errors.Is(err, models.ErrNotFound) {
		return nil, ErrUnauthenticated
	}
	if err != nil {
		return nil, err
	}
	if u.Disabled || !u.TOTPEnabled() {
		return nil, ErrUnauthenticated
	}
	if err := s.checkFailureLimits(ctx, u.Email, a.IP); err != nil {
		s.Audit(ctx, a, "auth.rate_limited", "user", u.ID, u.Email)
		return nil, err
	}
	ok, err := s.spendCode(ctx, u, code)
	if err != nil {
		return nil, err
	}
	if !ok {
		s.codeFailed(ctx, a, u, "sign_in")
		return nil, ErrUnauthenticated
	}
	return u, s.completeSignIn(ctx, a, u)
}

// checkPassword checks an email and password within the limits, and
// counts and audits a failure.
func (s *Service) checkPassword(ctx context.Context, a Actor, email, password string) (*models.User, error) {
	email = NormalizeEmail(email)
	if err := s.checkFailureLimits(ctx, email, a.IP); err != nil {
		s.Audit(ctx, a, "auth.rate_limited", "", "", email)
		return nil, err
	}
	u, err := models.UserByEmail(ctx, s.db, email)
	if err != nil && !errors.Is(err, models.ErrNotFound) {
		return nil, err
	}
	found := err == nil
	hash := s.dummyHash()
	if found && u.HasPassword() {
		hash = u.PasswordHash
	}
	ok, err := s.verifyPassword(ctx, password, hash)
	if err != nil {
		return nil, err
	}
	if !found || !ok || u.Disabled || !u.HasPassword() {
		s.recordFailure(ctx, email, a.IP)
		reason, id := "unknown account", ""
		if found {
			reason, id = "wrong password", u.ID
			if u.Disabled {
				reason = "account disabled"
			}
		}
		s.Audit(ctx, a, "auth.failed", "user", id, email+": "+reason)
		return nil, ErrUnauthenticated
	}
	s.upgradeHash(ctx, u, password)
	return u, nil
}

// upgradeHash re-hashes a password kept with older parameters, now that
// it is known to be right. A busy pool leaves it for the next sign-in.
func (s *Service) upgradeHash(ctx context.Context, u *models.User, password string) {
	if !needsRehash(u.PasswordHash, s.opts.Argon2) {
		return
	}
	hash, err := s.hashPassword(ctx, password)
	if err != nil {
		return
	}
	err = s.tx(ctx, func(tx *models.DB) error {
		return tx.Model(&models.User{}).Where("id = ? AND password_hash = ?", u.ID, u.PasswordHash).Update("password_hash", hash).Error
	})
	if err != nil {
		s.log.Warn("upgrade password hash", "user", u.ID, "err", err)
		return
	}
	u.PasswordHash = hash
}

// completeSignIn records a finished sign-in.
func (s *Service) completeSignIn(ctx context.Context, a Actor, u *models.User) error {
	now := s.now()
	err := s.tx(ctx, func(tx *models.DB) error {
		if err := tx.Model(&models.User{}).Where("id = ?", u.ID).Update("last_login_at", now).Error; err != nil {
			return err
		}
		if err := tx.Where("bucket = ?", "account:"+u.Email).Delete(&models.LoginFailure{}).Error; err != nil {
			return err
		}
		return s.audit(ctx, tx, Actor{User: u, IP: a.IP, RequestID: a.RequestID}, "auth.sign_in", "user", u.ID, "")
	})
	u.LastLoginAt = &now
	return err
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
func (s *Service) IssueToken(ctx context.Context, a Actor, c Credentials) (string, time.Time, error) {
	u, err := s.SignIn(ctx, a, c)
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
