package assessments_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"hotlineportal/assessments"
	"hotlineportal/assessments/domaintest"
)

func TestDeclareConflict(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cases := []struct {
		name, actor, reviewer string
		hotline               string // "A", "B" or an ID
		reason                string
		wantErr               error
		wantField             string // field=key
	}{
		{"reviewer, their own", domaintest.Reviewer1, domaintest.Reviewer1, "A", "I worked there", nil, ""},
		{"secretariat, anyone's", domaintest.Secretariat, domaintest.Reviewer2, "B", "Family ties", nil, ""},
		{"reviewer, another's", domaintest.Reviewer1, domaintest.Reviewer2, "A", "Gossip", assessments.ErrForbidden, ""},
		{"manager", domaintest.ManagerA, domaintest.Reviewer1, "B", "Rivals", assessments.ErrForbidden, ""},
		{"unknown hotline", domaintest.Reviewer1, domaintest.Reviewer1, peopleUnknownID, "Reason", nil, "hotline_id=error.hotline_unknown"},
		{"malformed hotline ID", domaintest.Reviewer1, domaintest.Reviewer1, "nope", "Reason", nil, "hotline_id=error.hotline_unknown"},
		{"no reason", domaintest.Reviewer1, domaintest.Reviewer1, "B", "   ", nil, "reason=error.conflict_reason_required"},
		{"declared twice", domaintest.Reviewer1, domaintest.Reviewer1, "A", "Again", nil, "hotline_id=error.conflict_exists"},
	}
	env := domaintest.New(t, nil)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			hotline := map[string]string{"A": env.HotlineA.ID, "B": env.HotlineB.ID}[tc.hotline]
			if hotline == "" {
				hotline = tc.hotline
			}
			reviewerID := env.Users[tc.reviewer].ID
			audited := env.AuditCount("conflict.declare")
			_, err := env.Svc.DeclareConflict(ctx, env.Actor(tc.actor), reviewerID, hotline, tc.reason)
			if tc.wantField != "" {
				field, key, _ := strings.Cut(tc.wantField, "=")
				if got := peopleFieldKey(err, field); got != key {
					t.Fatalf("err = %v, want %s on %s", err, key, field)
				}
				return
			}
			if !errors.Is(err, tc.wantErr) || (err == nil) != (tc.wantErr == nil) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if err != nil {
				return
			}
			list, err := env.Svc.Conflicts(ctx, env.Actor(domaintest.Secretariat), reviewerID)
			if err != nil || len(list) != 1 || list[0].Hotline == nil || list[0].Hotline.ID != hotline || list[0].Reason != tc.reason {
				t.Errorf("declared conflicts: %+v, %v", list, err)
			}
			if env.AuditCount("conflict.declare") != audited+1 {
				t.Error("not audited")
			}
		})
	}
}

func TestRemoveConflict(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cases := []struct {
		name, actor string
		id          string // "" for the declared conflict
		want        error
	}{
		{"its reviewer", domaintest.Reviewer1, "", nil},
		{"the secretariat", domaintest.Secretariat, "", nil},
		{"another reviewer: not theirs to see", domaintest.Reviewer2, "", assessments.ErrNotFound},
		{"a manager", domaintest.ManagerA, "", assessments.ErrNotFound},
		{"unknown conflict", domaintest.Reviewer1, peopleUnknownID, assessments.ErrNotFound},
		{"malformed ID", domaintest.Reviewer1, "x", assessments.ErrNotFound},
	}
	env := domaintest.New(t, nil)
	r1 := env.Actor(domaintest.Reviewer1)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			list, err := env.Svc.Conflicts(ctx, r1, r1.User.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(list) == 0 { // the previous case removed it
				if _, err := env.Svc.DeclareConflict(ctx, r1, r1.User.ID, env.HotlineA.ID, "Former employer"); err != nil {
					t.Fatal(err)
				}
				if list, err = env.Svc.Conflicts(ctx, r1, r1.User.ID); err != nil || len(list) != 1 {
					t.Fatalf("conflicts: %v, %v", list, err)
				}
			}
			id := tc.id
			if id == "" {
				id = list[0].ID
			}
			err = env.Svc.RemoveConflict(ctx, env.Actor(tc.actor), id)
			if !errors.Is(err, tc.want) || (err == nil) != (tc.want == nil) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			after, _ := env.Svc.Conflicts(ctx, r1, r1.User.ID)
			if removed := len(after) == 0; removed != (err == nil) {
				t.Errorf("removed %v after %v", removed, err)
			}
		})
	}
}

func TestConflictsAndHotlineChoices(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	ctx := context.Background()
	r1 := env.Users[domaintest.Reviewer1].ID
	cases := []struct {
		name, actor string
		want        error
	}{
		{"the reviewer", domaintest.Reviewer1, nil},
		{"the secretariat", domaintest.Secretariat, nil},
		{"another reviewer", domaintest.Reviewer2, assessments.ErrForbidden},
		{"a manager", domaintest.ManagerA, assessments.ErrForbidden},
	}
	for _, tc := range cases {
		t.Run("list: "+tc.name, func(t *testing.T) {
			if _, err := env.Svc.Conflicts(ctx, env.Actor(tc.actor), r1); !errors.Is(err, tc.want) || (err == nil) != (tc.want == nil) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
		})
	}
	if err := env.Svc.SetHotlineDisabled(ctx, env.Actor(domaintest.Secretariat), env.HotlineB.ID, true); err != nil {
		t.Fatal(err)
	}
	choices := []struct {
		name, actor string
		want        error
	}{
		{"reviewer", domaintest.Reviewer2, nil},
		{"secretariat", domaintest.Secretariat, nil},
		{"manager", domaintest.ManagerA, assessments.ErrForbidden},
	}
	for _, tc := range choices {
		t.Run("choices: "+tc.name, func(t *testing.T) {
			hs, err := env.Svc.HotlineChoices(ctx, env.Actor(tc.actor))
			if !errors.Is(err, tc.want) || (err == nil) != (tc.want == nil) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if err == nil && (len(hs) != 1 || hs[0].ID != env.HotlineA.ID || hs[0].Name == "") {
				t.Errorf("choices %+v, want hotline A only (B is disabled)", hs)
			}
		})
	}
}
