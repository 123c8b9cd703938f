package scoring_test

import (
	"encoding/json"
	"slices"
	"testing"

	"hotlineportal/assessments/framework"
	"hotlineportal/assessments/scoring"
)

func TestCriterionConsolidation(t *testing.T) {
	t.Parallel()
	f := tiny(scoring.DefaultRules(), spec{"A-01", desirable})
	tests := []struct {
		name         string
		vals         []int
		notApplic    bool
		want         *float64
		disagreement bool
		wantScores   []int // -1 for nil
	}{
		{"2 and 3 give 2.5, gap 1 is no disagreement", []int{2, 3}, false, ptr(2.5), false, []int{2, 3}},
		{"2 and 4: gap 2 is a disagreement", []int{2, 4}, false, ptr(3), true, []int{2, 4}},
		{"1 and 3: gap 2", []int{1, 3}, false, ptr(2), true, []int{1, 3}},
		{"0 and 4: gap 4", []int{0, 4}, false, ptr(2), true, []int{0, 4}},
		{"equal scores", []int{3, 3}, false, ptr(3), false, []int{3, 3}},
		{"zero is a score, not missing", []int{0, 0}, false, ptr(0), false, []int{0, 0}},
		{"three reviewers round down", []int{2, 2, 3}, false, ptr(2.3), false, []int{2, 2, 3}},
		{"three reviewers round up", []int{3, 3, 2}, false, ptr(2.7), false, []int{3, 3, 2}},
		{"three reviewers, max-min 2", []int{2, 3, 4}, false, ptr(3), true, []int{2, 3, 4}},
		{"N/A against a number is a disagreement", []int{na, 3}, false, ptr(3), true, []int{-1, 3}},
		{"N/A against a number, reversed", []int{3, na}, false, ptr(3), true, []int{3, -1}},
		{"all N/A: no score, no flag", []int{na, na}, false, nil, false, []int{-1, -1}},
		{"one unscored does not flag", []int{3, unscored}, false, ptr(3), false, []int{3, -1}},
		{"all unscored", []int{unscored, unscored}, false, nil, false, []int{-1, -1}},
		{"N/A and unscored", []int{na, unscored}, false, nil, false, []int{-1, -1}},
		{"off-scale values are not scores", []int{7, -1, 3}, false, ptr(3), false, []int{-1, -1, 3}},
		{"not applicable: scores shown, never counted or flagged", []int{0, 4}, true, nil, false, []int{0, 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := applicable("A-01", tt.vals...)
			in.Applicable = !tt.notApplic
			res := scoring.Consolidate(f, []scoring.CriterionScores{in})
			checkInvariants(t, res)
			c := criterion(t, res, "A-01")
			if !eqPtr(c.Consolidated, tt.want) {
				t.Errorf("Consolidated = %s, want %s", fmtPtr(c.Consolidated), fmtPtr(tt.want))
			}
			if one := scoring.ConsolidatedScore(in.Applicable, in.Scores); !eqPtr(one, c.Consolidated) {
				t.Errorf("ConsolidatedScore = %s, Consolidate says %s", fmtPtr(one), fmtPtr(c.Consolidated))
			}
			if c.Disagreement != tt.disagreement {
				t.Errorf("Disagreement = %v, want %v", c.Disagreement, tt.disagreement)
			}
			if c.Applicable == tt.notApplic {
				t.Errorf("Applicable = %v", c.Applicable)
			}
			got := make([]int, len(c.Scores))
			for i, p := range c.Scores {
				got[i] = -1
				if p != nil {
					got[i] = *p
				}
			}
			if !slices.Equal(got, tt.wantScores) {
				t.Errorf("Scores = %v, want %v", got, tt.wantScores)
			}
		})
	}
}

// TestDisagreementGapFromFramework checks that the gap is the framework's,
// not a constant.
func TestDisagreementGapFromFramework(t *testing.T) {
	t.Parallel()
	rules := scoring.DefaultRules()
	rules.DisagreementGap = 1
	f := tiny(rules, spec{"A-01", desirable}, spec{"A-02", desirable})
	res := scoring.Consolidate(f, []scoring.CriterionScores{applicable("A-01", 3, 4), applicable("A-02", 3, 3)})
	if !criterion(t, res, "A-01").Disagreement || criterion(t, res, "A-02").Disagreement {
		t.Errorf("with gap 1: A-01 %v (want true), A-02 %v (want false)",
			criterion(t, res, "A-01").Disagreement, criterion(t, res, "A-02").Disagreement)
	}
}

