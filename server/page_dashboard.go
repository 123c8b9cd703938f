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
	// Certificate is the manager's hotline's newest certificate, if any.
	Certificate *models.Certificate
	CertStatus  string
	// UndeliveredMail counts the emails given up on (secretariat).
	UndeliveredMail int64
	// Work is the first page of the secretariat's work list.
	Work worklistData
	// Tasks are a reviewer's assignments, the late ones first.
	Tasks []assessments.ReviewerTask
	// DeadlineLate says the manager's assessment is past its deadline.
	DeadlineLate bool
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
			if data.Open, err = s.loadQuestionnaire(c, a, open.ID); err != nil {
				return err
			}
			data.DeadlineLate = s.svc.DeadlineLate(data.Open.Assessment)
		}
		certs, _, err := s.svc.ListCertificates(ctx, a, assessments.Page{Size: 1})
		if err != nil {
			return err
		}
		if len(certs) > 0 {
			data.Certificate, data.CertStatus = &certs[0], s.svc.CertificateStatus(&certs[0])
		}
	case models.RoleReviewer:
		tasks, err := s.svc.ReviewerTasks(ctx, a)
		if err != nil {
			return err
		}
		data.Tasks = tasks
	case models.RoleSecretariat:
		counts, err := s.svc.CountNetwork(ctx, a)
		if err != nil {
			return err
		}
		data.Counts = counts
		wl, err := s.svc.Worklist(ctx, a)
		if err != nil {
			return err
		}
		data.Work = worklistView(c, wl, assessments.Page{Number: 1, Size: worklistPageSize}, false)
		if data.UndeliveredMail, err = s.svc.CountUndeliveredMail(ctx, a); err != nil {
			return err
		}
	}
	return s.render(c, http.StatusOK, "dashboard", s.newPage(c, "dashboard.title", data))
}
