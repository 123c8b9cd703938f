package assessments_test

import (
	"context"
	"errors"
	"testing"

	"hotlineportal/assessments"
	"hotlineportal/assessments/domaintest"
)

func TestCountNetwork(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	ctx := context.Background()
	sec := env.Actor(domaintest.Secretariat)
	if _, err := env.Svc.CreateUser(ctx, sec, assessments.UserInput{Email: "invited@test.example", Name: "Invited", Role: "reviewer", Country: "IE"}); err != nil {
		t.Fatal(err)
	}
	if err := env.Svc.SetUserDisabled(ctx, sec, env.Users[domaintest.Reviewer2].ID, true); err != nil {
		t.Fatal(err)
	}
	if err := env.Svc.SetHotlineDisabled(ctx, sec, env.HotlineB.ID, true); err != nil {
		t.Fatal(err)
	}
	got, err := env.Svc.CountNetwork(ctx, sec)
	want := assessments.NetworkCounts{Hotlines: 1, Users: 5, PendingInvitations: 1, DisabledUsers: 1}
	if err != nil || got != want {
		t.Errorf("counts %+v, %v; want %+v", got, err, want)
	}
	for _, key := range []string{domaintest.ManagerA, domaintest.Reviewer1} {
		if _, err := env.Svc.CountNetwork(ctx, env.Actor(key)); !errors.Is(err, assessments.ErrForbidden) {
			t.Errorf("%s counts: %v", key, err)
		}
	}
}

func TestListAudit(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	ctx := context.Background()
	sec := env.Actor(domaintest.Secretariat)
	mgr := env.Users[domaintest.ManagerA]
	peopleSignIn(env, mgr.Email, "a wrong password here", "test")
	env.Svc.Audit(ctx, sec, "user_x.test", "user", mgr.ID, "an action with an underscore")
	cases := []struct {
		name string
		q    assessments.AuditQuery
		min  int64 // at least this many
		each func(action, object, actor string) bool
	}{
		{"everything", assessments.AuditQuery{}, 8, nil},
		{"by action prefix", assessments.AuditQuery{Action: "auth."}, 1, func(a, _, _ string) bool { return len(a) > 5 && a[:5] == "auth." }},
		{"underscore is literal", assessments.AuditQuery{Action: "user_"}, 1, func(a, _, _ string) bool { return a == "user_x.test" }},
		{"percent is literal", assessments.AuditQuery{Action: "%"}, 0, func(string, string, string) bool { return false }},
		{"about or by someone", assessments.AuditQuery{ObjectID: mgr.ID}, 2, func(_, o, a string) bool { return o == mgr.ID || a == mgr.ID }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			entries, total, err := env.Svc.ListAudit(ctx, sec, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if total < tc.min || (tc.min == 0 && total != 0) {
				t.Errorf("total %d, want at least %d", total, tc.min)
			}
			for i, e := range entries {
				if tc.each != nil && !tc.each(e.Action, e.ObjectID, e.ActorID) {
					t.Errorf("entry %s (%s) does not match", e.Action, e.ObjectID)
				}
				if i > 0 && e.At.After(entries[i-1].At) {
					t.Error("not newest first")
				}
			}
		})
	}
	if _, _, err := env.Svc.ListAudit(ctx, env.Actor(domaintest.ManagerA), assessments.AuditQuery{}); !errors.Is(err, assessments.ErrForbidden) {
		t.Errorf("manager reads the audit log: %v", err)
	}
}
