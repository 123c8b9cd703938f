package server

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
)

type decisionData struct {
	Con *assessments.Consolidation
	In  assessments.DecisionInput
	// Replies is the hotline's right of reply (issue 16): while open, the
	// decision waits.
	Replies *assessments.ReplyWindow
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
	w, err := s.svc.ReplyWindowOf(c.Request().Context(), actor(c), con.Q.Assessment.ID)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "decision", s.newPage(c, "decision.title", decisionData{Con: con, In: in, Replies: w}))
}

// decide records the decision; a departure from the proposal needs a
// reason, and the page keeps everything typed on any error.
func (s *Server) decide(c echo.Context) error {
	ctx, a, id := c.Request().Context(), actor(c), c.Param("id")
	var f decisionForm
	if err := bind(c, &f); err != nil {
		return err
	}
	in := f.input()
	_, cert, err := s.svc.Decide(ctx, a, id, in)
	var verr *assessments.ValidationError
	var conflict *assessments.ConflictError
	status := http.StatusUnprocessableEntity
	if errors.As(err, &conflict) && conflict.Key == "error.decision_waits_for_reply" {
		// The hotline may still reply: the page says so, on the replies.
		verr, status = &assessments.ValidationError{}, http.StatusConflict
		verr.Add("replies", conflict.Key, nil)
	}
	if verr != nil || errors.As(err, &verr) {
		con, lerr := s.svc.LoadConsolidation(ctx, a, id)
		if lerr != nil {
			return lerr
		}
		w, lerr := s.svc.ReplyWindowOf(ctx, a, id)
		if lerr != nil {
			return lerr
		}
		p := s.newPage(c, "decision.title", decisionData{Con: con, In: in, Replies: w}).withErrors(verr, "outcome", "rationale", "departure_reason", "conditions")
		for i := range p.ErrorList {
			if n, ok := conditionIndex(p.ErrorList[i].Field); ok {
				p.ErrorList[i].Field = "condition_text-" + strconv.Itoa(n)
			}
		}
		return s.render(c, status, "decision", p)
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

// decisionForm is the decision page's form: the conditions come as rows
// of two columns, a text and a due date.
type decisionForm struct {
	Outcome         string   `form:"outcome"`
	Rationale       string   `form:"rationale"`
	DepartureReason string   `form:"departure_reason"`
	ConditionTexts  []string `form:"condition_text,rows"`
	ConditionDates  []string `form:"condition_deadline,rows"`
}

// input is the domain's decision from the form's rows.
func (f decisionForm) input() assessments.DecisionInput {
	return assessments.DecisionInput{Outcome: f.Outcome, Rationale: f.Rationale, DepartureReason: f.DepartureReason,
		Conditions: conditionRows(f.ConditionTexts, f.ConditionDates)}
}

// conditionRows pairs the condition rows of a decision form (the decision
// page's and an appeal's): each text with the due date beside it.
func conditionRows(texts, dates []string) []assessments.ConditionInput {
	var out []assessments.ConditionInput
	for i, text := range texts {
		due := ""
		if i < len(dates) {
			due = dates[i]
		}
		out = append(out, assessments.ConditionInput{Text: text, Deadline: due})
	}
	return out
}
