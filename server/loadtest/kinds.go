package loadtest

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"hotlineportal/assessments"
	"hotlineportal/models"
)

// buildKinds prepares API tokens and the request makers of each type,
// spreading requests over the portals' base URLs in turn.
func buildKinds(ctx context.Context, svc *assessments.Service, net *Network, bases []string) ([]Kind, error) {
	tokens, err := issueTokens(ctx, svc, net)
	if err != nil {
		return nil, err
	}
	slots, err := newAnswerSlots(ctx, svc, net)
	if err != nil {
		return nil, err
	}
	base := func(i int64) string { return bases[int(i)%len(bases)] }
	narrative := strings.Repeat("We answer every contact and keep records. ", 8)
	return []Kind{
		{Name: "autosave", Make: func(i int64) (*http.Request, func(int, []byte)) {
			slot, version := slots.take()
			a, c := slot/len(net.Codes), slot%len(net.Codes)
			req := jsonRequest("PUT", base(i)+"/api/v1/assessments/"+net.Drafts[a]+"/answers/"+net.Codes[c], tokens.draft[a],
				map[string]any{"level": "met", "narrative": narrative + fmt.Sprint(i), "version": version})
			return req, func(status int, body []byte) { slots.release(slot, status, body) }
		}},
		{Name: "score", Make: func(i int64) (*http.Request, func(int, []byte)) {
			id := net.InReview[int(i)%len(net.InReview)]
			r := net.ReviewerOf[id][int(i)%2]
			return jsonRequest("PUT", base(i)+"/api/v1/assessments/"+id+"/scores/"+pick(net.Codes), tokens.reviewer[r.ID],
				map[string]any{"score": 3, "comment": "Checked."}), nil
		}},
		{Name: "questionnaire", Make: func(i int64) (*http.Request, func(int, []byte)) {
			a := int(i) % len(net.Drafts)
			return jsonRequest("GET", base(i)+"/assessments/"+net.Drafts[a]+"/check", tokens.draft[a], nil), nil
		}},
		{Name: "workspace", Make: func(i int64) (*http.Request, func(int, []byte)) {
			id := net.InReview[int(i)%len(net.InReview)]
			r := net.ReviewerOf[id][int(i)%2]
			return jsonRequest("GET", base(i)+"/assessments/"+id+"/review/criteria/"+pick(net.Codes), tokens.reviewer[r.ID], nil), nil
		}},
		{Name: "consolidation", Make: func(i int64) (*http.Request, func(int, []byte)) {
			return jsonRequest("GET", base(i)+"/api/v1/assessments/"+pick(net.Decided)+"/consolidation", tokens.secretariat, nil), nil
		}},
		{Name: "certificate_pdf", Make: func(i int64) (*http.Request, func(int, []byte)) {
			return jsonRequest("GET", base(i)+"/api/v1/certificates/"+pick(net.Certificate)+"/pdf", tokens.secretariat, nil), nil
		}},
		{Name: "verify", Make: func(i int64) (*http.Request, func(int, []byte)) {
			return jsonRequest("GET", base(i)+"/api/v1/public/certificates/"+pick(net.Certificate), "", nil), nil
		}},
		{Name: "network_page", Make: func(i int64) (*http.Request, func(int, []byte)) {
			return jsonRequest("GET", base(i)+"/network", tokens.secretariat, nil), nil
		}},
		{Name: "network_api", Make: func(i int64) (*http.Request, func(int, []byte)) {
			return jsonRequest("GET", base(i)+"/api/v1/analytics/network", tokens.secretariat, nil), nil
		}},
		{Name: "agreement", Make: func(i int64) (*http.Request, func(int, []byte)) {
			return jsonRequest("GET", base(i)+"/api/v1/analytics/agreement", tokens.secretariat, nil), nil
		}},
		{Name: "worklist", Make: func(i int64) (*http.Request, func(int, []byte)) {
			return jsonRequest("GET", base(i)+"/api/v1/worklist", tokens.secretariat, nil), nil
		}},
		{Name: "worklist_page", Make: func(i int64) (*http.Request, func(int, []byte)) {
			// The dashboard itself: "/" only redirects to it.
			return jsonRequest("GET", base(i)+"/dashboard", tokens.secretariat, nil), nil
		}},
	}, nil
}

