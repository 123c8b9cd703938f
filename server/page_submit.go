package server

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
)

// checkAnswers is the "check your answers" page: every criterion's rating
// with a link to change it, what is still missing, and the declaration.
func (s *Server) checkAnswers(c echo.Context) error {
	q, err := s.loadQuestionnaire(c, actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "check", s.newPage(c, "check.title", q))
}

// submitForm is the "check your answers" page's declaration, a checkbox
// that must be ticked (the API's submit has none: a client declares by
// calling it).
type submitForm struct {
	Confirm string `form:"confirm" validate:"declared"`
}

// submitAssessment submits after the declaration is ticked; the server's
// completeness check lists every missing item with a link to it.
func (s *Server) submitAssessment(c echo.Context) error {
	ctx, a, id := c.Request().Context(), actor(c), c.Param("id")
	var in submitForm
	err := bind(c, &in)
	var verr *assessments.ValidationError
	if errors.As(err, &verr) {
		q, lerr := s.loadQuestionnaire(c, a, id)
		if lerr != nil {
			return lerr
		}
		return s.render(c, http.StatusUnprocessableEntity, "check", s.newPage(c, "check.title", q).withErrors(verr))
	}
	if err != nil {
		return err
	}
	_, err = s.svc.Submit(ctx, a, id)
	if errors.As(err, &verr) {
		q, lerr := s.loadQuestionnaire(c, a, id)
		if lerr != nil {
			return lerr
		}
		p := s.newPage(c, "check.title", q)
		for _, it := range q.Missing() {
			msg := p.T("error."+it.Missing, "Code", it.Criterion.Code)
			p.ErrorList = append(p.ErrorList, FieldError{Field: "answer-" + it.Criterion.Code, Message: it.Criterion.Code + ": " + msg})
		}
		return s.render(c, http.StatusUnprocessableEntity, "check", p)
	}
	if err != nil {
		return err
	}
	return redirect(c, "/assessments/"+id+"/submitted")
}

// submitted confirms the submission and says what happens next.
func (s *Server) submitted(c echo.Context) error {
	q, err := s.loadQuestionnaire(c, actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "submitted", s.newPage(c, "submitted.title", q))
}
