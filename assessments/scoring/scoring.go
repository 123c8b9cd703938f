package scoring

import (
	"math/big"

	"hotlineportal/assessments/framework"
)

// maxScore is the top of the reviewer scale (4, exemplary); desirable and
// section percentages are measured against it.
const maxScore = 4

// CriterionScores is the input for one criterion: whether it applies to the
// hotline (the caller decides from the hotline's channels) and what each
// reviewer gave, so that this package needs no knowledge of hotlines.
type CriterionScores struct {
	Code       string
	Applicable bool
	Scores     []Score // one per reviewer, in reviewer order
}

// Score is one reviewer's score on one criterion. N/A and "not scored yet"
// are different facts: N/A is a judgement and excludes the criterion, while
// an unscored criterion means the review is not finished.
type Score struct {
	ReviewerID string
	Value      *int // nil = N/A; values outside 0..4 are treated as not scored
	Scored     bool // false = not scored yet; Value is then ignored
}

// CriterionResult is the consolidated view of one criterion, shown to the
// secretariat beside the reviewers' own scores so that disagreements are
// visible before anyone decides.
type CriterionResult struct {
	Code string `json:"criterion"`
	// Scores are the reviewers' values in reviewer order (nil = N/A or not
	// scored), copied so the result shares no memory with the input.
	Scores []*int `json:"scores"`
	// Consolidated is the mean of the numeric scores, rounded half up to one
	// decimal; nil when there is none (all N/A, unscored, or not applicable).
	Consolidated *float64 `json:"consolidated"`
	// Disagreement flags reviewers DisagreementGap or more apart, or some
	// reviewers saying N/A while others give a number.
	Disagreement bool `json:"disagreement"`
	// Applicable echoes the input, so a page can say "not applicable"
	// rather than show an empty score.
	Applicable bool `json:"applicable"`
	// Mandatory and Critical are copied from the framework, so pages can
	// mark the criteria that decide the outcome without a second lookup.
	Mandatory bool `json:"mandatory"`
	Critical  bool `json:"critical"`
}

// SectionResult summarises one framework section, so reports can be read
// theme by theme. Both figures are nil when no criterion of the section
// counts (all N/A or not applicable).
type SectionResult struct {
	Code string `json:"section"`
	// Consolidated is the mean of the section's counted consolidated scores.
	Consolidated *float64 `json:"consolidated"`
	// Percent is their sum over 4 points each, as a percentage.
	Percent *float64 `json:"percent"`
}

// Outcome is the accreditation outcome. The decision rule only proposes one;
// the secretariat decides and may choose another with a rationale.
type Outcome string

// The three outcomes, with the values used by the API and the database.
const (
	// Accredited means every critical and mandatory criterion passed and the
	// desirable share reached the threshold.
	Accredited Outcome = "accredited"
	// AccreditedWithConditions means the hotline may be accredited if it
	// meets a condition, with a deadline, for each listed shortfall.
	AccreditedWithConditions Outcome = "accredited_with_conditions"
	// NotAccredited means a rule was broken that conditions cannot cure.
	NotAccredited Outcome = "not_accredited"
)

// Reason keys are message keys, so every page and API client can explain the
// proposal in the reader's language.
const (
	// ReasonCriticalBelowPass: Criteria are critical criteria below the pass
	// score; Value is the pass score.
	ReasonCriticalBelowPass = "rule.critical_below_pass"
	// ReasonMandatoryBelowConditional: Criteria are mandatory criteria below
	// the conditional score; Value is the conditional score.
	ReasonMandatoryBelowConditional = "rule.mandatory_below_conditional"
	// ReasonTooManyConditional: Criteria are the conditional mandatory
	// criteria, more than allowed; Value is the maximum allowed.
	ReasonTooManyConditional = "rule.too_many_conditional"
	// ReasonMandatoryConditional: Criteria are the mandatory criteria that
	// each need a condition; Value is the pass score they must reach.
	ReasonMandatoryConditional = "rule.mandatory_conditional"
	// ReasonDesirableBelowThreshold: Value is the desirable percentage, below
	// the framework's threshold.
	ReasonDesirableBelowThreshold = "rule.desirable_below_threshold"
	// ReasonDesirableMet: Value is the desirable percentage, at or above the
	// threshold; given beside mandatory conditions.
	ReasonDesirableMet = "rule.desirable_met"
	// ReasonAllMet: every rule is met; Value is the desirable percentage.
	ReasonAllMet = "rule.all_met"
)

