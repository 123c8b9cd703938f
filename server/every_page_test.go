package server_test

import (
	"context"
	"io/fs"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"

	"hotlineportal/assessments"
	"hotlineportal/models"
	"hotlineportal/server/servertest"
	"hotlineportal/static"
)

// Every page the portal serves, for every role, in every state the data
// can be in (a fresh portal, one seeded by SeedEveryState and
// SeedFullLists, and one with a network too small to benchmark against): each GET route with its parameters set to the values of
// the right kind in the portal, list pages with their sorting, filters
// and second page, then the links found in the pages, crawled (bounded).
// The anonymous visitor, the secretariat and a reviewer without
// assignments request every value, so that everyone's data is asked for
// by someone who may not see it; the other roles request what the domain
// lets them see. Every route is also asked for with an unknown value.
// No answer may be a server error, show a template or translation fault,
// or make the portal log a warning; and every GET route must have
// answered 200 to someone, somewhere.
func TestEveryPageInEveryState(t *testing.T) {
	cov := &coverage{ok: map[string]bool{}}
	var routes []string
	for _, state := range []struct {
		name  string
		build func(*testing.T) *portalState
	}{{"empty", emptyPortal}, {"every_state", seededPortal}, {"small_network", smallNetworkPortal}} {
		t.Run(state.name, func(t *testing.T) {
			ps := state.build(t)
			routes = ps.getRoutes()
			t.Run("as", func(t *testing.T) {
				for _, role := range ps.roles {
					t.Run(roleName(role), func(t *testing.T) {
						t.Parallel()
						ps.visitAll(t, role, cov)
					})
				}
			})
			ps.checkLog(t)
			t.Logf("%d requests", len(ps.requests))
		})
	}
	for _, r := range routes {
		if reason, ok := never200[r]; ok {
			if cov.answered(r) {
				t.Errorf("%s answered 200, but is listed as never 200 (%s)", r, reason)
			}
			continue
		}
		if !cov.answered(r) {
			t.Errorf("%s: no role in any state got a 200", r)
		}
	}
}

// never200 are the GET routes that never answer 200, and why.
var never200 = map[string]string{
	"GET /":       "the home page sends people to their dashboard or the sign-in page",
	"GET /verify": "the register's lookup form redirects to the certificate's page",
	"GET /login/code": "shown only between the password and the code of a two-step sign-in, which " +
		"TestTwoStepSignInThroughThePages and the browser's TestTwoStepSignInInTheBrowser walk through",
}

// The unknown value of each kind of parameter.
var unknownValue = map[string]string{
	"assessment": models.NewID(), "hotline": models.NewID(), "user": models.NewID(), "framework": models.NewID(),
	"evidence": models.NewID(), "condition": models.NewID(), "conflict": models.NewID(), "data_request": models.NewID(),
	"appeal": models.NewID(), "appeal_file": models.NewID(),
	"certificate": "MCE-1999-XX-0001", "list": "revocation-999", "code": "XYZ-99", "section": "XYZ", "token": "not-a-token", "static": "css/none.css",
	"language": "xx",
}

// portalState is one portal in one state, with the roles to visit it as
// and the values its routes' parameters take.
type portalState struct {
	app     *servertest.App
	log     *syncBuffer
	roles   []string            // fixture user keys, "" for anonymous
	full    map[string]bool     // roles that request every value
	values  map[string][]string // by kind, the unknown value last
	queries map[string][]string // query variants of list routes

	mu       sync.Mutex
	requests map[string]string // request ID -> role and path, for the log
}

// emptyPortal is a fresh portal: the fixture users and hotlines, nothing
// else.
func emptyPortal(t *testing.T) *portalState {
	ps := newPortalState(t)
	a := ps.app
	ps.roles = []string{"", servertest.Secretariat, servertest.ManagerA, servertest.ManagerB, servertest.Reviewer1}
	ps.full = map[string]bool{"": true, servertest.Secretariat: true, servertest.Reviewer1: true}
	ps.add("hotline", a.HotlineA.ID, a.HotlineB.ID)
	for _, key := range sortedKeys(a.Users) {
		ps.add("user", a.Users[key].ID)
	}
	ps.finish(nil)
	return ps
}

