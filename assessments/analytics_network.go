package assessments

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"hotlineportal/assessments/framework"
	"hotlineportal/models"
)

// NetworkQuery chooses the figures of the network page: a framework
// version (empty: the current published one), a country (empty: all) and
// a hotline whose cycles to trace (empty: none).
type NetworkQuery struct {
	FrameworkVersion string
	Country          string
	HotlineID        string
}

// NetworkHotline is one hotline's latest decided assessment: a row of the
// heatmap.
type NetworkHotline struct {
	HotlineID    string
	Name         string
	Country      string
	AssessmentID string
	Status       models.Status
	Outcome      string
	DecidedAt    time.Time
	Overall      *float64
	Sections     models.ScoreMap
}

// CriterionFigures is the spread of the reviewers' own scores of one
// criterion over the latest decided assessments: Distribution[v] counts
// the scores v (0-4), N their number, Mean their mean (nil when none).
type CriterionFigures struct {
	Code         string
	N            int
	Mean         *float64
	Distribution [5]int
}

// WeakCriterion is a criterion whose consolidated scores are among the
// lowest across the network: where the network should improve first.
type WeakCriterion struct {
	Code     string
	Mean     float64
	Hotlines int
}

// TrendPoint is one year of decisions: the mean overall and section
// scores of the assessments decided that year, and how many there were.
type TrendPoint struct {
	Year     int
	N        int
	Overall  *float64
	Sections models.ScoreMap
}

// HotlineCycle is one decided assessment of one hotline, for its trend.
type HotlineCycle struct {
	AssessmentID string
	DecidedAt    time.Time
	Outcome      string
	Overall      *float64
	Sections     models.ScoreMap
}

// HotlineTrend is the cycles of the hotline a query names, oldest first.
type HotlineTrend struct {
	HotlineID string
	Name      string
	Country   string
	Cycles    []HotlineCycle
}

// NetworkFigures is the network at a glance on one framework version:
// what the secretariat steers by.
type NetworkFigures struct {
	Framework *models.Framework
	// Sections and Criteria are the framework's, in its order, so that
	// charts name them by title.
	Sections []framework.Section
	Hotlines []NetworkHotline
	Criteria []CriterionFigures
	Weakest  []WeakCriterion
	Trend    []TrendPoint
	// Hotline is the trend of the hotline the query names, nil otherwise.
	Hotline *HotlineTrend
	// Countries are the countries of every hotline with a decided result
	// on this version (whatever the country filter), for the filter.
	Countries []string
	// Query is the query as understood (trimmed, upper-case country).
	Query NetworkQuery
}

// weakestCount is how many criteria the weakest list names.
const weakestCount = 10

// NetworkAnalytics computes the network's figures (secretariat only) from
// the stored results: each hotline's latest decided assessment on the
// framework version asked, the distribution of the reviewers' scores, the
// weakest criteria, the trend per year and, when asked, one hotline's
// cycles. Figures are cached while no new result is stored.
func (s *Service) NetworkAnalytics(ctx context.Context, a Actor, q NetworkQuery) (*NetworkFigures, error) {
	if !a.Is(models.RoleSecretariat) {
		return nil, ErrForbidden
	}
	q.FrameworkVersion = strings.TrimSpace(q.FrameworkVersion)
	q.Country = strings.ToUpper(strings.TrimSpace(q.Country))
	q.HotlineID = strings.TrimSpace(q.HotlineID)
	verr := &ValidationError{}
	if q.Country != "" && !ValidCountry(q.Country) {
		verr.Add("country", "error.country", nil)
	}
	if q.HotlineID != "" && !models.ValidID(q.HotlineID) {
		verr.Add("hotline_id", "error.network.hotline", nil)
	}
	fw, f, err := s.networkFramework(ctx, q.FrameworkVersion)
	if err != nil {
		if _, ok := err.(*ValidationError); !ok {
			return nil, err
		}
		verr.Add("framework_version", "error.network.framework_version", nil)
	}
	if err := verr.Err(); err != nil {
		return nil, err
	}
	gen, err := models.ResultsGeneration(ctx, s.db)
	if err != nil {
		return nil, fmt.Errorf("results generation: %w", err)
	}
	key := strings.Join([]string{gen, fw.ID, q.Country, q.HotlineID}, "|")
	if cached, ok := s.networkFigures.get(key, s.now()); ok {
		return cached, nil
	}
	figs, err := s.computeNetwork(ctx, fw, f, q)
	if err != nil {
		return nil, err
	}
	s.networkFigures.put(key, figs, s.now())
	return figs, nil
}

