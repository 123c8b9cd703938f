package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
)

// errMalformedJSON is answered with 400 and the API error format.
var errMalformedJSON = echo.NewHTTPError(http.StatusBadRequest, "malformed JSON")

// errMalformedForm is a form or query value that cannot be read as what
// its field holds, such as letters for a number (400).
var errMalformedForm = echo.NewHTTPError(http.StatusBadRequest, "malformed form")

// maxFormMemory is how much of a multipart form's files is held in
// memory; the rest goes to temporary files, so an evidence upload (up to
// PORTAL_MAX_UPLOAD_MB) streams through the disk, never the heap. The
// body limit bounds it all.
const maxFormMemory = 1 << 20

// bind reads a request's input into dst, a pointer to a struct, and checks
// it; it is the one way handlers, pages and API alike, take input:
//
//   - fields tagged `query` from the URL's query string (filters, sort,
//     page), on any request;
//   - the body, except on GET and HEAD: on the API, one JSON object into
//     the `json` fields (anything else is 400, too large 413); on pages,
//     and for the API's multipart uploads, a form into the `form` fields,
//     where a []string takes every value given (checkboxes) and
//     comma-separated text (`form:"name,rows"`: every value as given,
//     blanks kept, no splitting), and a *multipart.FileHeader an uploaded
//     file;
//   - then assessments.Validate, whose *assessments.ValidationError names
//     the fields at fault (422 on the API; a page shows its form again
//     with the error summary and what was typed).
//
// A field absent from the request keeps the value dst had.
func bind(c echo.Context, dst any) error {
	r := c.Request()
	if r.URL.RawQuery != "" {
		if err := decodeValues(dst, "query", c.QueryParams(), nil); err != nil {
			return err
		}
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		var err error
		if isAPI(c) && !isMultipart(r) {
			err = decodeJSON(r.Body, dst)
		} else {
			err = decodeForm(r, dst)
		}
		if err != nil {
			return err
		}
	}
	return assessments.Validate(dst)
}

// decodeJSON reads exactly one JSON value of dst's shape from body; a
// syntax error, a value of the wrong type or anything after it is
// errMalformedJSON, a body over the limit 413.
func decodeJSON(body io.Reader, dst any) error {
	dec := json.NewDecoder(body)
	if err := dec.Decode(dst); err != nil {
		if tooLarge(err) {
			return echo.ErrStatusRequestEntityTooLarge
		}
		return errMalformedJSON
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		if tooLarge(err) {
			return echo.ErrStatusRequestEntityTooLarge
		}
		return errMalformedJSON
	}
	return nil
}

// tooLarge tells whether a read failed on the body limit: net/http's
// MaxBytesReader or Echo's body-limit middleware, which stops a body sent
// without a length as it streams in.
func tooLarge(err error) bool {
	var mb *http.MaxBytesError
	return errors.As(err, &mb) || errors.Is(err, echo.ErrStatusRequestEntityTooLarge)
}

func isMultipart(r *http.Request) bool {
	mt, _, _ := mime.ParseMediaType(r.Header.Get(echo.HeaderContentType))
	return mt == echo.MIMEMultipartForm
}

// decodeForm reads a url-encoded or multipart body into dst's `form`
// fields. The CSRF check has usually parsed it already; parsing again is
// then free.
func decodeForm(r *http.Request, dst any) error {
	var err error
	if isMultipart(r) {
		err = r.ParseMultipartForm(maxFormMemory)
	} else {
		err = r.ParseForm()
	}
	switch {
	case err == nil:
	case tooLarge(err):
		return echo.ErrStatusRequestEntityTooLarge
	default:
		return errMalformedForm
	}
	var files map[string][]*multipart.FileHeader
	if r.MultipartForm != nil {
		files = r.MultipartForm.File
	}
	return decodeValues(dst, "form", r.PostForm, files)
}

// decodeValues sets dst's fields tagged `tag` from values (and files).
func decodeValues(dst any, tag string, values url.Values, files map[string][]*multipart.FileHeader) error {
	v := reflect.ValueOf(dst)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("bind: %T is not a pointer to a struct", dst)
	}
	v = v.Elem()
	for _, f := range fieldsOf(v.Type(), tag) {
		vals, fhs := values[f.name], files[f.name]
		if len(vals) == 0 && len(fhs) == 0 {
			continue
		}
		if err := f.set(v.FieldByIndex(f.index), vals, fhs); err != nil {
			return err
		}
	}
	return nil
}

// boundField is one field a form or query string can set.
type boundField struct {
	name  string
	index []int
	set   func(v reflect.Value, vals []string, files []*multipart.FileHeader) error
}

