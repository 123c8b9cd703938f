package assessments

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base32"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
	"github.com/pquerna/otp/totp"

	"hotlineportal/models"
)

// Two-step sign-in follows RFC 6238 as every authenticator app reads it:
// HMAC-SHA-1, 6 digits, 30-second steps. A code of the step before or
// after the current one is accepted (clocks drift), and each step's code
// works once.
const (
	totpPeriod      = 30
	totpDigits      = otp.DigitsSix
	totpSkew        = 1
	recoveryCodes   = 10
	recoveryCodeLen = 16 // characters of recoveryAlphabet: 80 bits
)

// recoveryAlphabet leaves out the letters read as digits (i, l, o).
const recoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789"

// otpBase32 is how authenticator apps write secrets: base32, no padding.
var otpBase32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// ErrOTPRequired means the password was right but the account signs in in
// two steps and no code came with it (401, code otp_required).
var ErrOTPRequired = errors.New("a two-step sign-in code is required")

// ErrTOTPEnrolmentRequired means the account's role must use two-step
// sign-in and has not set it up: only enrolment is open to it (403, code
// totp_enrolment_required).
var ErrTOTPEnrolmentRequired = errors.New("two-step sign-in must be set up first")

// TOTPEnrolment is a started enrolment: the secret to type into an app,
// and the otpauth:// address a QR code carries.
type TOTPEnrolment struct {
	Secret string
	URI    string
}

// TOTPRequired tells whether u's role must sign in in two steps.
func (s *Service) TOTPRequired(u *models.User) bool {
	for _, r := range s.opts.TOTPRoles {
		if u.Role == r {
			return true
		}
	}
	return false
}

// MustEnrolTOTP tells whether u may do nothing but set up two-step
// sign-in.
func (s *Service) MustEnrolTOTP(u *models.User) bool {
	return u != nil && s.TOTPRequired(u) && !u.TOTPEnabled()
}

// StartTOTP makes a new secret for the actor's account. It is not active
// until ConfirmTOTP receives a code made from it; starting again replaces
// an unconfirmed secret. While two-step sign-in is on: conflict.
func (s *Service) StartTOTP(ctx context.Context, a Actor) (*TOTPEnrolment, error) {
	if a.User == nil {
		return nil, ErrUnauthenticated
	}
	key, err := totp.Generate(totp.GenerateOpts{
		Issuer: s.msgs.Localizer("en").T("portal.name"), AccountName: a.User.Email,
		Period: totpPeriod, Digits: totpDigits, Algorithm: otp.AlgorithmSHA1,
	})
	if err != nil {
		return nil, fmt.Errorf("make two-step secret: %w", err)
	}
	err = s.tx(ctx, func(tx *models.DB) error {
		ok, err := models.StartTOTP(ctx, tx, a.User.ID, key.Secret(), s.now())
		if err != nil {
			return fmt.Errorf("store two-step secret: %w", err)
		}
		if !ok {
			return Conflict("error.totp.already_on")
		}
		return s.audit(ctx, tx, a, "auth.totp_enrolment_started", "user", a.User.ID, "")
	})
	if err != nil {
		return nil, err
	}
	return &TOTPEnrolment{Secret: key.Secret(), URI: key.URL()}, nil
}

// TOTPEnrolmentOf is the actor's unconfirmed enrolment, to show its QR
// code again, or nil.
func (s *Service) TOTPEnrolmentOf(a Actor) *TOTPEnrolment {
	u := a.User
	if u == nil || u.TOTPEnabled() || u.TOTPSecret == "" {
		return nil
	}
	key, err := totp.Generate(totp.GenerateOpts{
		Issuer: s.msgs.Localizer("en").T("portal.name"), AccountName: u.Email,
		Period: totpPeriod, Digits: totpDigits, Algorithm: otp.AlgorithmSHA1, Secret: decodeSecret(u.TOTPSecret),
	})
	if err != nil {
		return nil
	}
	return &TOTPEnrolment{Secret: u.TOTPSecret, URI: key.URL()}
}

// ConfirmTOTP turns two-step sign-in on once a code from the new secret
// matches, and returns ten recovery codes, shown once.
func (s *Service) ConfirmTOTP(ctx context.Context, a Actor, code string) ([]string, error) {
	u := a.User
	if u == nil {
		return nil, ErrUnauthenticated
	}
	if u.TOTPEnabled() {
		return nil, Conflict("error.totp.already_on")
	}
	if u.TOTPSecret == "" {
		return nil, Conflict("error.totp.not_started")
	}
	if err := s.checkFailureLimits(ctx, u.Email, a.IP); err != nil {
		return nil, err
	}
	step, ok := s.matchTOTP(u, code)
	if !ok {
		s.codeFailed(ctx, a, u, "confirm")
		return nil, Invalid("code", "error.totp.code_wrong")
	}
	codes, hashes := newRecoveryCodes()
	err := s.tx(ctx, func(tx *models.DB) error {
		ok, err := models.EnableTOTP(ctx, tx, u.ID, step, s.now())
		if err != nil {
			return fmt.Errorf("turn two-step sign-in on: %w", err)
		}
		if !ok {
			return Conflict("error.totp.already_on")
		}
		if err := models.ReplaceRecoveryCodes(ctx, tx, u.ID, hashes, s.now()); err != nil {
			return fmt.Errorf("store recovery codes: %w", err)
		}
		if err := s.audit(ctx, tx, a, "auth.totp_enabled", "user", u.ID, ""); err != nil {
			return err
		}
		return s.queueEmail(ctx, tx, u, "email.totp_enabled", nil)
	})
	if err != nil {
		return nil, err
	}
	return codes, nil
}

