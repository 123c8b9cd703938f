package server

import (
	"math"
	"strconv"
	"testing"
)

// luminance is the WCAG relative luminance of a #rrggbb colour.
func luminance(t *testing.T, hex string) float64 {
	t.Helper()
	var ch [3]float64
	for i := range ch {
		v, err := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		if err != nil {
			t.Fatalf("colour %q: %v", hex, err)
		}
		c := float64(v) / 255
		if c <= 0.03928 {
			ch[i] = c / 12.92
		} else {
			ch[i] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*ch[0] + 0.7152*ch[1] + 0.0722*ch[2]
}

// Every number printed on the heatmap keeps at least 4.5:1 contrast with
// its cell, and the scale runs from dark to light so that it reads in
// grey too.
func TestHeatmapContrast(t *testing.T) {
	prev := -1.0
	for i, st := range heatSteps {
		bg, fg := luminance(t, st.Fill), luminance(t, st.Text)
		ratio := (math.Max(bg, fg) + 0.05) / (math.Min(bg, fg) + 0.05)
		if ratio < 4.5 {
			t.Errorf("step %d: %s on %s has contrast %.2f, want 4.5", i, st.Text, st.Fill, ratio)
		}
		if bg <= prev {
			t.Errorf("step %d is not lighter than the one before", i)
		}
		prev = bg
	}
}

// Scores fall in their half-point step; out-of-range ones in the ends.
func TestHeatStep(t *testing.T) {
	for _, tt := range []struct {
		v    float64
		want int
	}{{0, 0}, {0.49, 0}, {0.5, 1}, {1.99, 3}, {2, 4}, {3.5, 7}, {4, 7}, {-1, 0}, {9, 7}} {
		if got := heatStep(tt.v); got != tt.want {
			t.Errorf("heatStep(%v) = %d, want %d", tt.v, got, tt.want)
		}
	}
}
