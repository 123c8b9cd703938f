package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
)

// scoreJSON is a reviewer's score of one criterion: null for N/A.
type scoreJSON struct {
	Score   *int   `json:"score"`
	Comment string `json:"comment"`
	Version int    `json:"version"`
}

// workspaceItemJSON is one criterion of the reviewer's workspace: the
// reviewer's own score (null until scored), the others' once the
// reviewer's review is in, and whether the answer changed since the
// round before.
type workspaceItemJSON struct {
	Criterion  string      `json:"criterion"`
	Applicable bool        `json:"applicable"`
	Score      *scoreJSON  `json:"score"`
	Others     []scoreJSON `json:"others"`
	Changed    bool        `json:"changed"`
}

// apiWorkspace is an assigned reviewer's workspace as JSON: what the
// review pages show around the scoring forms (independent scoring: the
// other reviewers' scores only once the caller's review is submitted).
func (s *Server) apiWorkspace(c echo.Context) error {
	w, err := s.svc.LoadWorkspace(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	items := make([]workspaceItemJSON, 0, len(w.Items))
	for _, it := range w.Items {
		items = append(items, workspaceItemFrom(it))
	}
	var review map[string]any
	if r := w.MyReview; r != nil {
		review = map[string]any{"recommendation": r.Recommendation, "summary": r.Summary, "submitted_at": rfc3339(r.SubmittedAt)}
	}
	return c.JSON(http.StatusOK, map[string]any{
		"assessment_id": w.Q.Assessment.ID, "status": w.Q.Assessment.Status, "round": w.Q.Assessment.Round,
		"assignment": map[string]any{"status": w.Assignment.Status, "due_at": optionalTime(w.Assignment.DueAt)},
		"editable":   w.Editable(), "progress": w.Progress, "others_visible": w.OthersVisible, "review": review, "criteria": items,
	})
}

func workspaceItemFrom(it *assessments.WorkspaceItem) workspaceItemJSON {
	out := workspaceItemJSON{Criterion: it.Item.Criterion.Code, Applicable: it.Item.Applicable, Others: []scoreJSON{}, Changed: it.Changed}
	if m := it.Mine; m != nil {
		out.Score = &scoreJSON{Score: m.Score, Comment: m.Comment, Version: m.Version}
	}
	for _, o := range it.Others {
		out.Others = append(out.Others, scoreJSON{Score: o.Score, Comment: o.Comment, Version: o.Version})
	}
	return out
}
