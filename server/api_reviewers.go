package server

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
	"hotlineportal/assessments/messages"
)

// assignRequest names the reviewer to assign, for one with a conflict of
// interest why anyway, and optionally when the review is due (a date or
// an RFC 3339 time); the API and the reviewers page alike.
type assignRequest struct {
	UserID         string `json:"user_id" form:"user_id"`
	OverrideReason string `json:"override_reason" form:"override_reason"`
	DueAt          string `json:"due_at" form:"due_at" validate:"when"`
}

// apiAssignReviewer assigns a reviewer (secretariat); a conflict needs an
// override reason.
func (s *Server) apiAssignReviewer(c echo.Context) error {
	var req assignRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	asg, err := s.svc.AssignDue(c.Request().Context(), actor(c), c.Param("id"), req.UserID, req.OverrideReason, assessments.ParseWhen(req.DueAt))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{
		"id": asg.ID, "assessment_id": asg.AssessmentID, "user_id": asg.ReviewerID, "status": asg.Status,
		"override_reason": asg.OverrideReason, "assigned_at": rfc3339(asg.AssignedAt), "due_at": optionalTime(asg.DueAt),
	})
}

// declarationRequest is a reviewer's conflict-of-interest declaration in
// the API: accept, or decline with a reason. (The page's radios send
// decision=accept|decline: declarationForm.)
type declarationRequest struct {
	Accept bool   `json:"accept"`
	Reason string `json:"reason"`
}

// apiRespondToAssignment records a reviewer's conflict-of-interest
// declaration: accept, or decline with a reason.
func (s *Server) apiRespondToAssignment(c echo.Context) error {
	var req declarationRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	if err := s.svc.RespondToAssignment(c.Request().Context(), actor(c), c.Param("id"), req.Accept, req.Reason); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// suggestionJSON is one reviewer the secretariat could assign, with what
// speaks for and against them, as the reviewers page shows it.
type suggestionJSON struct {
	UserID          string   `json:"user_id"`
	Name            string   `json:"name"`
	Country         string   `json:"country"`
	Languages       []string `json:"languages"`
	SharedLanguages []string `json:"shared_languages"`
	OpenReviews     int64    `json:"open_reviews"`
	PreviousCycle   bool     `json:"previous_cycle"`
	Assigned        bool     `json:"assigned"`
	// Conflict is null, or why the reviewer has one (kind same_country
	// or declared, detail the country or the declared reason).
	Conflict *conflictOfJSON `json:"conflict"`
	// OverrideRequired: assigning needs an override_reason.
	OverrideRequired bool `json:"override_required"`
	// Eligible: the reviewer can be assigned now (not assigned, a slot
	// free, the assessment taking reviewers), with an override reason
	// where OverrideRequired says so.
	Eligible bool `json:"eligible"`
	// Reasons are the facts behind the rank, as codes.
	Reasons []string `json:"reasons"`
}

// conflictOfJSON is a suggested reviewer's conflict of interest.
type conflictOfJSON struct {
	Kind    string `json:"kind"`
	Detail  string `json:"detail"`
	Message string `json:"message"`
}

// assignedJSON is one current assignment with its due date, and whether
// the review is late.
type assignedJSON struct {
	reviewerDueJSON
	Late bool `json:"late"`
}

// apiReviewerSuggestions ranks the reviewers the secretariat could assign
// and lists the current assignments: the reviewers page as JSON.
func (s *Server) apiReviewerSuggestions(c echo.Context) error {
	ch, err := s.svc.ChooseReviewers(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	assigned := make([]assignedJSON, 0, len(ch.Dues))
	for _, d := range ch.Dues {
		assigned = append(assigned, assignedJSON{reviewerDueJSON{UserID: d.UserID, Name: d.Name, DueAt: optionalTime(d.DueAt),
			SubmittedAt: optionalTime(d.SubmittedAt)}, d.Late})
	}
	opts, q := s.svc.Options(), ch.Q
	items := make([]suggestionJSON, 0, len(ch.Suggestions))
	for _, sg := range ch.Suggestions {
		items = append(items, suggestionFrom(localizer(c), sg, ch.Open))
	}
	return c.JSON(http.StatusOK, map[string]any{
		"assessment_id": q.Assessment.ID, "status": q.Assessment.Status, "deadline": optionalTime(q.Assessment.Deadline),
		"reviewers_required": opts.ReviewersPerAssessment, "review_days": opts.ReviewDays,
		"items": items, "assignments": assigned,
	})
}

// suggestionFrom writes one suggestion; open says whether the assessment
// has a free slot it can take a reviewer in now.
func suggestionFrom(loc *messages.Localizer, sg assessments.Suggestion, open bool) suggestionJSON {
	r := sg.Reviewer
	out := suggestionJSON{UserID: r.ID, Name: r.Name, Country: r.Country, Languages: append([]string{}, r.Languages...),
		SharedLanguages: append([]string{}, sg.SharedLanguages...), OpenReviews: sg.OpenReviews, PreviousCycle: sg.PreviousCycle,
		Assigned: sg.Assigned, OverrideRequired: sg.Conflict != "", Eligible: open && !sg.Assigned, Reasons: []string{}}
	if sg.Conflict != "" {
		kind := strings.TrimPrefix(sg.Conflict, "conflict.")
		out.Conflict = &conflictOfJSON{Kind: kind, Detail: sg.ConflictDetail, Message: loc.T(sg.Conflict)}
		out.Reasons = append(out.Reasons, kind+"_conflict")
	}
	for _, r := range []struct {
		on   bool
		code string
	}{{sg.Assigned, "assigned"}, {len(sg.SharedLanguages) > 0, "shared_language"}, {len(sg.SharedLanguages) == 0, "no_shared_language"},
		{sg.PreviousCycle, "previous_cycle"}, {sg.OpenReviews == 0, "no_open_reviews"}} {
		if r.on {
			out.Reasons = append(out.Reasons, r.code)
		}
	}
	return out
}