// loadTokens are the API tokens the load signs in with.
type loadTokens struct {
	secretariat string
	draft       []string          // of the manager of net.Drafts[i]
	reviewer    map[string]string // by reviewer ID
}

func issueTokens(ctx context.Context, svc *assessments.Service, net *Network) (*loadTokens, error) {
	issue := func(u *models.User) (string, error) {
		t, _, err := svc.IssueToken(ctx, assessments.Actor{IP: "loadtest"}, assessments.Credentials{Email: u.Email, Password: password})
		return t, err
	}
	sec, err := svc.CreateUserWithPassword(ctx, sys, assessments.UserInput{Email: "secretariat@load.example", Name: "Load Secretariat", Role: "secretariat"}, password)
	if err != nil {
		return nil, err
	}
	t := &loadTokens{draft: make([]string, len(net.Drafts)), reviewer: map[string]string{}}
	if t.secretariat, err = issue(sec); err != nil {
		return nil, err
	}
	for i, u := range net.DraftOwner {
		if t.draft[i], err = issue(u); err != nil {
			return nil, err
		}
	}
	for _, r := range net.Reviewers {
		if t.reviewer[r.ID], err = issue(r); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// answerSlots hands out the draft answers to autosave, one save in flight
// per answer as the questionnaire's autosave script does, and keeps each
// answer's latest version. Slot s is answer s%codes of draft s/codes.
type answerSlots struct {
	mu      sync.Mutex
	version []int
	busy    []bool
	next    int
}

// newAnswerSlots reads the current version of every draft answer.
func newAnswerSlots(ctx context.Context, svc *assessments.Service, net *Network) (*answerSlots, error) {
	n := len(net.Drafts) * len(net.Codes)
	s := &answerSlots{version: make([]int, n), busy: make([]bool, n)}
	draft := map[string]int{}
	for i, id := range net.Drafts {
		draft[id] = i
	}
	code := map[string]int{}
	for i, c := range net.Codes {
		code[c] = i
	}
	var rows []models.Answer
	if err := svc.DB().WithContext(ctx).Select("assessment_id", "criterion", "version").Where("assessment_id IN ?", net.Drafts).Find(&rows).Error; err != nil {
		return nil, err
	}
	for _, r := range rows {
		s.version[draft[r.AssessmentID]*len(net.Codes)+code[r.Criterion]] = r.Version
	}
	return s, nil
}

// take picks the next answer with no save in flight (any answer if all
// are busy, which only an overloaded run reaches).
func (s *answerSlots) take() (slot, version int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range len(s.busy) {
		slot = s.next
		s.next = (s.next + 1) % len(s.busy)
		if !s.busy[slot] {
			break
		}
	}
	s.busy[slot] = true
	return slot, s.version[slot]
}

// release records the outcome of a save: the new version on 200, the
// current one a 409 reports.
func (s *answerSlots) release(slot, status int, body []byte) {
	v, ok := versionAfter(status, body)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.busy[slot] = false
	if ok {
		s.version[slot] = max(s.version[slot], v)
	}
}

// versionAfter reads the answer's version from a save's answer: the new
// one on 200, the current one a 409 reports; ok is false otherwise.
func versionAfter(status int, body []byte) (version int, ok bool) {
	var out struct {
		Version int `json:"version"`
		Error   struct {
			Current struct{ Version int } `json:"current"`
		} `json:"error"`
	}
	_ = jsonUnmarshal(body, &out)
	switch status {
	case http.StatusOK:
		return out.Version, true
	case http.StatusConflict:
		return out.Error.Current.Version, true
	}
	return 0, false
}