// networkFramework resolves a framework version string (empty: the current
// published one); an unknown version is a validation error.
func (s *Service) networkFramework(ctx context.Context, version string) (*models.Framework, *framework.Framework, error) {
	id, err := models.CurrentFrameworkID(ctx, s.db)
	if err != nil {
		return nil, nil, fmt.Errorf("find the current framework: %w", err)
	}
	cur, f, err := s.pinnedFramework(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if version == "" || version == cur.Version {
		return cur, f, nil
	}
	rows, err := models.FrameworksByVersion(ctx, s.db, version)
	if err != nil {
		return nil, nil, fmt.Errorf("find framework version %q: %w", version, err)
	}
	if len(rows) == 0 {
		return nil, nil, Invalid("framework_version", "error.network.framework_version")
	}
	pick := rows[0]
	for _, r := range rows {
		if r.Code == cur.Code {
			pick = r
			break
		}
	}
	return s.pinnedFramework(ctx, pick.ID)
}

// computeNetwork builds the figures without the cache.
func (s *Service) computeNetwork(ctx context.Context, fw *models.Framework, f *framework.Framework, q NetworkQuery) (*NetworkFigures, error) {
	all, err := models.ResultsOverview(ctx, s.db, fw.ID)
	if err != nil {
		return nil, fmt.Errorf("list results: %w", err)
	}
	figs := &NetworkFigures{Framework: fw, Sections: f.Sections, Query: q, Countries: resultCountries(all)}
	if q.HotlineID != "" {
		figs.Hotline = hotlineTrend(all, q.HotlineID)
		if figs.Hotline == nil {
			return nil, Invalid("hotline_id", "error.network.hotline")
		}
	}
	results := resultsInCountry(all, q.Country)
	latest := models.LatestResults(results)
	if err := s.networkHotlines(ctx, figs, latest); err != nil {
		return nil, err
	}
	ids := make([]string, len(latest))
	for i, r := range latest {
		ids[i] = r.AssessmentID
	}
	counts, err := models.SubmittedScoreCounts(ctx, s.db, ids)
	if err != nil {
		return nil, fmt.Errorf("count scores: %w", err)
	}
	figs.Criteria = criterionFigures(f, counts)
	criteria, err := models.ResultCriteria(ctx, s.db, ids)
	if err != nil {
		return nil, fmt.Errorf("load criterion scores: %w", err)
	}
	for i := range latest {
		latest[i].Criteria = criteria[latest[i].AssessmentID]
	}
	figs.Weakest = weakestCriteria(latest, weakestCount)
	figs.Trend = networkTrend(results)
	return figs, nil
}

// networkHotlines fills the heatmap rows, sorted by country then name.
func (s *Service) networkHotlines(ctx context.Context, figs *NetworkFigures, latest []models.AssessmentResult) error {
	ids := make([]string, len(latest))
	for i, r := range latest {
		ids[i] = r.AssessmentID
	}
	statuses, err := models.AssessmentStatuses(ctx, s.db, ids)
	if err != nil {
		return fmt.Errorf("assessment statuses: %w", err)
	}
	figs.Hotlines = make([]NetworkHotline, 0, len(latest))
	for _, r := range latest {
		h := NetworkHotline{
			HotlineID: r.HotlineID, AssessmentID: r.AssessmentID, Status: statuses[r.AssessmentID],
			Outcome: r.Outcome, DecidedAt: r.DecidedAt, Overall: r.Overall, Sections: r.Sections,
		}
		if r.Hotline != nil {
			h.Name, h.Country = r.Hotline.Name, r.Hotline.Country
		}
		figs.Hotlines = append(figs.Hotlines, h)
	}
	sort.SliceStable(figs.Hotlines, func(i, j int) bool {
		a, b := figs.Hotlines[i], figs.Hotlines[j]
		if a.Country != b.Country {
			return a.Country < b.Country
		}
		return strings.ToLower(a.Name) < strings.ToLower(b.Name)
	})
	return nil
}

// resultCountries lists the countries of the results' hotlines, sorted.
func resultCountries(results []models.AssessmentResult) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, r := range results {
		if r.Hotline != nil && !seen[r.Hotline.Country] {
			seen[r.Hotline.Country] = true
			out = append(out, r.Hotline.Country)
		}
	}
	sort.Strings(out)
	return out
}

