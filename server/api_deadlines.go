package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
)

// reviewerDueJSON is one reviewer of an assessment as the secretariat (or
// that reviewer) sees it.
type reviewerDueJSON struct {
	UserID      string  `json:"user_id"`
	Name        string  `json:"name"`
	DueAt       *string `json:"due_at"`
	SubmittedAt *string `json:"submitted_at"`
}

// optionalTime writes an optional time in RFC 3339, or null.
func optionalTime(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := rfc3339(*t)
	return &s
}

// reviewerDues is the "reviewers" field of an assessment: nil (left out)
// for those who may not know who reviews.
func (s *Server) reviewerDues(c echo.Context, id string) (*[]reviewerDueJSON, error) {
	rows, ok, err := s.svc.ReviewerDues(c.Request().Context(), actor(c), id)
	if err != nil || !ok {
		return nil, err
	}
	out := make([]reviewerDueJSON, 0, len(rows))
	for _, r := range rows {
		out = append(out, reviewerDueJSON{UserID: r.UserID, Name: r.Name, DueAt: optionalTime(r.DueAt), SubmittedAt: optionalTime(r.SubmittedAt)})
	}
	return &out, nil
}

// dueRequest moves a reviewer's due date: a date or an RFC 3339 time.
type dueRequest struct {
	DueAt string `json:"due_at" form:"due_at" validate:"required,when"`
}

// apiMoveReviewDue moves a reviewer's due date (secretariat).
func (s *Server) apiMoveReviewDue(c echo.Context) error {
	var req dueRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	asg, err := s.svc.MoveReviewDue(c.Request().Context(), actor(c), c.Param("id"), c.Param("user_id"), *assessments.ParseWhen(req.DueAt))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"assessment_id": asg.AssessmentID, "user_id": asg.ReviewerID, "due_at": optionalTime(asg.DueAt)})
}

// deadlineValue is the "deadline" of a PATCH: present (a date, or null to
// clear it) or absent, which is refused so that an empty body never clears
// a deadline by accident.
type deadlineValue struct {
	Set   bool
	Value string
}

// UnmarshalJSON records that the field was sent, and its text (null: "").
func (d *deadlineValue) UnmarshalJSON(b []byte) error {
	d.Set = true
	if bytes.Equal(b, []byte("null")) {
		d.Value = ""
		return nil
	}
	return json.Unmarshal(b, &d.Value)
}

// deadlineRequest sets or clears an assessment's submission deadline.
type deadlineRequest struct {
	Deadline deadlineValue `json:"deadline"`
}

// check names what is wrong with the request: no deadline field, or one
// that is not a date.
func (r deadlineRequest) check() error {
	if !r.Deadline.Set {
		return assessments.Invalid("deadline", "error.required")
	}
	if r.Deadline.Value != "" && assessments.ParseWhen(r.Deadline.Value) == nil {
		return assessments.Invalid("deadline", "error.date")
	}
	return nil
}

// apiSetDeadline sets, moves or clears an assessment's submission
// deadline (secretariat).
func (s *Server) apiSetDeadline(c echo.Context) error {
	var req deadlineRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	if err := req.check(); err != nil {
		return err
	}
	as, err := s.svc.SetDeadline(c.Request().Context(), actor(c), c.Param("id"), assessments.ParseWhen(req.Deadline.Value))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"id": as.ID, "deadline": optionalTime(as.Deadline)})
}

// workItemJSON is one next action of the work list (api.md).
type workItemJSON struct {
	Kind         string  `json:"kind"`
	AssessmentID string  `json:"assessment_id"`
	Hotline      string  `json:"hotline"`
	ReviewerID   *string `json:"reviewer_id"`
	AppealID     *string `json:"appeal_id,omitempty"`
	DueAt        string  `json:"due_at"`
	Overdue      bool    `json:"overdue"`
}

// apiWorklist is the secretariat's work list: every next action, oldest
// first, and the number of assessments in each status.
func (s *Server) apiWorklist(c echo.Context) error {
	wl, err := s.svc.Worklist(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	items := make([]workItemJSON, 0, len(wl.Items))
	for _, it := range wl.Items {
		j := workItemJSON{Kind: it.Kind, AssessmentID: it.AssessmentID, Hotline: it.Hotline, DueAt: rfc3339(it.DueAt), Overdue: it.Overdue}
		if it.ReviewerID != "" {
			id := it.ReviewerID
			j.ReviewerID = &id
		}
		if it.AppealID != "" {
			id := it.AppealID
			j.AppealID = &id
		}
		items = append(items, j)
	}
	return c.JSON(http.StatusOK, map[string]any{"items": items, "counts": wl.Counts})
}
