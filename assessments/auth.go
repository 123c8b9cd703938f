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
		return nil, fmt.Errorf("load account %s: %w", userID, err)
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
	if errors.Is(err, models.ErrNotFound) {
		u = nil // an unknown address costs a hash all the same
	} else if err != nil {
		return nil, fmt.Errorf("load account: %w", err)
	}
	hash := s.dummyHash()
	if u != nil && u.HasPassword() {
		hash = u.PasswordHash
	}
	ok, err := s.verifyPassword(ctx, password, hash)
	if err != nil {
		return nil, err
	}
	if reason := signInRefusal(u, ok); reason != "" {
		s.recordFailure(ctx, email, a.IP)
		id := ""
		if u != nil {
			id = u.ID
		}
		s.Audit(ctx, a, "auth.failed", "user", id, email+": "+reason)
		return nil, ErrUnauthenticated
	}
	s.upgradeHash(ctx, u, password)
	return u, nil
}

// signInRefusal is why a password sign-in of u (nil: no such account) is
// refused, for the audit log, or "" when it is accepted: the account must
// exist, be enabled and have a password, and the password must match.
func signInRefusal(u *models.User, passwordOK bool) string {
	switch {
	case u == nil:
		return "unknown account"
	case u.Disabled:
		return "account disabled"
	case !passwordOK || !u.HasPassword():
		return "wrong password"
	}
	return ""
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
	var replaced bool
	err = s.tx(ctx, func(tx *models.DB) (err error) {
		replaced, err = models.ReplacePasswordHash(ctx, tx, u.ID, u.PasswordHash, hash)
		return err
	})
	if err != nil {
		s.log.Warn("upgrade password hash", "user", u.ID, "err", err)
		return
	}
	if replaced {
		u.PasswordHash = hash
	}
}

// completeSignIn records a finished sign-in.
func (s *Service) completeSignIn(ctx context.Context, a Actor, u *models.User) error {
	now := s.now()
	err := s.tx(ctx, func(tx *models.DB) error {
		if err := models.SetLastSignIn(ctx, tx, u.ID, now); err != nil {
			return fmt.Errorf("record sign-in of %s: %w", u.ID, err)
		}
		if err := models.ClearLoginFailures(ctx, tx, accountBucket(u.Email)); err != nil {
			return fmt.Errorf("clear failed sign-ins of %s: %w", u.ID, err)
		}
		return s.audit(ctx, tx, Actor{User: u, IP: a.IP, RequestID: a.RequestID}, "auth.sign_in", "user", u.ID, "")
	})
	u.LastLoginAt = &now
	return err
}

// accountBucket and addressBucket name the counters of failed sign-ins of
// one account and of one client address.
func accountBucket(email string) string { return "account:" + email }
func addressBucket(ip string) string    { return "ip:" + ip }

// checkFailureLimits answers RateLimitedError when the account or the
// client address has had too many failed attempts within the window.
func (s *Service) checkFailureLimits(ctx context.Context, email, ip string) error {
	limits := []struct {
		bucket string
		max    int
	}{{accountBucket(email), s.opts.AccountFailures}, {addressBucket(ip), s.opts.AddressFailures}}
	now := s.now()
	since := now.Add(-s.opts.FailureWindow)
	for _, l := range limits {
		count, err := models.CountLoginFailures(ctx, s.db, l.bucket, since)
		if err != nil {
			return fmt.Errorf("count failed sign-ins: %w", err)
		}
		if !overLimit(count, l.max) {
			continue
		}
		// The window frees a slot when the oldest counted failure leaves it.
		oldest, err := models.LoginFailureAt(ctx, s.db, l.bucket, since, int(count)-l.max)
		if err != nil {
			return fmt.Errorf("read failed sign-ins: %w", err)
		}
		return &RateLimitedError{RetryAfter: retryAfter(oldest, s.opts.FailureWindow, now)}
	}
	return nil
}

// overLimit tells whether count failures reach a limit of max (0: no
// limit).
func overLimit(count int64, max int) bool {
	return max > 0 && count >= int64(max)
}

// retryAfter is how long to wait until a failure made at oldest leaves the
// window: at least a second, so that clients never retry at once.
func retryAfter(oldest time.Time, window time.Duration, now time.Time) time.Duration {
	return max(oldest.Add(window).Sub(now), time.Second)
}

// recordFailure counts a failed attempt against the account and the
// client address. A failure to count it is logged, not returned: the
// person is refused either way.
func (s *Service) recordFailure(ctx context.Context, email, ip string) {
	now := s.now()
	err := s.tx(ctx, func(tx *models.DB) error {
		return models.RecordLoginFailures(ctx, tx, []string{accountBucket(email), addressBucket(ip)}, now)
	})
	if err != nil {
		s.log.Error("record failed sign-in", "err", err)
	}
}

// DeleteOldFailures forgets failed sign-ins older than the window.
func (s *Service) DeleteOldFailures(ctx context.Context) error {
	return s.tx(ctx, func(tx *models.DB) error {
		_, err := models.DeleteLoginFailuresBefore(ctx, tx, s.now().Add(-s.opts.FailureWindow))
		return err
	})
}

// SessionUser loads the signed-in user of a session, or ErrUnauthenticated
// when the account was disabled or its sessions were ended since.
func (s *Service) SessionUser(ctx context.Context, id string, epoch int64) (*models.User, error) {
	u, err := models.CachedUserByID(ctx, s.db, id)
	if errors.Is(err, models.ErrNotFound) {
		return nil, ErrUnauthenticated
	}
	if err != nil {
		return nil, fmt.Errorf("load session account %s: %w", id, err)
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
	if err := s.tx(ctx, func(tx *models.DB) error { return models.CreateAPIToken(ctx, tx, t) }); err != nil {
		return "", time.Time{}, fmt.Errorf("store API token: %w", err)
	}
	return token, t.ExpiresAt, nil
}

// TokenUser finds the active user of an unexpired API token.
func (s *Service) TokenUser(ctx context.Context, token string) (*models.User, error) {
	u, err := models.CachedUserByTokenHash(ctx, s.db, hashSecret(token), s.now())
	if errors.Is(err, models.ErrNotFound) {
		return nil, ErrUnauthenticated
	}
	if err != nil {
		return nil, fmt.Errorf("load API token's account: %w", err)
	}
	return u, nil
}

// RevokeToken ends one API token.
func (s *Service) RevokeToken(ctx context.Context, token string) error {
	return s.tx(ctx, func(tx *models.DB) error { return models.DeleteAPIToken(ctx, tx, hashSecret(token)) })
}
