// Package agreement measures how far reviewers agree when they score the
// same answers: Krippendorff's alpha, as set out in Krippendorff (2011),
// "Computing Krippendorff's Alpha-Reliability".
//
// It is pure: no database, no clock. Alpha is 1 when the reviewers agree
// perfectly, 0 when they agree no better than chance, below 0 when they
// disagree systematically. The network reads 0.667 as the lowest figure
// from which tentative conclusions may be drawn (Krippendorff's own
// threshold): a criterion below it is ambiguous guidance to reword.
package agreement

import "sort"

// Threshold is the lowest alpha at which reviewers are taken to read a
// criterion alike; below it the criterion is flagged for rewording.
const Threshold = 0.667

// Metric is the difference function between two values: how much a
// disagreement between them counts.
type Metric int

// The metrics of Krippendorff (2011). The portal's 0-4 scores are
// ordinal: a 1 against a 3 is further apart than a 2 against a 3, but
// the steps are not known to be equal.
const (
	Nominal Metric = iota
	Ordinal
	Interval
	Ratio
)

// Unit is one thing rated: the values the raters gave it, missing ones
// left out. A unit with fewer than two values cannot be paired and does
// not count.
type Unit []float64

// Result is an alpha with the number of units it rests on. Defined is
// false when alpha has no value: no unit with two values, or no variation
// at all among the values (every rater gave the same value everywhere).
type Result struct {
	Alpha   float64
	Units   int
	Defined bool
}

// Alpha computes Krippendorff's alpha over units with the metric: one
// minus the observed disagreement over the disagreement expected by
// chance, both from the coincidence matrix of the pairable values.
func Alpha(units []Unit, m Metric) Result {
	var c Coincidences
	for _, u := range units {
		c.Add(u)
	}
	return c.Alpha(m)
}

// Coincidences is the coincidence matrix of a set of units, built unit by
// unit, so that callers can fold many subsets (per criterion, per pair,
// overall) in one pass over the scores. The zero value is empty.
type Coincidences struct {
	values []float64          // distinct values, sorted
	index  map[float64]int    // value -> position in values
	o      map[[2]int]float64 // o[c,k]: coincidences of values c and k
	units  int                // pairable units added
}

// Add folds one unit into the matrix: each ordered pair of its values,
// from different raters, weighted 1/(m-1) where m is the unit's number of
// values. A unit with fewer than two values is ignored.
func (c *Coincidences) Add(u Unit) {
	m := len(u)
	if m < 2 {
		return
	}
	if c.o == nil {
		c.o, c.index = map[[2]int]float64{}, map[float64]int{}
	}
	c.units++
	w := 1 / float64(m-1)
	for i := range u {
		for j := range u {
			if i != j {
				c.o[[2]int{c.slot(u[i]), c.slot(u[j])}] += w
			}
		}
	}
}

// Units is the number of pairable units added.
func (c *Coincidences) Units() int { return c.units }

// slot is the position of value v, added when new.
func (c *Coincidences) slot(v float64) int {
	if i, ok := c.index[v]; ok {
		return i
	}
	c.index[v] = len(c.values)
	c.values = append(c.values, v)
	return len(c.values) - 1
}

// Alpha is the alpha of the units added so far, with the metric.
func (c *Coincidences) Alpha(m Metric) Result {
	res := Result{Units: c.units}
	if c.units == 0 {
		return res
	}
	vals, o := c.sorted()
	k := len(vals)
	nc := make([]float64, k) // marginal totals n_c
	n := 0.0
	for a := 0; a < k; a++ {
		for b := 0; b < k; b++ {
			nc[a] += o[a][b]
		}
		n += nc[a]
	}
	delta := differences(vals, nc, m)
	observed, expected := 0.0, 0.0
	for a := 0; a < k; a++ {
		for b := 0; b < k; b++ {
			observed += o[a][b] * delta[a][b]
			expected += nc[a] * nc[b] * delta[a][b]
		}
	}
	if expected == 0 || n <= 1 {
		return res
	}
	res.Alpha = 1 - (n-1)*observed/expected
	res.Defined = true
	return res
}

// sorted returns the values in ascending order with the matrix in that
// order, which the ordinal metric needs.
func (c *Coincidences) sorted() ([]float64, [][]float64) {
	vals := append([]float64(nil), c.values...)
	sort.Float64s(vals)
	pos := make(map[float64]int, len(vals))
	for i, v := range vals {
		pos[v] = i
	}
	o := make([][]float64, len(vals))
	for i := range o {
		o[i] = make([]float64, len(vals))
	}
	for key, w := range c.o {
		o[pos[c.values[key[0]]]][pos[c.values[key[1]]]] += w
	}
	return vals, o
}

// differences is the squared difference δ²(c,k) of every pair of values
// under the metric; nc are the values' marginal totals (the ordinal
// metric counts how many values lie between two ranks).
func differences(vals, nc []float64, m Metric) [][]float64 {
	k := len(vals)
	d := make([][]float64, k)
	for a := range d {
		d[a] = make([]float64, k)
		for b := 0; b < k; b++ {
			d[a][b] = difference(vals, nc, a, b, m)
		}
	}
	return d
}

func difference(vals, nc []float64, a, b int, m Metric) float64 {
	if a == b {
		return 0
	}
	switch m {
	case Nominal:
		return 1
	case Ordinal:
		lo, hi := min(a, b), max(a, b)
		s := 0.0
		for g := lo; g <= hi; g++ {
			s += nc[g]
		}
		s -= (nc[lo] + nc[hi]) / 2
		return s * s
	case Interval:
		x := vals[a] - vals[b]
		return x * x
	default: // Ratio
		sum := vals[a] + vals[b]
		if sum == 0 {
			return 0
		}
		x := (vals[a] - vals[b]) / sum
		return x * x
	}
}
