package server

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/labstack/echo/v4"

	"hotlineportal/templates"
)

// pageSet is every page template, each parsed once with the layout and
// partials.
type pageSet struct {
	byName map[string]*template.Template
}

var templateFuncs = template.FuncMap{
	"add":       func(a, b int) int { return a + b },
	"sub":       func(a, b int) int { return a - b },
	"int":       func(n int64) int { return int(n) },
	"list":      func(items ...string) []string { return items },
	"join":      strings.Join,
	"hasPrefix": strings.HasPrefix,
	"has": func(list []string, s string) bool {
		for _, v := range list {
			if v == s {
				return true
			}
		}
		return false
	},
	"dict": func(kv ...any) map[string]any {
		m := make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			m[fmt.Sprint(kv[i])] = kv[i+1]
		}
		return m
	},
	"intval": func(p *int) int {
		if p == nil {
			return 0
		}
		return *p
	},
	"deref": func(s *string) string {
		if s == nil {
			return ""
		}
		return *s
	},
	"query": func(kv ...any) template.URL {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			if val := fmt.Sprint(kv[i+1]); val != "" && val != "0" {
				v.Set(fmt.Sprint(kv[i]), val)
			}
		}
		return template.URL("?" + v.Encode())
	},
}

func loadPages() (*pageSet, error) {
	base, err := template.New("layout.html").Funcs(templateFuncs).ParseFS(templates.FS, "layout.html", "partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("parse layout: %w", err)
	}
	files, err := fs.Glob(templates.FS, "pages/*.html")
	if err != nil {
		return nil, err
	}
	ps := &pageSet{byName: map[string]*template.Template{}}
	for _, f := range files {
		t, err := template.Must(base.Clone()).ParseFS(templates.FS, f)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", f, err)
		}
		ps.byName[strings.TrimSuffix(path.Base(f), ".html")] = t
	}
	return ps, nil
}

// render writes a full page with the layout. The page is rendered into a
// buffer first so that a template error becomes a clean 500, not half a
// page.
func (s *Server) render(c echo.Context, status int, name string, p *Page) error {
	t, ok := s.pages.byName[name]
	if !ok {
		return fmt.Errorf("no page template %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", p); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	return c.HTMLBlob(status, buf.Bytes())
}

// redirect answers a POST with 303 See Other (post/redirect/get).
func redirect(c echo.Context, to string) error {
	return c.Redirect(http.StatusSeeOther, to)
}
