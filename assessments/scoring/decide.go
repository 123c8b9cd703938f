package scoring

import (
	"math/big"
	"slices"

	"hotlineportal/assessments/framework"
)

// tally sorts counted criteria into the buckets the decision rule needs, in
// framework order.
type tally struct {
	criticalBelow  []string // critical, below the pass score
	mandatoryBelow []string // mandatory, below the conditional score
	conditional    []string // mandatory, conditional score up to (not including) pass
	desirable      *big.Rat // sum of exact desirable consolidated scores
	desirableN     int
}

// add files one counted criterion. A critical criterion is judged only as
// critical (even if a hand-made framework forgot to mark it mandatory), so it
// can never be let through with a condition; desirable means neither.
func (t *tally) add(c framework.Criterion, exact *big.Rat, rules framework.Rules) {
	belowPass := exact.Cmp(big.NewRat(int64(rules.PassScore), 1)) < 0
	switch {
	case c.Critical:
		if belowPass {
			t.criticalBelow = append(t.criticalBelow, c.Code)
		}
	case c.Mandatory:
		switch {
		case exact.Cmp(big.NewRat(int64(rules.ConditionalScore), 1)) < 0:
			t.mandatoryBelow = append(t.mandatoryBelow, c.Code)
		case belowPass:
			t.conditional = append(t.conditional, c.Code)
		}
	default:
		t.desirable.Add(t.desirable, exact)
		t.desirableN++
	}
}

// desirablePercent is the exact share of desirable points; 100 when no
// desirable criterion counts, since there is then nothing to fall short of.
func (t *tally) desirablePercent() *big.Rat {
	if t.desirableN == 0 {
		return big.NewRat(100, 1)
	}
	return percentOf(t.desirable, t.desirableN)
}

// decide applies the rule of design.md ("Scores and rules"). Every broken
// rule that refuses accreditation is reported, not just the first, so the
// hotline learns everything it must fix.
func (t *tally) decide(rules framework.Rules) (Outcome, []Reason) {
	var refusals []Reason
	if len(t.criticalBelow) > 0 {
		refusals = append(refusals, Reason{Key: ReasonCriticalBelowPass, Criteria: t.criticalBelow, Value: float64(rules.PassScore)})
	}
	if len(t.mandatoryBelow) > 0 {
		refusals = append(refusals, Reason{Key: ReasonMandatoryBelowConditional, Criteria: t.mandatoryBelow, Value: float64(rules.ConditionalScore)})
	}
	if len(t.conditional) > rules.MaxConditionalMandatory {
		refusals = append(refusals, Reason{Key: ReasonTooManyConditional, Criteria: slices.Clone(t.conditional), Value: float64(rules.MaxConditionalMandatory)})
	}
	if len(refusals) > 0 {
		return NotAccredited, refusals
	}

	pct := t.desirablePercent()
	shown := floor1(pct)
	// Exact comparison: 60% passes a 60% threshold and 59.96% does not.
	met := pct.Cmp(big.NewRat(int64(rules.DesirableThresholdPercent), 1)) >= 0
	var reasons []Reason
	if len(t.conditional) > 0 {
		reasons = append(reasons, Reason{Key: ReasonMandatoryConditional, Criteria: slices.Clone(t.conditional), Value: float64(rules.PassScore)})
	}
	switch {
	case !met:
		reasons = append(reasons, Reason{Key: ReasonDesirableBelowThreshold, Value: shown})
	case len(reasons) > 0:
		reasons = append(reasons, Reason{Key: ReasonDesirableMet, Value: shown})
	default:
		return Accredited, []Reason{{Key: ReasonAllMet, Value: shown}}
	}
	return AccreditedWithConditions, reasons
}