// seededPortal is a portal with data in every state and lists longer than
// a page.
func seededPortal(t *testing.T) *portalState {
	ps := newPortalState(t)
	a := ps.app
	st := a.SeedEveryState()
	lists := a.SeedFullLists()
	ps.roles = []string{"", servertest.Secretariat}
	seen := map[string]bool{}
	for _, state := range sortedKeys(st.Managers) {
		if key := st.Managers[state]; !seen[key] {
			seen[key] = true
			ps.roles = append(ps.roles, key)
		}
	}
	ps.roles = append(ps.roles, servertest.ManagerLists, servertest.Reviewer1, servertest.Reviewer2, servertest.Reviewer3, servertest.ReviewerUnassigned)
	ps.full = map[string]bool{"": true, servertest.Secretariat: true, servertest.ReviewerUnassigned: true}
	ps.add("assessment", mapValues(st.Assessments)...)
	ps.add("assessment", lists.Assessment)
	ps.add("hotline", mapValues(st.Hotlines)...)
	ps.add("hotline", lists.Hotlines[0], lists.Hotlines[len(lists.Hotlines)-1])
	for _, key := range sortedKeys(a.Users) {
		if !strings.HasPrefix(key, "manager:list:") {
			ps.add("user", a.Users[key].ID)
		}
	}
	ps.add("user", a.Users["manager:list:0"].ID)
	ps.add("certificate", mapValues(st.Certificates)...)
	ps.add("certificate", lists.Certificate)
	ps.add("list", "revocation-1", "suspension-1")
	ps.add("condition", mapValues(st.Conditions)...)
	ps.add("evidence", mapValues(st.Evidence)...)
	ps.add("framework", mapValues(st.Frameworks)...)
	ps.add("token", st.InvitationToken)
	ps.add("code", st.Codes...)
	ps.add("section", st.Sections...)
	ps.add("data_request", st.DataRequest)
	ps.add("appeal", mapValues(st.Appeals)...)
	ps.add("appeal_file", st.AppealFiles...)
	ps.finish(st)
	ps.requireBenchmark(st.Assessments[servertest.StateAccredited], false)
	return ps
}

func newPortalState(t *testing.T) *portalState {
	log := &syncBuffer{}
	ps := &portalState{log: log, values: map[string][]string{}, requests: map[string]string{}}
	ps.app = servertest.New(t, servertest.Options{Log: log})
	return ps
}

// add records real values of a kind.
func (ps *portalState) add(kind string, values ...string) {
	for _, v := range values {
		if v != "" && !contains(ps.values[kind], v) {
			ps.values[kind] = append(ps.values[kind], v)
		}
	}
}

