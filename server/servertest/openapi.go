package servertest

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	verrors "github.com/pb33f/libopenapi-validator/errors"
	"github.com/pb33f/libopenapi-validator/helpers"

	"hotlineportal/server/openapi"
)

// apiValidator holds the API test's contract: the served OpenAPI document,
// built into a validator once per process (building it is slow). The
// validator keeps caches, so calls are serialised.
var apiValidator struct {
	once sync.Once
	mu   sync.Mutex
	v    validator.Validator
	err  error
}

// loadValidator builds the validator from the merged document.
func loadValidator() (validator.Validator, error) {
	apiValidator.once.Do(func() {
		b, err := openapi.Document()
		if err != nil {
			apiValidator.err = err
			return
		}
		doc, err := libopenapi.NewDocument(b)
		if err != nil {
			apiValidator.err = err
			return
		}
		v, errs := validator.NewValidator(doc)
		if len(errs) > 0 {
			apiValidator.err = fmt.Errorf("openapi validator: %v", errs)
			return
		}
		apiValidator.v = v
	})
	return apiValidator.v, apiValidator.err
}

// describedByOpenAPI reports whether a request's answer is held to the
// document: every /api/v1 call except the document itself.
func describedByOpenAPI(req *http.Request) bool {
	p := req.URL.Path
	return strings.HasPrefix(p, "/api/v1/") && p != "/api/v1/openapi.json"
}

// checkAgainstOpenAPI fails the test when an API answer is not what the
// document says: an undocumented path, method or status, or a body that
// does not match its schema. body is the response already read.
func (c *Client) checkAgainstOpenAPI(req *http.Request, resp *http.Response, body []byte) {
	c.T.Helper()
	if !describedByOpenAPI(req) {
		return
	}
	v, err := loadValidator()
	if err != nil {
		c.T.Errorf("openapi: %v", err)
		return
	}
	// The validator reads the bodies: give it copies, and a request without
	// the (already sent) body it does not check.
	r := req.Clone(req.Context())
	r.Body = http.NoBody
	rs := *resp
	rs.Body = io.NopCloser(bytes.NewReader(body))
	apiValidator.mu.Lock()
	ok, errs := v.ValidateHttpResponse(r, &rs)
	apiValidator.mu.Unlock()
	if ok || unroutedAnswer(resp.StatusCode, errs) {
		return
	}
	var msg strings.Builder
	for _, e := range errs {
		fmt.Fprintf(&msg, "\n  %s", e.Message)
		if e.Reason != "" && e.Reason != e.Message {
			fmt.Fprintf(&msg, ": %s", e.Reason)
		}
		for _, se := range e.SchemaValidationErrors {
			fmt.Fprintf(&msg, "\n    at %s: %s", se.FieldPath, se.Reason)
		}
	}
	c.T.Errorf("openapi: %s %s answered %d, which the document does not describe:%s\n  body: %.300s",
		req.Method, req.URL.Path, resp.StatusCode, msg.String(), body)
}

// unroutedAnswer reports a 404 or 405 for a path or method the API does
// not have: the server refusing what does not exist is not an undocumented
// endpoint. Any other answer from an undescribed path fails.
func unroutedAnswer(status int, errs []*verrors.ValidationError) bool {
	if status != http.StatusNotFound && status != http.StatusMethodNotAllowed {
		return false
	}
	for _, e := range errs {
		if e.ValidationType != helpers.PathValidation && e.ValidationSubType != helpers.ValidationMissingOperation {
			return false
		}
	}
	return len(errs) > 0
}
