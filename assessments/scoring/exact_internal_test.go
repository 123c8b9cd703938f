package scoring

import (
	"math/big"
	"testing"
)

func TestRounding(t *testing.T) {
	t.Parallel()
	tests := []struct {
		num, den     int64
		round, floor float64
	}{
		{0, 1, 0, 0},
		{5, 2, 2.5, 2.5},
		{7, 3, 2.3, 2.3},
		{8, 3, 2.7, 2.6},
		{11, 4, 2.8, 2.7},       // 2.75: half up
		{1, 20, 0.1, 0},         // 0.05: half up
		{59, 20, 3, 2.9},        // 2.95: shown 3.0 but still below 3 exactly
		{599, 10, 59.9, 59.9},   // 59.9
		{2998, 50, 60, 59.9},    // 59.96
		{5999, 100, 60, 59.9},   // 59.99
		{100, 1, 100, 100},      // 100
		{1000, 3, 333.3, 333.3}, // 333.33
		{2000, 3, 666.7, 666.6}, // 666.67
		{6875, 100, 68.8, 68.7}, // 68.75
		{1, 1000, 0, 0},         // 0.001
		{399, 100, 4, 3.9},      // 3.99
		{3, 1, 3, 3},
	}
	for _, tt := range tests {
		r := big.NewRat(tt.num, tt.den)
		if got := round1(r); got != tt.round {
			t.Errorf("round1(%s) = %v, want %v", r.RatString(), got, tt.round)
		}
		if got := floor1(r); got != tt.floor {
			t.Errorf("floor1(%s) = %v, want %v", r.RatString(), got, tt.floor)
		}
	}
}
