package loadtest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"hotlineportal/assessments"
)

// CompareClients is how many clients each side of the autosave
// comparison runs at once, each saving back to back.
const CompareClients = 32

// Compare measures autosave against the floor side by side, as an
// integrator or a browser does it: on one network (the first size) it
// runs, in rounds, CompareClients clients of the floor, of autosave with
// an API token and of autosave from signed-in browser sessions (cookie,
// CSRF token and Sec-Fetch-Site as the questionnaire's script sends
// them), one measurement after another, and reports each one's rate,
// latency, answers and its ratio to the floor of the same round. With
// o.RestartCommand it then runs the token and cookie clients together
// while the command restarts the database, and reports the failures by
// status. Every client saves its own answer, and after the run the tool
// checks that each answer holds the last text acknowledged with 200, or a
// later one of the same client. It fails on any error outside the restart,
// any failure during it that is not a 503 with Retry-After, or a lost save.
func Compare(ctx context.Context, o Options) error {
	env, open, cleanup, err := newDatabase(o.DatabaseURL, 0)
	if err != nil {
		return err
	}
	sr := &sizeRun{result: &sizeResult{n: o.Sizes[0]}, env: env, cleanup: cleanup,
		client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 512}, Timeout: 30 * time.Second}}
	defer sr.stop()
	db, svc, err := openService(ctx, open)
	if err != nil {
		return err
	}
	sr.db = db
	net, err := Seed(ctx, svc, o.Sizes[0], nil)
	if err != nil {
		return err
	}
	if len(net.Drafts)*len(net.Codes) < 2*CompareClients {
		return fmt.Errorf("%d hotlines leave too few draft answers for %d clients", o.Sizes[0], 2*CompareClients)
	}
	if err := db.Exec("ANALYZE").Error; err != nil && o.DatabaseURL != "" {
		return err
	}
	if sr.portals, err = startPortals(ctx, o, env); err != nil {
		return err
	}
	floor, err := startProcess(ctx, o.Command, "loadtest-floor", env)
	if err != nil {
		return err
	}
	defer floor.Stop()
	sides, err := compareSides(ctx, svc, net, sr, floor.Base)
	if err != nil {
		return err
	}
	res := &compareResult{clients: CompareClients, each: o.CapacityTime}
	for range o.Rounds {
		round := make([]loopResult, len(sides))
		for i, side := range sides {
			round[i] = runClosedLoop(ctx, side, o.CapacityTime, nil)
		}
		res.rounds = append(res.rounds, round)
	}
	if o.RestartCommand != "" {
		r := runRestart(ctx, append(append([]*saver{}, sides[1]...), sides[2]...), o.RestartCommand)
		res.restart = &r
	}
	res.lost, err = lostSaves(ctx, svc, append(append([]*saver{}, sides[1]...), sides[2]...))
	if err != nil {
		return err
	}
	for _, p := range sr.portals {
		res.logs = append(res.logs, p.Log())
	}
	printCompare(o.Out, res)
	if problems := res.problems(); len(problems) > 0 {
		return fmt.Errorf("the comparison found problems:\n  %s", strings.Join(problems, "\n  "))
	}
	return nil
}

// compareSides builds the three sides' clients: the floor's, the token
// savers and the cookie savers, each saver on its own answer.
func compareSides(ctx context.Context, svc *assessments.Service, net *Network, sr *sizeRun, floorBase string) ([][]*saver, error) {
	tokens, err := issueTokens(ctx, svc, net)
	if err != nil {
		return nil, err
	}
	base := sr.portals[0].Base
	sides := make([][]*saver, 3)
	for i := range CompareClients {
		sides[0] = append(sides[0], &saver{kind: "floor", id: i, client: sr.client,
			url: fmt.Sprintf("%s/floor?id=c%d", floorBase, i), method: http.MethodPost})
	}
	answer := func(kind string, slot, i int) *saver {
		a, c := slot%len(net.Drafts), slot/len(net.Drafts)
		return &saver{kind: kind, id: i, draft: a, assessmentID: net.Drafts[a], code: net.Codes[c], method: http.MethodPut,
			url: base + "/api/v1/assessments/" + net.Drafts[a] + "/answers/" + net.Codes[c], header: http.Header{}}
	}
	for i := range CompareClients {
		s := answer("token", i, i)
		s.client = sr.client
		s.header.Set("Authorization", "Bearer "+tokens.draft[s.draft])
		sides[1] = append(sides[1], s)
	}
	for i := range CompareClients {
		s := answer("cookie", CompareClients+i, i)
		if err := signInBrowser(ctx, sr.client.Transport, base, net.DraftOwner[s.draft].Email, s, i); err != nil {
			return nil, fmt.Errorf("sign in cookie client %d: %w", i, err)
		}
		sides[2] = append(sides[2], s)
	}
	if err := readVersions(ctx, svc, append(append([]*saver{}, sides[1]...), sides[2]...)); err != nil {
		return nil, err
	}
	return sides, nil
}

