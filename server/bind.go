package server

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// errMalformedJSON is answered with 400 and the API error format.
var errMalformedJSON = echo.NewHTTPError(http.StatusBadRequest, "malformed JSON")

// bindJSON decodes a JSON request body into dst; anything that is not one
// well-formed JSON object of the right shape is a 400.
func bindJSON(c echo.Context, dst any) error {
	dec := json.NewDecoder(c.Request().Body)
	if err := dec.Decode(dst); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return echo.ErrStatusRequestEntityTooLarge
		}
		return errMalformedJSON
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errMalformedJSON
	}
	return nil
}

// formList reads a multi-valued form field (checkboxes), also accepting
// comma-separated text.
func formList(c echo.Context, name string) []string {
	if err := c.Request().ParseForm(); err != nil {
		return nil
	}
	var out []string
	for _, v := range c.Request().PostForm[name] {
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
