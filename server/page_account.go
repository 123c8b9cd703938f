package server

import (
	"errors"
	"hotlineportal/assessments"
	"hotlineportal/models"
	"net/http"

	"github.com/labstack/echo/v4"
)

type accountData struct {
	Hotline   *models.Hotline
	Conflicts []models.Conflict
	Hotlines  []models.Hotline
	HotlineID string
	Reason    string
	// Requests are the person's data requests, Request the one being
	// typed (issue 16).
	Requests []models.DataRequest
	Request  assessments.DataRequestInput
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
	requests, err := s.svc.MyDataRequests(ctx, a)
	if err != nil {
		return err
	}
	d.Requests = requests
	p := s.newPage(c, "account.title", d)
	if verr != nil {
		p.withErrors(verr, "hotline_id", "reason", "kind", "details")
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
	_, err := s.svc.DeclareConflict(c.Request().Context(), a, a.User.ID, in.HotlineID, in.Reason)
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
