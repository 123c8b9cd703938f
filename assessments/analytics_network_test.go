package assessments_test

import (
	"errors"
	"testing"

	"hotlineportal/assessments"
	"hotlineportal/assessments/domaintest"
	"hotlineportal/models"
)

// networkScore scores the latest of two cycles (i+r)%5, the first cycle 4
// everywhere (which the distributions must not count), and leaves the
// second reviewer's score of the first criterion N/A.
func networkScore(i, c, j, r int) *int {
	if j == 0 && r == 1 {
		return nil
	}
	v := 4
	if c == 1 {
		v = (i + r) % 5
	}
	return &v
}

func seedSmallNetwork(t *testing.T) (*domaintest.Env, *domaintest.NetworkSeeded) {
	t.Helper()
	env := domaintest.New(t, nil)
	seeded := env.SeedNetworkResults(domaintest.NetworkSeed{
		Hotlines: 4, Cycles: 2, Countries: []string{"GR", "BG"}, FirstYear: 2023, Score: networkScore,
	})
	return env, seeded
}

func networkFigures(t *testing.T, env *domaintest.Env, q assessments.NetworkQuery) *assessments.NetworkFigures {
	t.Helper()
	figs, err := env.Svc.NetworkAnalytics(ctx, env.Actor(domaintest.Secretariat), q)
	if err != nil {
		t.Fatal(err)
	}
	return figs
}

// Each hotline counts once, with its latest decided assessment; the
// country filter narrows the hotlines, the distributions and the trend;
// one hotline's cycles are traced when asked.
func TestNetworkAnalyticsLatestPerHotline(t *testing.T) {
	t.Parallel()
	env, seeded := seedSmallNetwork(t)
	tests := []struct {
		name     string
		q        assessments.NetworkQuery
		hotlines int
		trendN   int
		scoresN  int // scores of the second criterion
	}{
		{"whole network", assessments.NetworkQuery{}, 4, 4, 8},
		{"one country", assessments.NetworkQuery{Country: "bg"}, 2, 2, 4},
		{"current version by name", assessments.NetworkQuery{FrameworkVersion: currentVersion(t, env)}, 4, 4, 8},
		{"a country without results", assessments.NetworkQuery{Country: "FR"}, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			figs := networkFigures(t, env, tt.q)
			if len(figs.Hotlines) != tt.hotlines {
				t.Fatalf("%d hotlines, want %d", len(figs.Hotlines), tt.hotlines)
			}
			latest := map[string]bool{}
			for i := range seeded.Hotlines {
				latest[seeded.Latest(i)] = true
			}
			for _, h := range figs.Hotlines {
				if !latest[h.AssessmentID] || h.Status != models.StatusDecided || h.Overall == nil || len(h.Sections) == 0 {
					t.Errorf("hotline row %+v is not a latest decided assessment with its scores", h)
				}
				if tt.q.Country != "" && h.Country != "BG" {
					t.Errorf("country filter let %s through", h.Country)
				}
			}
			if len(figs.Countries) != 2 {
				t.Errorf("countries %v, want both whatever the filter", figs.Countries)
			}
			if got := figs.Criteria[1].N; got != tt.scoresN {
				t.Errorf("second criterion n = %d, want %d", got, tt.scoresN)
			}
			if tt.trendN > 0 && (len(figs.Trend) != 2 || figs.Trend[0].Year != 2023 || figs.Trend[1].N != tt.trendN) {
				t.Errorf("trend %+v, want 2023 and 2024 with %d decisions each", figs.Trend, tt.trendN)
			}
		})
	}
	figs := networkFigures(t, env, assessments.NetworkQuery{HotlineID: seeded.Hotlines[2].ID})
	if figs.Hotline == nil || len(figs.Hotline.Cycles) != 2 || figs.Hotline.Cycles[1].AssessmentID != seeded.Latest(2) {
		t.Fatalf("hotline trend %+v, want its two cycles, oldest first", figs.Hotline)
	}
}

