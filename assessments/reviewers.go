package assessments

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"hotlineportal/models"
)

// Suggestion is a reviewer the secretariat could assign, with what speaks
// for and against them.
type Suggestion struct {
	Reviewer        models.User
	SharedLanguages []string
	OpenReviews     int64
	Conflict        string // "" or a message key: same country, declared
	ConflictDetail  string
	PreviousCycle   bool
	Assigned        bool
}

// ReviewerChoice is what the secretariat weighs when it assigns
// reviewers, for the reviewers page and the API alike: the assessment, the
// ranked candidates, the current assignments with their due dates, and
// whether the assessment takes a reviewer now (Open: its status allows an
// assignment and a slot is free).
type ReviewerChoice struct {
	Q           *Questionnaire
	Suggestions []Suggestion
	Dues        []ReviewerDue
	Open        bool
}

// ChooseReviewers gathers an assessment's ReviewerChoice.
func (s *Service) ChooseReviewers(ctx context.Context, a Actor, assessmentID string) (*ReviewerChoice, error) {
	q, err := s.LoadQuestionnaire(ctx, a, assessmentID)
	if err != nil {
		return nil, err
	}
	ch := &ReviewerChoice{Q: q}
	if ch.Suggestions, err = s.SuggestReviewers(ctx, a, assessmentID); err != nil {
		return nil, err
	}
	if ch.Dues, _, err = s.ReviewerDues(ctx, a, assessmentID); err != nil {
		return nil, err
	}
	ch.Open = CheckTransition(TransAssign, a.User.Role, q.Assessment.Status) == nil && len(ch.Dues) < s.opts.ReviewersPerAssessment
	return ch, nil
}

// SuggestReviewers ranks every active reviewer for an assessment: no
// conflict first, then a shared language, fewest open reviews, and not the
// reviewer of the previous cycle.
func (s *Service) SuggestReviewers(ctx context.Context, a Actor, assessmentID string) ([]Suggestion, error) {
	if !a.Is(models.RoleSecretariat) {
		return nil, ErrForbidden
	}
	as, err := s.getAssessment(ctx, s.db, a, assessmentID)
	if err != nil {
		return nil, err
	}
	reviewers, err := models.AssignableReviewers(ctx, s.db)
	if err != nil {
		return nil, fmt.Errorf("list reviewers: %w", err)
	}
	facts, err := s.reviewerFacts(ctx, as)
	if err != nil {
		return nil, err
	}
	out := make([]Suggestion, 0, len(reviewers))
	for _, r := range reviewers {
		out = append(out, facts.suggestion(r, as.Hotline))
	}
	rankSuggestions(out)
	return out, nil
}

// rankSuggestions orders suggestions best first: not yet assigned, no
// conflict, a shared language, not the previous cycle's reviewer, then
// fewest open reviews; otherwise the order given (by name) stays.
func rankSuggestions(out []Suggestion) {
	sort.SliceStable(out, func(i, j int) bool { return suggestionRank(out[i]) < suggestionRank(out[j]) })
}

// suggestionRank is a suggestion's sort key (smaller is better).
func suggestionRank(s Suggestion) string {
	b := func(v bool) string {
		if v {
			return "1"
		}
		return "0"
	}
	return fmt.Sprintf("%s%s%s%s%06d", b(s.Assigned), b(s.Conflict != ""), b(len(s.SharedLanguages) == 0), b(s.PreviousCycle), s.OpenReviews)
}

// sharedLanguages lists the reviewer's languages the hotline works in.
func sharedLanguages(r models.User, h *models.Hotline) []string {
	var out []string
	for _, l := range r.Languages {
		if models.StringList(h.Languages).Has(l) {
			out = append(out, l)
		}
	}
	return out
}

// conflictOf says whether a reviewer has a conflict with a hotline: a
// declared one, else the same country.
func conflictOf(r models.User, h *models.Hotline, declared string) (key, detail string) {
	switch {
	case declared != "":
		return "conflict.declared", declared
	case r.Country != "" && r.Country == h.Country:
		return "conflict.same_country", r.Country
	}
	return "", ""
}

// reviewerFacts is what ranking and assigning reviewers rest on: the open
// reviews per reviewer, declared conflicts with the hotline, the previous
// cycle's reviewers and who is already assigned.
type reviewerFacts struct {
	open      map[string]int64
	conflicts map[string]string
	previous  map[string]bool
	assigned  map[string]bool
}

