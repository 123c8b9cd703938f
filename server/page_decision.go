package server

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
	"hotlineportal/models"
)

type decisionData struct {
	Con *assessments.Consolidation
	In  assessments.DecisionInput
}

// decisionForm is the decision page, reached from the consolidation.
func (s *Server) decisionForm(c echo.Context) error {
	con, err := s.svc.LoadConsolidation(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	if err := assessments.CheckTransition(assessments.TransDecide, currentUser(c).Role, con.Q.Assessment.Status); err != nil {
		return err
	}
	in := assessments.DecisionInput{Outcome: string(con.Result.Proposed)}
	for _, code := range con.Result.Conditional {
		in.Conditions = append(in.Conditions, assessments.ConditionInput{Text: code + ": "})
	}
	in.Conditions = append(in.Conditions, assessments.ConditionInput{})
	return s.render(c, http.StatusOK, "decision", s.newPage(c, "decision.title", decisionData{Con: con, In: in}))
}

// decide records the decision; a departure from the proposal needs a
// reason, and the page keeps everything typed on any error.
func (s *Server) decide(c echo.Context) error {
	ctx, a, id := c.Request().Context(), actor(c), c.Param("id")
	in := assessments.DecisionInput{Outcome: c.FormValue("outcome"), Rationale: c.FormValue("rationale"), DepartureReason: c.FormValue("departure_reason")}
	texts, deadlines := formValues(c, "condition_text"), formValues(c, "condition_deadline")
	for i := range texts {
		d := ""
		if i < len(deadlines) {
			d = deadlines[i]
		}
		in.Conditions = append(in.Conditions, assessments.ConditionInput{Text: texts[i], Deadline: d})
	}
	_, cert, err := s.svc.Decide(ctx, a, id, in)
	var verr *assessments.ValidationError
	if errors.As(err, &verr) {
		con, lerr := s.svc.LoadConsolidation(ctx, a, id)
		if lerr != nil {
			return lerr
		}
		p := s.newPage(c, "decision.title", decisionData{Con: con, In: in}).withErrors(verr, "outcome", "rationale", "departure_reason", "conditions")
		for i := range p.ErrorList {
			if n, ok := conditionIndex(p.ErrorList[i].Field); ok {
				p.ErrorList[i].Field = "condition_text-" + strconv.Itoa(n)
			}
		}
		return s.render(c, http.StatusUnprocessableEntity, "decision", p)
	}
	if err != nil {
		return err
	}
	if cert != nil {
		s.flash(c, "flash.decided_certificate", cert.Number)
		return redirect(c, "/certificates/"+cert.Number)
	}
	s.flash(c, "flash.decided", "")
	return redirect(c, "/assessments/"+id+"/results")
}

func conditionIndex(field string) (int, bool) {
	const prefix = "conditions."
	if len(field) <= len(prefix) || field[:len(prefix)] != prefix {
		return 0, false
	}
	n, err := strconv.Atoi(field[len(prefix):])
	return n, err == nil
}

func formValues(c echo.Context, name string) []string {
	if err := c.Request().ParseForm(); err != nil {
		return nil
	}
	return c.Request().PostForm[name]
}

type resultsData struct {
	Con         *assessments.Consolidation
	Conditions  []models.Condition
	Certificate *models.Certificate
	Status      string
}

// results shows the decided assessment: the reviewers' scores and
// comments (which the manager sees only now), the conditions and the
// certificate.
func (s *Server) results(c echo.Context) error {
	ctx, a, id := c.Request().Context(), actor(c), c.Param("id")
	con, err := s.svc.LoadConsolidation(ctx, a, id)
	if err != nil {
		return err
	}
	if con.Q.Assessment.Status != models.StatusDecided {
		return assessments.ErrNotFound
	}
	d := resultsData{Con: con}
	if d.Conditions, err = s.svc.Conditions(ctx, a, id); err != nil {
		return err
	}
	if d.Certificate, err = s.svc.CertificateForAssessment(ctx, a, id); err != nil {
		return err
	}
	if d.Certificate != nil {
		d.Status = s.svc.CertificateStatus(d.Certificate)
	}
	return s.render(c, http.StatusOK, "results", s.newPage(c, "results.title", d))
}

// conditionEvidence and conditionAccept track conditions from the results
// page.
func (s *Server) conditionEvidence(c echo.Context) error {
	cond, err := s.svc.SubmitConditionEvidence(c.Request().Context(), actor(c), c.Param("id"), c.FormValue("note"))
	if err != nil {
		return err
	}
	s.flash(c, "flash.condition_submitted", "")
	return redirect(c, "/assessments/"+cond.AssessmentID+"/results#conditions")
}

func (s *Server) conditionAccept(c echo.Context) error {
	cond, err := s.svc.AcceptCondition(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	s.flash(c, "flash.condition_accepted", "")
	return redirect(c, "/assessments/"+cond.AssessmentID+"/results#conditions")
}