// The distributions count the reviewers' own scores of the latest
// assessments only, N/A left out; the weakest criteria are those of the
// lowest mean consolidated score; the trend averages every cycle.
func TestNetworkAnalyticsFigures(t *testing.T) {
	t.Parallel()
	env, _ := seedSmallNetwork(t)
	figs := networkFigures(t, env, assessments.NetworkQuery{})
	first, second := figs.Criteria[0], figs.Criteria[1]
	tests := []struct {
		name string
		got  assessments.CriterionFigures
		dist [5]int
		n    int
		mean float64
	}{
		// Hotlines 0-3, first reviewer only: 0, 1, 2, 3.
		{"N/A left out", first, [5]int{1, 1, 1, 1, 0}, 4, 1.5},
		// First reviewer 0-3, second 1-4.
		{"both reviewers", second, [5]int{1, 2, 2, 2, 1}, 8, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got.Distribution != tt.dist || tt.got.N != tt.n || tt.got.Mean == nil || *tt.got.Mean != tt.mean {
				t.Errorf("%s: %+v (mean %v), want %v n %d mean %v", tt.got.Code, tt.got, deref(tt.got.Mean), tt.dist, tt.n, tt.mean)
			}
		})
	}
	if len(figs.Weakest) != 10 || figs.Weakest[0].Code != first.Code || figs.Weakest[0].Mean != 1.5 || figs.Weakest[1].Mean != 2 || figs.Weakest[0].Hotlines != 4 {
		t.Errorf("weakest %+v, want %s (1.5) first, then criteria at 2", figs.Weakest, first.Code)
	}
	// 2023: every score 4; 2024: hotline i's criteria at i+0.5 (the
	// first at i), so the overall means differ.
	if len(figs.Trend) != 2 || *figs.Trend[0].Overall != 4 || *figs.Trend[1].Overall >= 4 {
		t.Errorf("trend %+v", figs.Trend)
	}
}

// Only the secretariat sees the network; a bad filter names its field.
func TestNetworkAnalyticsRefuses(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	for _, key := range []string{domaintest.ManagerA, domaintest.Reviewer1} {
		if _, err := env.Svc.NetworkAnalytics(ctx, env.Actor(key), assessments.NetworkQuery{}); !errors.Is(err, assessments.ErrForbidden) {
			t.Errorf("%s: %v, want forbidden", key, err)
		}
	}
	tests := []struct {
		q     assessments.NetworkQuery
		field string
	}{
		{assessments.NetworkQuery{Country: "Greece"}, "country"},
		{assessments.NetworkQuery{Country: "XX"}, "country"},
		{assessments.NetworkQuery{FrameworkVersion: "99.9"}, "framework_version"},
		{assessments.NetworkQuery{HotlineID: "not an id"}, "hotline_id"},
		{assessments.NetworkQuery{HotlineID: env.HotlineA.ID}, "hotline_id"},
	}
	for _, tt := range tests {
		_, err := env.Svc.NetworkAnalytics(ctx, env.Actor(domaintest.Secretariat), tt.q)
		var verr *assessments.ValidationError
		if !errors.As(err, &verr) || verr.Fields[tt.field].Key == "" {
			t.Errorf("%+v: %v, want a validation error on %s", tt.q, err, tt.field)
		}
	}
	figs := networkFigures(t, env, assessments.NetworkQuery{})
	if len(figs.Hotlines) != 0 || len(figs.Trend) != 0 || len(figs.Weakest) != 0 || figs.Criteria[0].N != 0 || figs.Criteria[0].Mean != nil {
		t.Errorf("empty network: %+v", figs)
	}
}

// Repeated requests are answered from the cache; a new decision shows at
// once.
func TestNetworkAnalyticsCache(t *testing.T) {
	t.Parallel()
	env, _ := seedSmallNetwork(t)
	before := networkFigures(t, env, assessments.NetworkQuery{})
	if again := networkFigures(t, env, assessments.NetworkQuery{}); again != before {
		t.Error("the same request computed the figures again")
	}
	decidedWithConditions(t, env, 90)
	after := networkFigures(t, env, assessments.NetworkQuery{})
	if len(after.Hotlines) != 5 {
		t.Fatalf("%d hotlines after a new decision, want 5", len(after.Hotlines))
	}
}

func currentVersion(t *testing.T, env *domaintest.Env) string {
	t.Helper()
	fw, _, err := env.Svc.CurrentFramework(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return fw.Version
}

func deref(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}
