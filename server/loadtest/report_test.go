package loadtest

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// The growth tables divide each size's cost by the smallest size's, for
// CPU time and for 1/capacity, and show "-" where CPU time is unknown.
func TestPrintGrowth(t *testing.T) {
	per := map[int]map[string]Capacity{
		10:   {"autosave": {PerSecond: 4000, CPUPerRequest: 400 * time.Microsecond}, "verify": {PerSecond: 9000}},
		1000: {"autosave": {PerSecond: 2000, CPUPerRequest: 500 * time.Microsecond}, "verify": {PerSecond: 9000}},
	}
	var out strings.Builder
	printGrowth(&out, []int{10, 1000}, per)
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
	printGrowth(&none, []int{10}, per)
	if none.Len() != 0 {
		t.Errorf("one size printed a growth table:\n%s", none.String())
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
