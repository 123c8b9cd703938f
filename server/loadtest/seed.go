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
// them drafts being edited and half in review with two reviewers scoring.
// Every answer and every score is filled, and five criteria of each
// assessment have an evidence link.
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
// decided; the third is a draft (even hotlines) or in review (odd). Every
// answer is filled, with a few evidence links, and so is every score.
func cycleFor(ctx context.Context, svc *assessments.Service, mgr, r1, r2 *models.User, cycle, i int) (string, string, error) {
	m := assessments.Actor{User: mgr, IP: "loadtest"}
	as, err := svc.StartAssessment(ctx, m, *mgr.HotlineID)
	if err != nil {
		return "", "", err
	}
	q, err := svc.LoadQuestionnaire(ctx, m, as.ID)
	if err != nil {
		return "", "", err
	}
	if err := fillAnswers(ctx, svc, m, as.ID, q); err != nil {
		return "", "", err
	}
	if cycle == 2 && i%2 == 0 {
		return as.ID, "", nil
	}
	if _, err := svc.Submit(ctx, m, as.ID); err != nil {
		return "", "", err
	}
	for _, r := range []*models.User{r1, r2} {
		if _, err := svc.Assign(ctx, sys, as.ID, r.ID, "load test"); err != nil {
			return "", "", err
		}
	}
	for k, r := range []*models.User{r1, r2} {
		if err := fillScores(ctx, svc, assessments.Actor{User: r, IP: "loadtest"}, as.ID, q, cycle < 2, i+cycle, k); err != nil {
			return "", "", err
		}
	}
	if cycle == 2 {
		return as.ID, "", nil
	}
	_, cert, err := svc.Decide(ctx, sys, as.ID, assessments.DecisionInput{Outcome: models.OutcomeAccredited, Rationale: "Load test."})
	if err != nil {
		return "", "", err
	}
	return as.ID, cert.Number, nil
}

// evidenceLinks is how many criteria of each assessment get a link.
const evidenceLinks = 5

// fillAnswers answers every criterion (over what a renewal carried over)
// and links evidence to the first few.
func fillAnswers(ctx context.Context, svc *assessments.Service, m assessments.Actor, id string, q *assessments.Questionnaire) error {
	level := models.LevelMet
	narrative := strings.Repeat("We answer every contact and keep records. ", 8)
	for n, it := range q.Items() {
		in := assessments.AnswerInput{Level: &level, Narrative: narrative, Version: it.Answer.Version}
		if _, err := svc.SaveAnswer(ctx, m, id, it.Criterion.Code, in); err != nil {
			return err
		}
		if n < evidenceLinks && len(it.Evidence) == 0 {
			if _, err := svc.AddEvidenceLink(ctx, m, id, it.Criterion.Code, "https://hotline.example/policy", "Policy"); err != nil {
				return err
			}
		}
	}
	return nil
}

// fillScores scores every criterion as reviewer r, and submits the review
// when submit is set. Scores vary (3 or 4, by criterion and seed; the
// reviewers of a pair, k = 0 and 1, differ on one criterion in seven) so
// that the network figures and the reviewer agreement have something to
// count.
func fillScores(ctx context.Context, svc *assessments.Service, r assessments.Actor, id string, q *assessments.Questionnaire, submit bool, seed, k int) error {
	for n, it := range q.Items() {
		score := 3 + (n+seed)%2
		if (n+k)%7 == 0 {
			score = 7 - score
		}
		if _, err := svc.SaveScore(ctx, r, id, it.Criterion.Code, assessments.ScoreInput{Score: &score, Comment: "Seen."}); err != nil {
			return err
		}
	}
	if !submit {
		return nil
	}
	_, err := svc.SubmitReview(ctx, r, id, assessments.ReviewInput{Recommendation: "accredit", Summary: "Fine."})
	return err
}

// Summary counts what the network holds.
func (net *Network) Summary(ctx context.Context, svc *assessments.Service) string {
	count := func(model any) int64 {
		var n int64
		svc.DB().WithContext(ctx).Model(model).Count(&n)
		return n
	}
	return fmt.Sprintf("%d assessments, %d answers, %d scores, %d evidence items",
		count(&models.Assessment{}), count(&models.Answer{}), count(&models.Score{}), count(&models.Evidence{}))
}
