package scoring_test

import (
	"fmt"
	"reflect"
	"slices"
	"testing"

	"hotlineportal/assessments/framework"
	"hotlineportal/assessments/scoring"
)

// edgeFramework has one critical, seven mandatory and two desirable
// criteria, enough to cross every limit of the default rules.
func edgeFramework() *framework.Framework {
	specs := []spec{{"C-01", critical}}
	for i := 1; i <= 7; i++ {
		specs = append(specs, spec{fmt.Sprintf("M-%02d", i), mandatory})
	}
	specs = append(specs, spec{"D-01", desirable}, spec{"D-02", desirable})
	return tiny(scoring.DefaultRules(), specs...)
}

func TestDecisionRule(t *testing.T) {
	t.Parallel()
	at := func(vals []int, codes ...string) map[string][]int {
		m := map[string][]int{}
		for _, c := range codes {
			m[c] = vals
		}
		return m
	}
	five := []string{"M-01", "M-02", "M-03", "M-04", "M-05"}
	six := append(slices.Clone(five), "M-06")
	tests := []struct {
		name          string
		override      map[string][]int
		notApplicable []string
		want          scoring.Outcome
		reasons       []scoring.Reason
		conditional   []string
	}{
		{"everything met", nil, nil, scoring.Accredited,
			[]scoring.Reason{{Key: scoring.ReasonAllMet, Value: 75}}, nil},
		{"critical at 2", at([]int{2, 2}, "C-01"), nil, scoring.NotAccredited,
			[]scoring.Reason{{Key: scoring.ReasonCriticalBelowPass, Criteria: []string{"C-01"}, Value: 3}}, nil},
		{"critical at 2.5 is not a pass", at([]int{2, 3}, "C-01"), nil, scoring.NotAccredited,
			[]scoring.Reason{{Key: scoring.ReasonCriticalBelowPass, Criteria: []string{"C-01"}, Value: 3}}, nil},
		{"critical at 2.67 (three reviewers) is not a pass", at([]int{3, 3, 2}, "C-01"), nil, scoring.NotAccredited,
			[]scoring.Reason{{Key: scoring.ReasonCriticalBelowPass, Criteria: []string{"C-01"}, Value: 3}}, nil},
		{"critical at exactly 3 from 2 and 4 passes", at([]int{2, 4}, "C-01"), nil, scoring.Accredited,
			[]scoring.Reason{{Key: scoring.ReasonAllMet, Value: 75}}, nil},
		{"mandatory at 2.5 is conditional, not passing", at([]int{2, 3}, "M-01"), nil, scoring.AccreditedWithConditions,
			[]scoring.Reason{{Key: scoring.ReasonMandatoryConditional, Criteria: []string{"M-01"}, Value: 3}, {Key: scoring.ReasonDesirableMet, Value: 75}},
			[]string{"M-01"}},
		{"exactly five mandatory at 2", at([]int{2, 2}, five...), nil, scoring.AccreditedWithConditions,
			[]scoring.Reason{{Key: scoring.ReasonMandatoryConditional, Criteria: five, Value: 3}, {Key: scoring.ReasonDesirableMet, Value: 75}},
			five},
		{"six mandatory at 2", at([]int{2, 2}, six...), nil, scoring.NotAccredited,
			[]scoring.Reason{{Key: scoring.ReasonTooManyConditional, Criteria: six, Value: 5}}, six},
		{"six at 2 but one N/A by both reviewers", merge(at([]int{2, 2}, six...), at([]int{na, na}, "M-06")), nil, scoring.AccreditedWithConditions,
			[]scoring.Reason{{Key: scoring.ReasonMandatoryConditional, Criteria: five, Value: 3}, {Key: scoring.ReasonDesirableMet, Value: 75}},
			five},
		{"six at 2 but one not applicable by channel", at([]int{2, 2}, six...), []string{"M-06"}, scoring.AccreditedWithConditions,
			[]scoring.Reason{{Key: scoring.ReasonMandatoryConditional, Criteria: five, Value: 3}, {Key: scoring.ReasonDesirableMet, Value: 75}},
			five},
		{"mandatory at 1", at([]int{1, 1}, "M-03"), nil, scoring.NotAccredited,
			[]scoring.Reason{{Key: scoring.ReasonMandatoryBelowConditional, Criteria: []string{"M-03"}, Value: 2}}, nil},
		{"mandatory at 1.5 is below conditional", at([]int{1, 2}, "M-03"), nil, scoring.NotAccredited,
			[]scoring.Reason{{Key: scoring.ReasonMandatoryBelowConditional, Criteria: []string{"M-03"}, Value: 2}}, nil},
		{"mandatory at 0 not applicable by channel", at([]int{0, 0}, "M-03"), []string{"M-03"}, scoring.Accredited,
			[]scoring.Reason{{Key: scoring.ReasonAllMet, Value: 75}}, nil},
		{"critical at 0 not applicable by channel", at([]int{0, 0}, "C-01"), []string{"C-01"}, scoring.Accredited,
			[]scoring.Reason{{Key: scoring.ReasonAllMet, Value: 75}}, nil},
		{"critical N/A by both reviewers", at([]int{na, na}, "C-01"), nil, scoring.Accredited,
			[]scoring.Reason{{Key: scoring.ReasonAllMet, Value: 75}}, nil},
		{"critical N/A by one reviewer, 2 by the other", at([]int{na, 2}, "C-01"), nil, scoring.NotAccredited,
			[]scoring.Reason{{Key: scoring.ReasonCriticalBelowPass, Criteria: []string{"C-01"}, Value: 3}}, nil},
		{"every refusal is listed", merge(at([]int{2, 2}, "C-01", "M-02", "M-03", "M-04", "M-05", "M-06", "M-07"), at([]int{0, 1}, "M-01")), nil,
			scoring.NotAccredited,
			[]scoring.Reason{
				{Key: scoring.ReasonCriticalBelowPass, Criteria: []string{"C-01"}, Value: 3},
				{Key: scoring.ReasonMandatoryBelowConditional, Criteria: []string{"M-01"}, Value: 2},
				{Key: scoring.ReasonTooManyConditional, Criteria: []string{"M-02", "M-03", "M-04", "M-05", "M-06", "M-07"}, Value: 5},
			}, []string{"M-02", "M-03", "M-04", "M-05", "M-06", "M-07"}},
		{"desirable below threshold alone", at([]int{2, 2}, "D-01", "D-02"), nil, scoring.AccreditedWithConditions,
			[]scoring.Reason{{Key: scoring.ReasonDesirableBelowThreshold, Value: 50}}, nil},
		{"desirable below threshold and a mandatory condition", merge(at([]int{2, 2}, "D-01", "D-02", "M-07")), nil, scoring.AccreditedWithConditions,
			[]scoring.Reason{{Key: scoring.ReasonMandatoryConditional, Criteria: []string{"M-07"}, Value: 3}, {Key: scoring.ReasonDesirableBelowThreshold, Value: 50}},
			[]string{"M-07"}},
		{"desirable all N/A counts as 100 %", at([]int{na, na}, "D-01", "D-02"), nil, scoring.Accredited,
			[]scoring.Reason{{Key: scoring.ReasonAllMet, Value: 100}}, nil},
		{"desirable at 0 are still counted", at([]int{0, 0}, "D-01", "D-02"), nil, scoring.AccreditedWithConditions,
			[]scoring.Reason{{Key: scoring.ReasonDesirableBelowThreshold, Value: 0}}, nil},
	}
	f := edgeFramework()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := inputFor(f, nil, []int{3, 3}, tt.override)
			for i := range in {
				in[i].Applicable = !slices.Contains(tt.notApplicable, in[i].Code)
			}
			res := scoring.Consolidate(f, in)
			checkInvariants(t, res)
			if res.Proposed != tt.want {
				t.Errorf("Proposed = %q, want %q", res.Proposed, tt.want)
			}
			if !reflect.DeepEqual(res.Reasons, tt.reasons) {
				t.Errorf("Reasons = %+v\nwant      %+v", res.Reasons, tt.reasons)
			}
			if !slices.Equal(res.Conditional, tt.conditional) {
				t.Errorf("Conditional = %v, want %v", res.Conditional, tt.conditional)
			}
		})
	}
}

