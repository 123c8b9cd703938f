package scoring

import (
	"math/big"

	"hotlineportal/assessments/framework"
)

// consolidateCriterion builds one criterion's result. exact is the exact
// mean of the numeric scores, nil when the criterion does not count.
// unscored reports an applicable criterion still waiting for a reviewer.
func consolidateCriterion(c framework.Criterion, in CriterionScores, gap int) (res CriterionResult, exact *big.Rat, unscored bool) {
	res = CriterionResult{
		Code:       c.Code,
		Scores:     make([]*int, len(in.Scores)),
		Applicable: in.Applicable,
		Mandatory:  c.Mandatory,
		Critical:   c.Critical,
	}
	var (
		sum, n, lo, hi int
		sawNA          bool
	)
	unscored = len(in.Scores) == 0
	for i, s := range in.Scores {
		v, numeric, na := classify(s)
		switch {
		case numeric:
			res.Scores[i] = &v
			if n == 0 || v < lo {
				lo = v
			}
			if n == 0 || v > hi {
				hi = v
			}
			sum += v
			n++
		case na:
			sawNA = true
		default:
			unscored = true
		}
	}
	if !in.Applicable {
		// Not applicable to this hotline's channels: shown, never counted
		// or flagged, and not waiting for anyone.
		return res, nil, false
	}
	res.Disagreement = n > 0 && (hi-lo >= gap || sawNA)
	if n == 0 {
		return res, nil, unscored
	}
	exact = big.NewRat(int64(sum), int64(n))
	v := round1(exact)
	res.Consolidated = &v
	return res, exact, unscored
}

// classify reads one reviewer's score: a numeric value on the 0..4 scale, an
// N/A, or neither (not scored yet, or a value off the scale, which must not
// be allowed to raise or sink a result).
func classify(s Score) (value int, numeric, na bool) {
	switch {
	case !s.Scored:
		return 0, false, false
	case s.Value == nil:
		return 0, false, true
	case *s.Value < 0 || *s.Value > maxScore:
		return 0, false, false
	default:
		return *s.Value, true, false
	}
}

// ConsolidatedScore is one criterion's consolidated score by the same rule
// as Consolidate (the mean of the numeric scores, rounded half up to one
// decimal; nil when none counts or the criterion does not apply), for
// callers such as the scores export that see one criterion at a time.
func ConsolidatedScore(applicable bool, scores []Score) *float64 {
	res, _, _ := consolidateCriterion(framework.Criterion{}, CriterionScores{Applicable: applicable, Scores: scores}, maxScore+1)
	return res.Consolidated
}
