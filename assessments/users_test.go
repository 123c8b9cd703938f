package assessments_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"hotlineportal/assessments"
	"hotlineportal/assessments/domaintest"
	"hotlineportal/models"
)

// peopleUnknownID is a well-formed ID that nothing has.
const peopleUnknownID = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"

func TestCreateUser(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	ctx := context.Background()
	reviewer := assessments.UserInput{Email: "new.reviewer@test.example", Name: "New Reviewer", Role: "reviewer", Country: "FR"}
	with := func(change func(*assessments.UserInput)) assessments.UserInput {
		in := reviewer
		change(&in)
		return in
	}
	cases := []struct {
		name      string
		actor     string
		in        assessments.UserInput
		wantErr   error
		wantField string // field=key of a ValidationError
	}{
		{"secretariat creates a reviewer", domaintest.Secretariat, reviewer, nil, ""},
		{"secretariat creates a manager", domaintest.Secretariat, assessments.UserInput{Email: "new.manager@test.example", Name: "New Manager", Role: "manager", HotlineID: env.HotlineB.ID}, nil, ""},
		{"a manager may not", domaintest.ManagerA, with(func(in *assessments.UserInput) { in.Email = "m@test.example" }), assessments.ErrForbidden, ""},
		{"a reviewer may not", domaintest.Reviewer1, with(func(in *assessments.UserInput) { in.Email = "r@test.example" }), assessments.ErrForbidden, ""},
		{"nobody signed in may not", "", with(func(in *assessments.UserInput) { in.Email = "a@test.example" }), assessments.ErrForbidden, ""},
		{"address taken", domaintest.Secretariat, with(func(in *assessments.UserInput) { in.Email = "manager.a@test.example" }), nil, "email=error.email_taken"},
		{"address taken, other case", domaintest.Secretariat, with(func(in *assessments.UserInput) { in.Email = " Manager.A@Test.Example" }), nil, "email=error.email_taken"},
		{"manager of an unknown hotline", domaintest.Secretariat, assessments.UserInput{Email: "m2@test.example", Name: "M", Role: "manager", HotlineID: peopleUnknownID}, nil, "hotline_id=error.hotline_unknown"},
		{"manager of a malformed hotline ID", domaintest.Secretariat, assessments.UserInput{Email: "m3@test.example", Name: "M", Role: "manager", HotlineID: "42"}, nil, "hotline_id=error.hotline_unknown"},
		{"manager without a hotline", domaintest.Secretariat, assessments.UserInput{Email: "m4@test.example", Name: "M", Role: "manager"}, nil, "hotline_id=error.manager_needs_hotline"},
		{"reviewer with a hotline", domaintest.Secretariat, with(func(in *assessments.UserInput) { in.Email = "r2@test.example"; in.HotlineID = env.HotlineA.ID }), nil, "hotline_id=error.hotline_only_managers"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := assessments.Actor{IP: "test"}
			if tc.actor != "" {
				a = env.Actor(tc.actor)
			}
			invitations := len(env.Outbox(tc.in.Email))
			u, err := env.Svc.CreateUser(ctx, a, tc.in)
			switch {
			case tc.wantField != "":
				field, key, _ := strings.Cut(tc.wantField, "=")
				if got := peopleFieldKey(err, field); got != key {
					t.Fatalf("err = %v, want %s on %s", err, key, field)
				}
			case !errors.Is(err, tc.wantErr) || (err == nil) != (tc.wantErr == nil):
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if err != nil {
				return
			}
			if u.HasPassword() || len(env.Outbox(tc.in.Email)) != invitations+1 {
				t.Error("a new account is invited to set its password")
			}
			if env.AuditCount("user.create") == 0 {
				t.Error("not audited")
			}
		})
	}
}

