package server

import (
	"bytes"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"hotlineportal/assessments"
	"hotlineportal/assessments/messages"
)

// bindProbe has a field of every kind bind fills, and rules of the kinds
// the portal uses.
type bindProbe struct {
	Name    string                `json:"name" form:"name" validate:"required,max=5"`
	Email   string                `json:"email" form:"email" validate:"omitempty,email"`
	Count   int                   `json:"count" form:"count"`
	Level   *string               `json:"level" form:"level"`
	Score   *int                  `json:"score" form:"score"`
	Tags    []string              `json:"tags" form:"tags"`
	Agreed  bool                  `json:"agreed" form:"agreed"`
	Until   string                `json:"until" form:"until" validate:"date"`
	Confirm string                `json:"-" form:"confirm"`
	File    *multipart.FileHeader `json:"-" form:"file"`
	Page    int                   `query:"page"`
}

// bindResult says what bind made of a request: the status its error
// would answer (0 for none) and the fields named at fault.
type bindResult struct {
	status int
	fields []string
	probe  bindProbe
	verr   *assessments.ValidationError
}

func runBind(t *testing.T, req *http.Request, wrap ...echo.MiddlewareFunc) bindResult {
	t.Helper()
	e := echo.New()
	var res bindResult
	h := func(c echo.Context) error { return bind(c, &res.probe) }
	for _, m := range wrap {
		h = m(h)
	}
	err := h(e.NewContext(req, httptest.NewRecorder()))
	var he *echo.HTTPError
	switch {
	case err == nil:
	case errors.As(err, &res.verr):
		res.status = http.StatusUnprocessableEntity
		for f := range res.verr.Fields {
			res.fields = append(res.fields, f)
		}
		slices.Sort(res.fields)
	case errors.As(err, &he):
		res.status = he.Code
	default:
		t.Fatalf("bind: unexpected error %T %v", err, err)
	}
	return res
}

func jsonRequest(target, body string) *http.Request {
	req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(body))
	req.Header.Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
	return req
}