// csrfField finds the CSRF token a page's forms carry.
var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// signInBrowser signs s in as a browser does (the sign-in form, then the
// question page), from its own address through the loopback proxy, and
// gives it the session cookie and the headers the autosave script sends.
func signInBrowser(ctx context.Context, rt http.RoundTripper, base, email string, s *saver, i int) error {
	jar, _ := cookiejar.New(nil)
	s.client = &http.Client{Transport: rt, Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	addr := fmt.Sprintf("10.200.%d.%d", i>>8&255, i&255)
	page := func(method, path string, form url.Values) (int, string, error) {
		var req *http.Request
		if form != nil {
			req, _ = http.NewRequestWithContext(ctx, method, base+path, strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", base)
		} else {
			req, _ = http.NewRequestWithContext(ctx, method, base+path, nil)
		}
		req.Header.Set("X-Forwarded-For", addr)
		resp, err := s.client.Do(req)
		if err != nil {
			return 0, "", err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b), err
	}
	_, login, err := page(http.MethodGet, "/login", nil)
	if err != nil {
		return err
	}
	m := csrfField.FindStringSubmatch(login)
	if m == nil {
		return fmt.Errorf("no CSRF token on the sign-in page")
	}
	status, _, err := page(http.MethodPost, "/login", url.Values{"_csrf": {m[1]}, "email": {email}, "password": {password}})
	if err != nil {
		return err
	}
	if status != http.StatusSeeOther && status != http.StatusFound {
		return fmt.Errorf("sign-in answered %d", status)
	}
	status, question, err := page(http.MethodGet, "/assessments/"+s.assessmentID+"/criteria/"+s.code, nil)
	if err != nil {
		return err
	}
	if m = csrfField.FindStringSubmatch(question); status != http.StatusOK || m == nil {
		return fmt.Errorf("question page answered %d", status)
	}
	s.header.Set("X-CSRF-Token", m[1])
	s.header.Set("Accept", "application/json")
	s.header.Set("Origin", base)
	s.header.Set("Sec-Fetch-Site", "same-origin")
	s.header.Set("X-Forwarded-For", addr)
	return nil
}

// readVersions reads the current version of each saver's answer.
func readVersions(ctx context.Context, svc *assessments.Service, savers []*saver) error {
	for _, s := range savers {
		if err := svc.DB().WithContext(ctx).Raw("SELECT version FROM answers WHERE assessment_id = ? AND criterion = ?",
			s.assessmentID, s.code).Scan(&s.version).Error; err != nil {
			return err
		}
	}
	return nil
}

// saver is one client saving one answer (or the floor's row) back to back,
// each save's text numbered, keeping the number of the last one
// acknowledged with 200.
type saver struct {
	kind, url, method string
	id, draft         int
	assessmentID      string
	code              string
	client            *http.Client
	header            http.Header
	mu                sync.Mutex
	version           int
	seq, acked        int
}

// narrativeOf is the text of a client's n-th save.
func narrativeOf(kind string, id, n int) string {
	return fmt.Sprintf("%sClient %s-%d, save %d.", floorBody, kind, id, n)
}

// request builds the saver's next save.
func (s *saver) request() (*http.Request, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	body := map[string]any{"level": "met", "narrative": narrativeOf(s.kind, s.id, s.seq), "version": s.version}
	req := jsonRequest(s.method, s.url, "", body)
	for k, v := range s.header {
		req.Header[k] = v
	}
	return req, s.seq
}

// done records a save's answer: a 200 acknowledges it and gives the new
// version; a 409 (a save that was written but whose answer was lost)
// gives the current one.
func (s *saver) done(seq, status int, body []byte) {
	v, ok := versionAfter(status, body)
	s.mu.Lock()
	defer s.mu.Unlock()
	if ok {
		s.version = v
	}
	if status == http.StatusOK {
		s.acked = max(s.acked, seq)
	}
}