// A database failure while checking the hotline is an error, not the
// field error "hotline unknown".
func TestCreateUserDatabaseFailureIsNoFieldError(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	in := assessments.UserInput{Email: "m@test.example", Name: "M", Role: "manager", HotlineID: env.HotlineA.ID}
	_, err := env.Svc.CreateUser(ctx, env.Actor(domaintest.Secretariat), in)
	var verr *assessments.ValidationError
	if err == nil || errors.As(err, &verr) {
		t.Fatalf("err = %v, want the database's error", err)
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v does not wrap the cause", err)
	}
}

func TestUpdateUser(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cases := []struct {
		name      string
		actor     string
		target    string
		change    func(*domaintest.Env, *assessments.UserInput)
		stale     bool
		wantErr   error
		wantField string
		newEpoch  bool
	}{
		{"rename", domaintest.Secretariat, domaintest.Reviewer1, func(_ *domaintest.Env, in *assessments.UserInput) { in.Name = "Rita R." }, false, nil, "", false},
		{"new role ends the sessions", domaintest.Secretariat, domaintest.Reviewer1, func(_ *domaintest.Env, in *assessments.UserInput) { in.Role = "secretariat"; in.Languages = nil }, false, nil, "", true},
		{"a manager left without a hotline", domaintest.Secretariat, domaintest.ManagerA, func(_ *domaintest.Env, in *assessments.UserInput) { in.HotlineID = "" }, false, nil, "hotline_id=error.manager_needs_hotline", false},
		{"a manager of an unknown hotline", domaintest.Secretariat, domaintest.ManagerA, func(_ *domaintest.Env, in *assessments.UserInput) { in.HotlineID = peopleUnknownID }, false, nil, "hotline_id=error.hotline_unknown", false},
		{"new hotline ends the sessions", domaintest.Secretariat, domaintest.ManagerA, func(env *domaintest.Env, in *assessments.UserInput) { in.HotlineID = env.HotlineB.ID }, false, nil, "", true},
		{"stale version", domaintest.Secretariat, domaintest.Reviewer1, func(_ *domaintest.Env, in *assessments.UserInput) { in.Name = "Late" }, true, assessments.ErrStale, "", false},
		{"address taken", domaintest.Secretariat, domaintest.Reviewer1, func(_ *domaintest.Env, in *assessments.UserInput) { in.Email = "reviewer.2@test.example" }, false, nil, "email=error.email_taken", false},
		{"a manager may not, even their own", domaintest.ManagerA, domaintest.ManagerA, func(_ *domaintest.Env, in *assessments.UserInput) { in.Name = "Me" }, false, assessments.ErrForbidden, "", false},
		{"a reviewer may not", domaintest.Reviewer2, domaintest.ManagerB, func(_ *domaintest.Env, in *assessments.UserInput) { in.Name = "You" }, false, assessments.ErrForbidden, "", false},
	}
	env := domaintest.New(t, nil)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			target, err := env.Svc.GetUser(ctx, env.Actor(domaintest.Secretariat), env.Users[tc.target].ID)
			if err != nil {
				t.Fatal(err)
			}
			in := assessments.UserInputFrom(target)
			tc.change(env, &in)
			version := target.Version
			if tc.stale {
				version--
			}
			u, err := env.Svc.UpdateUser(ctx, env.Actor(tc.actor), target.ID, version, in)
			switch {
			case tc.wantField != "":
				field, key, _ := strings.Cut(tc.wantField, "=")
				if got := peopleFieldKey(err, field); got != key {
					t.Fatalf("err = %v, want %s on %s", err, key, field)
				}
				return
			case !errors.Is(err, tc.wantErr) || (err == nil) != (tc.wantErr == nil):
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if err != nil {
				return
			}
			if u.Version != target.Version+1 || u.Name != in.Name || string(u.Role) != in.Role {
				t.Errorf("updated %+v", u)
			}
			_, err = env.Svc.SessionUser(ctx, target.ID, target.SessionEpoch)
			if ended := errors.Is(err, assessments.ErrUnauthenticated); ended != tc.newEpoch {
				t.Errorf("sessions ended: %v, want %v", ended, tc.newEpoch)
			}
		})
	}
	t.Run("unknown account", func(t *testing.T) {
		in := assessments.UserInputFrom(env.Users[domaintest.Reviewer1])
		if _, err := env.Svc.UpdateUser(ctx, env.Actor(domaintest.Secretariat), peopleUnknownID, 1, in); !errors.Is(err, assessments.ErrNotFound) {
			t.Errorf("err = %v", err)
		}
	})
}

