package server

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
	"hotlineportal/assessments/evidence"
	"hotlineportal/models"
)

// evidenceUpload attaches a file or a link from the question page; an
// error shows the page again, saying what is wrong.
func (s *Server) evidenceUpload(c echo.Context) error {
	e, err := s.addEvidence(c, c.Param("code"))
	if err != nil {
		return s.evidenceFailed(c, err)
	}
	key := "flash.evidence_added"
	if e.Kind == models.EvidenceLink {
		key = "flash.link_added"
	}
	s.flash(c, key, e.Filename)
	return redirect(c, "/assessments/"+c.Param("id")+"/criteria/"+c.Param("code")+"#evidence")
}

// evidenceFailed shows the question page with the upload's problem on the
// file (or link) field, with the status the API would give.
func (s *Server) evidenceFailed(c echo.Context, err error) error {
	status, fe, ok := s.uploadFieldError(c, err)
	if !ok {
		return err
	}
	q, it, lerr := s.loadItem(c)
	if lerr != nil {
		return lerr
	}
	d := questionData{Narrative: it.Answer.Narrative, Version: it.Answer.Version}
	if it.Answer.Level != nil {
		d.Level = *it.Answer.Level
	}
	return s.questionPage(c, status, q, it, d, fe)
}

// uploadFieldError turns an upload's refusal into the form's file field
// error, with the status the API would give: its own field errors (422),
// too large (413), a type not accepted (415), the file store unreachable
// (503, try again later). ok is false for any other error, which the
// caller returns as it is.
func (s *Server) uploadFieldError(c echo.Context, err error) (status int, fe *assessments.ValidationError, ok bool) {
	var (
		verr  *assessments.ValidationError
		large *assessments.ErrTooLarge
	)
	fe = &assessments.ValidationError{}
	switch {
	case errors.As(err, &verr):
		return http.StatusUnprocessableEntity, verr, true
	case errors.As(err, &large):
		fe.Add("file", large.Key, large.Data)
		return http.StatusRequestEntityTooLarge, fe, true
	case errors.Is(err, echo.ErrStatusRequestEntityTooLarge):
		// The body limit stopped the upload before the domain saw it.
		fe.Add("file", "error.evidence_too_large", map[string]any{"MB": s.cfg.MaxUploadMB})
		return http.StatusRequestEntityTooLarge, fe, true
	case errors.Is(err, assessments.ErrUnsupportedType):
		fe.Add("file", "error.evidence_type", nil)
		return http.StatusUnsupportedMediaType, fe, true
	case errors.Is(err, evidence.ErrUnavailable):
		fe.Add("file", "error.files_unavailable", nil)
		c.Response().Header().Set("Retry-After", strconv.Itoa(filesRetryAfter))
		return http.StatusServiceUnavailable, fe, true
	}
	return 0, nil, false
}

// evidenceDownload sends a file to someone who may see its assessment.
func (s *Server) evidenceDownload(c echo.Context) error {
	return s.downloadEvidence(c)
}

// evidenceRemoveConfirm asks before removing, naming the file or link.
func (s *Server) evidenceRemoveConfirm(c echo.Context) error {
	e, err := s.svc.GetEvidence(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "evidence_remove", s.newPage(c, "evidence.remove.title", e))
}

// evidenceRemove deletes the evidence and goes back to its question.
func (s *Server) evidenceRemove(c echo.Context) error {
	e, err := s.svc.RemoveEvidence(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	s.flash(c, "flash.evidence_removed", e.Filename)
	return redirect(c, "/assessments/"+e.AssessmentID+"/criteria/"+e.Criterion+"#evidence")
}
