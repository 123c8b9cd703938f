package server

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
	"hotlineportal/models"
)

// dataRequestsData is the secretariat's list of requests, or one request
// with the form that answers it (Request set).
type dataRequestsData struct {
	Items    []models.DataRequest
	Status   string
	Statuses []models.DataRequestStatus
	Pager    Pager
	Request  *models.DataRequest
	Answer   assessments.CloseDataRequestInput
}

// dataRequestList lists people's requests with a status filter and
// pages; open ones first by age.
func (s *Server) dataRequestList(c echo.Context) error {
	var f dataRequestFilter
	if err := bind(c, &f); err != nil {
		return err
	}
	q := f.query(pageSize)
	items, total, err := s.svc.ListDataRequests(c.Request().Context(), actor(c), q)
	if err != nil {
		return err
	}
	data := dataRequestsData{Items: items, Status: f.Status, Statuses: models.DataRequestStatuses, Pager: newPager(c, q.Page, total)}
	return s.render(c, http.StatusOK, "data_requests", s.newPage(c, "data_requests.title", data))
}

// dataRequestShow shows one request and, while it is open, the form that
// answers it.
func (s *Server) dataRequestShow(c echo.Context) error {
	return s.renderDataRequest(c, http.StatusOK, assessments.CloseDataRequestInput{}, nil)
}

func (s *Server) renderDataRequest(c echo.Context, status int, in assessments.CloseDataRequestInput, verr *assessments.ValidationError) error {
	r, err := s.svc.GetDataRequest(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	p := s.newPage(c, "data_requests.show.title", dataRequestsData{Request: r, Answer: in})
	if verr != nil {
		p.withErrors(verr, "status", "response")
	}
	return s.render(c, status, "data_requests", p)
}

// dataRequestClose records the secretariat's answer; the person is told.
func (s *Server) dataRequestClose(c echo.Context) error {
	var in assessments.CloseDataRequestInput
	if err := bind(c, &in); err != nil {
		return err
	}
	r, err := s.svc.CloseDataRequest(c.Request().Context(), actor(c), c.Param("id"), in)
	var verr *assessments.ValidationError
	if errors.As(err, &verr) {
		return s.renderDataRequest(c, http.StatusUnprocessableEntity, in, verr)
	}
	if err != nil {
		return err
	}
	s.flash(c, "flash.data_request_closed", "")
	return redirect(c, "/data-requests/"+r.ID)
}
