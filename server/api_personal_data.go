package server

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
	"hotlineportal/models"
)

// dataRequestJSON is a request as the API shows it; the person is named
// for the secretariat.
type dataRequestJSON struct {
	ID        string     `json:"id"`
	Kind      string     `json:"kind"`
	Details   string     `json:"details"`
	Status    string     `json:"status"`
	Response  string     `json:"response"`
	CreatedAt time.Time  `json:"created_at"`
	HandledAt *time.Time `json:"handled_at"`
	User      *struct {
		ID     string `json:"id"`
		Name   string `json:"name"`
		Email  string `json:"email"`
		Erased bool   `json:"erased"`
	} `json:"user,omitempty"`
}

func dataRequestFrom(r *models.DataRequest) dataRequestJSON {
	out := dataRequestJSON{ID: r.ID, Kind: string(r.Kind), Details: r.Details, Status: string(r.Status), Response: r.Response, CreatedAt: r.CreatedAt, HandledAt: r.HandledAt}
	if r.User != nil {
		out.User = &struct {
			ID     string `json:"id"`
			Name   string `json:"name"`
			Email  string `json:"email"`
			Erased bool   `json:"erased"`
		}{r.User.ID, r.User.Name, r.User.Email, r.User.Erased()}
	}
	return out
}

// jsonOnFirstWrite sends the status and JSON content type with the first
// byte of a streamed answer, so that an error before it is still a clean
// error response.
type jsonOnFirstWrite struct {
	c           echo.Context
	disposition string
	started     bool
}

func (w *jsonOnFirstWrite) Write(b []byte) (int, error) {
	if !w.started {
		w.started = true
		h := w.c.Response().Header()
		h.Set(echo.HeaderContentType, echo.MIMEApplicationJSONCharsetUTF8)
		if w.disposition != "" {
			h.Set(echo.HeaderContentDisposition, w.disposition)
		}
		w.c.Response().WriteHeader(http.StatusOK)
	}
	return w.c.Response().Write(b)
}

// streamExport writes the caller's export, as an attachment when
// disposition is set.
func (s *Server) streamExport(c echo.Context, disposition string) error {
	w := &jsonOnFirstWrite{c: c, disposition: disposition}
	err := s.svc.ExportPersonalData(c.Request().Context(), actor(c), w)
	if err != nil && w.started {
		// The answer is under way: all that can be done is to log and stop.
		c.Logger().Error("personal data export: ", err)
		return nil
	}
	return err
}

// apiMyExport answers everything the portal holds about the caller.
func (s *Server) apiMyExport(c echo.Context) error {
	return s.streamExport(c, "")
}

// apiCreateDataRequest records the caller's request for erasure or
// correction.
func (s *Server) apiCreateDataRequest(c echo.Context) error {
	var in assessments.DataRequestInput
	if err := bind(c, &in); err != nil {
		return err
	}
	r, err := s.svc.RequestDataChange(c.Request().Context(), actor(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, dataRequestFrom(r))
}

// dataRequestFilter is the query string of the request lists.
type dataRequestFilter struct {
	Status string `query:"status"`
	Page   int    `query:"page"`
}

func (f dataRequestFilter) query(size int) assessments.DataRequestQuery {
	return assessments.DataRequestQuery{Status: f.Status, Page: assessments.Page{Number: max(f.Page, 1), Size: size}}
}

// apiDataRequests lists people's requests, 100 a page (secretariat).
func (s *Server) apiDataRequests(c echo.Context) error {
	var f dataRequestFilter
	if err := bind(c, &f); err != nil {
		return err
	}
	items, total, err := s.svc.ListDataRequests(c.Request().Context(), actor(c), f.query(100))
	if err != nil {
		return err
	}
	out := make([]dataRequestJSON, 0, len(items))
	for i := range items {
		out = append(out, dataRequestFrom(&items[i]))
	}
	return c.JSON(http.StatusOK, map[string]any{"items": out, "total": total})
}

// apiCloseDataRequest records the secretariat's answer to a request.
func (s *Server) apiCloseDataRequest(c echo.Context) error {
	var in assessments.CloseDataRequestInput
	if err := bind(c, &in); err != nil {
		return err
	}
	r, err := s.svc.CloseDataRequest(c.Request().Context(), actor(c), c.Param("id"), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, dataRequestFrom(r))
}

// apiEraseUser erases an account and answers it as it now is.
func (s *Server) apiEraseUser(c echo.Context) error {
	var in assessments.EraseInput
	if err := bind(c, &in); err != nil {
		return err
	}
	u, err := s.svc.EraseUser(c.Request().Context(), actor(c), c.Param("id"), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.userFrom(u))
}

// apiDataRequest answers one request, as the list shows it (secretariat).
func (s *Server) apiDataRequest(c echo.Context) error {
	r, err := s.svc.GetDataRequest(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, dataRequestFrom(r))
}