// finish adds the values every portal has (sections, static files, the
// published framework), the unknown value of each kind, and the query
// variants of the lists.
func (ps *portalState) finish(st *servertest.States) {
	row, f, err := ps.app.Svc.CurrentFramework(context.Background())
	if err != nil {
		ps.app.T.Fatal(err)
	}
	ps.add("framework", row.ID)
	ps.add("language", "el", "mt")
	if len(ps.values["section"]) == 0 {
		ps.add("section", f.Sections[0].Code)
		ps.add("code", f.Sections[0].Criteria[0].Code)
	}
	_ = fs.WalkDir(static.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasSuffix(p, ".go") {
			ps.add("static", p)
		}
		return nil
	})
	for kind, v := range unknownValue {
		ps.values[kind] = append(ps.values[kind], v)
	}
	object := ps.values["assessment"][0]
	country := ps.app.HotlineA.Country
	ps.queries = map[string][]string{
		"/hotlines":                           {"?sort=country", "?sort=created", "?q=" + url.QueryEscape("χαμόγελο"), "?q=nothing-matches", "?country=" + country, "?page=2", "?page=99", "?page=-1"},
		"/users":                              {"?sort=email", "?sort=role", "?sort=created", "?role=reviewer", "?role=manager", "?q=" + url.QueryEscape("Ελένη"), "?page=2", "?page=99"},
		"/users/new":                          {"?role=manager&hotline=" + ps.app.HotlineA.ID, "?role=reviewer"},
		"/assessments":                        {"?status=draft", "?status=in_review", "?status=changes_requested", "?status=decided", "?status=nonsense", "?page=2"},
		"/audit":                              {"?action=assessment.submit", "?object=" + object, "?page=2", "?page=99"},
		"/certificates":                       {"?page=2", "?page=99"},
		"/register":                           {"?country=" + country, "?country=XX"},
		"/verify":                             {"?number=MCE-1999-XX-0001"},
		"/login":                              {"?next=/dashboard", "?next=https://evil.example/"},
		"/assessments/:id/clarifications/new": {"?criteria=LEG-01&criteria=TEL-01"},
		"/api/v1/hotlines":                    {"?q=" + url.QueryEscape("χαμόγελο"), "?country=" + country, "?page=2&per_page=25"},
		"/api/v1/users":                       {"?role=reviewer", "?page=2"},
		"/api/v1/assessments":                 {"?status=decided", "?hotline_id=" + ps.app.HotlineA.ID, "?page=2"},
		"/api/v1/public/register":             {"?country=" + country},
		"/worklist":                           {"?page=2", "?page=99", "?page=-1"},
		// Issue 14: exports.
		"/exports":                    {"?assessment_id=" + object, "?country=" + country},
		"/exports/scores.csv":         {"?country=" + country, "?country=XX", "?framework_version=0.0-none", "?assessment_id=" + object},
		"/exports/scores.xlsx":        {"?assessment_id=" + object, "?assessment_id=nonsense"},
		"/exports/scores.json":        {"?country=" + country},
		"/api/v1/exports/scores.csv":  {"?country=XX", "?assessment_id=" + object},
		"/api/v1/exports/scores.json": {"?country=" + country, "?framework_version=0.0-none"},
		"/network":                    {"?country=" + country, "?country=nonsense", "?framework_version=0.0", "?hotline_id=" + ps.app.HotlineA.ID, "?page=2", "?page=99"},
		"/api/v1/analytics/network":   {"?country=" + country, "?country=nonsense", "?framework_version=0.0", "?hotline_id=" + ps.app.HotlineA.ID},
		"/network/agreement":          {"?framework_version=0.0", "?page=2", "?page=99", "?page=-3"},
		"/api/v1/analytics/agreement": {"?framework_version=0.0"},
	}
	if st != nil {
		ps.queries["/audit"] = append(ps.queries["/audit"], "?object="+st.Certificates[models.CertRevoked])
	}
}

// getRoutes lists the server's GET routes.
func (ps *portalState) getRoutes() []string {
	var out []string
	for _, r := range ps.app.Server.Routes() {
		if strings.HasPrefix(r, "GET ") && !contains(out, r) {
			out = append(out, r)
		}
	}
	sort.Strings(out)
	return out
}

// request is one GET to make: the route it exercises, the path, and the
// parameter values in it (kind=value).
type request struct {
	route, path string
	values      []string
}

// scopedKinds are the kinds of values a role sees only some of (and
// static files, which are the same for everyone). The full roles request
// every value of them; the others, those the domain lets them see and
// the unknown one.
var scopedKinds = map[string]bool{"assessment": true, "hotline": true, "user": true, "framework": true, "evidence": true, "certificate": true, "static": true}