// desirableOnly builds n desirable criteria, each scored by reviewers
// reviewers, whose reviewer scores add up to total. The desirable share is
// then total / (4 × reviewers × n) × 100 exactly.
func desirableOnly(n, reviewers, total int) (*framework.Framework, []scoring.CriterionScores) {
	specs := make([]spec, n)
	for i := range specs {
		specs[i] = spec{fmt.Sprintf("D-%03d", i+1), desirable}
	}
	f := tiny(scoring.DefaultRules(), specs...)
	base, extra := total/(n*reviewers), total%(n*reviewers)
	var in []scoring.CriterionScores
	for i, s := range specs {
		vals := make([]int, reviewers)
		for j := range vals {
			vals[j] = base
			if i*reviewers+j < extra {
				vals[j]++
			}
		}
		in = append(in, applicable(s.code, vals...))
	}
	return f, in
}

func TestDesirableThreshold(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                string
		n, reviewers, total int
		want                scoring.Outcome
		percent             float64
	}{
		// 5 criteria at 3, 3, 2, 2, 2 (mean 2.4).
		{"exactly 60 %, halves", 5, 2, 24, scoring.Accredited, 60},
		{"one reviewer point short", 5, 2, 23, scoring.AccreditedWithConditions, 57.5},
		// Means 8/3, 7/3, 7/3, 7/3, 7/3 add up to exactly 12 of 20 points;
		// in float64 thirds do not add up exactly.
		{"exactly 60 %, thirds", 5, 3, 36, scoring.Accredited, 60},
		// 125 criteria × 2 reviewers: percent = total / 10.
		{"59.9 % fails", 125, 2, 599, scoring.AccreditedWithConditions, 59.9},
		{"60.0 % passes", 125, 2, 600, scoring.Accredited, 60},
		{"60.1 % passes", 125, 2, 601, scoring.Accredited, 60.1},
		// 625 criteria × 2 reviewers: percent = total / 50. 59.96 % must
		// fail and must not be shown as 60.0.
		{"59.96 % fails and shows 59.9", 625, 2, 2998, scoring.AccreditedWithConditions, 59.9},
		{"59.98 % fails and shows 59.9", 625, 2, 2999, scoring.AccreditedWithConditions, 59.9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, in := desirableOnly(tt.n, tt.reviewers, tt.total)
			res := scoring.Consolidate(f, in)
			checkInvariants(t, res)
			if res.Proposed != tt.want || res.DesirablePercent != tt.percent {
				t.Errorf("got %q at %v %%, want %q at %v %%", res.Proposed, res.DesirablePercent, tt.want, tt.percent)
			}
			if res.Reasons[0].Value != tt.percent {
				t.Errorf("reason %+v, want Value %v", res.Reasons[0], tt.percent)
			}
		})
	}
}