// suggestion is what speaks for and against one reviewer.
func (f reviewerFacts) suggestion(r models.User, h *models.Hotline) Suggestion {
	sg := Suggestion{Reviewer: r, OpenReviews: f.open[r.ID], PreviousCycle: f.previous[r.ID], Assigned: f.assigned[r.ID],
		SharedLanguages: sharedLanguages(r, h)}
	sg.Conflict, sg.ConflictDetail = conflictOf(r, h, f.conflicts[r.ID])
	return sg
}

// reviewerFacts gathers the facts in four queries.
func (s *Service) reviewerFacts(ctx context.Context, as *models.Assessment) (reviewerFacts, error) {
	f := reviewerFacts{previous: map[string]bool{}, assigned: map[string]bool{}}
	var err error
	if f.open, err = models.OpenReviewCounts(ctx, s.db); err != nil {
		return f, fmt.Errorf("count open reviews: %w", err)
	}
	if f.conflicts, err = models.ConflictReasons(ctx, s.db, as.HotlineID); err != nil {
		return f, fmt.Errorf("load declared conflicts: %w", err)
	}
	if as.PreviousID != nil {
		ids, err := models.ActiveReviewerIDs(ctx, s.db, *as.PreviousID)
		if err != nil {
			return f, fmt.Errorf("load previous cycle's reviewers: %w", err)
		}
		for _, id := range ids {
			f.previous[id] = true
		}
	}
	act, err := models.ActiveAssignments(ctx, s.db, as.ID)
	if err != nil {
		return f, fmt.Errorf("load assignments: %w", err)
	}
	for _, x := range act {
		f.assigned[x.ReviewerID] = true
	}
	return f, nil
}

// checkAssignment says whether a reviewer may take a slot: not assigned
// already, a slot still free, and a conflict (key) only with an override
// reason.
func checkAssignment(f reviewerFacts, reviewerID string, slots int, conflictKey, overrideReason string) error {
	switch {
	case f.assigned[reviewerID]:
		return Conflict("error.reviewer_already_assigned")
	case len(f.assigned) >= slots:
		return Conflict("error.reviewers_complete")
	case conflictKey != "" && overrideReason == "":
		return Conflict("error.reviewer_conflict")
	}
	return nil
}

// Assign gives a reviewer a submitted assessment (secretariat), due
// ReviewDays later. A reviewer from the hotline's country or with a
// declared conflict is refused unless an override reason is given, which
// is audited.
func (s *Service) Assign(ctx context.Context, a Actor, assessmentID, reviewerID, overrideReason string) (*models.Assignment, error) {
	return s.AssignDue(ctx, a, assessmentID, reviewerID, overrideReason, nil)
}

// AssignDue is Assign with the review's due date given (nil: ReviewDays
// after assignment); a date already past is accepted, as the secretariat
// may record an assignment made earlier.
func (s *Service) AssignDue(ctx context.Context, a Actor, assessmentID, reviewerID, overrideReason string, due *time.Time) (*models.Assignment, error) {
	as, err := s.getAssessment(ctx, s.db, a, assessmentID)
	if err != nil {
		return nil, err
	}
	if err := CheckTransition(TransAssign, a.User.Role, as.Status); err != nil {
		return nil, err
	}
	reviewer, err := models.AssignableReviewer(ctx, s.db, reviewerID)
	if errors.Is(err, models.ErrNotFound) {
		return nil, Invalid("user_id", "error.reviewer_unknown")
	}
	if err != nil {
		return nil, fmt.Errorf("load reviewer %s: %w", reviewerID, err)
	}
	facts, err := s.reviewerFacts(ctx, as)
	if err != nil {
		return nil, err
	}
	key, detail := conflictOf(*reviewer, as.Hotline, facts.conflicts[reviewerID])
	overrideReason = strings.TrimSpace(overrideReason)
	if err := checkAssignment(facts, reviewerID, s.opts.ReviewersPerAssessment, key, overrideReason); err != nil {
		return nil, err
	}
	asg := &models.Assignment{
		ID: models.NewID(), AssessmentID: as.ID, ReviewerID: reviewerID, Status: models.AssignmentPending,
		OverrideReason: overrideReason, AssignedBy: a.User.ID, AssignedAt: s.now(),
	}
	asg.DueAt = reviewDue(due, asg.AssignedAt, s.opts.ReviewDays)
	err = s.tx(ctx, func(tx *models.DB) error {
		if err := s.checkLockedTransition(ctx, tx, as.ID, TransAssign, a, true); err != nil {
			return err
		}
		if err := models.InsertAssignment(ctx, tx, asg); errors.Is(err, models.ErrDuplicate) {
			return Conflict("error.reviewer_already_assigned")
		} else if err != nil {
			return fmt.Errorf("insert assignment: %w", err)
		}
		if err := s.setStatusTo(ctx, tx, as.ID, TransAssign.Target()); err != nil {
			return err
		}
		detailText := reviewer.Email
		if key != "" {
			detailText += fmt.Sprintf(" CONFLICT OVERRIDDEN (%s %s): %s", key, detail, overrideReason)
		}
		if err := s.audit(ctx, tx, a, "review.assign", "assessment", as.ID, detailText); err != nil {
			return err
		}
		return s.notify(ctx, tx, []models.User{*reviewer}, "assigned", as)
	})
	if err != nil {
		return nil, fmt.Errorf("assign reviewer %s: %w", reviewerID, err)
	}
	asg.Reviewer = reviewer
	return asg, nil
}