func TestGetUser(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	ctx := context.Background()
	cases := []struct {
		name, actor, target string
		want                error
	}{
		{"secretariat, anyone", domaintest.Secretariat, domaintest.ManagerA, nil},
		{"manager, themselves", domaintest.ManagerA, domaintest.ManagerA, nil},
		{"manager, someone else", domaintest.ManagerA, domaintest.ManagerB, assessments.ErrNotFound},
		{"reviewer, someone else", domaintest.Reviewer1, domaintest.Secretariat, assessments.ErrNotFound},
		{"nobody signed in", "", domaintest.ManagerA, assessments.ErrNotFound},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := assessments.Actor{}
			if tc.actor != "" {
				a = env.Actor(tc.actor)
			}
			u, err := env.Svc.GetUser(ctx, a, env.Users[tc.target].ID)
			if !errors.Is(err, tc.want) || (err == nil) != (tc.want == nil) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if err == nil && tc.target == domaintest.ManagerA && (u.Hotline == nil || u.Hotline.ID != env.HotlineA.ID) {
				t.Error("the manager's hotline is not loaded")
			}
		})
	}
	if _, err := env.Svc.GetUser(ctx, env.Actor(domaintest.Secretariat), "not-an-id"); !errors.Is(err, assessments.ErrNotFound) {
		t.Errorf("malformed ID: %v", err)
	}
}

func TestSetUserDisabled(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cases := []struct {
		name, actor, target string
		wantErr             error
		wantConflict        string
	}{
		{"secretariat disables a manager", domaintest.Secretariat, domaintest.ManagerA, nil, ""},
		{"secretariat cannot disable themselves (the last secretariat stays)", domaintest.Secretariat, domaintest.Secretariat, nil, "error.cannot_disable_self"},
		{"a manager may not", domaintest.ManagerA, domaintest.ManagerB, assessments.ErrForbidden, ""},
		{"a reviewer may not disable themselves", domaintest.Reviewer1, domaintest.Reviewer1, assessments.ErrForbidden, ""},
	}
	env := domaintest.New(t, nil)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			target, err := env.Svc.GetUser(ctx, env.Actor(domaintest.Secretariat), env.Users[tc.target].ID)
			if err != nil {
				t.Fatal(err)
			}
			token, _, err := env.Svc.IssueToken(ctx, assessments.Actor{IP: "test"}, assessments.Credentials{Email: target.Email, Password: domaintest.Password})
			if err != nil {
				t.Fatal(err)
			}
			err = env.Svc.SetUserDisabled(ctx, env.Actor(tc.actor), target.ID, true)
			if tc.wantConflict != "" {
				if got := peopleConflictKey(err); got != tc.wantConflict {
					t.Fatalf("err = %v, want conflict %s", err, tc.wantConflict)
				}
			} else if !errors.Is(err, tc.wantErr) || (err == nil) != (tc.wantErr == nil) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			_, sessErr := env.Svc.SessionUser(ctx, target.ID, target.SessionEpoch)
			_, tokErr := env.Svc.TokenUser(ctx, token)
			if disabled := err == nil; disabled != (sessErr != nil) || disabled != (tokErr != nil) {
				t.Errorf("disabled: %v; session: %v; token: %v", disabled, sessErr, tokErr)
			}
			if err != nil {
				return
			}
			if err := env.Svc.SetUserDisabled(ctx, env.Actor(tc.actor), target.ID, false); err != nil {
				t.Fatalf("enable again: %v", err)
			}
			if _, err := peopleSignIn(env, target.Email, domaintest.Password, "test"); err != nil {
				t.Errorf("sign in once enabled again: %v", err)
			}
		})
	}
}

