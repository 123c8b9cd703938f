package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
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
