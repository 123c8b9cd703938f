package assessments

import (
	"hotlineportal/models"
)

// Transition names the operations that move an assessment through the
// workflow of design.md. Each is allowed to some roles from some states;
// everything else is refused before anything changes.
type Transition string

// The workflow's transitions.
const (
	TransSubmit       Transition = "submit"        // draft -> submitted
	TransAssign       Transition = "assign"        // submitted|in_review -> in_review
	TransClarify      Transition = "clarify"       // in_review -> changes_requested
	TransResubmit     Transition = "resubmit"      // changes_requested -> in_review
	TransSubmitReview Transition = "submit_review" // in_review -> in_review|reviewed
	TransReconcile    Transition = "reconcile"     // reviewed|in_review -> in_review (scores reopened)
	TransDecide       Transition = "decide"        // reviewed -> decided
	TransScore        Transition = "score"         // in_review (no state change)
	TransEditAnswer   Transition = "edit_answer"   // draft|changes_requested (no state change)
)

type rule struct {
	from  []models.Status
	roles []models.Role
	to    models.Status // "" = unchanged or decided by the operation
}

// workflow is the state machine: the one place that says who may do what
// from which state.
var workflow = map[Transition]rule{
	TransSubmit:       {from: []models.Status{models.StatusDraft}, roles: []models.Role{models.RoleManager}, to: models.StatusSubmitted},
	TransAssign:       {from: []models.Status{models.StatusSubmitted, models.StatusInReview}, roles: []models.Role{models.RoleSecretariat}, to: models.StatusInReview},
	TransClarify:      {from: []models.Status{models.StatusInReview}, roles: []models.Role{models.RoleReviewer, models.RoleSecretariat}, to: models.StatusChangesRequested},
	TransResubmit:     {from: []models.Status{models.StatusChangesRequested}, roles: []models.Role{models.RoleManager}, to: models.StatusInReview},
	TransSubmitReview: {from: []models.Status{models.StatusInReview}, roles: []models.Role{models.RoleReviewer}},
	TransReconcile:    {from: []models.Status{models.StatusInReview, models.StatusReviewed}, roles: []models.Role{models.RoleSecretariat}, to: models.StatusInReview},
	TransDecide:       {from: []models.Status{models.StatusReviewed}, roles: []models.Role{models.RoleSecretariat}, to: models.StatusDecided},
	TransScore:        {from: []models.Status{models.StatusInReview}, roles: []models.Role{models.RoleReviewer}},
	TransEditAnswer:   {from: []models.Status{models.StatusDraft, models.StatusChangesRequested}, roles: []models.Role{models.RoleManager}},
}

// Transitions lists every transition, for tests and documentation.
func Transitions() []Transition {
	return []Transition{TransSubmit, TransAssign, TransClarify, TransResubmit, TransSubmitReview, TransReconcile, TransDecide, TransScore, TransEditAnswer}
}

// CheckTransition says whether role may do t from status: ErrForbidden when
// the role may never do it, a conflict (409) when the state is wrong.
// Assignment and ownership are checked by the operation itself.
func CheckTransition(t Transition, role models.Role, status models.Status) error {
	r, ok := workflow[t]
	if !ok {
		return ErrForbidden
	}
	allowedRole := false
	for _, x := range r.roles {
		allowedRole = allowedRole || x == role
	}
	if !allowedRole {
		return ErrForbidden
	}
	for _, s := range r.from {
		if s == status {
			return nil
		}
	}
	return Conflict("error.transition." + string(t))
}

// Target is the state a transition leads to ("" when the operation decides,
// as with a review that may or may not be the last); the operations set it
// from here, so the table stays the one description of the workflow.
func (t Transition) Target() models.Status { return workflow[t].to }
