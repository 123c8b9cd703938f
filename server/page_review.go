package server

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
	"hotlineportal/models"
)

// reviewWorkspace is a reviewer's task list for an assessment; on first
// opening it asks for the conflict-of-interest declaration.
func (s *Server) reviewWorkspace(c echo.Context) error {
	w, err := s.svc.LoadWorkspace(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	p := s.newPage(c, "", w)
	p.Title = p.T("review.title", "Hotline", w.Q.Hotline.Name)
	if w.Assignment.Status == models.AssignmentPending {
		return s.render(c, http.StatusOK, "review_declare", p)
	}
	return s.render(c, http.StatusOK, "review", p)
}

// declarationForm is the conflict-of-interest declaration as the page's
// radios send it: decision=accept, or decline with a reason.
type declarationForm struct {
	Decision string `form:"decision"`
	Reason   string `form:"reason"`
}

// reviewRespond records the declaration: no conflict, or decline.
func (s *Server) reviewRespond(c echo.Context) error {
	ctx, a, id := c.Request().Context(), actor(c), c.Param("id")
	var in declarationForm
	if err := bind(c, &in); err != nil {
		return err
	}
	accept := in.Decision == "accept"
	err := s.svc.RespondToAssignment(ctx, a, id, accept, in.Reason)
	var verr *assessments.ValidationError
	if errors.As(err, &verr) {
		w, lerr := s.svc.LoadWorkspace(ctx, a, id)
		if lerr != nil {
			return lerr
		}
		p := s.newPage(c, "", w).withErrors(verr, "reason")
		p.Title = p.T("review.title", "Hotline", w.Q.Hotline.Name)
		return s.render(c, http.StatusUnprocessableEntity, "review_declare", p)
	}
	if err != nil {
		return err
	}
	if !accept {
		s.flash(c, "flash.assignment_declined", "")
		return redirect(c, "/dashboard")
	}
	return redirect(c, "/assessments/"+id+"/review")
}

// scoreData is one criterion's scoring page.
type scoreData struct {
	W       *assessments.Workspace
	It      *assessments.WorkspaceItem
	Score   string // "0".."4", "na" or ""
	Comment string
	Version int
	Stale   *assessments.StaleScoreError
	Next    *assessments.WorkspaceItem
	Reason  string
}

func (s *Server) scorePage(c echo.Context, status int, d scoreData, verr *assessments.ValidationError) error {
	if !d.It.Item.Applicable {
		d.Reason = notApplicableReason(localizer(c), d.It.Item)
	}
	return s.renderCriterion(c, status, "score", d.It.Item.Criterion, d, verr, "score", "comment")
}

func (s *Server) loadScoreItem(c echo.Context) (*assessments.Workspace, *assessments.WorkspaceItem, error) {
	w, err := s.svc.LoadWorkspace(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return nil, nil, err
	}
	it, ok := w.Item(c.Param("code"))
	if !ok {
		return nil, nil, assessments.ErrNotFound
	}
	return w, it, nil
}

// scoreShow shows a criterion with the manager's answer, what changed, the
// thread and the scoring form.
func (s *Server) scoreShow(c echo.Context) error {
	w, it, err := s.loadScoreItem(c)
	if err != nil {
		return err
	}
	if w.Assignment.Status == models.AssignmentPending {
		return redirect(c, "/assessments/"+c.Param("id")+"/review")
	}
	d := scoreData{W: w, It: it, Next: w.NextUnscored(it.Item.Criterion.Code)}
	if it.Mine != nil {
		d.Score, d.Comment, d.Version = scoreValue(it.Mine.Score), it.Mine.Comment, it.Mine.Version
	}
	return s.scorePage(c, http.StatusOK, d, nil)
}

func scoreValue(v *int) string {
	if v == nil {
		return "na"
	}
	return strconv.Itoa(*v)
}

// scoreSave saves a score without JavaScript and moves on.
func (s *Server) scoreSave(c echo.Context) error {
	ctx, a, id, code := c.Request().Context(), actor(c), c.Param("id"), c.Param("code")
	var f scoreForm
	if err := bind(c, &f); err != nil {
		return err
	}
	d := scoreData{Score: f.Score, Comment: f.Comment, Version: f.Version}
	in, err := f.input()
	if err == nil {
		_, err = s.svc.SaveScore(ctx, a, id, code, in)
	}
	var verr *assessments.ValidationError
	var stale *assessments.StaleScoreError
	switch {
	case errors.As(err, &verr), errors.As(err, &stale):
		w, it, lerr := s.loadScoreItem(c)
		if lerr != nil {
			return lerr
		}
		d.W, d.It, d.Next = w, it, w.NextUnscored(code)
		if stale != nil {
			d.Stale, d.Version = stale, stale.Current.Version
			return s.scorePage(c, http.StatusConflict, d, nil)
		}
		return s.scorePage(c, http.StatusUnprocessableEntity, d, verr)
	case err != nil:
		return err
	}
	s.flash(c, "flash.score_saved", code)
	w, err := s.svc.LoadWorkspace(ctx, a, id)
	if err != nil {
		return err
	}
	if next := w.NextUnscored(code); next != nil && f.Action == "continue" {
		return redirect(c, "/assessments/"+id+"/review/criteria/"+next.Item.Criterion.Code)
	}
	return redirect(c, "/assessments/"+id+"/review")
}

// scoreForm is the score page's form: the score as its radios send it,
// "0" to "4", "na" for not applicable, nothing when none is chosen (which
// the domain refuses: a score must be present).
type scoreForm struct {
	Score   string `form:"score"`
	Comment string `form:"comment"`
	Version int    `form:"version"`
	Action  string `form:"action"`
}

// input reads the radios into the domain's score; a value no radio sends
// is out of range.
func (f scoreForm) input() (assessments.ScoreInput, error) {
	in := assessments.ScoreInput{Comment: f.Comment, Version: &f.Version}
	switch f.Score {
	case "na":
		in.NA = true
	case "":
	default:
		n, err := strconv.Atoi(f.Score)
		if err != nil {
			return in, assessments.Invalid("score", "error.score_range")
		}
		in.Score = &n
	}
	return in, nil
}

// clarificationForm lets a reviewer or the secretariat pick criteria and
// write a message.
func (s *Server) clarificationForm(c echo.Context) error {
	var sel clarificationQuery
	if err := bind(c, &sel); err != nil {
		return err
	}
	q, err := s.loadQuestionnaire(c, actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "clarification", s.newPage(c, "clarification.title", map[string]any{"Q": q, "Selected": sel.Criteria, "Message": ""}))
}

// clarificationQuery preselects criteria on the clarification form
// (?criteria=GOV-01&criteria=...).
type clarificationQuery struct {
	Criteria []string `query:"criteria"`
}

// clarificationSend sends the request; the manager is notified.
func (s *Server) clarificationSend(c echo.Context) error {
	ctx, a, id := c.Request().Context(), actor(c), c.Param("id")
	var in assessments.ClarificationInput
	if err := bind(c, &in); err != nil {
		return err
	}
	err := s.svc.RequestClarification(ctx, a, id, in)
	var verr *assessments.ValidationError
	if errors.As(err, &verr) {
		q, lerr := s.loadQuestionnaire(c, a, id)
		if lerr != nil {
			return lerr
		}
		p := s.newPage(c, "clarification.title", map[string]any{"Q": q, "Selected": in.Criteria, "Message": in.Message}).withErrors(verr, "criteria", "message")
		return s.render(c, http.StatusUnprocessableEntity, "clarification", p)
	}
	if err != nil {
		return err
	}
	s.flash(c, "flash.clarification_sent", "")
	if a.Is(models.RoleReviewer) {
		return redirect(c, "/assessments/"+id+"/review")
	}
	return redirect(c, "/assessments/"+id)
}

// reviewSubmitForm asks for the recommendation and summary.
func (s *Server) reviewSubmitForm(c echo.Context) error {
	w, err := s.svc.LoadWorkspace(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "review_submit", s.newPage(c, "review.submit.title", map[string]any{"W": w, "In": assessments.ReviewInput{}}))
}

// reviewSubmit records the final review, or lists what is still unscored.
func (s *Server) reviewSubmit(c echo.Context) error {
	ctx, a, id := c.Request().Context(), actor(c), c.Param("id")
	var in assessments.ReviewInput
	if err := bind(c, &in); err != nil {
		return err
	}
	_, err := s.svc.SubmitReview(ctx, a, id, in)
	var verr *assessments.ValidationError
	if errors.As(err, &verr) {
		w, lerr := s.svc.LoadWorkspace(ctx, a, id)
		if lerr != nil {
			return lerr
		}
		p := s.newPage(c, "review.submit.title", map[string]any{"W": w, "In": in}).withErrors(verr, "recommendation", "summary")
		for i := range p.ErrorList {
			if _, ok := w.Item(p.ErrorList[i].Field); ok {
				p.ErrorList[i].Field = "unscored-" + p.ErrorList[i].Field
			}
		}
		return s.render(c, http.StatusUnprocessableEntity, "review_submit", p)
	}
	if err != nil {
		return err
	}
	s.flash(c, "flash.review_submitted", "")
	return redirect(c, "/assessments/"+id+"/review")
}
