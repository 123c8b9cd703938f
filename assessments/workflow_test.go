package assessments

import (
	"errors"
	"fmt"
	"testing"

	"hotlineportal/models"
)

// Every transition for every role and state: exactly the allowed ones
// pass, a wrong role is forbidden (403) and a wrong state a conflict (409).
func TestWorkflowTransitions(t *testing.T) {
	states := []models.Status{models.StatusDraft, models.StatusSubmitted, models.StatusInReview, models.StatusChangesRequested, models.StatusReviewed, models.StatusDecided}
	allowed := map[string]bool{
		"submit manager draft":                  true,
		"assign secretariat submitted":          true,
		"assign secretariat in_review":          true,
		"clarify reviewer in_review":            true,
		"clarify secretariat in_review":         true,
		"resubmit manager changes_requested":    true,
		"submit_review reviewer in_review":      true,
		"reconcile secretariat in_review":       true,
		"reconcile secretariat reviewed":        true,
		"decide secretariat reviewed":           true,
		"score reviewer in_review":              true,
		"edit_answer manager draft":             true,
		"edit_answer manager changes_requested": true,
	}
	roleMay := map[string]bool{}
	for k := range allowed {
		var tr, role, st string
		fmt.Sscan(k, &tr, &role, &st)
		roleMay[tr+" "+role] = true
	}
	for _, tr := range Transitions() {
		for _, role := range models.Roles {
			for _, st := range states {
				name := fmt.Sprintf("%s %s %s", tr, role, st)
				err := CheckTransition(tr, role, st)
				var conflict *ConflictError
				switch {
				case allowed[name]:
					if err != nil {
						t.Errorf("%s: refused: %v", name, err)
					}
				case !roleMay[string(tr)+" "+string(role)]:
					if !errors.Is(err, ErrForbidden) {
						t.Errorf("%s: got %v, want forbidden", name, err)
					}
				default:
					if !errors.As(err, &conflict) {
						t.Errorf("%s: got %v, want a conflict", name, err)
					}
				}
			}
		}
	}
	if CheckTransition("fly", models.RoleSecretariat, models.StatusDraft) == nil {
		t.Error("an unknown transition was allowed")
	}
}
