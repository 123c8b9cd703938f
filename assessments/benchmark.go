package assessments

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"sync"

	"hotlineportal/assessments/framework"
	"hotlineportal/models"
)

// BenchmarkMinPeers is the k rule: the network median of a section is
// shown only when at least this many other hotlines have a score for it,
// so that a small network never reveals one peer's score.
const BenchmarkMinPeers = 5

// BenchmarkSection is one section of a decided assessment beside the
// network: the hotline's score (the consolidation's, fixed at the
// decision) and the median of the other hotlines' latest decided scores.
type BenchmarkSection struct {
	Code  string
	Title framework.Text
	// Score is nil when no criterion of the section counted.
	Score *float64
	// NetworkMedian is nil while NetworkN is under BenchmarkMinPeers.
	NetworkMedian *float64
	// NetworkN is how many other hotlines have a score for the section.
	NetworkN int
}

// Withheld says the median is kept back by the k rule, so a page can say
// why there is none.
func (b BenchmarkSection) Withheld() bool { return b.NetworkMedian == nil }

// Benchmark is a decided assessment's sections beside the network's
// medians, in framework order.
type Benchmark struct {
	AssessmentID string
	Sections     []BenchmarkSection
}

// maySeeBenchmark: the secretariat, or the manager of the assessment's
// hotline. A reviewer may see the assessment but not where the hotline
// stands in the network.
func maySeeBenchmark(a Actor, as *models.Assessment) bool {
	return a.Is(models.RoleSecretariat) || a.User != nil && a.User.ManagesHotline(as.HotlineID)
}

// Benchmark compares a decided assessment's section scores with the
// anonymised network median (the secretariat or that hotline's manager;
// anyone else: not found; not decided yet: a conflict).
func (s *Service) Benchmark(ctx context.Context, a Actor, assessmentID string) (*Benchmark, error) {
	as, err := s.visibleAssessment(ctx, a, assessmentID)
	if err != nil {
		return nil, err
	}
	if !maySeeBenchmark(a, as) {
		return nil, ErrNotFound
	}
	if as.Status != models.StatusDecided {
		return nil, Conflict("error.benchmark_undecided")
	}
	_, f, err := s.pinnedFramework(ctx, as.FrameworkID)
	if err != nil {
		return nil, err
	}
	own, err := s.ownResult(ctx, a, as)
	if err != nil {
		return nil, err
	}
	peers, err := s.benchmarks.network(ctx, s.db, as.FrameworkID)
	if err != nil {
		return nil, err
	}
	return buildBenchmark(f, own, peers, as.HotlineID), nil
}

// ownResult is the stored figures of a decided assessment; one decided
// before they were kept and not backfilled yet is consolidated now.
func (s *Service) ownResult(ctx context.Context, a Actor, as *models.Assessment) (*models.AssessmentResult, error) {
	r, err := models.ResultOf(ctx, s.db, as.ID)
	if !errors.Is(err, models.ErrNotFound) {
		if err != nil {
			return nil, fmt.Errorf("load the figures of %s: %w", as.ID, err)
		}
		return r, nil
	}
	con, err := s.LoadConsolidation(ctx, a, as.ID)
	if err != nil {
		return nil, err
	}
	return resultRow(as, "", models.Decision{}, con.Result), nil
}

// buildBenchmark lines up the sections of f: the assessment's own score
// and the median of the other hotlines' (the hotline itself left out).
func buildBenchmark(f *framework.Framework, own *models.AssessmentResult, peers networkScores, hotlineID string) *Benchmark {
	b := &Benchmark{AssessmentID: own.AssessmentID, Sections: make([]BenchmarkSection, 0, len(f.Sections))}
	for _, sec := range f.Sections {
		bs := BenchmarkSection{Code: sec.Code, Title: sec.Title}
		if v, ok := own.Sections[sec.Code]; ok {
			bs.Score = &v
		}
		bs.NetworkMedian, bs.NetworkN = peers.median(sec.Code, hotlineID)
		b.Sections = append(b.Sections, bs)
	}
	return b
}

// peerScore is one hotline's section score in its latest decided
// assessment on a framework version.
type peerScore struct {
	hotlineID string
	score     float64
}

// networkScores are, by section code, each hotline's latest score on one
// framework version, sorted by score.
type networkScores map[string][]peerScore

// newNetworkScores gathers each hotline's latest results, listed oldest
// first, by section.
func newNetworkScores(results []models.AssessmentResult) networkScores {
	out := networkScores{}
	for _, r := range models.LatestResults(results) {
		for code, v := range r.Sections {
			out[code] = append(out[code], peerScore{hotlineID: r.HotlineID, score: v})
		}
	}
	for _, scores := range out {
		sort.Slice(scores, func(i, j int) bool { return scores[i].score < scores[j].score })
	}
	return out
}

// median is the median of a section's scores of every hotline but one,
// and how many there are; the median is nil under BenchmarkMinPeers.
func (n networkScores) median(section, excludeHotline string) (*float64, int) {
	var vals []float64
	for _, p := range n[section] {
		if p.hotlineID != excludeHotline {
			vals = append(vals, p.score)
		}
	}
	if len(vals) < BenchmarkMinPeers {
		return nil, len(vals)
	}
	m := Median(vals)
	return &m, len(vals)
}

// Median is the middle of sorted values (the mean of the two middle ones
// for an even count), rounded to two decimals so that the mean of two
// one-decimal scores prints exactly; 0 for none.
func Median(sorted []float64) float64 {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	m := sorted[n/2]
	if n%2 == 0 {
		m = (sorted[n/2-1] + sorted[n/2]) / 2
	}
	return math.Round(m*100) / 100
}

// benchmarkCache keeps the network's section scores per framework version
// while the stored results do not change (models.ResultsGeneration), so a
// benchmark costs one small query instead of reading every result.
type benchmarkCache struct {
	mu          sync.Mutex
	generation  string
	byFramework map[string]networkScores
}

// network returns the section scores of a framework version, from the
// cache while the results are unchanged.
func (c *benchmarkCache) network(ctx context.Context, db *models.DB, frameworkID string) (networkScores, error) {
	gen, err := models.ResultsGeneration(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("results generation: %w", err)
	}
	c.mu.Lock()
	if c.generation == gen {
		if n, ok := c.byFramework[frameworkID]; ok {
			c.mu.Unlock()
			return n, nil
		}
	}
	c.mu.Unlock()
	results, err := models.ListResults(ctx, db, models.ResultFilter{FrameworkID: frameworkID})
	if err != nil {
		return nil, fmt.Errorf("list the results of framework %s: %w", frameworkID, err)
	}
	n := newNetworkScores(results)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.generation != gen {
		c.generation, c.byFramework = gen, map[string]networkScores{}
	}
	c.byFramework[frameworkID] = n
	return n, nil
}
