package assessments_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"hotlineportal/assessments"
	"hotlineportal/assessments/domaintest"
	"hotlineportal/models"
)

// peopleSignIn signs a fixture user in from an address.
func peopleSignIn(env *domaintest.Env, email, password, ip string) (*models.User, error) {
	return env.Svc.SignIn(context.Background(), assessments.Actor{IP: ip}, assessments.Credentials{Email: email, Password: password})
}

func TestSignIn(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	ctx := context.Background()
	sec := env.Actor(domaintest.Secretariat)
	if err := env.Svc.SetUserDisabled(ctx, sec, env.Users[domaintest.Reviewer2].ID, true); err != nil {
		t.Fatal(err)
	}
	invited, err := env.Svc.CreateUser(ctx, sec, assessments.UserInput{Email: "invited@test.example", Name: "Invited", Role: "secretariat"})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, email, password string
		wantErr               error
		wantAudit             string
	}{
		{"right password", "manager.a@test.example", domaintest.Password, nil, "auth.sign_in"},
		{"address in capitals, with spaces", "  Manager.A@TEST.example ", domaintest.Password, nil, "auth.sign_in"},
		{"wrong password", "manager.a@test.example", "not the password at all", assessments.ErrUnauthenticated, "auth.failed"},
		{"empty password", "manager.a@test.example", "", assessments.ErrUnauthenticated, "auth.failed"},
		{"unknown account", "nobody@test.example", domaintest.Password, assessments.ErrUnauthenticated, "auth.failed"},
		{"disabled account, right password", "reviewer.2@test.example", domaintest.Password, assessments.ErrUnauthenticated, "auth.failed"},
		{"invited account, no password yet", invited.Email, "", assessments.ErrUnauthenticated, "auth.failed"},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := env.AuditCount(tc.wantAudit)
			u, err := peopleSignIn(env, tc.email, tc.password, fmt.Sprintf("192.0.2.%d", i+1))
			if !errors.Is(err, tc.wantErr) || (err == nil) != (tc.wantErr == nil) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if tc.wantErr == nil && (u == nil || u.ID != env.Users[domaintest.ManagerA].ID || u.LastLoginAt == nil) {
				t.Errorf("signed in as %+v", u)
			}
			if tc.wantErr != nil && u != nil {
				t.Errorf("a refused sign-in returned %s", u.Email)
			}
			if got := env.AuditCount(tc.wantAudit); got != before+1 {
				t.Errorf("%s audited %d times, want once", tc.wantAudit, got-before)
			}
		})
	}
}

