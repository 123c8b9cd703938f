package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
	"hotlineportal/models"
)

// hotlineJSON is a hotline as the API shows it; channels is always a list.
type hotlineJSON struct {
	ID           string   `json:"id"`
	Name         string   `json:"name"`
	EnglishName  string   `json:"english_name"`
	Country      string   `json:"country"`
	Channels     []string `json:"channels"`
	Languages    []string `json:"languages"`
	OpeningHours string   `json:"opening_hours"`
	WebsiteURL   string   `json:"website_url"`
	ChatURL      string   `json:"chat_url"`
	Disabled     bool     `json:"disabled"`
	Version      int      `json:"version"`
}

func hotlineFrom(h *models.Hotline) hotlineJSON {
	return hotlineJSON{
		ID: h.ID, Name: h.Name, EnglishName: h.EnglishName, Country: h.Country,
		Channels: append([]string{}, h.Channels...), Languages: append([]string{}, h.Languages...),
		OpeningHours: h.OpeningHours, WebsiteURL: h.WebsiteURL, ChatURL: h.ChatURL, Disabled: h.Disabled, Version: h.Version,
	}
}

// hotlineFilter is the query string of the hotline lists, page and API.
type hotlineFilter struct {
	Search  string `query:"q"`
	Country string `query:"country"`
	Sort    string `query:"sort"`
	Page    int    `query:"page"`
}

func (f hotlineFilter) query(size int) assessments.HotlineQuery {
	return assessments.HotlineQuery{Search: f.Search, Country: f.Country, Sort: f.Sort, Page: assessments.Page{Number: max(f.Page, 1), Size: size}}
}

// apiHotlines lists the hotlines the caller may see (a manager: their own),
// 100 a page.
func (s *Server) apiHotlines(c echo.Context) error {
	var f hotlineFilter
	if err := bind(c, &f); err != nil {
		return err
	}
	items, total, err := s.svc.ListHotlines(c.Request().Context(), actor(c), f.query(100))
	if err != nil {
		return err
	}
	out := make([]hotlineJSON, 0, len(items))
	for i := range items {
		out = append(out, hotlineFrom(&items[i]))
	}
	return c.JSON(http.StatusOK, map[string]any{"items": out, "total": total})
}

// apiHotline shows one hotline.
func (s *Server) apiHotline(c echo.Context) error {
	h, err := s.svc.GetHotline(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, hotlineFrom(h))
}

// apiCreateHotline adds a hotline.
func (s *Server) apiCreateHotline(c echo.Context) error {
	var in assessments.HotlineInput
	if err := bind(c, &in); err != nil {
		return err
	}
	h, err := s.svc.CreateHotline(c.Request().Context(), actor(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, hotlineFrom(h))
}

// hotlineUpdateRequest is a hotline's profile with the version it was
// edited from, in the API and the page's form alike. The domain checks the
// profile (UpdateHotline), so the binder leaves it alone.
type hotlineUpdateRequest struct {
	assessments.HotlineInput `validate:"-"`
	Version                  int `json:"version" form:"version"`
}

// apiUpdateHotline changes a hotline's profile; version must be the one
// last read (409 when stale).
func (s *Server) apiUpdateHotline(c echo.Context) error {
	var req hotlineUpdateRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	h, err := s.svc.UpdateHotline(c.Request().Context(), actor(c), c.Param("id"), req.Version, req.HotlineInput)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, hotlineFrom(h))
}

// apiSetHotlineDisabled disables or re-enables a hotline (secretariat), as
// the hotline page does, and answers it as it is now.
func (s *Server) apiSetHotlineDisabled(disabled bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx, a, id := c.Request().Context(), actor(c), c.Param("id")
		if err := s.svc.SetHotlineDisabled(ctx, a, id, disabled); err != nil {
			return err
		}
		h, err := s.svc.GetHotline(ctx, a, id)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, hotlineFrom(h))
	}
}