// DisableTOTP turns the actor's two-step sign-in off, given a current code
// or a recovery code.
func (s *Service) DisableTOTP(ctx context.Context, a Actor, code string) error {
	u, err := s.requireOwnCode(ctx, a, code, "disable")
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *models.DB) error {
		// Nothing to clear would mean another request turned it off since
		// requireOwnCode: the outcome asked for holds either way.
		if _, err := models.ClearTOTP(ctx, tx, u.ID, s.now()); err != nil {
			return fmt.Errorf("turn two-step sign-in off: %w", err)
		}
		if err := s.audit(ctx, tx, a, "auth.totp_disabled", "user", u.ID, ""); err != nil {
			return err
		}
		return s.queueEmail(ctx, tx, u, "email.totp_disabled", nil)
	})
}

// RenewRecoveryCodes replaces the actor's recovery codes with ten new
// ones, given a current code or a recovery code.
func (s *Service) RenewRecoveryCodes(ctx context.Context, a Actor, code string) ([]string, error) {
	u, err := s.requireOwnCode(ctx, a, code, "recovery_codes")
	if err != nil {
		return nil, err
	}
	codes, hashes := newRecoveryCodes()
	err = s.tx(ctx, func(tx *models.DB) error {
		if err := models.ReplaceRecoveryCodes(ctx, tx, u.ID, hashes, s.now()); err != nil {
			return fmt.Errorf("store recovery codes: %w", err)
		}
		if err := s.audit(ctx, tx, a, "auth.totp_recovery_codes_renewed", "user", u.ID, ""); err != nil {
			return err
		}
		return s.queueEmail(ctx, tx, u, "email.totp_recovery_codes", nil)
	})
	return codes, err
}

// RecoveryCodesLeft counts the actor's unused recovery codes.
func (s *Service) RecoveryCodesLeft(ctx context.Context, a Actor) (int64, error) {
	if a.User == nil {
		return 0, ErrUnauthenticated
	}
	n, err := models.RecoveryCodesLeft(ctx, s.db, a.User.ID)
	if err != nil {
		return 0, fmt.Errorf("count recovery codes: %w", err)
	}
	return n, nil
}

// ResetTOTP turns off another user's two-step sign-in (the secretariat,
// when someone lost their phone and their recovery codes). The user is
// told by email; if their role requires it, they set it up again at their
// next sign-in. Nobody resets their own: that takes a code (DisableTOTP).
func (s *Service) ResetTOTP(ctx context.Context, a Actor, userID string) error {
	if !a.Is(models.RoleSecretariat) {
		return ErrForbidden
	}
	if a.User.ID == userID {
		return Conflict("error.totp.reset_self")
	}
	u, err := s.userByID(ctx, userID)
	if err != nil {
		return err
	}
	return s.resetTOTP(ctx, a, u)
}

// ResetTOTPByEmail is ResetTOTP for the command line (`portal
// reset-totp`), which runs as the operator of the machine.
func (s *Service) ResetTOTPByEmail(ctx context.Context, a Actor, email string) error {
	u, err := models.UserByEmail(ctx, s.db, NormalizeEmail(email))
	if err != nil {
		return fmt.Errorf("load account %s: %w", email, err)
	}
	return s.resetTOTP(ctx, a, u)
}

func (s *Service) resetTOTP(ctx context.Context, a Actor, u *models.User) error {
	return s.tx(ctx, func(tx *models.DB) error {
		ok, err := models.ClearTOTP(ctx, tx, u.ID, s.now())
		if err != nil {
			return fmt.Errorf("reset two-step sign-in of %s: %w", u.ID, err)
		}
		if !ok {
			return Conflict("error.totp.not_on")
		}
		if err := s.audit(ctx, tx, a, "user.totp_reset", "user", u.ID, u.Email); err != nil {
			return err
		}
		return s.queueEmail(ctx, tx, u, "email.totp_reset", nil)
	})
}

