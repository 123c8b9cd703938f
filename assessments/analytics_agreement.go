package assessments

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
	"time"

	"hotlineportal/assessments/agreement"
	"hotlineportal/assessments/framework"
	"hotlineportal/models"
)

// AgreementThreshold is the alpha under which a criterion is flagged as
// ambiguous guidance to reword.
const AgreementThreshold = agreement.Threshold

// Alpha is one agreement figure: Krippendorff's alpha with the ordinal
// metric, rounded to three decimals, over Units units; Value is nil when
// alpha is undefined (nothing pairable, or no variation at all).
type Alpha struct {
	Value *float64
	Units int
}

// Low tells whether the figure is under the threshold at which reviewers
// are taken to read a criterion alike.
func (a Alpha) Low() bool { return a.Value != nil && *a.Value < AgreementThreshold }

// CriterionAgreement is how far reviewers agree on one criterion.
type CriterionAgreement struct {
	Code string
	Alpha
}

// PairAgreement is how far two reviewers agree with each other over the
// criteria they both scored; Reviewers are their IDs, sorted.
type PairAgreement struct {
	Reviewers [2]string
	Names     [2]string
	Alpha
}

// AgreementFigures answer "do the reviewers agree?" on one framework
// version: overall, per criterion (in framework order) and per pair of
// reviewers (by IDs).
type AgreementFigures struct {
	Framework  *models.Framework
	Sections   []framework.Section
	Overall    Alpha
	Criteria   []CriterionAgreement
	Pairs      []PairAgreement
	ComputedAt time.Time
}

// Flagged lists the criteria under the threshold, in framework order:
// the guidance to reword.
func (f *AgreementFigures) Flagged() []CriterionAgreement {
	var out []CriterionAgreement
	for _, c := range f.Criteria {
		if c.Low() {
			out = append(out, c)
		}
	}
	return out
}

// ReviewerAgreement computes the reviewer agreement on a framework version
// (empty: the current published one) for the secretariat. A unit is one
// criterion of one reviewed or decided assessment with at least two
// numeric scores. Figures are cached per version while no review is
// submitted or withdrawn; when they change, one request recomputes them
// while the others are served the previous figures.
func (s *Service) ReviewerAgreement(ctx context.Context, a Actor, version string) (*AgreementFigures, error) {
	if !a.Is(models.RoleSecretariat) {
		return nil, ErrForbidden
	}
	fw, f, err := s.networkFramework(ctx, strings.TrimSpace(version))
	if err != nil {
		if _, ok := err.(*ValidationError); ok {
			return nil, Invalid("framework_version", "error.network.framework_version")
		}
		return nil, err
	}
	return s.agreement.figures(ctx, fw.ID, s.now(), func(ctx context.Context) (*AgreementFigures, string, error) {
		return s.computeAgreement(ctx, fw, f)
	}, func(ctx context.Context) (string, error) {
		return models.ReviewsGeneration(ctx, s.db, fw.ID)
	})
}

// RefreshAgreement brings the cached agreement figures of the current
// framework up to date, so that the secretariat rarely waits for them:
// the background workers call it.
func (s *Service) RefreshAgreement(ctx context.Context) error {
	_, err := s.ReviewerAgreement(ctx, Actor{User: &models.User{Role: models.RoleSecretariat}}, "")
	return err
}

// computeAgreement reads every rated score of the version once and folds
// it into the overall, per-criterion and per-pair coincidence matrices. It
// returns the figures with the generation they were computed at.
func (s *Service) computeAgreement(ctx context.Context, fw *models.Framework, f *framework.Framework) (*AgreementFigures, string, error) {
	gen, err := models.ReviewsGeneration(ctx, s.db, fw.ID)
	if err != nil {
		return nil, "", fmt.Errorf("reviews generation: %w", err)
	}
	var acc agreementAccumulator
	var unit unitScores
	err = models.EachRatedScore(ctx, s.db, fw.ID, func(r models.RatedScore) {
		if r.AssessmentID != unit.assessment || r.Criterion != unit.criterion {
			acc.add(unit)
			unit = unitScores{assessment: r.AssessmentID, criterion: r.Criterion}
		}
		unit.reviewers = append(unit.reviewers, r.ReviewerID)
		unit.values = append(unit.values, float64(r.Score))
	})
	if err != nil {
		return nil, "", fmt.Errorf("read rated scores: %w", err)
	}
	acc.add(unit)
	figs := acc.figures(f)
	figs.Framework, figs.Sections, figs.ComputedAt = fw, f.Sections, s.now()
	if err := s.namePairs(ctx, figs.Pairs); err != nil {
		return nil, "", err
	}
	return figs, gen, nil
}