// TestMissingUnknownAndRepeated checks the input that a caller might get
// wrong: gaps show, unknown codes are ignored, the first of a repeat wins.
func TestMissingUnknownAndRepeated(t *testing.T) {
	t.Parallel()
	f := tiny(scoring.DefaultRules(),
		spec{"A-01", mandatory}, spec{"A-02", mandatory}, spec{"A-03", mandatory}, spec{"A-04", critical}, spec{"A-05", mandatory})
	res := scoring.Consolidate(f, []scoring.CriterionScores{
		applicable("A-01", 3, 3),
		applicable("A-02", 3, unscored),
		applicable("A-03", na, na),
		applicable("ZZ-99", 0, 0),
		applicable("A-01", 0, 0),
		{Code: "A-05", Applicable: false}, // not applicable and unscored: not waiting for anyone
	})
	checkInvariants(t, res)
	if want := []string{"A-02", "A-04"}; !slices.Equal(res.Unscored, want) {
		t.Errorf("Unscored = %v, want %v", res.Unscored, want)
	}
	if len(res.Criteria) != 5 {
		t.Fatalf("%d criteria, want the framework's 5", len(res.Criteria))
	}
	if c := criterion(t, res, "A-01"); !eqPtr(c.Consolidated, ptr(3)) {
		t.Errorf("A-01 = %s, want the first entry's 3", fmtPtr(c.Consolidated))
	}
	if c := criterion(t, res, "A-04"); !c.Applicable || c.Consolidated != nil || len(c.Scores) != 0 || !c.Critical {
		t.Errorf("missing A-04 = %+v, want applicable, critical, unscored", c)
	}
	// The unscored critical criterion is left out (the caller refuses to
	// finish an unscored review), so the provisional proposal is accredited.
	if res.Proposed != scoring.Accredited {
		t.Errorf("Proposed = %q", res.Proposed)
	}
}

func TestResultSharesNoMemoryWithInput(t *testing.T) {
	t.Parallel()
	f := tiny(scoring.DefaultRules(), spec{"A-01", mandatory}, spec{"A-02", mandatory})
	in := []scoring.CriterionScores{applicable("A-01", 2, 2), applicable("A-02", 3, 3)}
	res := scoring.Consolidate(f, in)
	*res.Criteria[0].Scores[0] = 4
	res.Conditional[0] = "changed"
	if *in[0].Scores[0].Value != 2 {
		t.Error("changing a result score changed the input")
	}
	if res.Reasons[0].Criteria[0] != "A-01" {
		t.Error("Conditional and the reason share a slice")
	}
}

func TestJSONNames(t *testing.T) {
	t.Parallel()
	f := tiny(scoring.DefaultRules(), spec{"A-01", mandatory}, spec{"B-01", desirable})
	res := scoring.Consolidate(f, []scoring.CriterionScores{applicable("A-01", na, 3), applicable("B-01", na, na)})
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"criteria", "sections", "overall", "proposed_outcome", "reasons", "desirable_percent", "conditional", "unscored"} {
		if _, ok := got[k]; !ok {
			t.Errorf("result JSON lacks %q: %s", k, b)
		}
	}
	for _, k := range []string{"conditional", "unscored"} {
		if l, ok := got[k].([]any); !ok || len(l) != 0 {
			t.Errorf("%s = %v, want []", k, got[k])
		}
	}
	crit := got["criteria"].([]any)[0].(map[string]any)
	if crit["criterion"] != "A-01" || crit["consolidated"] != 3.0 || crit["disagreement"] != true {
		t.Errorf("criterion JSON = %v", crit)
	}
	if s := crit["scores"].([]any); s[0] != nil || s[1] != 3.0 {
		t.Errorf("scores JSON = %v, want [null 3]", s)
	}
	sec := got["sections"].([]any)[1].(map[string]any)
	if sec["section"] != "B" || sec["consolidated"] != nil || sec["percent"] != nil {
		t.Errorf("all-N/A section JSON = %v", sec)
	}
}

// TestOutcomeValues pins the values shared with the API and the database.
func TestOutcomeValues(t *testing.T) {
	t.Parallel()
	got := []scoring.Outcome{scoring.Accredited, scoring.AccreditedWithConditions, scoring.NotAccredited}
	want := []scoring.Outcome{"accredited", "accredited_with_conditions", "not_accredited"}
	if !slices.Equal(got, want) {
		t.Errorf("outcomes = %v", got)
	}
	if r := scoring.DefaultRules(); r != (framework.Rules{PassScore: 3, ConditionalScore: 2, MaxConditionalMandatory: 5, DesirableThresholdPercent: 60, DisagreementGap: 2}) {
		t.Errorf("DefaultRules = %+v", r)
	}
}
