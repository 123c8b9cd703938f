package assessments_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"hotlineportal/assessments"
	"hotlineportal/assessments/domaintest"
	"hotlineportal/assessments/framework"
	"hotlineportal/assessments/scoring"
	"hotlineportal/models"
)

// peerNet builds a benchmark network cheaply: decided assessments and
// their stored figures written straight to the database.
type peerNet struct {
	t         *testing.T
	env       *domaintest.Env
	framework string
	at        time.Time
}

func newPeerNet(t *testing.T) *peerNet {
	env := domaintest.New(t, nil)
	row, _, err := env.Svc.CurrentFramework(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return &peerNet{t: t, env: env, framework: row.ID, at: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
}

// hotline adds a hotline with no assessment.
func (p *peerNet) hotline() string {
	p.t.Helper()
	h, err := p.env.Svc.CreateHotline(ctx, domaintest.SystemActor(), assessments.HotlineInput{
		Name: "Γραμμή " + models.NewID(), Country: "GR", Channels: []string{"phone"}, Languages: []string{"el"},
	})
	if err != nil {
		p.t.Fatal(err)
	}
	return h.ID
}

// decided stores a decided assessment of a hotline on a framework with
// the given section scores, a day after the previous one.
func (p *peerNet) decided(hotlineID, frameworkID string, sections models.ScoreMap) string {
	p.t.Helper()
	p.at = p.at.Add(24 * time.Hour)
	as := &models.Assessment{ID: models.NewID(), HotlineID: hotlineID, FrameworkID: frameworkID, Status: models.StatusDecided,
		Round: 1, Version: 1, CreatedAt: p.at, UpdatedAt: p.at}
	if err := p.env.DB.Create(as).Error; err != nil {
		p.t.Fatal(err)
	}
	r := &models.AssessmentResult{AssessmentID: as.ID, HotlineID: hotlineID, FrameworkID: frameworkID,
		Outcome: models.OutcomeAccredited, DecidedAt: p.at, Sections: sections, Criteria: models.ScoreMap{}}
	if err := models.InsertAssessmentResult(ctx, p.env.DB, r); err != nil {
		p.t.Fatal(err)
	}
	return as.ID
}

// otherFramework imports (and does not need to publish) another version.
func (p *peerNet) otherFramework() string {
	p.t.Helper()
	cur, _, err := p.env.Svc.CurrentFramework(ctx)
	if err != nil {
		p.t.Fatal(err)
	}
	revised := strings.Replace(string(framework.DefaultYAML()), "version: \""+cur.Version+"\"", "version: \"2099.1\"", 1)
	f, err := p.env.Svc.ImportFramework(ctx, p.env.Actor(domaintest.Secretariat), []byte(revised))
	if err != nil {
		p.t.Fatal(err)
	}
	return f.ID
}

func section(t *testing.T, b *assessments.Benchmark, code string) assessments.BenchmarkSection {
	t.Helper()
	for _, s := range b.Sections {
		if s.Code == code {
			return s
		}
	}
	t.Fatalf("no section %s in %+v", code, b.Sections)
	return assessments.BenchmarkSection{}
}

// The k rule, the hotline itself left out, each other hotline counted
// once (its latest decided assessment on the same framework version).
func TestBenchmarkNetworkMedian(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// build adds the network around the manager A's decided
		// assessment, scored LEG 2.
		build      func(p *peerNet)
		wantN      int
		wantMedian *float64
	}{
		{"no one else", func(*peerNet) {}, 0, nil},
		{"4 others: withheld", func(p *peerNet) {
			for _, v := range []float64{1, 2, 3, 4} {
				p.decided(p.hotline(), p.framework, models.ScoreMap{"LEG": v})
			}
		}, 4, nil},
		{"5 others: shown", func(p *peerNet) {
			for _, v := range []float64{4, 1, 3.5, 2, 3} {
				p.decided(p.hotline(), p.framework, models.ScoreMap{"LEG": v})
			}
		}, 5, ptr(3)},
		{"6 others: the mean of the middle two", func(p *peerNet) {
			for _, v := range []float64{1, 2, 2.5, 3, 4, 4} {
				p.decided(p.hotline(), p.framework, models.ScoreMap{"LEG": v})
			}
		}, 6, ptr(2.75)},
		{"own earlier cycles are not peers", func(p *peerNet) {
			for range 3 {
				p.decided(p.env.HotlineA.ID, p.framework, models.ScoreMap{"LEG": 0})
			}
			for _, v := range []float64{1, 2, 3, 4} {
				p.decided(p.hotline(), p.framework, models.ScoreMap{"LEG": v})
			}
		}, 4, nil},
		{"a hotline decided twice counts once, with its latest", func(p *peerNet) {
			twice := p.hotline()
			p.decided(twice, p.framework, models.ScoreMap{"LEG": 0})
			for _, v := range []float64{1, 2, 3, 4} {
				p.decided(p.hotline(), p.framework, models.ScoreMap{"LEG": v})
			}
			p.decided(twice, p.framework, models.ScoreMap{"LEG": 4})
		}, 5, ptr(3)},
		{"other framework versions are ignored", func(p *peerNet) {
			other := p.otherFramework()
			for _, v := range []float64{0, 0, 0, 0} {
				p.decided(p.hotline(), other, models.ScoreMap{"LEG": v})
			}
			for _, v := range []float64{1, 2, 3, 4} {
				p.decided(p.hotline(), p.framework, models.ScoreMap{"LEG": v})
			}
		}, 4, nil},
		{"a peer without a score for the section does not count", func(p *peerNet) {
			for _, v := range []float64{1, 2, 3, 4} {
				p.decided(p.hotline(), p.framework, models.ScoreMap{"LEG": v})
			}
			p.decided(p.hotline(), p.framework, models.ScoreMap{"GOV": 3})
		}, 4, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := newPeerNet(t)
			own := p.decided(p.env.HotlineA.ID, p.framework, models.ScoreMap{"LEG": 2})
			tt.build(p)
			b, err := p.env.Svc.Benchmark(ctx, p.env.Actor(domaintest.ManagerA), own)
			if err != nil {
				t.Fatal(err)
			}
			leg := section(t, b, "LEG")
			if leg.Score == nil || *leg.Score != 2 {
				t.Errorf("own score %s, want 2", fmtFloat(leg.Score))
			}
			if leg.NetworkN != tt.wantN || fmtFloat(leg.NetworkMedian) != fmtFloat(tt.wantMedian) {
				t.Errorf("median %s of %d, want %s of %d", fmtFloat(leg.NetworkMedian), leg.NetworkN, fmtFloat(tt.wantMedian), tt.wantN)
			}
			if leg.Withheld() != (tt.wantMedian == nil) {
				t.Errorf("Withheld() = %v", leg.Withheld())
			}
			if gov := section(t, b, "GOV"); gov.Score != nil {
				t.Errorf("GOV has no own score, got %s", fmtFloat(gov.Score))
			}
		})
	}
}

