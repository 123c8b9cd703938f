package server

import (
	"errors"
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
	// Overdue are conditions past their deadline (secretariat).
	Overdue []models.Condition
	// Certificate is the manager's hotline's newest certificate, if any.
	Certificate *models.Certificate
	CertStatus  string
	// UndeliveredMail counts the emails given up on (secretariat).
	UndeliveredMail int64
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
		certs, _, err := s.svc.ListCertificates(ctx, a, assessments.Page{Size: 1})
		if err != nil {
			return err
		}
		if len(certs) > 0 {
			data.Certificate, data.CertStatus = &certs[0], s.svc.CertificateStatus(&certs[0])
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
		if data.Overdue, err = s.svc.OverdueConditions(ctx, a); err != nil {
			return err
		}
		if data.UndeliveredMail, err = s.svc.CountUndeliveredMail(ctx, a); err != nil {
			return err
		}
	}
	return s.render(c, http.StatusOK, "dashboard", s.newPage(c, "dashboard.title", data))
}

type accountData struct {
	Hotline   *models.Hotline
	Conflicts []models.Conflict
	Hotlines  []models.Hotline
	HotlineID string
	Reason    string
}

// account shows the signed-in person's own details and settings, and for
// a reviewer the declared conflicts of interest.
func (s *Server) account(c echo.Context) error {
	return s.renderAccount(c, http.StatusOK, accountData{}, nil)
}

func (s *Server) renderAccount(c echo.Context, status int, d accountData, verr *assessments.ValidationError) error {
	ctx, a, u := c.Request().Context(), actor(c), currentUser(c)
	if u.HotlineID != nil {
		h, err := s.svc.GetHotline(ctx, a, *u.HotlineID)
		if err != nil {
			return err
		}
		d.Hotline = h
	}
	if u.Role == models.RoleReviewer {
		var err error
		if d.Conflicts, err = s.svc.Conflicts(ctx, a, u.ID); err != nil {
			return err
		}
		if d.Hotlines, err = s.svc.HotlineChoices(ctx, a); err != nil {
			return err
		}
	}
	p := s.newPage(c, "account.title", d)
	if verr != nil {
		p.withErrors(verr, "hotline_id", "reason")
	}
	return s.render(c, status, "account", p)
}

// conflictForm is a reviewer's declaration of a conflict of interest with
// a hotline.
type conflictForm struct {
	HotlineID string `form:"hotline_id"`
	Reason    string `form:"reason"`
}

// conflictDeclare records the reviewer's own conflict of interest.
func (s *Server) conflictDeclare(c echo.Context) error {
	a := actor(c)
	var in conflictForm
	if err := bind(c, &in); err != nil {
		return err
	}
	d := accountData{HotlineID: in.HotlineID, Reason: in.Reason}
	err := s.svc.DeclareConflict(c.Request().Context(), a, a.User.ID, in.HotlineID, in.Reason)
	var verr *assessments.ValidationError
	if errors.As(err, &verr) {
		return s.renderAccount(c, http.StatusUnprocessableEntity, d, verr)
	}
	if err != nil {
		return err
	}
	s.flash(c, "flash.conflict_declared", "")
	return redirect(c, "/account#conflicts")
}

// conflictRemove withdraws one of the reviewer's conflicts.
func (s *Server) conflictRemove(c echo.Context) error {
	if err := s.svc.RemoveConflict(c.Request().Context(), actor(c), c.Param("id")); err != nil {
		return err
	}
	s.flash(c, "flash.conflict_removed", "")
	return redirect(c, "/account#conflicts")
}
