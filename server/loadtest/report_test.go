package loadtest

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// The growth tables take, in each round, each size's cost over the
// smallest size's, and show the median of those ratios, for CPU time and
// for 1/capacity; "-" where CPU time is unknown.
func TestPrintGrowth(t *testing.T) {
	measured := func(perSecond float64, cpu time.Duration) Capacity {
		return Capacity{PerSecond: perSecond, CPUPerRequest: cpu}
	}
	small := &sizeResult{n: 10, rounds: []map[string]Capacity{
		{"autosave": measured(4000, 400*time.Microsecond), "verify": measured(9000, 0)},
		{"autosave": measured(2000, 800*time.Microsecond), "verify": measured(9000, 0)}, // a slow spell
		{"autosave": measured(4000, 400*time.Microsecond), "verify": measured(9000, 0)},
	}}
	large := &sizeResult{n: 1000, rounds: []map[string]Capacity{
		{"autosave": measured(2000, 500*time.Microsecond), "verify": measured(9000, 0)},
		{"autosave": measured(1000, 1000*time.Microsecond), "verify": measured(9000, 0)},
		{"autosave": measured(4000, 100*time.Microsecond), "verify": measured(9000, 0)}, // an outlier
	}}
	var out strings.Builder
	printGrowth(&out, []*sizeResult{small, large})
	text := out.String()
	cases := []struct{ name, pattern string }{
		{"CPU growth", `(?s)CPU time per request.*?autosave\s+1\.00\s+1\.25\n`},
		{"CPU unknown", `(?s)CPU time per request.*?verify\s+-\s+-\n`},
		{"capacity growth", `(?s)1/capacity.*?autosave\s+1\.00\s+2\.00\n`},
		{"capacity flat", `(?s)1/capacity.*?verify\s+1\.00\s+1\.00\n`},
	}
	for _, c := range cases {
		if !regexp.MustCompile(c.pattern).MatchString(text) {
			t.Errorf("%s: no match for %s in\n%s", c.name, c.pattern, text)
		}
	}
	var none strings.Builder
	printGrowth(&none, []*sizeResult{small})
	if none.Len() != 0 {
		t.Errorf("one size printed a growth table:\n%s", none.String())
	}
}

func TestMedian(t *testing.T) {
	cases := []struct {
		in   []float64
		want float64
	}{
		{nil, 0},
		{[]float64{3}, 3},
		{[]float64{5, 1, 3}, 3},
		{[]float64{4, 1, 3, 2}, 2.5},
	}
	for _, c := range cases {
		if got := median(c.in); got != c.want {
			t.Errorf("median(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}

// machineCPU reads a growing total from /proc/stat on Linux.
func TestMachineCPU(t *testing.T) {
	a := machineCPU()
	if a == 0 {
		t.Skip("no /proc/stat here")
	}
	deadline := time.Now().Add(2 * time.Second)
	for machineCPU() == a && time.Now().Before(deadline) {
		for i := 0; i < 1e6; i++ {
			_ = i * i
		}
	}
	if b := machineCPU(); b <= a {
		t.Errorf("machine CPU did not grow while this test spun: %v then %v", a, b)
	}
}
