package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
	"hotlineportal/models"
)

type dashboardData struct {
	Hotline *models.Hotline
	Counts  assessments.NetworkCounts
	// Open is the manager's assessment in progress, if any.
	Open *assessments.Questionnaire
	// Assigned are a reviewer's assessments.
	Assigned []models.Assessment
}

// dashboard is each role's starting page.
func (s *Server) dashboard(c echo.Context) error {
	ctx, a := c.Request().Context(), actor(c)
	var data dashboardData
	switch a.User.Role {
	case models.RoleManager:
		h, err := s.svc.GetHotline(ctx, a, *a.User.HotlineID)
		if err != nil {
			return err
		}
		data.Hotline = h
		open, err := s.svc.OpenAssessment(ctx, a)
		if err != nil {
			return err
		}
		if open != nil {
			if data.Open, err = s.svc.LoadQuestionnaire(ctx, a, open.ID); err != nil {
				return err
			}
		}
	case models.RoleReviewer:
		items, _, err := s.svc.ListAssessments(ctx, a, assessments.AssessmentQuery{Page: assessments.Page{Size: 100}})
		if err != nil {
			return err
		}
		data.Assigned = items
	case models.RoleSecretariat:
		counts, err := s.svc.CountNetwork(ctx, a)
		if err != nil {
			return err
		}
		data.Counts = counts
	}
	return s.render(c, http.StatusOK, "dashboard", s.newPage(c, "dashboard.title", data))
}

// account shows the signed-in person's own details and settings.
func (s *Server) account(c echo.Context) error {
	u := currentUser(c)
	var hotline *models.Hotline
	if u.HotlineID != nil {
		h, err := s.svc.GetHotline(c.Request().Context(), actor(c), *u.HotlineID)
		if err != nil {
			return err
		}
		hotline = h
	}
	return s.render(c, http.StatusOK, "account", s.newPage(c, "account.title", hotline))
}
