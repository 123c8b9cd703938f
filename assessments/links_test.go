package assessments_test

import (
	"context"
	"errors"
	"regexp"
	"testing"
	"time"

	"hotlineportal/assessments"
	"hotlineportal/assessments/domaintest"
	"hotlineportal/models"
)

var peopleLinkToken = regexp.MustCompile(`/password/set/([A-Za-z0-9_-]+)`)

// peopleLastLink is the token of the newest one-time link emailed to an
// address, or "".
func peopleLastLink(t *testing.T, env *domaintest.Env, to string) string {
	t.Helper()
	msgs := env.Outbox(to)
	for i := len(msgs) - 1; i >= 0; i-- {
		if m := peopleLinkToken.FindStringSubmatch(msgs[i].Body); m != nil {
			return m[1]
		}
	}
	return ""
}

// peopleInvite creates an account and returns it with its invitation's
// token.
func peopleInvite(t *testing.T, env *domaintest.Env, email string) (*models.User, string) {
	t.Helper()
	u, err := env.Svc.CreateUser(context.Background(), env.Actor(domaintest.Secretariat),
		assessments.UserInput{Email: email, Name: "Invited Person", Role: "reviewer", Country: "IE"})
	if err != nil {
		t.Fatal(err)
	}
	token := peopleLastLink(t, env, email)
	if token == "" {
		t.Fatal("no link in the invitation")
	}
	return u, token
}

const peopleNewPassword = "a long new passphrase for tests"

func TestUseLink(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := domaintest.New(t, nil)
	u, token := peopleInvite(t, env, "invited@test.example")
	got, purpose, err := env.Svc.CheckLink(ctx, token)
	if err != nil || got.ID != u.ID || purpose != models.LinkInvitation {
		t.Fatalf("check invitation: %v, %q, %v", got, purpose, err)
	}
	steps := []struct {
		name, token, password, confirm string
		wantErr                        error
		wantField                      string
	}{
		{"unknown token", "x" + token, peopleNewPassword, peopleNewPassword, assessments.ErrNotFound, ""},
		{"confirmation differs", token, peopleNewPassword, peopleNewPassword + "!", nil, "password_confirm=error.password.mismatch"},
		{"too short", token, "short", "short", nil, "password=error.password.too_short"},
		{"common password", token, "password1234", "password1234", nil, "password=error.password.common"},
		{"sets the password", token, peopleNewPassword, peopleNewPassword, nil, ""},
		{"the same link twice", token, peopleNewPassword, peopleNewPassword, assessments.ErrNotFound, ""},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			got, err := env.Svc.UseLink(ctx, assessments.Actor{IP: "test"}, st.token, st.password, st.confirm)
			if st.wantField != "" {
				var verr *assessments.ValidationError
				if !errors.As(err, &verr) {
					t.Fatalf("err = %v, want %s", err, st.wantField)
				}
				for f, m := range verr.Fields {
					if f+"="+m.Key != st.wantField {
						t.Errorf("field %s=%s, want %s", f, m.Key, st.wantField)
					}
				}
				return
			}
			if !errors.Is(err, st.wantErr) || (err == nil) != (st.wantErr == nil) {
				t.Fatalf("err = %v, want %v", err, st.wantErr)
			}
			if err == nil && (!got.HasPassword() || got.SessionEpoch != u.SessionEpoch+1) {
				t.Errorf("after: password %v, epoch %d", got.HasPassword(), got.SessionEpoch)
			}
		})
	}
	if _, _, err := env.Svc.CheckLink(ctx, token); !errors.Is(err, assessments.ErrNotFound) {
		t.Errorf("a used link still checks: %v", err)
	}
	if _, err := peopleSignIn(env, "invited@test.example", peopleNewPassword, "test"); err != nil {
		t.Errorf("sign in with the new password: %v", err)
	}
}

func TestLinkExpiry(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cases := []struct {
		name    string
		email   string
		reset   bool
		advance time.Duration
		usable  bool
	}{
		{"invitation, a day before it ends", "invited.1@test.example", false, 6 * 24 * time.Hour, true},
		{"invitation, at its end", "invited.2@test.example", false, 7 * 24 * time.Hour, false},
		{"reset, a minute before it ends", "manager.a@test.example", true, 59 * time.Minute, true},
		{"reset, at its end", "manager.b@test.example", true, time.Hour, false},
		{"reset, a day later", "reviewer.1@test.example", true, 24 * time.Hour, false},
	}
	env := domaintest.New(t, nil)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			token := ""
			if tc.reset {
				if err := env.Svc.RequestPasswordReset(ctx, assessments.Actor{IP: "test"}, tc.email); err != nil {
					t.Fatal(err)
				}
				token = peopleLastLink(t, env, tc.email)
			} else {
				_, token = peopleInvite(t, env, tc.email)
			}
			env.Clock.Advance(tc.advance)
			_, purpose, err := env.Svc.CheckLink(ctx, token)
			if usable := err == nil; usable != tc.usable {
				t.Fatalf("usable %v (%v), want %v", usable, err, tc.usable)
			}
			if err != nil && !errors.Is(err, assessments.ErrNotFound) {
				t.Errorf("err = %v, want not found", err)
			}
			if want := map[bool]string{true: models.LinkReset, false: models.LinkInvitation}[tc.reset]; err == nil && purpose != want {
				t.Errorf("purpose %q, want %q", purpose, want)
			}
			_, err = env.Svc.UseLink(ctx, assessments.Actor{IP: "test"}, token, peopleNewPassword, peopleNewPassword)
			if (err == nil) != tc.usable {
				t.Errorf("use: %v", err)
			}
		})
	}
}

