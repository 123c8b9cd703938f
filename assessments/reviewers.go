package assessments

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"gorm.io/gorm"

	"hotlineportal/models"
)

// reviewerScope limits assessments to those assigned to the reviewer (and
// not declined).
func reviewerScope(db *gorm.DB, a Actor) *gorm.DB {
	return db.Where("EXISTS (SELECT 1 FROM assignments WHERE assignments.assessment_id = assessments.id AND assignments.reviewer_id = ? AND assignments.status <> ?)",
		a.User.ID, models.AssignmentDeclined)
}

// activeAssignments lists an assessment's assignments that were not
// declined, with their reviewers, in assignment order.
func activeAssignments(db *gorm.DB, assessmentID string) ([]models.Assignment, error) {
	var out []models.Assignment
	err := db.Preload("Reviewer").Where("assessment_id = ? AND status <> ?", assessmentID, models.AssignmentDeclined).
		Order("assigned_at, id").Find(&out).Error
	return out, err
}

// myAssignment is the actor's active assignment to an assessment.
func myAssignment(db *gorm.DB, a Actor, assessmentID string) (*models.Assignment, error) {
	var as models.Assignment
	err := db.Where("assessment_id = ? AND reviewer_id = ? AND status <> ?", assessmentID, a.User.ID, models.AssignmentDeclined).Take(&as).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	return &as, err
}

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
	var reviewers []models.User
	if err := s.db.WithContext(ctx).Where("role = ? AND disabled = ?", models.RoleReviewer, false).Order("search_key").Find(&reviewers).Error; err != nil {
		return nil, err
	}
	open, conflicts, previous, assigned, err := s.reviewerFacts(ctx, as)
	if err != nil {
		return nil, err
	}
	out := make([]Suggestion, 0, len(reviewers))
	for _, r := range reviewers {
		sg := Suggestion{Reviewer: r, OpenReviews: open[r.ID], PreviousCycle: previous[r.ID], Assigned: assigned[r.ID]}
		for _, l := range r.Languages {
			if models.StringList(as.Hotline.Languages).Has(l) {
				sg.SharedLanguages = append(sg.SharedLanguages, l)
			}
		}
		sg.Conflict, sg.ConflictDetail = conflictOf(r, as.Hotline, conflicts[r.ID])
		out = append(out, sg)
	}
	sort.SliceStable(out, func(i, j int) bool { return suggestionRank(out[i]) < suggestionRank(out[j]) })
	return out, nil
}

func suggestionRank(s Suggestion) string {
	b := func(v bool) string {
		if v {
			return "1"
		}
		return "0"
	}
	return fmt.Sprintf("%s%s%s%s%06d", b(s.Assigned), b(s.Conflict != ""), b(len(s.SharedLanguages) == 0), b(s.PreviousCycle), s.OpenReviews)
}

// conflictOf says whether a reviewer has a conflict with a hotline.
func conflictOf(r models.User, h *models.Hotline, declared string) (key, detail string) {
	switch {
	case declared != "":
		return "conflict.declared", declared
	case r.Country != "" && r.Country == h.Country:
		return "conflict.same_country", r.Country
	}
	return "", ""
}

// reviewerFacts gathers, in four queries, the open reviews per reviewer,
// declared conflicts with the hotline, the previous cycle's reviewers and
// who is already assigned.
func (s *Service) reviewerFacts(ctx context.Context, as *models.Assessment) (open map[string]int64, conflicts map[string]string, previous, assigned map[string]bool, err error) {
	db := s.db.WithContext(ctx)
	open, conflicts, previous, assigned = map[string]int64{}, map[string]string{}, map[string]bool{}, map[string]bool{}
	var counts []struct {
		ReviewerID string
		N          int64
	}
	err = db.Table("assignments").Select("assignments.reviewer_id, COUNT(*) AS n").
		Joins("JOIN assessments ON assessments.id = assignments.assessment_id").
		Where("assignments.status <> ? AND assessments.status IN ?", models.AssignmentDeclined,
			[]models.Status{models.StatusInReview, models.StatusChangesRequested, models.StatusSubmitted}).
		Group("assignments.reviewer_id").Scan(&counts).Error
	if err != nil {
		return
	}
	for _, c := range counts {
		open[c.ReviewerID] = c.N
	}
	var cs []models.Conflict
	if err = db.Where("hotline_id = ?", as.HotlineID).Find(&cs).Error; err != nil {
		return
	}
	for _, c := range cs {
		conflicts[c.ReviewerID] = c.Reason
	}
	if as.PreviousID != nil {
		var prev []models.Assignment
		if err = db.Where("assessment_id = ? AND status <> ?", *as.PreviousID, models.AssignmentDeclined).Find(&prev).Error; err != nil {
			return
		}
		for _, p := range prev {
			previous[p.ReviewerID] = true
		}
	}
	act, err := activeAssignments(db, as.ID)
	for _, x := range act {
		assigned[x.ReviewerID] = true
	}
	return
}