func TestSignInLimits(t *testing.T) {
	t.Parallel()
	wrong := "not the password at all"
	t.Run("account limit, then the window frees it", func(t *testing.T) {
		env := domaintest.New(t, nil)
		for i := range 5 {
			if _, err := peopleSignIn(env, "manager.a@test.example", wrong, "192.0.2.1"); !errors.Is(err, assessments.ErrUnauthenticated) {
				t.Fatalf("attempt %d: %v", i+1, err)
			}
		}
		_, err := peopleSignIn(env, "manager.a@test.example", domaintest.Password, "192.0.2.2")
		var limited *assessments.RateLimitedError
		if !errors.As(err, &limited) {
			t.Fatalf("sixth attempt: %v, want rate limited even with the right password", err)
		}
		if limited.RetryAfter <= 0 || limited.RetryAfter > 15*time.Minute {
			t.Errorf("retry after %s", limited.RetryAfter)
		}
		if env.AuditCount("auth.rate_limited") != 1 {
			t.Error("the refusal is not audited")
		}
		if _, err := peopleSignIn(env, "manager.b@test.example", domaintest.Password, "192.0.2.2"); err != nil {
			t.Errorf("another account from the same address: %v", err)
		}
		env.Clock.Advance(15*time.Minute + time.Second)
		if _, err := peopleSignIn(env, "manager.a@test.example", domaintest.Password, "192.0.2.1"); err != nil {
			t.Errorf("after the window: %v", err)
		}
	})
	t.Run("a sign-in clears the account's failures", func(t *testing.T) {
		env := domaintest.New(t, nil)
		for round := range 2 {
			for range 4 {
				if _, err := peopleSignIn(env, "manager.a@test.example", wrong, "192.0.2.1"); !errors.Is(err, assessments.ErrUnauthenticated) {
					t.Fatalf("round %d: %v", round, err)
				}
			}
			if _, err := peopleSignIn(env, "manager.a@test.example", domaintest.Password, "192.0.2.1"); err != nil {
				t.Fatalf("round %d, right password after 4 failures: %v", round, err)
			}
		}
	})
	t.Run("address limit", func(t *testing.T) {
		env := domaintest.New(t, nil) // 12 failures per address
		emails := []string{"manager.a@test.example", "manager.b@test.example", "reviewer.1@test.example"}
		for i := range 12 {
			if _, err := peopleSignIn(env, emails[i%3], wrong, "198.51.100.7"); !errors.Is(err, assessments.ErrUnauthenticated) {
				t.Fatalf("attempt %d: %v", i+1, err)
			}
		}
		var limited *assessments.RateLimitedError
		if _, err := peopleSignIn(env, "secretariat@test.example", domaintest.Password, "198.51.100.7"); !errors.As(err, &limited) {
			t.Errorf("an untouched account from that address: %v, want rate limited", err)
		}
		if _, err := peopleSignIn(env, "secretariat@test.example", domaintest.Password, "198.51.100.8"); err != nil {
			t.Errorf("from another address: %v", err)
		}
	})
	t.Run("refused before any password is hashed", func(t *testing.T) {
		env := domaintest.New(t, nil, func(o *assessments.Options) { o.HashSlots, o.HashWait = 1, 20*time.Millisecond })
		for range 5 {
			if _, err := peopleSignIn(env, "manager.a@test.example", wrong, "192.0.2.1"); !errors.Is(err, assessments.ErrUnauthenticated) {
				t.Fatal(err)
			}
		}
		release := env.Svc.HoldHashSlotForTest()
		defer release()
		var limited *assessments.RateLimitedError
		if _, err := peopleSignIn(env, "manager.a@test.example", domaintest.Password, "192.0.2.1"); !errors.As(err, &limited) {
			t.Errorf("limited account while no hash can run: %v, want rate limited", err)
		}
		var busy *assessments.BusyError
		if _, err := peopleSignIn(env, "manager.b@test.example", domaintest.Password, "192.0.2.2"); !errors.As(err, &busy) {
			t.Errorf("another account while no hash can run: %v, want busy", err)
		}
	})
	t.Run("old failures are forgotten", func(t *testing.T) {
		env := domaintest.New(t, nil)
		ctx := context.Background()
		for range 3 {
			peopleSignIn(env, "manager.a@test.example", wrong, "192.0.2.1")
		}
		count := func() int64 {
			n, err := models.CountLoginFailures(ctx, env.DB, "account:manager.a@test.example", time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		if err := env.Svc.DeleteOldFailures(ctx); err != nil || count() != 3 {
			t.Fatalf("within the window: %d left, %v", count(), err)
		}
		env.Clock.Advance(15*time.Minute + time.Second)
		if err := env.Svc.DeleteOldFailures(ctx); err != nil || count() != 0 {
			t.Errorf("after the window: %d left, %v", count(), err)
		}
	})
}

// peopleEnrolTOTP turns two-step sign-in on for a fixture user and returns the
// secret and the recovery codes.
func peopleEnrolTOTP(t *testing.T, env *domaintest.Env, key string) (string, []string) {
	t.Helper()
	ctx := context.Background()
	a := env.Actor(key)
	enrol, err := env.Svc.StartTOTP(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	u, err := env.Svc.GetUser(ctx, a, a.User.ID)
	if err != nil {
		t.Fatal(err)
	}
	codes, err := env.Svc.ConfirmTOTP(ctx, assessments.Actor{User: u, IP: "test"}, assessments.TOTPCode(enrol.Secret, env.Clock.Now()))
	if err != nil {
		t.Fatal(err)
	}
	return enrol.Secret, codes
}

func TestTwoStepSignIn(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	secret, recovery := peopleEnrolTOTP(t, env, domaintest.Reviewer1)
	env.Clock.Advance(30 * time.Second) // the enrolment spent the current step's code
	current := assessments.TOTPCode(secret, env.Clock.Now())
	steps := []struct {
		name, otp string
		want      error
	}{
		{"password only asks for the code", "", assessments.ErrOTPRequired},
		{"wrong recovery code", "aaaa-bbbb-cccc-dddd", assessments.ErrUnauthenticated},
		{"authenticator code", current, nil},
		{"the same code again (replay)", current, assessments.ErrUnauthenticated},
		{"recovery code", recovery[0], nil},
		{"the same recovery code again", recovery[0], assessments.ErrUnauthenticated},
		{"another recovery code, typed in capitals", " " + strings.ToUpper(recovery[1]) + " ", nil},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			u, err := env.Svc.SignIn(context.Background(), assessments.Actor{IP: "192.0.2.9"},
				assessments.Credentials{Email: "reviewer.1@test.example", Password: domaintest.Password, OTP: st.otp})
			if !errors.Is(err, st.want) || (err == nil) != (st.want == nil) {
				t.Fatalf("err = %v, want %v", err, st.want)
			}
			if st.want == nil && u.ID != env.Users[domaintest.Reviewer1].ID {
				t.Errorf("signed in as %s", u.Email)
			}
		})
	}
	if env.AuditCount("auth.totp_failed") != 3 {
		t.Errorf("%d failed codes audited, want 3", env.AuditCount("auth.totp_failed"))
	}
	t.Run("code step for an account without two-step sign-in", func(t *testing.T) {
		_, err := env.Svc.SignInWithCode(context.Background(), assessments.Actor{IP: "192.0.2.9"}, env.Users[domaintest.ManagerA].ID, current)
		if !errors.Is(err, assessments.ErrUnauthenticated) {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("code step for an unknown account", func(t *testing.T) {
		_, err := env.Svc.SignInWithCode(context.Background(), assessments.Actor{IP: "192.0.2.9"}, "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", current)
		if !errors.Is(err, assessments.ErrUnauthenticated) {
			t.Errorf("err = %v", err)
		}
	})
}

func TestTwoStepCodesShareTheSignInLimits(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	secret, _ := peopleEnrolTOTP(t, env, domaintest.Reviewer1)
	id := env.Users[domaintest.Reviewer1].ID
	ctx := context.Background()
	for i := range 5 {
		if _, err := env.Svc.SignInWithCode(ctx, assessments.Actor{IP: "192.0.2.1"}, id, "zzzz-zzzz-zzzz-zzzz"); !errors.Is(err, assessments.ErrUnauthenticated) {
			t.Fatalf("wrong code %d: %v", i+1, err)
		}
	}
	env.Clock.Advance(30 * time.Second)
	var limited *assessments.RateLimitedError
	if _, err := env.Svc.SignInWithCode(ctx, assessments.Actor{IP: "192.0.2.2"}, id, assessments.TOTPCode(secret, env.Clock.Now())); !errors.As(err, &limited) {
		t.Errorf("right code after five wrong ones: %v, want rate limited", err)
	}
	if _, err := peopleSignIn(env, "reviewer.1@test.example", domaintest.Password, "192.0.2.3"); !errors.As(err, &limited) {
		t.Errorf("password after five wrong codes: %v, want rate limited", err)
	}
}

func TestAPITokens(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := domaintest.New(t, nil)
	mgr := env.Users[domaintest.ManagerA]
	sec := env.Actor(domaintest.Secretariat)
	creds := assessments.Credentials{Email: mgr.Email, Password: domaintest.Password}
	cases := []struct { // in order: the last moves the clock
		name  string
		after func(token string) string
		want  error
	}{
		{"fresh token", func(token string) string { return token }, nil},
		{"revoked", func(token string) string {
			if err := env.Svc.RevokeToken(ctx, token); err != nil {
				t.Fatal(err)
			}
			return token
		}, assessments.ErrUnauthenticated},
		{"account disabled", func(token string) string {
			if err := env.Svc.SetUserDisabled(ctx, sec, mgr.ID, true); err != nil {
				t.Fatal(err)
			}
			return token
		}, assessments.ErrUnauthenticated},
		{"unknown token", func(token string) string { return "x" + token }, assessments.ErrUnauthenticated},
		{"expired", func(token string) string { env.Clock.Advance(24*time.Hour + time.Second); return token }, assessments.ErrUnauthenticated},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			token, expires, err := env.Svc.IssueToken(ctx, assessments.Actor{IP: "test"}, creds)
			if err != nil {
				t.Fatal(err)
			}
			defer func() {
				if err := env.Svc.SetUserDisabled(ctx, sec, mgr.ID, false); err != nil {
					t.Fatal(err)
				}
			}()
			if d := expires.Sub(env.Clock.Now()); d < 23*time.Hour || d > 24*time.Hour {
				t.Errorf("token lives %s", d)
			}
			u, err := env.Svc.TokenUser(ctx, tc.after(token))
			if !errors.Is(err, tc.want) || (err == nil) != (tc.want == nil) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if tc.want == nil && u.ID != mgr.ID {
				t.Errorf("token of %s", u.Email)
			}
		})
	}
	t.Run("wrong password gets no token", func(t *testing.T) {
		if _, _, err := env.Svc.IssueToken(ctx, assessments.Actor{IP: "test"}, assessments.Credentials{Email: creds.Email, Password: "wrong password here"}); !errors.Is(err, assessments.ErrUnauthenticated) {
			t.Errorf("err = %v", err)
		}
	})
}

func TestSessionUser(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	ctx := context.Background()
	mgr := env.Users[domaintest.ManagerA]
	if _, err := env.Svc.SessionUser(ctx, mgr.ID, mgr.SessionEpoch); err != nil {
		t.Fatalf("current session: %v", err)
	}
	cases := []struct {
		name  string
		id    string
		epoch int64
	}{
		{"an older epoch", mgr.ID, mgr.SessionEpoch - 1},
		{"unknown account", "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", 0},
		{"disabled account", env.Users[domaintest.Reviewer2].ID, env.Users[domaintest.Reviewer2].SessionEpoch + 1},
	}
	if err := env.Svc.SetUserDisabled(ctx, env.Actor(domaintest.Secretariat), env.Users[domaintest.Reviewer2].ID, true); err != nil {
		t.Fatal(err)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := env.Svc.SessionUser(ctx, tc.id, tc.epoch); !errors.Is(err, assessments.ErrUnauthenticated) {
				t.Errorf("err = %v", err)
			}
		})
	}
}