func TestListUsers(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	ctx := context.Background()
	sec := env.Actor(domaintest.Secretariat)
	cases := []struct {
		name  string
		q     assessments.UserQuery
		total int64
		first string
	}{
		{"everyone, by name", assessments.UserQuery{}, 5, "Rita Reviewer"},
		{"by role", assessments.UserQuery{Role: "reviewer"}, 2, "Rita Reviewer"},
		{"an unknown role is no filter", assessments.UserQuery{Role: "admin"}, 5, ""},
		{"Greek name, any case and accents", assessments.UserQuery{Search: "ΕΛΕΝΗ"}, 1, "Ελένη Manager"},
		{"by address", assessments.UserQuery{Search: "reviewer.2@"}, 1, "Rui Reviewer"},
		{"wildcards are taken literally", assessments.UserQuery{Search: "%"}, 0, ""},
		{"underscore is taken literally", assessments.UserQuery{Search: "_"}, 0, ""},
		{"blank search", assessments.UserQuery{Search: "   "}, 5, ""},
		{"by email", assessments.UserQuery{Sort: "email"}, 5, "Ελένη Manager"},
		{"a page", assessments.UserQuery{Page: assessments.Page{Number: 2, Size: 2}}, 5, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			users, total, err := env.Svc.ListUsers(ctx, sec, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if total != tc.total {
				t.Errorf("total %d, want %d", total, tc.total)
			}
			if want := min(int(tc.total), tc.q.Page.Limit()); tc.q.Page.Number < 2 && len(users) != want {
				t.Errorf("%d on the page, want %d", len(users), want)
			}
			if tc.first != "" && (len(users) == 0 || users[0].Name != tc.first) {
				t.Errorf("first %v, want %s", peopleNames(users), tc.first)
			}
		})
	}
	for _, key := range []string{domaintest.ManagerA, domaintest.Reviewer1} {
		if _, _, err := env.Svc.ListUsers(ctx, env.Actor(key), assessments.UserQuery{}); !errors.Is(err, assessments.ErrForbidden) {
			t.Errorf("%s lists users: %v", key, err)
		}
	}
}

func peopleNames(users []models.User) []string {
	var out []string
	for _, u := range users {
		out = append(out, u.Name)
	}
	return out
}

func TestResendInvitationAndLanguage(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	ctx := context.Background()
	sec := env.Actor(domaintest.Secretariat)
	target := env.Users[domaintest.Reviewer2]
	if err := env.Svc.ResendInvitation(ctx, env.Actor(domaintest.ManagerA), target.ID); !errors.Is(err, assessments.ErrForbidden) {
		t.Errorf("manager resends: %v", err)
	}
	if err := env.Svc.SetUserDisabled(ctx, sec, target.ID, true); err != nil {
		t.Fatal(err)
	}
	if err := env.Svc.ResendInvitation(ctx, sec, target.ID); peopleConflictKey(err) != "error.user_disabled" {
		t.Errorf("resend to a disabled account: %v", err)
	}
	cases := []struct {
		name, lang, wantField string
		anonymous             bool
	}{
		{"supported", "fr", "", false},
		{"unsupported", "tlh", "error.choose_one", false},
		{"nobody signed in", "fr", "", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := env.Actor(domaintest.ManagerA)
			if tc.anonymous {
				a = assessments.Actor{}
			}
			err := env.Svc.SetLanguage(ctx, a, tc.lang)
			switch {
			case tc.anonymous:
				if !errors.Is(err, assessments.ErrUnauthenticated) {
					t.Errorf("err = %v", err)
				}
			case tc.wantField != "":
				if peopleFieldKey(err, "language") != tc.wantField {
					t.Errorf("err = %v", err)
				}
			case err != nil:
				t.Error(err)
			}
		})
	}
	u, err := env.Svc.GetUser(ctx, env.Actor(domaintest.ManagerA), env.Users[domaintest.ManagerA].ID)
	if err != nil || u.Language != "fr" {
		t.Errorf("language %q, %v", u.Language, err)
	}
}
