// Package scoring turns reviewers' scores into consolidated scores and the
// outcome the framework's decision rule proposes to the secretariat.
//
// It is pure: no database, no HTTP, no clock. The same function feeds the
// consolidation page, the JSON API and the decision screen, so they can never
// disagree about a hotline's result.
//
// # Exact arithmetic
//
// Every decision is taken on exact rational numbers (math/big.Rat) built from
// the reviewers' integer scores, never on the rounded figures that are shown.
// A criterion's consolidated score is the exact mean of its numeric reviewer
// scores; section, overall and desirable figures are exact means of those
// exact means. Rounding to one decimal happens only when a figure is written
// into the Result. This is what makes a desirable share of exactly 60% pass
// and 59.9% (or 59.96%) fail, and a mandatory criterion at 2.95 stay below a
// pass score of 3, whatever floating-point summation would have produced.
//
// Displayed figures are rounded half up to one decimal, except
// Result.DesirablePercent, which is rounded down so that a share that fails
// an (integer) threshold is never shown at the threshold.
package scoring
