package assessments

import (
	"testing"
	"time"

	"hotlineportal/models"
)

func TestSignInRefusal(t *testing.T) {
	withPassword := &models.User{PasswordHash: "$argon2id$..."}
	disabled := &models.User{PasswordHash: "$argon2id$...", Disabled: true}
	invited := &models.User{}
	cases := []struct {
		name       string
		user       *models.User
		passwordOK bool
		want       string
	}{
		{"right password", withPassword, true, ""},
		{"wrong password", withPassword, false, "wrong password"},
		{"unknown account", nil, false, "unknown account"},
		{"unknown account, the dummy hash matched", nil, true, "unknown account"},
		{"disabled, right password", disabled, true, "account disabled"},
		{"disabled, wrong password", disabled, false, "account disabled"},
		{"invited, no password yet", invited, true, "wrong password"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := signInRefusal(tc.user, tc.passwordOK); got != tc.want {
				t.Errorf("signInRefusal = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestOverLimit(t *testing.T) {
	cases := []struct {
		name  string
		count int64
		max   int
		want  bool
	}{
		{"under the limit", 4, 5, false},
		{"at the limit", 5, 5, true},
		{"over the limit", 9, 5, true},
		{"no failures", 0, 5, false},
		{"no limit set", 1000, 0, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := overLimit(tc.count, tc.max); got != tc.want {
				t.Errorf("overLimit(%d, %d) = %v, want %v", tc.count, tc.max, got, tc.want)
			}
		})
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	window := 15 * time.Minute
	cases := []struct {
		name   string
		oldest time.Time
		want   time.Duration
	}{
		{"oldest failure just made", now, window},
		{"oldest failure ten minutes old", now.Add(-10 * time.Minute), 5 * time.Minute},
		{"leaves the window in half a second", now.Add(-window + 500*time.Millisecond), time.Second},
		{"already out of the window", now.Add(-window - time.Minute), time.Second},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := retryAfter(tc.oldest, window, now); got != tc.want {
				t.Errorf("retryAfter = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestFailureBuckets(t *testing.T) {
	if got := accountBucket("a@b.example"); got != "account:a@b.example" {
		t.Errorf("accountBucket = %q", got)
	}
	if got := addressBucket("192.0.2.1"); got != "ip:192.0.2.1" {
		t.Errorf("addressBucket = %q", got)
	}
}

func TestTwoStepCodeShapes(t *testing.T) {
	cases := []struct {
		name, code string
		totp       bool
		recovery   string
	}{
		{"six digits", "123456", true, "123456"},
		{"five digits", "12345", false, "12345"},
		{"seven digits", "1234567", false, "1234567"},
		{"letters", "12a456", false, "12a456"},
		{"recovery code as shown", "abcd-efgh-jkmn-pqrs", false, "abcdefghjkmnpqrs"},
		{"recovery code typed in capitals with spaces", " ABCD EFGH-JKMN PQRS ", false, "abcdefghjkmnpqrs"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := isTOTPCode(tc.code); got != tc.totp {
				t.Errorf("isTOTPCode(%q) = %v, want %v", tc.code, got, tc.totp)
			}
			if got := normaliseRecoveryCode(tc.code); got != tc.recovery {
				t.Errorf("normaliseRecoveryCode(%q) = %q, want %q", tc.code, got, tc.recovery)
			}
		})
	}
}

func TestRecoveryCodesAreDistinctAndHashed(t *testing.T) {
	codes, hashes := newRecoveryCodes()
	if len(codes) != recoveryCodes || len(hashes) != recoveryCodes {
		t.Fatalf("%d codes, %d hashes", len(codes), len(hashes))
	}
	seen := map[string]bool{}
	for i, c := range codes {
		if len(c) != recoveryCodeLen+3 || seen[c] {
			t.Errorf("code %q: malformed or repeated", c)
		}
		seen[c] = true
		if hashes[i] != hashSecret(normaliseRecoveryCode(c)) {
			t.Errorf("code %d: hash is not of the code as typed back", i)
		}
	}
}
