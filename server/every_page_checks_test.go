package server_test

import (
	"bytes"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"hotlineportal/assessments/messages"
	"hotlineportal/server/servertest"
)

// check fails on a server error or a page showing a template or
// translation fault.
func (ps *portalState) check(t *testing.T, path string, r *servertest.Response) {
	t.Helper()
	if r.StatusCode >= 500 {
		t.Errorf("%s: status %d", path, r.StatusCode)
	}
	ct := r.Header.Get("Content-Type")
	if !strings.HasPrefix(ct, "text/html") && !strings.HasPrefix(ct, "application/json") {
		return
	}
	for _, fault := range []string{"template: ", "ZgotmplZ", "<no value>", "%!"} {
		if i := strings.Index(r.Body, fault); i >= 0 {
			t.Errorf("%s: %q in the page: …%s…", path, fault, excerpt(r.Body, i))
		}
	}
	if strings.HasPrefix(ct, "text/html") {
		for _, m := range untranslated(r.Body) {
			if !inCode(r.Body, m[0]) {
				t.Errorf("%s: untranslated message key %q: …%s…", path, r.Body[m[0]:m[1]], excerpt(r.Body, m[0]))
			}
		}
	}
}

// remember keeps which role and path a request ID was, to name the
// request behind a logged warning.
func (ps *portalState) remember(r *servertest.Response, role, path string) {
	if id := r.Header.Get("X-Request-Id"); id != "" {
		ps.mu.Lock()
		ps.requests[id] = roleName(role) + " " + path
		ps.mu.Unlock()
	}
}

var requestIDAttr = regexp.MustCompile(`request_id=(\S+)`)

// checkLog fails on every warning or error the portal logged.
func (ps *portalState) checkLog(t *testing.T) {
	for _, line := range strings.Split(strings.TrimSpace(ps.log.String()), "\n") {
		if line == "" {
			continue
		}
		where := "(no request)"
		if m := requestIDAttr.FindStringSubmatch(line); m != nil {
			where = ps.requests[m[1]]
		}
		t.Errorf("logged during %s: %s", where, line)
	}
}

var (
	keyPrefixesOnce sync.Once
	keyPrefixes     map[string]bool
)

// untranslated finds catalogue-style keys ("cert.status.valid") shown as
// a text node or as an attribute's whole value: a message id that the
// catalogue lacks comes out as itself. It returns their offsets.
func untranslated(body string) [][2]int {
	keyPrefixesOnce.Do(func() {
		keyPrefixes = map[string]bool{}
		for _, k := range messages.MustLoad().Keys("en") {
			keyPrefixes[strings.SplitN(k, ".", 2)[0]] = true
		}
	})
	isKeyByte := func(b byte) bool { return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '_' || b == '.' }
	var out [][2]int
	for i := 0; i < len(body); i++ {
		if body[i] != '>' && body[i] != '"' {
			continue
		}
		start := i + 1
		for start < len(body) && (body[start] == ' ' || body[start] == '\n') {
			start++
		}
		end := start
		for end < len(body) && isKeyByte(body[end]) {
			end++
		}
		rest := end
		for rest < len(body) && (body[rest] == ' ' || body[rest] == '\n') {
			rest++
		}
		if rest == len(body) || body[rest] != '<' && body[rest] != '"' {
			continue
		}
		prefix, _, dotted := strings.Cut(body[start:end], ".")
		if dotted && keyPrefixes[prefix] {
			out = append(out, [2]int{start, end})
		}
	}
	return out
}

// inCode tells whether the text at i is inside a <code> element, where
// identifiers (audit actions) are shown as they are.
func inCode(body string, i int) bool {
	open := strings.LastIndexByte(body[:i], '<')
	return open >= 0 && strings.HasPrefix(body[open:], "<code")
}

var hrefAttr = regexp.MustCompile(`href="([^"]*)"`)

// linksIn lists the same-site links of a page, without fragments, leaving
// out static files (requested as routes) and sign-out.
func linksIn(body string) []string {
	var out []string
	for _, m := range hrefAttr.FindAllStringSubmatch(body, -1) {
		href := strings.ReplaceAll(m[1], "&amp;", "&")
		if i := strings.IndexByte(href, '#'); i >= 0 {
			href = href[:i]
		}
		if !strings.HasPrefix(href, "/") || strings.HasPrefix(href, "//") || strings.HasPrefix(href, "/static/") || strings.HasPrefix(href, "/logout") {
			continue
		}
		out = append(out, href)
	}
	return out
}

// matchRoute finds the GET route a path belongs to, preferring literal
// segments ("/hotlines/new" over "/hotlines/:id").
func matchRoute(routes []string, link string) string {
	path := link
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	segs := strings.Split(path, "/")
	best, bestScore := "GET (no route) "+path, -1
	for _, r := range routes {
		rs := strings.Split(strings.TrimPrefix(r, "GET "), "/")
		score, ok := 0, len(rs) == len(segs) || strings.HasSuffix(r, "*") && len(segs) >= len(rs)
		for i := 0; ok && i < len(rs); i++ {
			switch {
			case strings.HasSuffix(rs[i], "*"):
				ok, score = strings.HasPrefix(segs[i], strings.TrimSuffix(rs[i], "*")), score-1
				i = len(rs)
			case strings.HasPrefix(rs[i], ":"):
			case rs[i] == segs[i]:
				score++
			default:
				ok = false
			}
		}
		if ok && score > bestScore {
			best, bestScore = r, score
		}
	}
	return best
}

// queryShape is a link's query parameter names, sorted.
func queryShape(link string) string {
	u, err := url.Parse(link)
	if err != nil {
		return ""
	}
	return strings.Join(sortedKeys(u.Query()), "&")
}

func isHTML(r *servertest.Response) bool {
	return r.StatusCode == 200 && strings.HasPrefix(r.Header.Get("Content-Type"), "text/html")
}

func excerpt(s string, i int) string {
	return s[max(0, i-80):min(len(s), i+120)]
}

// coverage records the routes that answered 200.
type coverage struct {
	mu sync.Mutex
	ok map[string]bool
}

func (c *coverage) mark(route string) {
	c.mu.Lock()
	c.ok[route] = true
	c.mu.Unlock()
}

func (c *coverage) answered(route string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ok[route]
}

// syncBuffer is a log destination safe for concurrent writers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func roleName(key string) string {
	if key == "" {
		return "anonymous"
	}
	return key
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func mapValues(m map[string]string) []string {
	var out []string
	for _, k := range sortedKeys(m) {
		out = append(out, m[k])
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
