package server

import "github.com/labstack/echo/v4"

// conditionEvidence and conditionAccept track conditions from the results
// page.
func (s *Server) conditionEvidence(c echo.Context) error {
	var in noteRequest
	if err := bind(c, &in); err != nil {
		return err
	}
	cond, err := s.svc.SubmitConditionEvidence(c.Request().Context(), actor(c), c.Param("id"), in.Note)
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