// checkLockedTransition reads the assessment's status inside the write
// transaction (locking its row on PostgreSQL: exclusive for transitions,
// shared for saves) and checks the transition against it, so that the
// check made before the transaction still holds when it writes.
func (s *Service) checkLockedTransition(ctx context.Context, tx *models.DB, id string, t Transition, a Actor, exclusive bool) error {
	lock := models.ForShare
	if exclusive {
		lock = models.ForUpdate
	}
	status, err := models.LockedAssessmentStatus(ctx, tx, id, lock)
	if err != nil {
		return fmt.Errorf("read status of %s: %w", id, err)
	}
	return CheckTransition(t, a.User.Role, status)
}

// setStatusTo moves an assessment to a state, bumping its version.
func (s *Service) setStatusTo(ctx context.Context, tx *models.DB, id string, status models.Status) error {
	if _, err := models.ChangeAssessmentStatus(ctx, tx, id, models.StatusChange{To: status, At: s.now()}); err != nil {
		return fmt.Errorf("move %s to %s: %w", id, status, err)
	}
	return nil
}

// assignmentResponse is what a reviewer's answer to a pending assignment
// records: accepted, or declined with a reason (required).
func assignmentResponse(asg *models.Assignment, accept bool, reason string) (status, action string, err error) {
	if asg.Status != models.AssignmentPending {
		return "", "", Conflict("error.assignment_answered")
	}
	if accept {
		return models.AssignmentAccepted, "review.accept", nil
	}
	if reason == "" {
		return "", "", Invalid("reason", "error.decline_reason_required")
	}
	return models.AssignmentDeclined, "review.decline", nil
}

// statusAfterDecline is where an assessment goes when a reviewer
// declines: back to submitted when no active reviewer is left while it was
// in review (so that it is assigned again); otherwise it stays.
func statusAfterDecline(current models.Status, remaining int) (models.Status, bool) {
	if remaining == 0 && current == models.StatusInReview {
		return models.StatusSubmitted, true
	}
	return current, false
}

// RespondToAssignment records a reviewer's declaration on first opening:
// no conflict of interest (accept), or a decline with a reason, which
// frees the slot and tells the secretariat.
func (s *Service) RespondToAssignment(ctx context.Context, a Actor, assessmentID string, accept bool, reason string) error {
	as, err := s.getAssessment(ctx, s.db, a, assessmentID)
	if err != nil {
		return err
	}
	if !a.Is(models.RoleReviewer) {
		return ErrForbidden
	}
	asg, err := models.ActiveAssignment(ctx, s.db, as.ID, a.User.ID)
	if err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	status, action, err := assignmentResponse(asg, accept, reason)
	if err != nil {
		return err
	}
	err = s.tx(ctx, func(tx *models.DB) error {
		changed, err := models.AnswerAssignment(ctx, tx, asg.ID, status, reason, s.now())
		if err != nil {
			return fmt.Errorf("record answer: %w", err)
		}
		if !changed {
			return Conflict("error.assignment_answered")
		}
		if err := s.audit(ctx, tx, a, action, "assessment", as.ID, reason); err != nil {
			return err
		}
		if accept {
			return nil
		}
		remaining, err := models.ActiveAssignments(ctx, tx, as.ID)
		if err != nil {
			return fmt.Errorf("load assignments: %w", err)
		}
		if next, move := statusAfterDecline(as.Status, len(remaining)); move {
			if err := s.setStatusTo(ctx, tx, as.ID, next); err != nil {
				return err
			}
		}
		return s.notifySecretariat(ctx, tx, "declined", as)
	})
	if err != nil {
		return fmt.Errorf("answer assignment to %s: %w", as.ID, err)
	}
	return nil
}