// Assign gives a reviewer a submitted assessment (secretariat). A reviewer
// from the hotline's country or with a declared conflict is refused unless
// an override reason is given, which is audited.
func (s *Service) Assign(ctx context.Context, a Actor, assessmentID, reviewerID, overrideReason string) (*models.Assignment, error) {
	as, err := s.getAssessment(ctx, s.db, a, assessmentID)
	if err != nil {
		return nil, err
	}
	if err := CheckTransition(TransAssign, a.User.Role, as.Status); err != nil {
		return nil, err
	}
	var reviewer models.User
	if !models.ValidID(reviewerID) || s.db.WithContext(ctx).Where("id = ? AND role = ? AND disabled = ?", reviewerID, models.RoleReviewer, false).Take(&reviewer).Error != nil {
		return nil, Invalid("user_id", "error.reviewer_unknown")
	}
	_, conflicts, _, assigned, err := s.reviewerFacts(ctx, as)
	if err != nil {
		return nil, err
	}
	if assigned[reviewerID] {
		return nil, Conflict("error.reviewer_already_assigned")
	}
	if len(assigned) >= s.opts.ReviewersPerAssessment {
		return nil, Conflict("error.reviewers_complete")
	}
	key, detail := conflictOf(reviewer, as.Hotline, conflicts[reviewerID])
	overrideReason = strings.TrimSpace(overrideReason)
	if key != "" && overrideReason == "" {
		return nil, Conflict("error.reviewer_conflict")
	}
	asg := &models.Assignment{
		ID: models.NewID(), AssessmentID: as.ID, ReviewerID: reviewerID, Status: models.AssignmentPending,
		OverrideReason: overrideReason, AssignedBy: a.User.ID, AssignedAt: s.now(),
	}
	err = s.tx(ctx, func(tx *models.DB) error {
		status, err := lockedStatus(tx, as.ID, true)
		if err != nil {
			return err
		}
		if err := CheckTransition(TransAssign, a.User.Role, status); err != nil {
			return err
		}
		if err := tx.Create(asg).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return Conflict("error.reviewer_already_assigned")
			}
			return err
		}
		if err := s.setStatus(tx, as.ID, TransAssign.Target()); err != nil {
			return err
		}
		detailText := reviewer.Email
		if key != "" {
			detailText += fmt.Sprintf(" CONFLICT OVERRIDDEN (%s %s): %s", key, detail, overrideReason)
		}
		if err := s.audit(ctx, tx, a, "review.assign", "assessment", as.ID, detailText); err != nil {
			return err
		}
		return s.notify(ctx, tx, []models.User{reviewer}, "assigned", as)
	})
	asg.Reviewer = &reviewer
	return asg, err
}

// setStatus moves an assessment to a state, bumping its version.
func (s *Service) setStatus(tx *models.DB, id string, status models.Status) error {
	return tx.Model(&models.Assessment{}).Where("id = ?", id).Updates(map[string]any{
		"status": status, "updated_at": s.now(), "version": gorm.Expr("version + 1"),
	}).Error
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
	asg, err := myAssignment(s.db.WithContext(ctx), a, as.ID)
	if err != nil {
		return err
	}
	if asg.Status != models.AssignmentPending {
		return Conflict("error.assignment_answered")
	}
	reason = strings.TrimSpace(reason)
	if !accept && reason == "" {
		return Invalid("reason", "error.decline_reason_required")
	}
	status, action := models.AssignmentAccepted, "review.accept"
	if !accept {
		status, action = models.AssignmentDeclined, "review.decline"
	}
	return s.tx(ctx, func(tx *models.DB) error {
		res := tx.Model(&models.Assignment{}).Where("id = ? AND status = ?", asg.ID, models.AssignmentPending).
			Updates(map[string]any{"status": status, "decline_reason": reason, "responded_at": s.now()})
		if res.Error != nil || res.RowsAffected != 1 {
			return firstErr(res.Error, Conflict("error.assignment_answered"))
		}
		if err := s.audit(ctx, tx, a, action, "assessment", as.ID, reason); err != nil {
			return err
		}
		if accept {
			return nil
		}
		if remaining, err := activeAssignments(tx.DB, as.ID); err != nil {
			return err
		} else if len(remaining) == 0 && as.Status == models.StatusInReview {
			if err := s.setStatus(tx, as.ID, models.StatusSubmitted); err != nil {
				return err
			}
		}
		return s.notifySecretariat(ctx, tx, "declined", as)
	})
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