// valuesFor picks the values of one parameter of a route for a role. A
// second parameter (a criterion of an assessment) takes every value only
// where the first one is visible; elsewhere the unknown value is enough
// to see the refusal.
func (ps *portalState) valuesFor(role, kind string, prior []string, visible map[string]bool) []string {
	all := ps.values[kind]
	unknown := all[len(all)-1:]
	switch {
	case len(prior) > 0 && !visible[prior[0]]:
		return unknown
	case len(prior) > 0 || !scopedKinds[kind] || ps.full[role]:
		return all
	}
	var out []string
	for _, v := range all[:len(all)-1] {
		if visible[kind+"="+v] {
			out = append(out, v)
		}
	}
	return append(out, unknown...)
}

// visibleTo asks the domain which values a role may see ("kind=value").
func (ps *portalState) visibleTo(role string) map[string]bool {
	vis := map[string]bool{}
	if role == "" {
		return vis
	}
	ctx, svc := context.Background(), ps.app.Svc
	a := assessments.Actor{User: ps.app.Users[role]}
	all := assessments.Page{Size: 100}
	as, _, _ := svc.ListAssessments(ctx, a, assessments.AssessmentQuery{Page: all})
	for _, x := range as {
		vis["assessment="+x.ID] = true
	}
	hs, _, _ := svc.ListHotlines(ctx, a, assessments.HotlineQuery{Page: all})
	for _, x := range hs {
		vis["hotline="+x.ID] = true
	}
	us, _, _ := svc.ListUsers(ctx, a, assessments.UserQuery{Page: all})
	for _, x := range us {
		vis["user="+x.ID] = true
	}
	fs, _ := svc.ListFrameworks(ctx, a)
	for _, x := range fs {
		vis["framework="+x.ID] = true
	}
	cs, _, _ := svc.ListCertificates(ctx, a, all)
	for _, x := range cs {
		vis["certificate="+x.Number] = true
	}
	for _, id := range ps.values["evidence"] {
		if _, err := svc.GetEvidence(ctx, a, id); err == nil {
			vis["evidence="+id] = true
		}
	}
	aps, _, _ := svc.ListAppeals(ctx, a, "", all)
	for _, x := range aps {
		vis["appeal="+x.ID] = true
	}
	return vis
}

// expand gives a route's requests for a role, with the query variants
// of lists.
func (ps *portalState) expand(role, route string, visible map[string]bool) []request {
	pattern := strings.TrimPrefix(route, "GET ")
	segs := strings.Split(pattern, "/")
	reqs := []request{{route: route}}
	for _, seg := range segs {
		if !isParam(seg) {
			continue
		}
		kind := paramKind(pattern, seg)
		var next []request
		for _, r := range reqs {
			for _, v := range ps.valuesFor(role, kind, r.values, visible) {
				next = append(next, request{route: route, values: append(append([]string{}, r.values...), kind+"="+v)})
			}
		}
		reqs = next
	}
	// The unknown values first: a route that refuses them by role
	// refuses every value (see visitAll).
	sort.SliceStable(reqs, func(i, j int) bool { return isUnknown(reqs[i].values) && !isUnknown(reqs[j].values) })
	var out []request
	for _, r := range reqs {
		r.path = fillPath(segs, r.values)
		out = append(out, r)
		for _, q := range ps.queries[pattern] {
			out = append(out, request{route: r.route, path: r.path + q, values: r.values})
		}
	}
	return out
}

// closed tells whether an answer refuses the role or sends it to sign in.
func closed(r *servertest.Response) bool {
	return r != nil && (r.StatusCode == 401 || r.StatusCode == 403 || r.StatusCode == 303 && strings.HasPrefix(r.Header.Get("Location"), "/login"))
}

// isUnknown tells whether every value is the unknown one of its kind.
func isUnknown(values []string) bool {
	for _, v := range values {
		kind, value, _ := strings.Cut(v, "=")
		if unknownValue[kind] != value {
			return false
		}
	}
	return len(values) > 0
}

