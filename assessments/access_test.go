package assessments_test

import (
	"testing"

	"hotlineportal/assessments"
	"hotlineportal/models"
)

// What each actor may see: the rule every scoped query applies.
func TestScopeOf(t *testing.T) {
	hotline := "0190a0c0-0000-7000-8000-000000000001"
	cases := []struct {
		name  string
		actor assessments.Actor
		want  models.Scope
	}{
		{"anonymous", assessments.Actor{}, models.NoScope},
		{"secretariat", assessments.Actor{User: &models.User{ID: "s", Role: models.RoleSecretariat}}, models.Scope{All: true}},
		{"manager", assessments.Actor{User: &models.User{ID: "m", Role: models.RoleManager, HotlineID: &hotline}}, models.Scope{HotlineID: hotline}},
		{"manager without a hotline", assessments.Actor{User: &models.User{ID: "m", Role: models.RoleManager}}, models.NoScope},
		{"reviewer", assessments.Actor{User: &models.User{ID: "r", Role: models.RoleReviewer}}, models.Scope{ReviewerID: "r"}},
		{"unknown role", assessments.Actor{User: &models.User{ID: "x", Role: "admin"}}, models.NoScope},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := assessments.ScopeOf(tc.actor); got != tc.want {
				t.Fatalf("scope %+v, want %+v", got, tc.want)
			}
		})
	}
}