// TestRulesFromFramework checks that every limit comes from the framework
// file, and that a framework without rules falls back to the defaults.
func TestRulesFromFramework(t *testing.T) {
	t.Parallel()
	strict := framework.Rules{PassScore: 4, ConditionalScore: 3, MaxConditionalMandatory: 0, DesirableThresholdPercent: 75, DisagreementGap: 1}
	tests := []struct {
		name    string
		rules   framework.Rules
		kind    kind
		vals    []int
		want    scoring.Outcome
		reasons []string
	}{
		{"critical at 3.5 below pass 4", strict, critical, []int{3, 4}, scoring.NotAccredited, []string{scoring.ReasonCriticalBelowPass}},
		{"no conditions allowed", strict, mandatory, []int{3, 4}, scoring.NotAccredited, []string{scoring.ReasonTooManyConditional}},
		{"mandatory at 2.5 below conditional 3", strict, mandatory, []int{2, 3}, scoring.NotAccredited, []string{scoring.ReasonMandatoryBelowConditional}},
		{"desirable at exactly 75 %", strict, desirable, []int{3, 3}, scoring.Accredited, []string{scoring.ReasonAllMet}},
		{"desirable at 62.5 % below 75", strict, desirable, []int{2, 3}, scoring.AccreditedWithConditions, []string{scoring.ReasonDesirableBelowThreshold}},
		{"zero rules mean the defaults", framework.Rules{}, mandatory, []int{2, 2}, scoring.AccreditedWithConditions,
			[]string{scoring.ReasonMandatoryConditional, scoring.ReasonDesirableMet}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := tiny(tt.rules, spec{"A-01", tt.kind})
			res := scoring.Consolidate(f, []scoring.CriterionScores{applicable("A-01", tt.vals...)})
			checkInvariants(t, res)
			var keys []string
			for _, r := range res.Reasons {
				keys = append(keys, r.Key)
			}
			if res.Proposed != tt.want || !slices.Equal(keys, tt.reasons) {
				t.Errorf("got %q %v, want %q %v", res.Proposed, keys, tt.want, tt.reasons)
			}
		})
	}
}

// TestDesirableExactWhereFloatFails uses means 4/3 + 4 × 8/3 = 12 of 20
// points, exactly 60 %. Adding the means in float64 gives 59.999…, which a
// naive comparison would refuse.
func TestDesirableExactWhereFloatFails(t *testing.T) {
	t.Parallel()
	f := tiny(scoring.DefaultRules(),
		spec{"D-01", desirable}, spec{"D-02", desirable}, spec{"D-03", desirable}, spec{"D-04", desirable}, spec{"D-05", desirable})
	in := []scoring.CriterionScores{applicable("D-01", 1, 1, 2)}
	naive := 4.0 / 3
	for _, c := range []string{"D-02", "D-03", "D-04", "D-05"} {
		in = append(in, applicable(c, 3, 3, 2))
		naive += 8.0 / 3
	}
	if naive/20*100 >= 60 {
		t.Fatalf("float64 sum %v no longer shows the trap", naive)
	}
	res := scoring.Consolidate(f, in)
	checkInvariants(t, res)
	if res.Proposed != scoring.Accredited || res.DesirablePercent != 60 {
		t.Errorf("got %q at %v %%, want accredited at 60 %%", res.Proposed, res.DesirablePercent)
	}
}