// Reason explains one part of a proposed outcome. It carries a message key
// and data rather than text, so it can be translated and listed criterion by
// criterion.
type Reason struct {
	Key      string   `json:"key"`
	Criteria []string `json:"criteria,omitempty"` // in framework order
	Value    float64  `json:"value"`
}

// Result is everything the secretariat needs to decide: per-criterion and
// per-section figures, the proposed outcome and why.
type Result struct {
	// Criteria lists every criterion of the framework, in framework order.
	Criteria []CriterionResult `json:"criteria"`
	// Sections lists every section of the framework, in framework order.
	Sections []SectionResult `json:"sections"`
	// Overall is the mean of all counted consolidated scores; nil if none.
	Overall *float64 `json:"overall"`
	// DesirablePercent is the desirable points reached, as a percentage,
	// rounded down to one decimal; 100 when no desirable criterion counts.
	DesirablePercent float64 `json:"desirable_percent"`
	// Proposed is the outcome the decision rule proposes.
	Proposed Outcome `json:"proposed_outcome"`
	// Reasons explain Proposed; there is always at least one.
	Reasons []Reason `json:"reasons"`
	// Conditional lists the mandatory criteria at the conditional score, each
	// needing a condition. It is filled whatever the proposal, because the
	// secretariat may overrule a refusal and grant conditions.
	Conditional []string `json:"conditional"`
	// Unscored lists applicable criteria that some reviewer has not scored
	// (or that have no reviewer at all). A criterion with no numeric score
	// yet is left out of the figures and a partly scored one counts only the
	// scores given, so a non-empty list means the proposal is provisional;
	// callers refuse to finish a review while it is not empty.
	Unscored []string `json:"unscored"`
}

// Consolidate applies the framework's decision rule to the reviewers'
// scores. Only applicable criteria with at least one numeric score count;
// N/A, not applicable and wholly unscored criteria are left out of every
// figure and rule. Framework criteria missing from input are reported as
// applicable and unscored, so a gap shows instead of passing silently; input
// codes not in the framework are ignored, and for a repeated code the first
// entry wins. If f.Rules is entirely zero (a framework built in code without
// rules), DefaultRules applies. f must not be nil.
func Consolidate(f *framework.Framework, input []CriterionScores) Result {
	rules := f.Rules
	if rules == (framework.Rules{}) {
		rules = DefaultRules()
	}
	byCode := make(map[string]CriterionScores, len(input))
	for _, in := range input {
		if _, dup := byCode[in.Code]; !dup {
			byCode[in.Code] = in
		}
	}
	var (
		// Empty lists rather than nil, so the JSON says [] and not null.
		res     = Result{Conditional: []string{}, Unscored: []string{}}
		overall mean
		t       = tally{desirable: new(big.Rat)}
	)
	for _, s := range f.Sections {
		var section mean
		for _, c := range s.Criteria {
			in, ok := byCode[c.Code]
			if !ok {
				in = CriterionScores{Code: c.Code, Applicable: true}
			}
			cr, exact, unscored := consolidateCriterion(c, in, rules.DisagreementGap)
			res.Criteria = append(res.Criteria, cr)
			if unscored {
				res.Unscored = append(res.Unscored, c.Code)
			}
			if exact == nil {
				continue
			}
			section.add(exact)
			overall.add(exact)
			t.add(c, exact, rules)
		}
		res.Sections = append(res.Sections, section.sectionResult(s.Code))
	}
	res.Overall = overall.rounded()
	res.Conditional = append(res.Conditional, t.conditional...)
	res.DesirablePercent = floor1(t.desirablePercent())
	res.Proposed, res.Reasons = t.decide(rules)
	return res
}

// DefaultRules returns the decision-rule parameters of design.md ("Scores
// and rules"), used when a framework carries no rules at all.
func DefaultRules() framework.Rules {
	return framework.Rules{
		PassScore:                 3,
		ConditionalScore:          2,
		MaxConditionalMandatory:   5,
		DesirableThresholdPercent: 60,
		DisagreementGap:           2,
	}
}
