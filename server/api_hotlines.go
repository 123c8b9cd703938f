package server

import (
	"net/http"
	"strconv"

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

// apiHotlines lists the hotlines the caller may see (a manager: their own).
func (s *Server) apiHotlines(c echo.Context) error {
	n, _ := strconv.Atoi(c.QueryParam("page"))
	size, _ := strconv.Atoi(c.QueryParam("per_page"))
	q := assessments.HotlineQuery{Search: c.QueryParam("q"), Country: c.QueryParam("country"), Page: assessments.Page{Number: n, Size: max(size, 100)}}
	items, total, err := s.svc.ListHotlines(c.Request().Context(), actor(c), q)
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
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	h, err := s.svc.CreateHotline(c.Request().Context(), actor(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, hotlineFrom(h))
}

type hotlineUpdateRequest struct {
	assessments.HotlineInput
	Version int `json:"version"`
}

// apiUpdateHotline changes a hotline's profile; version must be the one
// last read (409 when stale).
func (s *Server) apiUpdateHotline(c echo.Context) error {
	var req hotlineUpdateRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	h, err := s.svc.UpdateHotline(c.Request().Context(), actor(c), c.Param("id"), req.Version, req.HotlineInput)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, hotlineFrom(h))
}
