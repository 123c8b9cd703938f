package server

import (
	"cmp"
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
	"hotlineportal/assessments/framework"
	"hotlineportal/models"
)

// questionData is one criterion's question page: what was typed (kept on
// any error) and, after a stale save, the newer saved answer.
type questionData struct {
	Q         *assessments.Questionnaire
	Item      *assessments.Item
	Level     string
	Narrative string
	Version   int
	// Language is the narrative's language as the form shows it.
	Language string
	Stale    *assessments.StaleAnswerError
	Reason   string
	Next     *assessments.Item
	// Thread holds the clarification requests about this criterion (not
	// reviewers' reconciliation notes, which are for them).
	Thread []models.Message
}

func (s *Server) questionPage(c echo.Context, status int, q *assessments.Questionnaire, it *assessments.Item, d questionData, verr *assessments.ValidationError) error {
	d.Q, d.Item, d.Next = q, it, q.NextAfter(it.Criterion.Code)
	thread, err := s.svc.ClarificationThread(c.Request().Context(), actor(c), q.Assessment.ID, it.Criterion.Code)
	if err != nil {
		return err
	}
	d.Thread = thread
	if !it.Applicable {
		d.Reason = notApplicableReason(localizer(c), it)
	}
	return s.renderCriterion(c, status, "question", it.Criterion, d, verr, "level", "narrative", "file", "url", "title")
}

// renderCriterion renders a one-criterion page (a question or its score),
// titled with the criterion, with a failed save's errors on fields.
func (s *Server) renderCriterion(c echo.Context, status int, name string, crit framework.Criterion, data any, verr *assessments.ValidationError, fields ...string) error {
	p := s.newPage(c, "", data)
	p.Title = crit.Code + " " + p.Text(crit.Title)
	if verr != nil {
		p.withErrors(verr, fields...)
	}
	return s.render(c, status, name, p)
}

func (s *Server) loadItem(c echo.Context) (*assessments.Questionnaire, *assessments.Item, error) {
	q, err := s.loadQuestionnaire(c, actor(c), c.Param("id"))
	if err != nil {
		return nil, nil, err
	}
	it, ok := q.Item(c.Param("code"))
	if !ok {
		return nil, nil, assessments.ErrNotFound
	}
	return q, it, nil
}

// questionShow shows one criterion: guidance, evidence expected, the
// self-rating, the narrative and the evidence.
func (s *Server) questionShow(c echo.Context) error {
	q, it, err := s.loadItem(c)
	if err != nil {
		return err
	}
	d := questionData{Narrative: it.Answer.Narrative, Version: it.Answer.Version, Language: cmp.Or(it.Answer.Language, localizer(c).Lang)}
	if it.Answer.Level != nil {
		d.Level = *it.Answer.Level
	}
	return s.questionPage(c, http.StatusOK, q, it, d, nil)
}

// answerForm is the question page's form: the answer, and the button
// pressed (action: "continue", "later", or none to stay).
type answerForm struct {
	assessments.AnswerInput `validate:"-"`
	Action                  string `form:"action"`
}

// questionSave saves an answer without JavaScript, then goes on as the
// button said: the next question, the task list, or back to this page.
func (s *Server) questionSave(c echo.Context) error {
	ctx, a := c.Request().Context(), actor(c)
	var in answerForm
	if err := bind(c, &in); err != nil {
		return err
	}
	d := questionData{Narrative: in.Narrative, Version: in.Version, Language: cmp.Or(in.Language, localizer(c).Lang)}
	if in.Level != nil {
		d.Level = *in.Level
	}
	_, err := s.svc.SaveAnswer(ctx, a, c.Param("id"), c.Param("code"), in.AnswerInput)
	var (
		verr  *assessments.ValidationError
		stale *assessments.StaleAnswerError
	)
	switch {
	case errors.As(err, &verr), errors.As(err, &stale):
		q, it, lerr := s.loadItem(c)
		if lerr != nil {
			return lerr
		}
		if stale != nil {
			d.Stale, d.Version = stale, stale.Current.Version
			return s.questionPage(c, http.StatusConflict, q, it, d, nil)
		}
		return s.questionPage(c, http.StatusUnprocessableEntity, q, it, d, verr)
	case err != nil:
		return err
	}
	return s.afterSave(c, in.Action)
}

// afterSave goes where the button pressed said, with a flash.
func (s *Server) afterSave(c echo.Context, action string) error {
	base := "/assessments/" + c.Param("id")
	code := c.Param("code")
	switch action {
	case "later":
		s.flash(c, "flash.answer_saved_later", code)
		return redirect(c, base)
	case "continue":
		q, err := s.loadQuestionnaire(c, actor(c), c.Param("id"))
		if err != nil {
			return err
		}
		s.flash(c, "flash.answer_saved", code)
		if next := q.NextAfter(code); next != nil {
			return redirect(c, base+"/criteria/"+next.Criterion.Code)
		}
		return redirect(c, base+"/check")
	}
	s.flash(c, "flash.answer_saved", code)
	return redirect(c, base+"/criteria/"+code)
}

// loadQuestionnaire loads an assessment's questionnaire with its criteria
// in the page's language where translated.
func (s *Server) loadQuestionnaire(c echo.Context, a assessments.Actor, id string) (*assessments.Questionnaire, error) {
	ctx := c.Request().Context()
	q, err := s.svc.LoadQuestionnaire(ctx, a, id)
	if err != nil {
		return nil, err
	}
	return q, s.svc.TranslateQuestionnaire(ctx, q, localizer(c).Lang)
}
