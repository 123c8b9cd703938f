package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
	"hotlineportal/assessments/messages"
	"hotlineportal/models"
)

// apiShareFindings shares a reviewed assessment's findings with its
// hotline and opens the reply window (secretariat).
func (s *Server) apiShareFindings(c echo.Context) error {
	share, err := s.svc.ShareFindings(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, shareJSON(share))
}

// apiFindings shows the findings, reviewers anonymised, with the replies
// (secretariat, or the hotline's manager once shared).
func (s *Server) apiFindings(c echo.Context) error {
	f, err := s.svc.Findings(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, findingsJSON(localizer(c), f))
}

// apiReply records the manager's reply, on a criterion or overall.
func (s *Server) apiReply(c echo.Context) error {
	var in assessments.ReplyInput
	if err := bind(c, &in); err != nil {
		return err
	}
	r, err := s.svc.Reply(c.Request().Context(), actor(c), c.Param("id"), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, replyJSON(r))
}

// shareJSON is a share as the API gives it: the window's times and state.
func shareJSON(f *models.FindingsShare) map[string]any {
	var closed any
	if f.ClosedAt != nil {
		closed = rfc3339(*f.ClosedAt)
	}
	return map[string]any{"assessment_id": f.AssessmentID, "shared_at": rfc3339(f.SharedAt), "reply_due_at": rfc3339(f.ReplyDueAt), "closed_at": closed}
}

// replyJSON is one reply; the criterion is null for an overall reply.
func replyJSON(r *models.Reply) map[string]any {
	var criterion any
	if r.Criterion != "" {
		criterion = r.Criterion
	}
	author := ""
	if r.Author != nil {
		author = r.Author.Name
	}
	return map[string]any{"id": r.ID, "criterion": criterion, "text": r.Text, "final": r.Final, "author": author, "created_at": rfc3339(r.CreatedAt)}
}

// findingsJSON is the findings with the reviewers named only "Reviewer A",
// "Reviewer B" (in the request's language), and the window.
func findingsJSON(loc *messages.Localizer, f *assessments.Findings) map[string]any {
	reviewer := func(letter string) string { return loc.T("replies.reviewer", "Letter", letter) }
	reviewerJSON := func(r assessments.ReviewerFinding) map[string]any {
		out := map[string]any{"reviewer": reviewer(r.Reviewer), "score": r.Score, "comment": r.Comment}
		if r.Level != nil {
			level, _ := r.Level.In(loc.Lang)
			out["level"] = level
		}
		return out
	}
	criteria := make([]map[string]any, 0, len(f.Criteria))
	for _, cr := range f.Criteria {
		scores := make([]map[string]any, 0, len(cr.Reviewers))
		for _, r := range cr.Reviewers {
			scores = append(scores, reviewerJSON(r))
		}
		criteria = append(criteria, map[string]any{"criterion": cr.Code, "section": cr.Section, "applicable": cr.Applicable,
			"mandatory": cr.Mandatory, "critical": cr.Critical, "consolidated": cr.Consolidated, "reviewers": scores})
	}
	reviewers, summaries := []string{}, []map[string]any{}
	for _, l := range f.Reviewers {
		reviewers = append(reviewers, reviewer(l))
	}
	for _, sm := range f.Summaries {
		summaries = append(summaries, reviewerJSON(sm))
	}
	return map[string]any{"assessment_id": f.Assessment.ID, "status": f.Assessment.Status, "reviewers": reviewers,
		"overall": f.Overall, "sections": f.Sections, "criteria": criteria, "summaries": summaries, "window": windowJSON(f.Window)}
}

// windowJSON is the reply window: null share fields before a share.
func windowJSON(w *assessments.ReplyWindow) map[string]any {
	replies := make([]map[string]any, 0, len(w.Replies))
	for i := range w.Replies {
		replies = append(replies, replyJSON(&w.Replies[i]))
	}
	out := map[string]any{"shared": w.Shared(), "open": w.Open, "shared_at": nil, "reply_due_at": nil, "closed_at": nil, "replies": replies}
	if w.Shared() {
		for k, v := range shareJSON(w.Share) {
			out[k] = v
		}
		delete(out, "assessment_id")
	}
	return out
}