// A new decision changes the median at once, although the network is
// cached between requests.
func TestBenchmarkFollowsNewDecisions(t *testing.T) {
	t.Parallel()
	p := newPeerNet(t)
	own := p.decided(p.env.HotlineA.ID, p.framework, models.ScoreMap{"LEG": 2})
	for _, v := range []float64{1, 2, 3, 4} {
		p.decided(p.hotline(), p.framework, models.ScoreMap{"LEG": v})
	}
	median := func() string {
		b, err := p.env.Svc.Benchmark(ctx, p.env.Actor(domaintest.Secretariat), own)
		if err != nil {
			t.Fatal(err)
		}
		s := section(t, b, "LEG")
		return fmt.Sprintf("%s/%d", fmtFloat(s.NetworkMedian), s.NetworkN)
	}
	if got := median(); got != "nil/4" {
		t.Fatalf("before: %s", got)
	}
	if got := median(); got != "nil/4" {
		t.Fatalf("cached: %s", got)
	}
	p.decided(p.hotline(), p.framework, models.ScoreMap{"LEG": 4})
	if got := median(); got != "3.00/5" {
		t.Fatalf("after a fifth peer: %s", got)
	}
}

// Who may see a benchmark, and when: the hotline's manager and the
// secretariat, once decided; the benchmark's own scores are the
// consolidation's.
func TestBenchmarkAccess(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	id := decidedWithConditions(t, env, 90)
	draft := env.StartAssessment(domaintest.ManagerB).ID
	tests := []struct {
		name, actor, id, want string
	}{
		{"the hotline's manager", domaintest.ManagerA, id, ""},
		{"the secretariat", domaintest.Secretariat, id, ""},
		{"a reviewer of the assessment", domaintest.Reviewer1, id, "not found"},
		{"another manager", domaintest.ManagerB, id, "not found"},
		{"an unknown assessment", domaintest.Secretariat, models.NewID(), "not found"},
		{"not decided yet", domaintest.ManagerB, draft, "conflict:error.benchmark_undecided"},
		{"not decided yet, the secretariat", domaintest.Secretariat, draft, "conflict:error.benchmark_undecided"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := env.Svc.Benchmark(ctx, env.Actor(tt.actor), tt.id)
			expectErr(t, err, tt.want)
		})
	}
	b, err := env.Svc.Benchmark(ctx, env.Actor(domaintest.ManagerA), id)
	if err != nil {
		t.Fatal(err)
	}
	con, err := env.Svc.LoadConsolidation(ctx, env.Actor(domaintest.Secretariat), id)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Sections) != len(con.Result.Sections) {
		t.Fatalf("%d sections, want %d", len(b.Sections), len(con.Result.Sections))
	}
	for i, s := range b.Sections {
		want := con.Result.Sections[i]
		if s.Code != want.Code || fmtFloat(s.Score) != fmtFloat(want.Consolidated) || s.NetworkN != 0 || s.NetworkMedian != nil {
			t.Errorf("section %+v, want %s %s alone", s, want.Code, fmtFloat(want.Consolidated))
		}
		if s.Title[framework.English] == "" {
			t.Errorf("section %s has no title", s.Code)
		}
	}
}