// requireOwnCode checks that the actor has two-step sign-in on and that
// code is one of theirs (spending it), for changes to it.
func (s *Service) requireOwnCode(ctx context.Context, a Actor, code, purpose string) (*models.User, error) {
	u := a.User
	if u == nil {
		return nil, ErrUnauthenticated
	}
	if !u.TOTPEnabled() {
		return nil, Conflict("error.totp.not_on")
	}
	if err := s.checkFailureLimits(ctx, u.Email, a.IP); err != nil {
		return nil, err
	}
	ok, err := s.spendCode(ctx, u, code)
	if err != nil {
		return nil, err
	}
	if !ok {
		s.codeFailed(ctx, a, u, purpose)
		return nil, Invalid("code", "error.totp.code_wrong")
	}
	return u, nil
}

// spendCode accepts a current authenticator code or an unused recovery
// code of u, once.
func (s *Service) spendCode(ctx context.Context, u *models.User, code string) (bool, error) {
	code = strings.TrimSpace(code)
	if isTOTPCode(code) {
		step, ok := s.matchTOTP(u, code)
		if !ok {
			return false, nil
		}
		var fresh bool
		err := s.tx(ctx, func(tx *models.DB) (err error) {
			fresh, err = models.UseTOTPStep(ctx, tx, u.ID, step)
			return err
		})
		if err != nil {
			return false, fmt.Errorf("spend two-step code: %w", err)
		}
		return fresh, nil
	}
	hash := hashSecret(normaliseRecoveryCode(code))
	var used bool
	err := s.tx(ctx, func(tx *models.DB) (err error) {
		used, err = models.UseRecoveryCode(ctx, tx, u.ID, hash, s.now())
		return err
	})
	if err != nil {
		return false, fmt.Errorf("spend recovery code: %w", err)
	}
	return used, nil
}

// codeFailed counts a wrong code like a wrong password (so codes share
// the sign-in limits) and audits it.
func (s *Service) codeFailed(ctx context.Context, a Actor, u *models.User, purpose string) {
	s.recordFailure(ctx, u.Email, a.IP)
	s.Audit(ctx, Actor{User: u, IP: a.IP, RequestID: a.RequestID}, "auth.totp_failed", "user", u.ID, purpose)
}

// matchTOTP finds the time step, not used before, whose code is code.
func (s *Service) matchTOTP(u *models.User, code string) (int64, bool) {
	code = strings.TrimSpace(code)
	if !isTOTPCode(code) || u.TOTPSecret == "" {
		return 0, false
	}
	now := s.now().Unix() / totpPeriod
	opts := hotp.ValidateOpts{Digits: totpDigits, Algorithm: otp.AlgorithmSHA1}
	for step := now - totpSkew; step <= now+totpSkew; step++ {
		if step <= u.TOTPLastStep {
			continue
		}
		want, err := hotp.GenerateCodeCustom(u.TOTPSecret, uint64(step), opts)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return step, true
		}
	}
	return 0, false
}

// TOTPCode is the code an authenticator app shows for secret at t; tests
// and the load tool use it.
func TOTPCode(secret string, t time.Time) string {
	// It fails only for a secret that is not base32; the empty code it
	// then returns matches nothing.
	code, _ := totp.GenerateCodeCustom(secret, t, totp.ValidateOpts{Period: totpPeriod, Digits: totpDigits, Algorithm: otp.AlgorithmSHA1})
	return code
}

func isTOTPCode(code string) bool {
	if len(code) != totpDigits.Length() {
		return false
	}
	for _, r := range code {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// newRecoveryCodes makes ten codes to show once, written xxxx-xxxx-xxxx-xxxx,
// and the hashes to keep.
func newRecoveryCodes() (codes, hashes []string) {
	for range recoveryCodes {
		plain := randomString(recoveryAlphabet, recoveryCodeLen)
		codes = append(codes, plain[0:4]+"-"+plain[4:8]+"-"+plain[8:12]+"-"+plain[12:16])
		hashes = append(hashes, hashSecret(plain))
	}
	return codes, hashes
}

// randomString draws n characters of alphabet uniformly (bytes that would
// bias the draw are skipped).
func randomString(alphabet string, n int) string {
	limit := 256 - 256%len(alphabet)
	out := make([]byte, 0, n)
	b := make([]byte, 1)
	for len(out) < n {
		if _, err := rand.Read(b); err != nil {
			panic("crypto/rand failed: " + err.Error())
		}
		if int(b[0]) < limit {
			out = append(out, alphabet[int(b[0])%len(alphabet)])
		}
	}
	return string(out)
}

// normaliseRecoveryCode reads a recovery code as typed: any case, with or
// without dashes and spaces.
func normaliseRecoveryCode(code string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r == ' ' {
			return -1
		}
		return r
	}, strings.ToLower(strings.TrimSpace(code)))
}

// decodeSecret turns a stored base32 secret back into bytes.
func decodeSecret(secret string) []byte {
	b, err := otpBase32.DecodeString(strings.ToUpper(secret))
	if err != nil {
		return nil
	}
	return b
}
