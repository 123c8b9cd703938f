package scoring_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"hotlineportal/assessments/framework"
	"hotlineportal/assessments/scoring"
)

// TestAgainstReference compares Consolidate with a second, independent
// reading of the rule on random frameworks, rules and scores. With two
// reviewers every mean is a whole number of half points, so the reference
// works in integers and needs no rounding at all.
func TestAgainstReference(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(116000, 2026))
	values := []int{na, unscored, 0, 1, 2, 3, 4}
	for iter := range 3000 {
		pass := 2 + rng.IntN(3)
		rules := framework.Rules{
			PassScore:                 pass,
			ConditionalScore:          1 + rng.IntN(pass-1),
			MaxConditionalMandatory:   rng.IntN(5),
			DesirableThresholdPercent: rng.IntN(101),
			DisagreementGap:           1 + rng.IntN(4),
		}
		var specs []spec
		var in []scoring.CriterionScores
		for i := range 1 + rng.IntN(14) {
			code := fmt.Sprintf("%c-%02d", 'A'+rune(i/4), i)
			specs = append(specs, spec{code, kind(rng.IntN(3))})
			c := applicable(code, values[rng.IntN(len(values))], values[rng.IntN(len(values))])
			c.Applicable = rng.IntN(6) > 0
			in = append(in, c)
		}
		f := tiny(rules, specs...)
		res := scoring.Consolidate(f, in)
		checkInvariants(t, res)
		want, wantKeys, wantCond, wantCons := reference(specs, in, rules)
		var keys []string
		for _, r := range res.Reasons {
			keys = append(keys, r.Key)
		}
		if res.Proposed != want || !slices.Equal(keys, wantKeys) || !slices.Equal(res.Conditional, wantCond) {
			t.Fatalf("case %d, rules %+v, input %+v:\ngot  %q %v %v\nwant %q %v %v",
				iter, rules, in, res.Proposed, keys, res.Conditional, want, wantKeys, wantCond)
		}
		for i, c := range res.Criteria {
			if !eqPtr(c.Consolidated, wantCons[i]) {
				t.Fatalf("case %d: %s consolidated %s, want %s", iter, c.Code, fmtPtr(c.Consolidated), fmtPtr(wantCons[i]))
			}
		}
	}
}

// reference applies the rule in half points (h = 2 × mean) for criteria
// with two reviewers each.
func reference(specs []spec, in []scoring.CriterionScores, r framework.Rules) (scoring.Outcome, []string, []string, []*float64) {
	var critBelow, mandBelow, cond bool
	var conditional []string
	var consolidated []*float64
	sumH, n := 0, 0
	for i, s := range specs {
		var nums []int
		for _, sc := range in[i].Scores {
			if sc.Scored && sc.Value != nil {
				nums = append(nums, *sc.Value)
			}
		}
		if !in[i].Applicable || len(nums) == 0 {
			consolidated = append(consolidated, nil)
			continue
		}
		h := 2 * nums[0]
		if len(nums) == 2 {
			h = nums[0] + nums[1]
		}
		consolidated = append(consolidated, ptr(float64(h)/2))
		switch {
		case s.kind == critical:
			critBelow = critBelow || h < 2*r.PassScore
		case s.kind == mandatory && h < 2*r.ConditionalScore:
			mandBelow = true
		case s.kind == mandatory && h < 2*r.PassScore:
			cond = true
			conditional = append(conditional, s.code)
		case s.kind == desirable:
			sumH += h
			n++
		}
	}
	var keys []string
	if critBelow {
		keys = append(keys, scoring.ReasonCriticalBelowPass)
	}
	if mandBelow {
		keys = append(keys, scoring.ReasonMandatoryBelowConditional)
	}
	if len(conditional) > r.MaxConditionalMandatory {
		keys = append(keys, scoring.ReasonTooManyConditional)
	}
	if len(keys) > 0 {
		return scoring.NotAccredited, keys, conditional, consolidated
	}
	// sumH/2 points of 4n: met when 100 × sumH / 2 >= threshold × 4n.
	met := n == 0 || 100*sumH >= 8*n*r.DesirableThresholdPercent
	switch {
	case cond && met:
		return scoring.AccreditedWithConditions, []string{scoring.ReasonMandatoryConditional, scoring.ReasonDesirableMet}, conditional, consolidated
	case cond:
		return scoring.AccreditedWithConditions, []string{scoring.ReasonMandatoryConditional, scoring.ReasonDesirableBelowThreshold}, conditional, consolidated
	case met:
		return scoring.Accredited, []string{scoring.ReasonAllMet}, conditional, consolidated
	default:
		return scoring.AccreditedWithConditions, []string{scoring.ReasonDesirableBelowThreshold}, conditional, consolidated
	}
}
