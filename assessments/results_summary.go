package assessments

import (
	"context"
	"math"
	"sort"

	"hotlineportal/assessments/certificate"
	"hotlineportal/assessments/framework"
	"hotlineportal/assessments/messages"
	"hotlineportal/assessments/scoring"
	"hotlineportal/models"
)

// summaryCriteria is how many criteria the summary names as strengths and
// as what to improve first: few enough to act on.
const summaryCriteria = 3

// ResultsSummary is what a decided assessment's results page and report
// lead with: each section beside the network, the strengths and what to
// improve first, so a manager reads the outcome before the detail.
type ResultsSummary struct {
	Benchmark *Benchmark
	// Strengths are the highest scored criteria (at or above the pass
	// score), best first.
	Strengths []SummaryCriterion
	// Improve are the lowest scored criteria (below the top of the scale),
	// lowest first, none of them also a strength.
	Improve []SummaryCriterion
	// Conditions are the decision's conditions, the first things to do.
	Conditions []models.Condition
}

// SummaryCriterion is one criterion named in the summary, with its title
// so that nobody has to look a code up.
type SummaryCriterion struct {
	Code      string
	Title     framework.Text
	Score     float64
	Mandatory bool
	Critical  bool
	// Comments are the reviewers' comments on it ("" left out).
	Comments []string
}

// ResultsSummary builds the summary of a decided assessment from its
// consolidation (loaded by the caller, who may see it) and conditions.
func (s *Service) ResultsSummary(ctx context.Context, a Actor, con *Consolidation, conds []models.Condition) (*ResultsSummary, error) {
	b, err := s.Benchmark(ctx, a, con.Q.Assessment.ID)
	if err != nil {
		return nil, err
	}
	strengths, improve := highlights(con.Q.Framework, con.Result, con.Comments)
	return &ResultsSummary{Benchmark: b, Strengths: strengths, Improve: improve, Conditions: conds}, nil
}

// highlights picks the strengths (highest counted criteria at or above the
// pass score, and above every criterion to improve) and what to improve
// first (lowest counted criteria below the top score), ties in framework
// order.
func highlights(f *framework.Framework, res scoring.Result, comments map[string][]string) (strengths, improve []SummaryCriterion) {
	var counted []SummaryCriterion
	for _, c := range res.Criteria {
		if c.Consolidated == nil {
			continue
		}
		fc, _ := f.Criterion(c.Code)
		sc := SummaryCriterion{Code: c.Code, Title: fc.Title, Score: *c.Consolidated, Mandatory: c.Mandatory, Critical: c.Critical}
		for _, text := range comments[c.Code] {
			if text != "" {
				sc.Comments = append(sc.Comments, text)
			}
		}
		counted = append(counted, sc)
	}
	sort.SliceStable(counted, func(i, j int) bool { return counted[i].Score < counted[j].Score })
	for _, c := range counted {
		if len(improve) == summaryCriteria || c.Score >= maxScore {
			break
		}
		improve = append(improve, c)
	}
	// A strength is better than anything to improve.
	floor := float64(f.Rules.PassScore)
	if len(improve) > 0 {
		floor = math.Max(floor, math.Nextafter(improve[len(improve)-1].Score, math.Inf(1)))
	}
	sort.SliceStable(counted, func(i, j int) bool { return counted[i].Score > counted[j].Score })
	for _, c := range counted {
		if len(strengths) == summaryCriteria || c.Score < floor {
			break
		}
		strengths = append(strengths, c)
	}
	return strengths, improve
}

// maxScore is the top of the reviewers' scale: a criterion there has
// nothing left to improve.
const maxScore = 4

// reportSummary prints the summary for the report PDF in lang: criteria and
// sections named by their titles, a withheld median said in words.
func reportSummary(loc *messages.Localizer, sum *ResultsSummary, lang string) *certificate.ReportSummary {
	text := func(t framework.Text) string { s, _ := t.In(lang); return s }
	out := &certificate.ReportSummary{
		Heading: loc.T("results.summary.heading"), SectionLabel: loc.T("consolidation.section"),
		ScoreLabel: loc.T("results.summary.score"), MedianLabel: loc.T("results.summary.median"),
		Note:             loc.T("results.summary.legend", "K", BenchmarkMinPeers),
		StrengthsHeading: loc.T("results.summary.strengths"), ImproveHeading: loc.T("results.summary.improve"),
		EmptyStrengths: loc.T("results.summary.no_strengths"), EmptyImprove: loc.T("results.summary.nothing_to_improve"),
	}
	for _, sec := range sum.Benchmark.Sections {
		median := loc.T("results.summary.withheld", "K", BenchmarkMinPeers)
		if !sec.Withheld() {
			median = reportNumber(loc, sec.NetworkMedian) + " (" + loc.N("results.summary.network_n", sec.NetworkN) + ")"
		}
		out.Sections = append(out.Sections, certificate.ReportSummarySection{Code: sec.Code, Title: text(sec.Title), Score: reportNumber(loc, sec.Score), Median: median})
	}
	criteria := func(cs []SummaryCriterion) []certificate.ReportCriterion {
		var rc []certificate.ReportCriterion
		for _, c := range cs {
			rc = append(rc, certificate.ReportCriterion{Code: c.Code, Title: text(c.Title), Score: reportNumber(loc, &c.Score)})
		}
		return rc
	}
	out.Strengths, out.Improve = criteria(sum.Strengths), criteria(sum.Improve)
	return out
}
