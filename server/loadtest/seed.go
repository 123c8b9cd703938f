// Package loadtest measures the portal under a constant-rate mixed load on
// a network it builds through the domain code, against a floor measured in
// the same run (a bare handler writing one row), at several network sizes.
package loadtest

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"hotlineportal/assessments"
	"hotlineportal/models"
)

// Network is what the seed built: who can do what on which assessment.
type Network struct {
	Managers    []*models.User // one per hotline
	Reviewers   []*models.User
	Drafts      []string // open assessments (manager i edits Drafts[i])
	DraftOwner  []*models.User
	InReview    []string // assessments being scored
	ReviewerOf  map[string][2]*models.User
	Decided     []string
	Certificate []string
	Codes       []string // criterion codes of the default framework
}

// password of every load-test account (cheap argon2 parameters are set by
// the caller's service options).
const password = "load-test-password-116000"

var sys = assessments.Actor{User: &models.User{Role: models.RoleSecretariat, Email: "loadtest"}, IP: "loadtest"}

// Seed builds a network of n hotlines through the domain: each hotline has
// two decided cycles (with certificates) and one open assessment, half of
// them drafts being filled in and half in review with two reviewers;
// every answer and score of the decided cycles is filled.
func Seed(ctx context.Context, svc *assessments.Service, n int, progress func(string)) (*Network, error) {
	net := &Network{ReviewerOf: map[string][2]*models.User{}}
	for i := 0; i < max(4, n/5); i++ {
		r, err := svc.CreateUserWithPassword(ctx, sys, assessments.UserInput{
			Email: fmt.Sprintf("reviewer%d@load.example", i), Name: fmt.Sprintf("Reviewer %d", i), Role: "reviewer", Country: "LT",
		}, password)
		if err != nil {
			return nil, err
		}
		net.Reviewers = append(net.Reviewers, r)
	}
	_, f, err := svc.CurrentFramework(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range f.Criteria() {
		net.Codes = append(net.Codes, c.Code)
	}
	var mu sync.Mutex
	errs := make(chan error, n)
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int) {
			defer wg.Done()
			defer func() { <-sem }()
			if err := seedHotline(ctx, svc, net, &mu, i); err != nil {
				errs <- fmt.Errorf("hotline %d: %w", i, err)
			}
			if progress != nil && (i+1)%max(1, n/10) == 0 {
				progress(fmt.Sprintf("seeded %d/%d hotlines", i+1, n))
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	return net, <-errs
}

func seedHotline(ctx context.Context, svc *assessments.Service, net *Network, mu *sync.Mutex, i int) error {
	h, err := svc.CreateHotline(ctx, sys, assessments.HotlineInput{
		Name: fmt.Sprintf("Γραμμή %04d – Linka %04d", i, i), Country: "GR", Channels: []string{"phone", "chat", "email", "web"}, Languages: []string{"el", "en"},
	})
	if err != nil {
		return err
	}
	mgr, err := svc.CreateUserWithPassword(ctx, sys, assessments.UserInput{
		Email: fmt.Sprintf("manager%d@load.example", i), Name: fmt.Sprintf("Manager %d", i), Role: "manager", HotlineID: h.ID, Country: "GR",
	}, password)
	if err != nil {
		return err
	}
	mu.Lock()
	r1, r2 := net.Reviewers[i%len(net.Reviewers)], net.Reviewers[(i+1)%len(net.Reviewers)]
	mu.Unlock()
	for cycle := 0; cycle < 3; cycle++ {
		id, number, err := cycleFor(ctx, svc, mgr, r1, r2, cycle, i)
		if err != nil {
			return err
		}
		mu.Lock()
		switch {
		case cycle < 2:
			net.Decided = append(net.Decided, id)
			net.Certificate = append(net.Certificate, number)
		case i%2 == 0:
			net.Drafts, net.DraftOwner = append(net.Drafts, id), append(net.DraftOwner, mgr)
		default:
			net.InReview = append(net.InReview, id)
			net.ReviewerOf[id] = [2]*models.User{r1, r2}
		}
		mu.Unlock()
	}
	mu.Lock()
	net.Managers = append(net.Managers, mgr)
	mu.Unlock()
	return nil
}

// cycleFor runs one assessment as far as its cycle goes: the first two are
// decided; the third stays a draft (even hotlines) or in review (odd).
func cycleFor(ctx context.Context, svc *assessments.Service, mgr, r1, r2 *models.User, cycle, i int) (string, string, error) {
	m := assessments.Actor{User: mgr, IP: "loadtest"}
	as, err := svc.StartAssessment(ctx, m, *mgr.HotlineID)
	if err != nil {
		return "", "", err
	}
	if cycle == 2 && i%2 == 0 {
		return as.ID, "", nil
	}
	level := models.LevelMet
	narrative := strings.Repeat("We answer every contact and keep records. ", 8)
	q, err := svc.LoadQuestionnaire(ctx, m, as.ID)
	if err != nil {
		return "", "", err
	}
	for _, it := range q.Items() {
		if _, err := svc.SaveAnswer(ctx, m, as.ID, it.Criterion.Code, assessments.AnswerInput{Level: &level, Narrative: narrative, Version: it.Answer.Version}); err != nil {
			return "", "", err
		}
	}
	if _, err := svc.Submit(ctx, m, as.ID); err != nil {
		return "", "", err
	}
	for _, r := range []*models.User{r1, r2} {
		if _, err := svc.Assign(ctx, sys, as.ID, r.ID, "load test"); err != nil {
			return "", "", err
		}
	}
	if cycle == 2 {
		return as.ID, "", nil
	}
	score := 4
	for _, r := range []*models.User{r1, r2} {
		ra := assessments.Actor{User: r, IP: "loadtest"}
		for _, it := range q.Items() {
			if _, err := svc.SaveScore(ctx, ra, as.ID, it.Criterion.Code, assessments.ScoreInput{Score: &score, Comment: "Seen."}); err != nil {
				return "", "", err
			}
		}
		if _, err := svc.SubmitReview(ctx, ra, as.ID, assessments.ReviewInput{Recommendation: "accredit", Summary: "Fine."}); err != nil {
			return "", "", err
		}
	}
	_, cert, err := svc.Decide(ctx, sys, as.ID, assessments.DecisionInput{Outcome: models.OutcomeAccredited, Rationale: "Load test."})
	if err != nil {
		return "", "", err
	}
	return as.ID, cert.Number, nil
}
