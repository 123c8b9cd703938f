package server

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
	"hotlineportal/models"
)

// hotlineFormData is the hotline form: the values typed (kept on error),
// the version edited, and whether name and country may change.
type hotlineFormData struct {
	ID       string
	Version  int
	Input    assessments.HotlineInput
	Identity bool // name, English name and country editable (secretariat)
	Stale    bool
	Current  *models.Hotline // the newer saved profile, after a stale save
}

var hotlineFieldOrder = []string{"name", "english_name", "country", "channels", "languages", "opening_hours", "website_url", "chat_url"}

// hotlineNewForm shows an empty hotline form.
func (s *Server) hotlineNewForm(c echo.Context) error {
	data := hotlineFormData{Identity: true, Input: assessments.HotlineInput{Channels: []string{"phone"}}}
	return s.render(c, http.StatusOK, "hotline_form", s.newPage(c, "hotline.new.title", data))
}

// hotlineCreate adds a hotline, or shows the form again with what is
// wrong and everything typed kept.
func (s *Server) hotlineCreate(c echo.Context) error {
	var in assessments.HotlineInput
	if err := bind(c, &in); err != nil {
		return err
	}
	h, err := s.svc.CreateHotline(c.Request().Context(), actor(c), in)
	var verr *assessments.ValidationError
	if errors.As(err, &verr) {
		p := s.newPage(c, "hotline.new.title", hotlineFormData{Identity: true, Input: in}).withErrors(verr, hotlineFieldOrder...)
		return s.render(c, http.StatusUnprocessableEntity, "hotline_form", p)
	}
	if err != nil {
		return err
	}
	s.flash(c, "flash.hotline_created", h.Name)
	return redirect(c, "/hotlines/"+h.ID)
}

// hotlineEditForm shows a hotline's profile for editing.
func (s *Server) hotlineEditForm(c echo.Context) error {
	a := actor(c)
	h, err := s.svc.GetHotline(c.Request().Context(), a, c.Param("id"))
	if err != nil {
		return err
	}
	data := hotlineFormData{ID: h.ID, Version: h.Version, Input: assessments.HotlineInputFrom(h), Identity: a.Is(models.RoleSecretariat)}
	return s.render(c, http.StatusOK, "hotline_form", s.newPage(c, "hotline.edit.title", data))
}

// hotlineUpdate saves a hotline's profile. A stale version (someone saved
// in between) keeps the typed values on screen and says so.
func (s *Server) hotlineUpdate(c echo.Context) error {
	a, id := actor(c), c.Param("id")
	var req hotlineUpdateRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	h, err := s.svc.UpdateHotline(c.Request().Context(), a, id, req.Version, req.HotlineInput)
	data := hotlineFormData{ID: id, Version: req.Version, Input: req.HotlineInput, Identity: a.Is(models.RoleSecretariat)}
	var verr *assessments.ValidationError
	switch {
	case errors.As(err, &verr):
		p := s.newPage(c, "hotline.edit.title", data).withErrors(verr, hotlineFieldOrder...)
		return s.render(c, http.StatusUnprocessableEntity, "hotline_form", p)
	case errors.Is(err, assessments.ErrStale):
		current, gerr := s.svc.GetHotline(c.Request().Context(), a, id)
		if gerr != nil {
			return gerr
		}
		data.Stale, data.Version, data.Current = true, current.Version, current
		return s.render(c, http.StatusConflict, "hotline_form", s.newPage(c, "hotline.edit.title", data))
	case err != nil:
		return err
	}
	s.flash(c, "flash.hotline_saved", h.Name)
	return redirect(c, "/hotlines/"+h.ID)
}