// fillPath puts the values into a route's parameter segments.
func fillPath(segs, values []string) string {
	path := make([]string, len(segs))
	copy(path, segs)
	n := 0
	for j, seg := range path {
		if !isParam(seg) {
			continue
		}
		v := strings.SplitN(values[n], "=", 2)[1]
		n++
		if strings.HasSuffix(seg, "*") {
			path[j] = strings.TrimSuffix(seg, "*") + "/" + v
			continue
		}
		path[j] = url.PathEscape(v)
	}
	return strings.Join(path, "/")
}

// isParam tells whether a route segment is a parameter (":id", or a
// wildcard such as "static*").
func isParam(seg string) bool { return strings.HasPrefix(seg, ":") || strings.HasSuffix(seg, "*") }

// paramKind says what a route parameter names: for ":id", the resource
// the route is under.
func paramKind(pattern, param string) string {
	switch param {
	case ":number":
		return "certificate"
	case ":list":
		return "list"
	case ":code", ":criterion":
		return "code"
	case ":section":
		return "section"
	case ":token":
		return "token"
	case ":file":
		return "appeal_file"
	case ":lang":
		return "language"
	}
	if strings.HasSuffix(param, "*") {
		return "static"
	}
	p := strings.TrimPrefix(pattern, "/api/v1")
	for _, k := range []struct{ prefix, kind string }{
		{"/hotlines/", "hotline"}, {"/users/", "user"}, {"/frameworks/", "framework"}, {"/assessments/", "assessment"},
		{"/evidence/", "evidence"}, {"/conditions/", "condition"}, {"/account/conflicts/", "conflict"},
		{"/data-requests/", "data_request"},
		{"/appeals/", "appeal"},
	} {
		if strings.HasPrefix(p, k.prefix) {
			return k.kind
		}
	}
	panic("every page test: no kind of value for " + param + " in " + pattern + "; add the route's prefix to paramKind")
}

// Crawl bounds: links followed per role, and per route and query shape.
const (
	crawlPerRole  = 100
	crawlPerShape = 2
)

// visitAll requests every route with every value as one role, then
// crawls the links of the pages it got.
func (ps *portalState) visitAll(t *testing.T, role string, cov *coverage) {
	// The client fails the (sub)test that uses it, from its goroutine.
	c := ps.app.Client()
	c.T = t
	if role != "" {
		c.Login(ps.app.Users[role].Email, servertest.Password, http.StatusSeeOther)
	}
	done := map[string]bool{}
	visible := ps.visibleTo(role)
	var links []string
	get := func(t *testing.T, r request) *servertest.Response {
		if done[r.path] {
			return nil
		}
		done[r.path] = true
		c.T = t
		resp := c.Get(r.path)
		ps.remember(resp, role, r.path)
		ps.check(t, r.path, resp)
		if resp.StatusCode == 200 {
			cov.mark(r.route)
		}
		if isHTML(resp) {
			links = append(links, linksIn(resp.Body)...)
		}
		return resp
	}
	routes := ps.getRoutes()
	for _, route := range routes {
		t.Run(route, func(t *testing.T) {
			for i, r := range ps.expand(role, route, visible) {
				// Refused by role (or sent to sign in) with the unknown
				// value or without a query: every other value or query
				// would be refused the same way.
				if resp := get(t, r); i == 0 && closed(resp) && (len(r.values) == 0 || isUnknown(r.values)) {
					break
				}
			}
		})
	}
	t.Run("crawl", func(t *testing.T) {
		shapes := map[string]int{}
		n := 0
		for len(links) > 0 && n < crawlPerRole {
			link := links[0]
			links = links[1:]
			if done[link] {
				continue
			}
			route := matchRoute(routes, link)
			shape := route + "?" + queryShape(link)
			if shapes[shape] >= crawlPerShape {
				continue
			}
			shapes[shape]++
			n++
			get(t, request{route: route, path: link})
		}
	})
}