type fieldsKey struct {
	t   reflect.Type
	tag string
}

// boundFields caches each struct's fields per tag: binding is on the
// autosave path, and a struct's shape never changes.
var boundFields sync.Map // fieldsKey -> []boundField

// fieldsOf lists t's fields named by tag, looking into embedded structs.
// A field of a type bind cannot fill is a mistake in the code, so it
// panics (the tests bind every input struct).
func fieldsOf(t reflect.Type, tag string) []boundField {
	key := fieldsKey{t, tag}
	if fs, ok := boundFields.Load(key); ok {
		return fs.([]boundField)
	}
	fs := collectFields(t, tag, nil)
	boundFields.Store(key, fs)
	return fs
}

func collectFields(t reflect.Type, tag string, index []int) []boundField {
	var out []boundField
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		at := append(append([]int{}, index...), i)
		name, opts, _ := strings.Cut(f.Tag.Get(tag), ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			out = append(out, collectFields(f.Type, tag, at)...)
			continue
		}
		if name == "" || name == "-" || !f.IsExported() {
			continue
		}
		set := setterFor(f.Type)
		if opts == "rows" && f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.String {
			set = setRows
		}
		if set == nil {
			panic(fmt.Sprintf("bind: %s.%s: cannot bind a %s from a %s", t, f.Name, f.Type, tag))
		}
		out = append(out, boundField{name: name, index: at, set: set})
	}
	return out
}

var fileHeaderType = reflect.TypeOf((*multipart.FileHeader)(nil))

// setterFor returns how to fill a field of type t from text values, or
// nil if bind cannot.
func setterFor(t reflect.Type) func(reflect.Value, []string, []*multipart.FileHeader) error {
	switch {
	case t == fileHeaderType:
		return func(v reflect.Value, _ []string, files []*multipart.FileHeader) error {
			if len(files) > 0 {
				v.Set(reflect.ValueOf(files[0]))
			}
			return nil
		}
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.String:
		return func(v reflect.Value, vals []string, _ []*multipart.FileHeader) error {
			v.Set(reflect.ValueOf(splitList(vals)).Convert(t))
			return nil
		}
	case t.Kind() == reflect.Pointer:
		elem := setterFor(t.Elem())
		if elem == nil || t.Elem().Kind() == reflect.Pointer {
			return nil
		}
		return func(v reflect.Value, vals []string, files []*multipart.FileHeader) error {
			if len(vals) == 0 || (t.Elem().Kind() != reflect.String && strings.TrimSpace(vals[0]) == "") {
				return nil
			}
			p := reflect.New(t.Elem())
			if err := elem(p.Elem(), vals, files); err != nil {
				return err
			}
			v.Set(p)
			return nil
		}
	}
	switch t.Kind() {
	case reflect.String:
		return func(v reflect.Value, vals []string, _ []*multipart.FileHeader) error {
			if len(vals) > 0 {
				v.SetString(vals[0])
			}
			return nil
		}
	case reflect.Int, reflect.Int32, reflect.Int64:
		return func(v reflect.Value, vals []string, _ []*multipart.FileHeader) error {
			s := strings.TrimSpace(vals[0])
			if s == "" {
				return nil
			}
			n, err := strconv.ParseInt(s, 10, t.Bits())
			if err != nil {
				return errMalformedForm
			}
			v.SetInt(n)
			return nil
		}
	case reflect.Bool:
		return func(v reflect.Value, vals []string, _ []*multipart.FileHeader) error {
			switch strings.ToLower(strings.TrimSpace(vals[0])) {
			case "", "0", "false", "off", "no":
				v.SetBool(false)
			case "1", "true", "on", "yes":
				v.SetBool(true)
			default:
				return errMalformedForm
			}
			return nil
		}
	}
	return nil
}

// setRows fills a []string tagged `form:"name,rows"` with every value as
// given, in order, blanks kept: the columns of repeated rows (a
// condition's text and its due date) stay aligned, and commas in a text
// stay in it.
func setRows(v reflect.Value, vals []string, _ []*multipart.FileHeader) error {
	v.Set(reflect.ValueOf(append([]string(nil), vals...)).Convert(v.Type()))
	return nil
}

// splitList reads a multi-valued field: every value given (checkboxes),
// each also split at commas (text such as "el, en"), blanks dropped.
func splitList(vals []string) []string {
	var out []string
	for _, v := range vals {
		for _, part := range strings.Split(v, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

// safeNext keeps a post-sign-in redirect on this site: only a local path,
// never "//host" or a full URL (ASVS 5.1.5).
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.ContainsAny(next, "\r\n") {
		return "/dashboard"
	}
	return next
}
