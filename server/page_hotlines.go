package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"hotlineportal/models"
)

type hotlineListData struct {
	Items   []models.Hotline
	Search  string
	Country string
	Pager   Pager
}

// hotlineList lists hotlines with search (any script, any case), a
// country filter, sorting and pagination.
func (s *Server) hotlineList(c echo.Context) error {
	var f hotlineFilter
	if err := bind(c, &f); err != nil {
		return err
	}
	q := f.query(pageSize)
	items, total, err := s.svc.ListHotlines(c.Request().Context(), actor(c), q)
	if err != nil {
		return err
	}
	data := hotlineListData{Items: items, Search: q.Search, Country: q.Country, Pager: newPager(c, q.Page, total)}
	return s.render(c, http.StatusOK, "hotlines", s.newPage(c, "hotlines.title", data))
}

type hotlineShowData struct {
	Hotline  *models.Hotline
	Managers []models.User
}

// hotlineShow shows one hotline's profile (and its managers to the
// secretariat).
func (s *Server) hotlineShow(c echo.Context) error {
	ctx, a := c.Request().Context(), actor(c)
	h, err := s.svc.GetHotline(ctx, a, c.Param("id"))
	if err != nil {
		return err
	}
	data := hotlineShowData{Hotline: h}
	if a.Is(models.RoleSecretariat) {
		if data.Managers, err = s.svc.HotlineManagers(ctx, a, h.ID); err != nil {
			return err
		}
	}
	p := s.newPage(c, "", data)
	p.Title = h.Name
	return s.render(c, http.StatusOK, "hotline", p)
}

// hotlineDisableConfirm asks before disabling, naming the hotline.
func (s *Server) hotlineDisableConfirm(c echo.Context) error {
	h, err := s.svc.GetHotline(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "hotline_disable", s.newPage(c, "hotline.disable.title", h))
}

// hotlineDisable disables a hotline after confirmation.
func (s *Server) hotlineDisable(c echo.Context) error {
	return s.setHotlineDisabled(c, true, "flash.hotline_disabled")
}

// hotlineEnable re-enables a hotline.
func (s *Server) hotlineEnable(c echo.Context) error {
	return s.setHotlineDisabled(c, false, "flash.hotline_enabled")
}

func (s *Server) setHotlineDisabled(c echo.Context, disabled bool, flashKey string) error {
	ctx, a, id := c.Request().Context(), actor(c), c.Param("id")
	if err := s.svc.SetHotlineDisabled(ctx, a, id, disabled); err != nil {
		return err
	}
	h, err := s.svc.GetHotline(ctx, a, id)
	if err != nil {
		return err
	}
	s.flash(c, flashKey, h.Name)
	return redirect(c, "/hotlines/"+id)
}