// namePairs fills the reviewers' names of each pair, for the page.
func (s *Service) namePairs(ctx context.Context, pairs []PairAgreement) error {
	seen := map[string]bool{}
	var ids []string
	for _, p := range pairs {
		for _, id := range p.Reviewers {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	names, err := models.UserNames(ctx, s.db, ids)
	if err != nil {
		return fmt.Errorf("reviewer names: %w", err)
	}
	for i := range pairs {
		pairs[i].Names = [2]string{names[pairs[i].Reviewers[0]], names[pairs[i].Reviewers[1]]}
	}
	return nil
}

// unitScores are the scores of one criterion of one assessment, reviewer
// by reviewer.
type unitScores struct {
	assessment, criterion string
	reviewers             []string
	values                []float64
}

// agreementAccumulator folds units into the matrices of the figures.
type agreementAccumulator struct {
	overall  agreement.Coincidences
	criteria map[string]*agreement.Coincidences
	pairs    map[[2]string]*agreement.Coincidences
}

func (acc *agreementAccumulator) add(u unitScores) {
	if len(u.values) < 2 {
		return
	}
	if acc.criteria == nil {
		acc.criteria, acc.pairs = map[string]*agreement.Coincidences{}, map[[2]string]*agreement.Coincidences{}
	}
	acc.overall.Add(u.values)
	matrix(acc.criteria, u.criterion).Add(u.values)
	for i := range u.reviewers {
		for j := i + 1; j < len(u.reviewers); j++ {
			key, vals := [2]string{u.reviewers[i], u.reviewers[j]}, agreement.Unit{u.values[i], u.values[j]}
			if key[0] > key[1] {
				key[0], key[1] = key[1], key[0]
			}
			matrix(acc.pairs, key).Add(vals)
		}
	}
}

// matrix returns the matrix under key, made when new.
func matrix[K comparable](m map[K]*agreement.Coincidences, key K) *agreement.Coincidences {
	c, ok := m[key]
	if !ok {
		c = &agreement.Coincidences{}
		m[key] = c
	}
	return c
}

// figures turns the matrices into alphas: criteria in framework order,
// pairs by their reviewers' IDs.
func (acc *agreementAccumulator) figures(f *framework.Framework) *AgreementFigures {
	figs := &AgreementFigures{Overall: alphaOf(&acc.overall)}
	for _, c := range f.Criteria() {
		ca := CriterionAgreement{Code: c.Code}
		if m, ok := acc.criteria[c.Code]; ok {
			ca.Alpha = alphaOf(m)
		}
		figs.Criteria = append(figs.Criteria, ca)
	}
	figs.Pairs = make([]PairAgreement, 0, len(acc.pairs))
	for key, m := range acc.pairs {
		figs.Pairs = append(figs.Pairs, PairAgreement{Reviewers: key, Alpha: alphaOf(m)})
	}
	sort.Slice(figs.Pairs, func(i, j int) bool {
		a, b := figs.Pairs[i].Reviewers, figs.Pairs[j].Reviewers
		return a[0] < b[0] || (a[0] == b[0] && a[1] < b[1])
	})
	return figs
}

// alphaOf is the ordinal alpha of a matrix, rounded for people.
func alphaOf(m *agreement.Coincidences) Alpha {
	r := m.Alpha(agreement.Ordinal)
	out := Alpha{Units: r.Units}
	if r.Defined {
		v := math.Round(r.Alpha*1000) / 1000
		out.Value = &v
	}
	return out
}

// agreementFreshFor is how long cached figures are served without asking
// whether a review came in: the question costs a query over every review
// of the version.
const agreementFreshFor = 5 * time.Second

// agreementRefreshWait is how long a request waits for figures being
// recomputed before it takes the previous ones: a small network's figures
// come back fresh, a large one's (about a second at 1,000 hotlines × 3
// cycles) do not hold the page up.
const agreementRefreshWait = 100 * time.Millisecond

// agreementCache keeps the agreement figures per framework with the
// reviews generation they were computed at. When the generation moves, one
// computation runs in the background; requests meanwhile wait a moment for
// it, then get the previous figures (stale while revalidating). Only with
// nothing cached does a request wait for the figures. The zero value is
// ready.
type agreementCache struct {
	mu      sync.Mutex
	entries map[string]*agreementEntry
}

type agreementEntry struct {
	figs      *AgreementFigures
	gen       string
	checkedAt time.Time     // when gen was last found current
	computing chan struct{} // closed when the running computation ends; nil when none runs
	err       error         // the last computation's failure
}

// figures returns the figures of the framework at now, computing them
// with compute when the cached ones are missing or older than generation
// says.
func (c *agreementCache) figures(ctx context.Context, frameworkID string, now time.Time,
	compute func(context.Context) (*AgreementFigures, string, error),
	generation func(context.Context) (string, error)) (*AgreementFigures, error) {
	e := c.entry(frameworkID)
	c.mu.Lock()
	if e.figs != nil && now.Sub(e.checkedAt) < agreementFreshFor && !now.Before(e.checkedAt) {
		figs := e.figs
		c.mu.Unlock()
		return figs, nil
	}
	c.mu.Unlock()
	gen, err := generation(ctx)
	if err != nil {
		return nil, fmt.Errorf("reviews generation: %w", err)
	}
	c.mu.Lock()
	if e.figs != nil && e.gen == gen {
		e.checkedAt = now
		figs := e.figs
		c.mu.Unlock()
		return figs, nil
	}
	if e.computing == nil {
		e.computing = make(chan struct{})
		go c.refresh(context.WithoutCancel(ctx), e, now, compute)
	}
	wait, stale := e.computing, e.figs
	c.mu.Unlock()
	var timeout <-chan time.Time
	if stale != nil {
		timer := time.NewTimer(agreementRefreshWait)
		defer timer.Stop()
		timeout = timer.C
	}
	select {
	case <-wait:
	case <-timeout:
		return stale, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e.figs == nil {
		return nil, e.err
	}
	return e.figs, nil
}

// entry returns the framework's entry, made when new.
func (c *agreementCache) entry(frameworkID string) *agreementEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[string]*agreementEntry{}
	}
	e := c.entries[frameworkID]
	if e == nil {
		e = &agreementEntry{}
		c.entries[frameworkID] = e
	}
	return e
}

// refresh computes the figures for the entry and publishes them; a
// failure keeps the previous figures and is handed to those waiting.
func (c *agreementCache) refresh(ctx context.Context, e *agreementEntry, now time.Time,
	compute func(context.Context) (*AgreementFigures, string, error)) {
	figs, gen, err := compute(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	e.err = err
	if err == nil {
		e.figs, e.gen, e.checkedAt = figs, gen, now
	}
	close(e.computing)
	e.computing = nil
}
