package assessments

import (
	"testing"

	"hotlineportal/models"
)

func TestMayManageConflicts(t *testing.T) {
	reviewer := hotlineActor(models.RoleReviewer, "")
	manager := hotlineActor(models.RoleManager, "h1")
	cases := []struct {
		name     string
		actor    Actor
		reviewer string
		want     bool
	}{
		{"secretariat, anyone's", hotlineActor(models.RoleSecretariat, ""), "someone", true},
		{"reviewer, their own", reviewer, reviewer.User.ID, true},
		{"reviewer, another's", reviewer, "someone", false},
		{"manager, even with their own ID", manager, manager.User.ID, false},
		{"anonymous", Actor{}, "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := mayManageConflicts(tc.actor, tc.reviewer); got != tc.want {
				t.Errorf("mayManageConflicts = %v, want %v", got, tc.want)
			}
		})
	}
}