func TestRequestPasswordReset(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cases := []struct {
		name      string
		email     string
		requests  int
		wantMails int
		wantAudit string
		wantField string
	}{
		{"an account", "manager.a@test.example", 1, 1, "auth.reset_requested", ""},
		{"address in capitals", " MANAGER.B@test.example", 1, 1, "auth.reset_requested", ""},
		{"unknown address: no email, no sign of it", "nobody@test.example", 1, 0, "auth.reset_unknown", ""},
		{"disabled account: no email", "reviewer.2@test.example", 1, 0, "auth.reset_unknown", ""},
		{"three an hour at most", "reviewer.1@test.example", 5, 3, "auth.reset_throttled", ""},
		{"not an address", "manager.a", 1, 0, "", "email=error.email"},
	}
	env := domaintest.New(t, nil)
	if err := env.Svc.SetUserDisabled(ctx, env.Actor(domaintest.Secretariat), env.Users[domaintest.Reviewer2].ID, true); err != nil {
		t.Fatal(err)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			audited := env.AuditCount(tc.wantAudit)
			var err error
			for range tc.requests {
				if err = env.Svc.RequestPasswordReset(ctx, assessments.Actor{IP: "test"}, tc.email); err != nil {
					break
				}
			}
			if tc.wantField != "" {
				if peopleFieldKey(err, "email") != "error.email" {
					t.Errorf("err = %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := len(env.Outbox(assessments.NormalizeEmail(tc.email))); got != tc.wantMails {
				t.Errorf("%d emails, want %d", got, tc.wantMails)
			}
			if env.AuditCount(tc.wantAudit) <= audited {
				t.Errorf("%s not audited", tc.wantAudit)
			}
		})
	}
	t.Run("a newer link replaces the older", func(t *testing.T) {
		email := "manager.a@test.example"
		first := peopleLastLink(t, env, email)
		if err := env.Svc.RequestPasswordReset(ctx, assessments.Actor{IP: "test"}, email); err != nil {
			t.Fatal(err)
		}
		second := peopleLastLink(t, env, email)
		if _, _, err := env.Svc.CheckLink(ctx, first); !errors.Is(err, assessments.ErrNotFound) {
			t.Errorf("older link: %v", err)
		}
		if _, _, err := env.Svc.CheckLink(ctx, second); err != nil {
			t.Errorf("newer link: %v", err)
		}
	})
	t.Run("the hour passes", func(t *testing.T) {
		email := "reviewer.1@test.example" // three sent above
		env.Clock.Advance(time.Hour + time.Second)
		if err := env.Svc.RequestPasswordReset(ctx, assessments.Actor{IP: "test"}, email); err != nil {
			t.Fatal(err)
		}
		if got := len(env.Outbox(email)); got != 4 {
			t.Errorf("%d emails, want 4", got)
		}
	})
}

func TestLinkEndsSessionsAndTokens(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := domaintest.New(t, nil)
	u := env.Users[domaintest.ManagerA]
	apiToken, _, err := env.Svc.IssueToken(ctx, assessments.Actor{IP: "test"}, assessments.Credentials{Email: u.Email, Password: domaintest.Password})
	if err != nil {
		t.Fatal(err)
	}
	if err := env.Svc.RequestPasswordReset(ctx, assessments.Actor{IP: "test"}, u.Email); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Svc.UseLink(ctx, assessments.Actor{IP: "test"}, peopleLastLink(t, env, u.Email), peopleNewPassword, peopleNewPassword); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Svc.SessionUser(ctx, u.ID, u.SessionEpoch); !errors.Is(err, assessments.ErrUnauthenticated) {
		t.Errorf("old session: %v", err)
	}
	if _, err := env.Svc.TokenUser(ctx, apiToken); !errors.Is(err, assessments.ErrUnauthenticated) {
		t.Errorf("old API token: %v", err)
	}
	if env.AuditCount("auth.password_set") != 1 {
		t.Error("not audited")
	}
}

func TestLinkOfDisabledAccount(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := domaintest.New(t, nil)
	u, token := peopleInvite(t, env, "invited@test.example")
	if err := env.Svc.SetUserDisabled(ctx, env.Actor(domaintest.Secretariat), u.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, _, err := env.Svc.CheckLink(ctx, token); !errors.Is(err, assessments.ErrNotFound) {
		t.Errorf("check: %v", err)
	}
	if _, err := env.Svc.UseLink(ctx, assessments.Actor{IP: "test"}, token, peopleNewPassword, peopleNewPassword); !errors.Is(err, assessments.ErrNotFound) {
		t.Errorf("use: %v", err)
	}
}

func TestResendInvitationPurpose(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := domaintest.New(t, nil)
	sec := env.Actor(domaintest.Secretariat)
	invited, _ := peopleInvite(t, env, "invited@test.example")
	cases := []struct {
		name string
		user *models.User
		want string
	}{
		{"no password yet: a new invitation", invited, models.LinkInvitation},
		{"a password already: a reset", env.Users[domaintest.ManagerB], models.LinkReset},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := env.Svc.ResendInvitation(ctx, sec, tc.user.ID); err != nil {
				t.Fatal(err)
			}
			_, purpose, err := env.Svc.CheckLink(ctx, peopleLastLink(t, env, tc.user.Email))
			if err != nil || purpose != tc.want {
				t.Errorf("purpose %q, %v; want %q", purpose, err, tc.want)
			}
		})
	}
}
