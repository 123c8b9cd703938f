package servertest

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// Client is a browser-like HTTP client with its own cookies. It does not
// follow redirects, so tests see the 303s.
type Client struct {
	T     testing.TB
	App   *App
	HTTP  *http.Client
	Token string // bearer token for API calls, if any
}

// Response is a finished response with its body read.
type Response struct {
	*http.Response
	Body string
}

// Client returns a new anonymous client.
func (a *App) Client() *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{T: a.T, App: a, HTTP: &http.Client{
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// SignIn returns a client signed in as a fixture user through the login
// form.
func (a *App) SignIn(key string) *Client {
	a.T.Helper()
	c := a.Client()
	c.Login(a.Users[key].Email, Password, http.StatusSeeOther)
	return c
}

// APIClient returns a client holding an API token of a fixture user.
func (a *App) APIClient(key string) *Client {
	a.T.Helper()
	c := a.Client()
	r := c.JSON("POST", "/api/v1/tokens", map[string]string{"email": a.Users[key].Email, "password": Password})
	if r.StatusCode != http.StatusCreated {
		a.T.Fatalf("token for %s: %d %s", key, r.StatusCode, r.Body)
	}
	var out struct{ Token string }
	r.Decode(&out)
	c.Token = out.Token
	return c
}

// Login posts the sign-in form and checks the status.
func (c *Client) Login(email, password string, want int) *Response {
	c.T.Helper()
	c.Get("/login")
	r := c.PostForm("/login", url.Values{"email": {email}, "password": {password}})
	if r.StatusCode != want {
		c.T.Fatalf("login %s: status %d, want %d\n%s", email, r.StatusCode, want, r.Body)
	}
	return r
}

// Do sends a request and reads the whole response. Tests call it from
// goroutines too, so a failed request is reported with Errorf (FailNow
// must run on the test's own goroutine) and answers status 0.
func (c *Client) Do(req *http.Request) *Response {
	c.T.Helper()
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		c.T.Errorf("%s %s: %v", req.Method, req.URL, err)
		return &Response{Response: &http.Response{StatusCode: 0, Header: http.Header{}, Request: req}}
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	c.checkAgainstOpenAPI(req, resp, body)
	return &Response{Response: resp, Body: string(body)}
}

// Get fetches a path.
func (c *Client) Get(path string) *Response {
	req, _ := http.NewRequest("GET", c.App.URL+path, nil)
	return c.Do(req)
}

// CSRF is the client's current CSRF token (the double-submit cookie).
func (c *Client) CSRF() string {
	u, _ := url.Parse(c.App.URL)
	for _, ck := range c.HTTP.Jar.Cookies(u) {
		if ck.Name == "portal_csrf" {
			return ck.Value
		}
	}
	return ""
}

// PostForm posts a form with the client's CSRF token added (unless the
// values already carry a _csrf).
func (c *Client) PostForm(path string, values url.Values) *Response {
	if values == nil {
		values = url.Values{}
	}
	if _, ok := values["_csrf"]; !ok {
		if c.CSRF() == "" {
			c.Get("/login")
		}
		values.Set("_csrf", c.CSRF())
	}
	return c.PostRaw(path, values, nil)
}

// PostRaw posts a form exactly as given, with extra headers.
func (c *Client) PostRaw(path string, values url.Values, headers map[string]string) *Response {
	req, _ := http.NewRequest("POST", c.App.URL+path, strings.NewReader(values.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	return c.Do(req)
}

// JSON sends a JSON body (nil for none) with the bearer token.
func (c *Client) JSON(method, path string, body any) *Response {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, c.App.URL+path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return c.Do(req)
}

// Decode parses a JSON response body.
func (r *Response) Decode(v any) {
	if err := json.Unmarshal([]byte(r.Body), v); err != nil {
		panic("decode JSON response: " + err.Error() + ": " + r.Body)
	}
}

var linkPattern = regexp.MustCompile(`/password/set/[A-Za-z0-9_-]+`)

// LinkIn finds the one-time password link in an email body.
func LinkIn(body string) string { return linkPattern.FindString(body) }

// Upload posts a multipart form with one file (field "file") and the
// client's CSRF token.
func (c *Client) Upload(path string, fields map[string]string, filename string, content []byte) *Response {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if c.Token == "" {
		if c.CSRF() == "" {
			c.Get("/login")
		}
		_ = w.WriteField("_csrf", c.CSRF())
	}
	for k, v := range fields {
		_ = w.WriteField(k, v)
	}
	if filename != "" {
		fw, _ := w.CreateFormFile("file", filename)
		_, _ = fw.Write(content)
	}
	_ = w.Close()
	req, _ := http.NewRequest("POST", c.App.URL+path, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.Do(req)
}