// The summary's strengths and what to improve first.
func TestHighlights(t *testing.T) {
	t.Parallel()
	f := &framework.Framework{Rules: framework.Rules{PassScore: 3}, Sections: []framework.Section{{Code: "A", Criteria: []framework.Criterion{
		{Code: "A-1", Title: framework.Text{"en": "One"}}, {Code: "A-2"}, {Code: "A-3"}, {Code: "A-4"}, {Code: "A-5"}, {Code: "A-6"}, {Code: "A-7"},
	}}}}
	tests := []struct {
		name               string
		scores             []float64 // by criterion, -1 = not counted
		strengths, improve string
	}{
		{"spread", []float64{4, 0, 3.5, 2, 1, 3, 4}, "A-1 A-7 A-3", "A-2 A-5 A-4"},
		{"all at the top: nothing to improve", []float64{4, 4, 4, 4, -1, -1, -1}, "A-1 A-2 A-3", ""},
		{"all equal below the top: to improve, no strength", []float64{3, 3, 3, 3, 3, 3, 3}, "", "A-1 A-2 A-3"},
		{"a strength beats everything to improve", []float64{3, 3, 3, 3.5, 4, -1, 2}, "A-5 A-4", "A-7 A-1 A-2"},
		{"below the pass score nothing is a strength", []float64{1, 2, 2.5, 0.5, -1, -1, -1}, "", "A-4 A-1 A-2"},
		{"nothing counted", []float64{-1, -1, -1, -1, -1, -1, -1}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var res scoring.Result
			for i, v := range tt.scores {
				c := scoring.CriterionResult{Code: fmt.Sprintf("A-%d", i+1), Applicable: true}
				if v >= 0 {
					c.Consolidated = ptr(v)
				}
				res.Criteria = append(res.Criteria, c)
			}
			strengths, improve := assessments.Highlights(f, res, map[string][]string{"A-2": {"", "Pas de procédure écrite."}})
			if got := codes(strengths); got != tt.strengths {
				t.Errorf("strengths %q, want %q", got, tt.strengths)
			}
			if got := codes(improve); got != tt.improve {
				t.Errorf("improve %q, want %q", got, tt.improve)
			}
			for _, c := range improve {
				if c.Code == "A-2" && (len(c.Comments) != 1 || c.Comments[0] != "Pas de procédure écrite.") {
					t.Errorf("A-2 comments %q", c.Comments)
				}
			}
			for _, c := range append(strengths, improve...) {
				if c.Code == "A-1" && c.Title["en"] != "One" {
					t.Errorf("A-1 without its title: %+v", c)
				}
			}
		})
	}
}

func TestMedian(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   []float64
		want float64
	}{{nil, 0}, {[]float64{3}, 3}, {[]float64{1, 2}, 1.5}, {[]float64{1.1, 2.2, 3.3}, 2.2}, {[]float64{2.3, 2.4}, 2.35}, {[]float64{0, 1, 3, 4}, 2}} {
		if got := assessments.Median(tt.in); got != tt.want {
			t.Errorf("Median(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func codes(cs []assessments.SummaryCriterion) string {
	out := make([]string, 0, len(cs))
	for _, c := range cs {
		out = append(out, c.Code)
	}
	return strings.Join(out, " ")
}

func fmtFloat(v *float64) string {
	if v == nil {
		return "nil"
	}
	return fmt.Sprintf("%.2f", *v)
}

func ptr(v float64) *float64 { return &v }
