package agreement

import (
	"math"
	"testing"
)

// krippendorff2011 is the reliability data of Krippendorff (2011),
// "Computing Krippendorff's Alpha-Reliability", section C: four observers,
// twelve units, values 1-5, missing values left out (unit 12 has one
// value only and is not pairable).
var krippendorff2011 = []Unit{
	{1, 1, 1},
	{2, 2, 3, 2},
	{3, 3, 3, 3},
	{3, 3, 3, 3},
	{2, 2, 2, 2},
	{1, 2, 3, 4},
	{4, 4, 4, 4},
	{1, 1, 2, 1},
	{2, 2, 2, 2},
	{5, 5, 5},
	{1, 1},
	{3},
}

func TestAlphaPublishedExample(t *testing.T) {
	tests := []struct {
		metric Metric
		want   float64
	}{
		{Nominal, 0.743},
		{Ordinal, 0.815},
		{Interval, 0.849},
		{Ratio, 0.797},
	}
	for _, tt := range tests {
		got := Alpha(krippendorff2011, tt.metric)
		if !got.Defined || math.Abs(got.Alpha-tt.want) > 0.0005 {
			t.Errorf("metric %d: alpha = %.4f (defined %v), want %.3f", tt.metric, got.Alpha, got.Defined, tt.want)
		}
		if got.Units != 11 {
			t.Errorf("metric %d: %d units, want 11 (unit 12 is not pairable)", tt.metric, got.Units)
		}
	}
}

func TestAlphaEdgeCases(t *testing.T) {
	tests := []struct {
		name      string
		units     []Unit
		defined   bool
		alpha     float64
		wantUnits int
	}{
		{"no units", nil, false, 0, 0},
		{"one reviewer only: nothing pairable", []Unit{{3}, {2}, {4}}, false, 0, 0},
		{"no variation at all", []Unit{{2, 2}, {2, 2}, {2, 2, 2}}, false, 0, 3},
		{"perfect agreement", []Unit{{0, 0}, {4, 4}, {2, 2}, {1, 1}}, true, 1, 4},
		{"missing values skipped", []Unit{{0, 0}, {4}, {2, 2}, {}, {4, 4}}, true, 1, 3},
		{"systematic disagreement is negative", []Unit{{0, 4}, {4, 0}, {0, 4}}, true, -2.0 / 3, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Alpha(tt.units, Ordinal)
			if got.Defined != tt.defined || got.Units != tt.wantUnits {
				t.Fatalf("got %+v, want defined %v over %d units", got, tt.defined, tt.wantUnits)
			}
			if tt.defined && math.Abs(got.Alpha-tt.alpha) > 1e-9 {
				t.Errorf("alpha = %v, want %v", got.Alpha, tt.alpha)
			}
		})
	}
}

// TestAlphaOrdinalWeighsDistance: a disagreement of one step costs less
// than one of three steps under the ordinal metric.
func TestAlphaOrdinalWeighsDistance(t *testing.T) {
	base := []Unit{{0, 0}, {1, 1}, {2, 2}, {3, 3}, {4, 4}, {0, 0}, {4, 4}}
	near := append(append([]Unit{}, base...), Unit{2, 3})
	far := append(append([]Unit{}, base...), Unit{0, 3})
	if n, f := Alpha(near, Ordinal).Alpha, Alpha(far, Ordinal).Alpha; n <= f {
		t.Errorf("ordinal: near %v should exceed far %v", n, f)
	}
}

// TestCoincidencesFoldsLikeAlpha: adding units one by one gives what
// Alpha gives over the slice, in any order.
func TestCoincidencesFoldsLikeAlpha(t *testing.T) {
	var c Coincidences
	for i := len(krippendorff2011) - 1; i >= 0; i-- {
		c.Add(krippendorff2011[i])
	}
	got, want := c.Alpha(Ordinal), Alpha(krippendorff2011, Ordinal)
	if math.Abs(got.Alpha-want.Alpha) > 1e-12 || got.Units != want.Units {
		t.Errorf("folded %+v, want %+v", got, want)
	}
}
