package server

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
	"hotlineportal/assessments/evidence"
)

// filesRetryAfter is when to try again, in seconds, after the file store
// could not be reached.
const filesRetryAfter = 30

// apiError is the JSON error format of api.md.
type apiError struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields"`
	// Current is the newer saved answer after a stale save.
	Current any `json:"current,omitempty"`
}

// httpFailure is an error turned into what the client is told.
type httpFailure struct {
	status     int
	code       string
	messageKey string
	data       map[string]any
	fields     map[string]assessments.FieldMessage
	current    any
	retryAfter int
	internal   bool
}

// classify maps the domain's typed errors and Echo's own to statuses: the
// one place where errors become HTTP.
func classify(err error) httpFailure {
	var (
		stale    *assessments.StaleAnswerError
		staleSc  *assessments.StaleScoreError
		large    *assessments.ErrTooLarge
		conflict *assessments.ConflictError
		invalid  *assessments.ValidationError
		limited  *assessments.RateLimitedError
		busy     *assessments.BusyError
		purged   *assessments.PurgedError
		csrf     *csrfRefused
		he       *echo.HTTPError
	)
	switch {
	case errors.As(err, &csrf):
		code := map[bool]string{true: "bad_request", false: "forbidden"}[csrf.status == http.StatusBadRequest]
		return httpFailure{status: csrf.status, code: code, messageKey: "error.page.csrf"}
	case errors.Is(err, assessments.ErrOTPRequired):
		return httpFailure{status: 401, code: "otp_required", messageKey: "error.page.otp_required"}
	case errors.Is(err, assessments.ErrTOTPEnrolmentRequired):
		return httpFailure{status: 403, code: "totp_enrolment_required", messageKey: "error.page.totp_enrolment_required"}
	case errors.As(err, &busy):
		secs := int(busy.RetryAfter.Seconds() + 0.999)
		return httpFailure{status: 503, code: "busy", messageKey: "error.page.busy", retryAfter: secs}
	case errors.Is(err, assessments.ErrNotFound):
		return httpFailure{status: 404, code: "not_found", messageKey: "error.page.not_found"}
	case errors.Is(err, assessments.ErrForbidden):
		return httpFailure{status: 403, code: "forbidden", messageKey: "error.page.forbidden"}
	case errors.Is(err, assessments.ErrUnauthenticated):
		return httpFailure{status: 401, code: "unauthorized", messageKey: "error.page.unauthorized"}
	case errors.As(err, &stale):
		cur := stale.Current
		return httpFailure{status: 409, code: "stale_version", messageKey: "error.stale_answer", current: map[string]any{
			"level": cur.Level, "narrative": cur.Narrative, "version": cur.Version,
		}}
	case errors.As(err, &staleSc):
		cur := staleSc.Current
		return httpFailure{status: 409, code: "stale_version", messageKey: "error.stale_score", current: map[string]any{
			"score": cur.Score, "comment": cur.Comment, "version": cur.Version,
		}}
	case errors.As(err, &large):
		return httpFailure{status: 413, code: "too_large", messageKey: large.Key, data: large.Data}
	case errors.Is(err, assessments.ErrUnsupportedType):
		return httpFailure{status: 415, code: "unsupported_type", messageKey: "error.evidence_type"}
	case errors.As(err, &conflict):
		return httpFailure{status: 409, code: "conflict", messageKey: conflict.Key}
	case errors.As(err, &invalid):
		return httpFailure{status: 422, code: "validation_failed", messageKey: "error.summary", fields: invalid.Fields}
	case errors.As(err, &purged):
		return httpFailure{status: 410, code: "gone", messageKey: "retention.gone.message", data: map[string]any{
			"Filename": purged.Filename, "Date": purged.PurgedAt, "Hash": purged.SHA256}}
	case errors.As(err, &limited):
		secs := int(limited.RetryAfter.Seconds() + 0.999)
		return httpFailure{status: 429, code: "rate_limited", messageKey: "error.page.rate_limited", retryAfter: secs}
	case errors.Is(err, evidence.ErrUnavailable):
		return httpFailure{status: 503, code: "unavailable", messageKey: "error.files_unavailable", retryAfter: filesRetryAfter, internal: true}
	case errors.As(err, &he):
		return classifyEcho(he)
	}
	if _, ok := storageFailure(err); ok {
		return httpFailure{status: 503, code: "unavailable", messageKey: "error.page.unavailable", retryAfter: storageRetryAfter, internal: true}
	}
	return httpFailure{status: 500, code: "internal", messageKey: "error.page.internal", internal: true}
}