func TestBindJSON(t *testing.T) {
	cases := []struct {
		name       string
		body       string
		query      string
		wantStatus int
		wantFields []string
		check      func(p bindProbe) bool
	}{
		{name: "valid", body: `{"name":"Ana","count":3,"tags":["a","b"],"level":"met","score":0,"agreed":true}`, check: func(p bindProbe) bool {
			return p.Name == "Ana" && p.Count == 3 && slices.Equal(p.Tags, []string{"a", "b"}) && *p.Level == "met" && *p.Score == 0 && p.Agreed
		}},
		{name: "null leaves a pointer nil", body: `{"name":"Ana","score":null}`, check: func(p bindProbe) bool { return p.Score == nil }},
		{name: "unknown fields are ignored", body: `{"name":"Ana","colour":"blue"}`},
		{name: "query and body together", body: `{"name":"Ana"}`, query: "page=2", check: func(p bindProbe) bool { return p.Page == 2 }},
		{name: "malformed", body: `{"name":`, wantStatus: 400},
		{name: "empty body", body: ``, wantStatus: 400},
		{name: "trailing object", body: `{"name":"Ana"} {}`, wantStatus: 400},
		{name: "trailing text", body: `{"name":"Ana"}x`, wantStatus: 400},
		{name: "an array", body: `[{"name":"Ana"}]`, wantStatus: 400},
		{name: "a string", body: `"Ana"`, wantStatus: 400},
		{name: "number for a string", body: `{"name":5}`, wantStatus: 400},
		{name: "string for a number", body: `{"name":"Ana","count":"3"}`, wantStatus: 400},
		{name: "object for a list", body: `{"name":"Ana","tags":{"a":1}}`, wantStatus: 400},
		{name: "fraction for an integer", body: `{"name":"Ana","score":2.5}`, wantStatus: 400},
		{name: "letters for the page", body: `{"name":"Ana"}`, query: "page=two", wantStatus: 400},
		{name: "required missing", body: `{}`, wantStatus: 422, wantFields: []string{"name"}},
		{name: "several rules at once", body: `{"name":"Anastasia","email":"not-an-address","until":"31/12/2026"}`, wantStatus: 422, wantFields: []string{"email", "name", "until"}},
		{name: "a date with spaces", body: `{"name":"Ana","until":" 2026-12-31 "}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			target := "/api/v1/probe"
			if tc.query != "" {
				target += "?" + tc.query
			}
			res := runBind(t, jsonRequest(target, tc.body))
			if res.status != tc.wantStatus || !slices.Equal(res.fields, tc.wantFields) {
				t.Fatalf("got %d %v, want %d %v", res.status, res.fields, tc.wantStatus, tc.wantFields)
			}
			if tc.check != nil && !tc.check(res.probe) {
				t.Fatalf("bound %+v", res.probe)
			}
		})
	}
}

// A body over the limit is 413, whether net/http or Echo's middleware
// stops it, and even when it comes without a length.
func TestBindTooLarge(t *testing.T) {
	big := `{"name":"` + strings.Repeat("a", 4096) + `"}`
	t.Run("MaxBytesReader", func(t *testing.T) {
		req := jsonRequest("/api/v1/probe", big)
		req.Body = http.MaxBytesReader(httptest.NewRecorder(), req.Body, 1024)
		if res := runBind(t, req); res.status != 413 {
			t.Fatalf("status %d", res.status)
		}
	})
	t.Run("body limit, streamed", func(t *testing.T) {
		req := jsonRequest("/api/v1/probe", big)
		req.ContentLength = -1
		if res := runBind(t, req, middleware.BodyLimit("1K")); res.status != 413 {
			t.Fatalf("status %d", res.status)
		}
	})
	t.Run("multipart, streamed", func(t *testing.T) {
		body, ct := multipartBody(t, map[string]string{"name": "Ana"}, "big.pdf", bytes.Repeat([]byte("%"), 4096))
		req := httptest.NewRequest(http.MethodPost, "/probe", body)
		req.Header.Set(echo.HeaderContentType, ct)
		req.ContentLength = -1
		if res := runBind(t, req, middleware.BodyLimit("1K")); res.status != 413 {
			t.Fatalf("status %d", res.status)
		}
	})
}

func TestBindForm(t *testing.T) {
	cases := []struct {
		name       string
		form       url.Values
		query      string
		wantStatus int
		wantFields []string
		check      func(p bindProbe) bool
	}{
		{name: "every kind", form: url.Values{"name": {"Ana"}, "count": {" 7 "}, "level": {"met"}, "score": {"4"}, "agreed": {"on"}, "confirm": {"yes"}}, check: func(p bindProbe) bool {
			return p.Name == "Ana" && p.Count == 7 && *p.Level == "met" && *p.Score == 4 && p.Agreed && p.Confirm == "yes"
		}},
		{name: "checkboxes", form: url.Values{"name": {"Ana"}, "tags": {"phone", "chat"}}, check: func(p bindProbe) bool {
			return slices.Equal(p.Tags, []string{"phone", "chat"})
		}},
		{name: "comma-separated text", form: url.Values{"name": {"Ana"}, "tags": {" el, en ,,pt-BR "}}, check: func(p bindProbe) bool {
			return slices.Equal(p.Tags, []string{"el", "en", "pt-BR"})
		}},
		{name: "both at once", form: url.Values{"name": {"Ana"}, "tags": {"a,b", "c"}}, check: func(p bindProbe) bool {
			return slices.Equal(p.Tags, []string{"a", "b", "c"})
		}},
		{name: "the first of repeated text", form: url.Values{"name": {"Ana", "Bob"}}, check: func(p bindProbe) bool { return p.Name == "Ana" }},
		{name: "missing fields stay empty", form: url.Values{"name": {"Ana"}}, check: func(p bindProbe) bool {
			return p.Count == 0 && p.Level == nil && p.Score == nil && p.Tags == nil && !p.Agreed && p.File == nil
		}},
		{name: "an empty choice is a blank string", form: url.Values{"name": {"Ana"}, "level": {""}, "score": {""}}, check: func(p bindProbe) bool {
			return p.Level != nil && *p.Level == "" && p.Score == nil
		}},
		{name: "query and form", form: url.Values{"name": {"Ana"}, "page": {"9"}}, query: "page=3", check: func(p bindProbe) bool { return p.Page == 3 }},
		{name: "everything missing", form: url.Values{}, wantStatus: 422, wantFields: []string{"name"}},
		{name: "rules broken", form: url.Values{"name": {"Anastasia"}, "email": {"x"}, "until": {"tomorrow"}}, wantStatus: 422, wantFields: []string{"email", "name", "until"}},
		{name: "letters for a number", form: url.Values{"name": {"Ana"}, "count": {"seven"}}, wantStatus: 400},
		{name: "not a yes or no", form: url.Values{"name": {"Ana"}, "agreed": {"perhaps"}}, wantStatus: 400},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			target := "/probe"
			if tc.query != "" {
				target += "?" + tc.query
			}
			req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(tc.form.Encode()))
			req.Header.Set(echo.HeaderContentType, echo.MIMEApplicationForm)
			res := runBind(t, req)
			if res.status != tc.wantStatus || !slices.Equal(res.fields, tc.wantFields) {
				t.Fatalf("got %d %v, want %d %v", res.status, res.fields, tc.wantStatus, tc.wantFields)
			}
			if tc.check != nil && !tc.check(res.probe) {
				t.Fatalf("bound %+v", res.probe)
			}
		})
	}
}

func multipartBody(t *testing.T, fields map[string]string, filename string, content []byte) (io.Reader, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		if err := w.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if filename != "" {
		fw, err := w.CreateFormFile("file", filename)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(content)
	}
	w.Close()
	return &buf, w.FormDataContentType()
}

// Multipart forms carry files, on pages and on the API's uploads alike.
func TestBindMultipart(t *testing.T) {
	for _, target := range []string{"/probe", "/api/v1/probe"} {
		t.Run(target, func(t *testing.T) {
			body, ct := multipartBody(t, map[string]string{"name": "Ana", "tags": "a, b"}, "licence.pdf", []byte("%PDF-1.4"))
			req := httptest.NewRequest(http.MethodPost, target, body)
			req.Header.Set(echo.HeaderContentType, ct)
			res := runBind(t, req)
			if res.status != 0 || res.probe.File == nil || res.probe.File.Filename != "licence.pdf" || res.probe.Name != "Ana" || !slices.Equal(res.probe.Tags, []string{"a", "b"}) {
				t.Fatalf("got %d %+v", res.status, res.probe)
			}
		})
	}
}

// GET requests bind only their query string.
func TestBindQuery(t *testing.T) {
	res := runBind(t, httptest.NewRequest(http.MethodGet, "/api/v1/probe?page=4&name=Ana", nil))
	if res.probe.Page != 4 || res.probe.Name != "" {
		t.Fatalf("bound %+v", res.probe)
	}
	if res.status != 422 {
		t.Fatalf("the rules still apply: %d", res.status)
	}
	if res := runBind(t, httptest.NewRequest(http.MethodGet, "/probe?page=%zz", nil)); res.status == 400 || res.probe.Page != 0 {
		t.Fatalf("an unreadable query string is no query: %d %+v", res.status, res.probe)
	}
}

// The messages of the binder's rules come from the catalogue, in the
// reader's language.
func TestBindMessagesTranslated(t *testing.T) {
	res := runBind(t, jsonRequest("/api/v1/probe", `{"name":"Anastasia","email":"x","until":"soon"}`))
	cat := messages.MustLoad()
	want := map[string]map[string]string{
		"en": {"name": "Use at most 5 characters.", "email": "Enter an email address in the right format, like name@example.org.", "until": "Enter a date."},
		"fr": {"name": "Utilisez au maximum 5 caractères.", "email": "Saisissez une adresse e-mail au bon format, par exemple nom@example.org.", "until": "Saisissez une date."},
	}
	for lang, fields := range want {
		loc := cat.Localizer(lang)
		for field, text := range fields {
			m := res.verr.Fields[field]
			if got := loc.T(m.Key, m.Data); got != text {
				t.Errorf("%s %s: %q, want %q", lang, field, got, text)
			}
		}
	}
}

// boundInputs is every struct a handler binds, to check them all below.
var boundInputs = []any{
	startRequest{}, assessmentFilter{}, evidenceForm{}, tokenRequest{}, hotlineFilter{}, hotlineUpdateRequest{},
	userFilter{}, outboxFilter{}, assignRequest{}, declarationRequest{}, reconcileRequest{}, codeRequest{},
	reasonRequest{}, registerFilter{}, noteRequest{}, pageQuery{}, auditFilter{}, verifyQuery{}, userUpdateForm{},
	newUserQuery{}, declarationForm{}, clarificationQuery{}, answerForm{}, submitForm{}, conflictForm{},
	nextQuery{}, signInForm{}, signInCodeForm{}, resetRequestForm{}, newPasswordForm{}, languageForm{}, frameworkUpload{},
	assessments.HotlineInput{}, assessments.UserInput{}, assessments.AnswerInput{},
	assessments.ClarificationInput{}, assessments.ReviewInput{},
}

// Every bound struct can be filled from its sources, and a field read from
// both JSON and a form has one name in both, so that a problem is named
// alike in the API's "fields" and on the page.
func TestBoundInputsAreConsistent(t *testing.T) {
	for _, v := range boundInputs {
		typ := reflect.TypeOf(v)
		t.Run(typ.String(), func(t *testing.T) {
			for _, tag := range []string{"form", "query"} {
				fieldsOf(typ, tag) // panics on a field bind cannot fill
			}
			checkNames(t, typ)
		})
	}
}

func checkNames(t *testing.T, typ reflect.Type) {
	for i := 0; i < typ.NumField(); i++ {
		f := typ.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			checkNames(t, f.Type)
			continue
		}
		name := func(tag string) string { n, _, _ := strings.Cut(f.Tag.Get(tag), ","); return n }
		j, fm := name("json"), name("form")
		if j != "" && j != "-" && fm != "" && fm != "-" && j != fm {
			t.Errorf("%s.%s: json %q, form %q", typ, f.Name, j, fm)
		}
	}
}

// The binder leaves the domain's own inputs to the domain function that
// takes them, which reports every problem at once; a server struct that
// embeds one skips it the same way.
func TestValidateLeavesDomainInputs(t *testing.T) {
	if err := assessments.Validate(&assessments.HotlineInput{}); err != nil {
		t.Fatalf("domain input: %v", err)
	}
	if err := assessments.Validate(&hotlineUpdateRequest{}); err != nil {
		t.Fatalf("embedded domain input: %v", err)
	}
	if err := assessments.Validate(&submitForm{}); err == nil {
		t.Fatal("a server struct is checked")
	}
}
