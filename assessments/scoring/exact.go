package scoring

import "math/big"

// mean accumulates exact values for a section or the whole framework.
type mean struct {
	sum big.Rat
	n   int
}

func (m *mean) add(r *big.Rat) {
	m.sum.Add(&m.sum, r)
	m.n++
}

// value returns the exact mean, or nil when nothing was added.
func (m *mean) value() *big.Rat {
	if m.n == 0 {
		return nil
	}
	return new(big.Rat).Quo(&m.sum, big.NewRat(int64(m.n), 1))
}

// rounded returns the mean rounded for display, or nil.
func (m *mean) rounded() *float64 {
	v := m.value()
	if v == nil {
		return nil
	}
	f := round1(v)
	return &f
}

func (m *mean) sectionResult(code string) SectionResult {
	res := SectionResult{Code: code, Consolidated: m.rounded()}
	if m.n > 0 {
		p := round1(percentOf(&m.sum, m.n))
		res.Percent = &p
	}
	return res
}

// percentOf returns sum / (maxScore × n) × 100 exactly; n must be positive.
func percentOf(sum *big.Rat, n int) *big.Rat {
	p := new(big.Rat).Mul(sum, big.NewRat(100, int64(maxScore*n)))
	return p
}

// round1 rounds a non-negative exact value half up to one decimal. Working
// on the exact value means 2.25 gives 2.3 whatever its binary form.
func round1(r *big.Rat) float64 {
	num := new(big.Int).Mul(r.Num(), big.NewInt(20)) // 2 × 10 × num
	num.Add(num, r.Denom())                          // + ½ in units of 1/(2 den)
	den := new(big.Int).Lsh(r.Denom(), 1)
	return tenths(num.Quo(num, den))
}

// floor1 rounds a non-negative exact value down to one decimal, so a share
// just below an integer threshold (59.96 for 60) shows as 59.9, not 60.0.
func floor1(r *big.Rat) float64 {
	num := new(big.Int).Mul(r.Num(), big.NewInt(10))
	return tenths(num.Quo(num, r.Denom()))
}

// tenths converts a count of tenths to the nearest float64, which prints as
// the expected decimal (24 → 2.4).
func tenths(q *big.Int) float64 {
	return float64(q.Int64()) / 10
}
