package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
)

// assignRequest names the reviewer to assign and, for one with a conflict
// of interest, why anyway; the API and the reviewers page alike.
type assignRequest struct {
	UserID         string `json:"user_id" form:"user_id"`
	OverrideReason string `json:"override_reason" form:"override_reason"`
}

// apiAssignReviewer assigns a reviewer (secretariat); a conflict needs an
// override reason.
func (s *Server) apiAssignReviewer(c echo.Context) error {
	var req assignRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	asg, err := s.svc.Assign(c.Request().Context(), actor(c), c.Param("id"), req.UserID, req.OverrideReason)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{
		"id": asg.ID, "assessment_id": asg.AssessmentID, "user_id": asg.ReviewerID, "status": asg.Status,
		"override_reason": asg.OverrideReason, "assigned_at": rfc3339(asg.AssignedAt),
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

// apiSaveScore saves an assigned reviewer's score of one criterion.
func (s *Server) apiSaveScore(c echo.Context) error {
	var in assessments.ScoreInput
	if err := bind(c, &in); err != nil {
		return err
	}
	version, err := s.svc.SaveScore(c.Request().Context(), actor(c), c.Param("id"), c.Param("criterion"), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]int{"version": version})
}

// apiRequestClarification sends chosen criteria back to the manager.
func (s *Server) apiRequestClarification(c echo.Context) error {
	var in assessments.ClarificationInput
	if err := bind(c, &in); err != nil {
		return err
	}
	if err := s.svc.RequestClarification(c.Request().Context(), actor(c), c.Param("id"), in); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"status": "changes_requested", "criteria": in.Criteria})
}

// apiSubmitReview records a reviewer's final recommendation.
func (s *Server) apiSubmitReview(c echo.Context) error {
	var in assessments.ReviewInput
	if err := bind(c, &in); err != nil {
		return err
	}
	r, err := s.svc.SubmitReview(c.Request().Context(), actor(c), c.Param("id"), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{
		"id": r.ID, "recommendation": r.Recommendation, "summary": r.Summary, "submitted_at": rfc3339(r.SubmittedAt),
	})
}

// reconcileRequest asks the reviewers to reconcile their scores of one
// criterion, in the API and on the consolidation page.
type reconcileRequest struct {
	Criterion string `json:"criterion" form:"criterion"`
	Message   string `json:"message" form:"message"`
}

// apiReconcile asks both reviewers to reconcile a disagreement.
func (s *Server) apiReconcile(c echo.Context) error {
	var req reconcileRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	if err := s.svc.AskToReconcile(c.Request().Context(), actor(c), c.Param("id"), req.Criterion, req.Message); err != nil {
		return err
	}
	return c.NoContent(http.StatusCreated)
}

// apiNotifications lists the caller's notifications.
func (s *Server) apiNotifications(c echo.Context) error {
	items, unread, err := s.svc.Notifications(c.Request().Context(), actor(c), 100)
	if err != nil {
		return err
	}
	loc := localizer(c)
	out := make([]map[string]any, 0, len(items))
	for _, n := range items {
		out = append(out, map[string]any{
			"id": n.ID, "kind": n.Kind, "assessment_id": n.AssessmentID, "read": n.ReadAt != nil,
			"message": loc.T("notification."+n.Kind, "Hotline", n.Hotline), "created_at": rfc3339(n.CreatedAt),
		})
	}
	return c.JSON(http.StatusOK, map[string]any{"items": out, "unread": unread})
}
