package server

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
	"hotlineportal/models"
)

// appealListData is the appeals list: a page of appeals, the status
// filter (the secretariat's) and the pager.
type appealListData struct {
	Items    []models.Appeal
	Status   string
	Statuses []string
	Pager    Pager
}

// appealList lists the appeals the user may see: all for the
// secretariat (filtered by status), their hotline's for a manager, those
// they sit on for a reviewer.
func (s *Server) appealList(c echo.Context) error {
	var f appealFilter
	if err := bind(c, &f); err != nil {
		return err
	}
	page := assessments.Page{Number: max(f.Page, 1), Size: pageSize}
	items, total, err := s.svc.ListAppeals(c.Request().Context(), actor(c), f.Status, page)
	if err != nil {
		return err
	}
	d := appealListData{Items: items, Status: f.Status, Pager: newPager(c, page, total), Statuses: []string{
		models.AppealLodged, models.AppealPanel, models.AppealWithdrawn, models.AppealUpheld, models.AppealOverturned,
	}}
	if !has(d.Statuses, d.Status) {
		d.Status = ""
	}
	return s.render(c, http.StatusOK, "appeals", s.newPage(c, "appeals.title", d))
}

// appealLodgeData is the lodge form: the decision, the window and what
// was typed.
type appealLodgeData struct {
	W       *assessments.AppealWindow
	Grounds string
}

// appealLodgeForm is the hotline manager's form to appeal a decision,
// with the deadline (or why it cannot be appealed now).
func (s *Server) appealLodgeForm(c echo.Context) error {
	w, err := s.svc.AppealWindowOf(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "appeal_lodge", s.newPage(c, "appeal.lodge.title", appealLodgeData{W: w}))
}

// appealLodge lodges the appeal and opens its page, where evidence can be
// attached; missing grounds show the form again with what was typed.
func (s *Server) appealLodge(c echo.Context) error {
	var f struct {
		Grounds string `form:"grounds"`
	}
	if err := bind(c, &f); err != nil {
		return err
	}
	ctx, a, id := c.Request().Context(), actor(c), c.Param("id")
	ap, err := s.svc.LodgeAppeal(ctx, a, id, f.Grounds)
	var verr *assessments.ValidationError
	if errors.As(err, &verr) {
		w, lerr := s.svc.AppealWindowOf(ctx, a, id)
		if lerr != nil {
			return lerr
		}
		p := s.newPage(c, "appeal.lodge.title", appealLodgeData{W: w, Grounds: f.Grounds}).withErrors(verr, "grounds")
		return s.render(c, http.StatusUnprocessableEntity, "appeal_lodge", p)
	}
	if err != nil {
		return err
	}
	s.flash(c, "flash.appeal.lodged", "")
	return redirect(c, "/appeals/"+ap.ID)
}

// appealWithdrawConfirm asks the manager before withdrawing, naming the
// appeal.
func (s *Server) appealWithdrawConfirm(c echo.Context) error {
	d, err := s.svc.GetAppeal(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	if !d.Appeal.Open() {
		return assessments.Conflict("error.appeal.closed")
	}
	return s.render(c, http.StatusOK, "appeal_withdraw", s.newPage(c, "appeal.withdraw.title", d))
}

// appealWithdraw withdraws the appeal and goes back to its page.
func (s *Server) appealWithdraw(c echo.Context) error {
	ap, err := s.svc.WithdrawAppeal(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	s.flash(c, "flash.appeal.withdrawn", "")
	return redirect(c, "/appeals/"+ap.ID)
}

// has tells whether list holds v.
func has(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