func classifyEcho(he *echo.HTTPError) httpFailure {
	f := httpFailure{status: he.Code, code: "error", messageKey: "error.page.generic"}
	switch he.Code {
	case http.StatusNotFound:
		f.code, f.messageKey = "not_found", "error.page.not_found"
	case http.StatusMethodNotAllowed:
		f.code, f.messageKey = "method_not_allowed", "error.page.method_not_allowed"
	case http.StatusRequestEntityTooLarge:
		f.code, f.messageKey = "too_large", "error.page.too_large"
	case http.StatusUnsupportedMediaType:
		f.code, f.messageKey = "unsupported_type", "error.page.unsupported_type"
	case http.StatusBadRequest:
		f.code, f.messageKey = "bad_request", "error.page.bad_request"
	case http.StatusForbidden:
		f.code, f.messageKey = "forbidden", "error.page.forbidden"
	case http.StatusUnauthorized:
		f.code, f.messageKey = "unauthorized", "error.page.unauthorized"
	case http.StatusTooManyRequests:
		f.code, f.messageKey = "rate_limited", "error.page.rate_limited"
	case http.StatusServiceUnavailable:
		f.code, f.messageKey = "unavailable", "error.page.unavailable"
	}
	if he.Code >= 500 {
		f.internal = true
	}
	return f
}

// handleError is Echo's error handler: it logs server faults with the
// request ID, audits denials, and answers JSON for the API or a friendly
// page in the user's language.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	f := classify(err)
	reqID := c.Response().Header().Get(echo.HeaderXRequestID)
	if f.internal {
		reason, _ := storageFailure(err)
		s.log.Error("request failed", "request_id", reqID, "method", c.Request().Method, "uri", c.Request().URL.Path, "storage", reason, "err", err)
	}
	if f.status == 403 || (f.status == 404 && currentUser(c) != nil) {
		s.svc.Audit(c.Request().Context(), actor(c), "access.denied", "route", c.Request().URL.Path, strconv.Itoa(f.status))
	}
	// A handler that failed before its first byte may have announced a
	// file (an export's CSV, say): the error is not that file.
	h := c.Response().Header()
	for _, name := range []string{echo.HeaderContentType, echo.HeaderContentDisposition, echo.HeaderContentLength} {
		h.Del(name)
	}
	if f.retryAfter > 0 {
		h.Set("Retry-After", strconv.Itoa(f.retryAfter))
	}
	loc := localizer(c)
	if f.status == http.StatusRequestEntityTooLarge && f.data == nil {
		f.messageKey, f.data = "error.evidence_too_large", map[string]any{"MB": s.cfg.MaxUploadMB}
	}
	data := map[string]any{"Reference": reqID}
	for k, v := range f.data {
		if t, ok := v.(time.Time); ok {
			v = assessments.FormatDate(loc, t) // a date in the reader's language
		}
		data[k] = v
	}
	var werr error
	if isAPI(c) || c.Request().Method == http.MethodHead {
		body := apiError{Code: f.code, Message: loc.T(f.messageKey, data), Current: f.current}
		if f.fields != nil {
			body.Fields = map[string]string{}
			for name, m := range f.fields {
				body.Fields[name] = loc.T(m.Key, m.Data)
			}
		}
		werr = c.JSON(f.status, map[string]apiError{"error": body})
	} else {
		p := s.newPage(c, "error.title."+strconv.Itoa(f.status), map[string]any{
			"Status": f.status, "Message": loc.T(f.messageKey, data), "Reference": reqID, "Internal": f.internal,
		})
		if p.Title == "error.title."+strconv.Itoa(f.status) {
			p.Title = loc.T("error.title.generic")
		}
		werr = s.render(c, f.status, "error", p)
	}
	if werr != nil {
		s.log.Error("write error response", "request_id", reqID, "err", werr)
	}
}
