package scoring_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"hotlineportal/assessments/framework"
	"hotlineportal/assessments/scoring"
)

// Sentinels for reviewer scores in test tables; real scores are 0..4.
const (
	na       = -100 // the reviewer judged the criterion not applicable
	unscored = -200 // the reviewer has not scored it yet
)

type kind int

const (
	desirable kind = iota
	mandatory
	critical
)

// spec describes one criterion of a hand-made framework.
type spec struct {
	code string
	kind kind
}

// tiny builds a framework from specs, one section per code prefix, in order
// of first appearance. Every criterion applies to all channels.
func tiny(rules framework.Rules, specs ...spec) *framework.Framework {
	f := &framework.Framework{Code: "tiny", Version: "1", Rules: rules}
	for _, s := range specs {
		prefix, _, _ := strings.Cut(s.code, "-")
		if len(f.Sections) == 0 || f.Sections[len(f.Sections)-1].Code != prefix {
			f.Sections = append(f.Sections, framework.Section{Code: prefix})
		}
		sec := &f.Sections[len(f.Sections)-1]
		sec.Criteria = append(sec.Criteria, framework.Criterion{
			Code:      s.code,
			Mandatory: s.kind != desirable,
			Critical:  s.kind == critical,
			Channels:  []string{framework.ChannelAll},
		})
	}
	return f
}

// scores turns table values (0..4, na, unscored) into reviewer scores.
func scores(vals ...int) []scoring.Score {
	out := make([]scoring.Score, len(vals))
	for i, v := range vals {
		id := fmt.Sprintf("r%d", i+1)
		switch v {
		case na:
			out[i] = scoring.Score{ReviewerID: id, Scored: true}
		case unscored:
			out[i] = scoring.Score{ReviewerID: id}
		default:
			out[i] = scoring.Score{ReviewerID: id, Value: &v, Scored: true}
		}
	}
	return out
}

// applicable is the input for an applicable criterion.
func applicable(code string, vals ...int) scoring.CriterionScores {
	return scoring.CriterionScores{Code: code, Applicable: true, Scores: scores(vals...)}
}

// inputFor scores every criterion of f with base, except those in override;
// applicability follows the hotline's channels as the portal would.
func inputFor(f *framework.Framework, channels []string, base []int, override map[string][]int) []scoring.CriterionScores {
	var in []scoring.CriterionScores
	for _, c := range f.Criteria() {
		vals := base
		if o, ok := override[c.Code]; ok {
			vals = o
		}
		in = append(in, scoring.CriterionScores{Code: c.Code, Applicable: c.AppliesTo(channels), Scores: scores(vals...)})
	}
	return in
}

// checkInvariants holds for every result: the proposal is one of the three
// outcomes and is explained by reasons that belong to it.
func checkInvariants(t *testing.T, res scoring.Result) {
	t.Helper()
	allowed := map[scoring.Outcome][]string{
		scoring.Accredited:               {scoring.ReasonAllMet},
		scoring.AccreditedWithConditions: {scoring.ReasonMandatoryConditional, scoring.ReasonDesirableBelowThreshold, scoring.ReasonDesirableMet},
		scoring.NotAccredited:            {scoring.ReasonCriticalBelowPass, scoring.ReasonMandatoryBelowConditional, scoring.ReasonTooManyConditional},
	}
	keys, ok := allowed[res.Proposed]
	if !ok {
		t.Fatalf("Proposed = %q, not an outcome", res.Proposed)
	}
	if len(res.Reasons) == 0 {
		t.Fatalf("Proposed %q without reasons", res.Proposed)
	}
	for _, r := range res.Reasons {
		if !slices.Contains(keys, r.Key) {
			t.Errorf("reason %q does not explain %q", r.Key, res.Proposed)
		}
	}
}

func ptr(v float64) *float64 { return &v }

func fmtPtr(p *float64) string {
	if p == nil {
		return "nil"
	}
	return fmt.Sprint(*p)
}

func eqPtr(a, b *float64) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}

func mustDefault(t *testing.T) *framework.Framework {
	t.Helper()
	f, err := framework.Default()
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func criterion(t *testing.T, res scoring.Result, code string) scoring.CriterionResult {
	t.Helper()
	for _, c := range res.Criteria {
		if c.Code == code {
			return c
		}
	}
	t.Fatalf("criterion %s missing from result", code)
	return scoring.CriterionResult{}
}

// merge combines score overrides; later maps win.
func merge(ms ...map[string][]int) map[string][]int {
	out := map[string][]int{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}