// resultsInCountry keeps the results of hotlines in country (all when
// empty), in their order.
func resultsInCountry(results []models.AssessmentResult, country string) []models.AssessmentResult {
	if country == "" {
		return results
	}
	out := make([]models.AssessmentResult, 0, len(results))
	for _, r := range results {
		if r.Hotline != nil && r.Hotline.Country == country {
			out = append(out, r)
		}
	}
	return out
}

// hotlineTrend is one hotline's cycles, or nil when it has none on this
// framework version.
func hotlineTrend(results []models.AssessmentResult, hotlineID string) *HotlineTrend {
	var t *HotlineTrend
	for _, r := range results {
		if r.HotlineID != hotlineID {
			continue
		}
		if t == nil {
			t = &HotlineTrend{HotlineID: hotlineID}
			if r.Hotline != nil {
				t.Name, t.Country = r.Hotline.Name, r.Hotline.Country
			}
		}
		t.Cycles = append(t.Cycles, HotlineCycle{
			AssessmentID: r.AssessmentID, DecidedAt: r.DecidedAt, Outcome: r.Outcome,
			Overall: r.Overall, Sections: r.Sections,
		})
	}
	return t
}

// criterionFigures turns the score counts into each criterion's
// distribution and mean, in framework order; a criterion nobody scored
// has n 0 and no mean.
func criterionFigures(f *framework.Framework, counts []models.ScoreCount) []CriterionFigures {
	byCode := map[string]*CriterionFigures{}
	out := make([]CriterionFigures, 0, len(f.Criteria()))
	for _, c := range f.Criteria() {
		out = append(out, CriterionFigures{Code: c.Code})
	}
	for i := range out {
		byCode[out[i].Code] = &out[i]
	}
	for _, sc := range counts {
		cf, ok := byCode[sc.Criterion]
		if !ok || sc.Score < 0 || sc.Score > 4 {
			continue
		}
		cf.Distribution[sc.Score] += sc.N
		cf.N += sc.N
	}
	for i := range out {
		if out[i].N == 0 {
			continue
		}
		sum := 0
		for v, n := range out[i].Distribution {
			sum += v * n
		}
		m := round2(float64(sum) / float64(out[i].N))
		out[i].Mean = &m
	}
	return out
}

// weakestCriteria ranks criteria by their mean consolidated score over the
// latest results, lowest first, and keeps n of them.
func weakestCriteria(latest []models.AssessmentResult, n int) []WeakCriterion {
	var acc meanSet
	for _, r := range latest {
		for code, v := range r.Criteria {
			acc.add(code, v)
		}
	}
	out := make([]WeakCriterion, 0, len(acc.sum))
	for code := range acc.sum {
		out = append(out, WeakCriterion{Code: code, Mean: *acc.mean(code), Hotlines: acc.n[code]})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Mean != out[j].Mean {
			return out[i].Mean < out[j].Mean
		}
		return out[i].Code < out[j].Code
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// networkTrend is, per year of decision, the mean overall and section
// scores of every result (all cycles), oldest year first.
func networkTrend(results []models.AssessmentResult) []TrendPoint {
	type year struct {
		overall, sections meanSet
		n                 int
	}
	years := map[int]*year{}
	for _, r := range results {
		y := years[r.DecidedAt.Year()]
		if y == nil {
			y = &year{}
			years[r.DecidedAt.Year()] = y
		}
		y.n++
		if r.Overall != nil {
			y.overall.add("", *r.Overall)
		}
		for code, v := range r.Sections {
			y.sections.add(code, v)
		}
	}
	out := make([]TrendPoint, 0, len(years))
	for yr, y := range years {
		p := TrendPoint{Year: yr, N: y.n, Overall: y.overall.mean(""), Sections: models.ScoreMap{}}
		for code := range y.sections.sum {
			p.Sections[code] = *y.sections.mean(code)
		}
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Year < out[j].Year })
	return out
}

// meanSet accumulates means by key.
type meanSet struct {
	sum map[string]float64
	n   map[string]int
}

func (m *meanSet) add(key string, v float64) {
	if m.sum == nil {
		m.sum, m.n = map[string]float64{}, map[string]int{}
	}
	m.sum[key] += v
	m.n[key]++
}

// mean is the rounded mean of key, nil when nothing was added.
func (m *meanSet) mean(key string) *float64 {
	if m.n[key] == 0 {
		return nil
	}
	v := round2(m.sum[key] / float64(m.n[key]))
	return &v
}

// round2 keeps two decimals: figures for people, not for further sums.
func round2(v float64) float64 { return math.Round(v*100) / 100 }
