package scoring_test

import (
	"testing"

	"hotlineportal/assessments/scoring"
)

func TestSectionsAndOverall(t *testing.T) {
	t.Parallel()
	f := tiny(scoring.DefaultRules(),
		spec{"A-01", mandatory}, spec{"A-02", desirable}, spec{"A-03", desirable},
		spec{"B-01", mandatory},
		spec{"C-01", desirable}, spec{"C-02", mandatory}, spec{"C-03", desirable},
		spec{"D-01", desirable}, spec{"D-02", desirable}, spec{"D-03", desirable},
		spec{"E-01", mandatory},
	)
	in := []scoring.CriterionScores{
		applicable("A-01", 3, 3), applicable("A-02", 2, 3), applicable("A-03", na, na),
		{Code: "B-01", Applicable: false, Scores: scores(4, 4)},
		applicable("C-01", 1, 2), applicable("C-02", 4, 4), applicable("C-03", 2, 2),
		// Three thirds of 7/3 each: shown 2.3, but the section's exact sum
		// is 7 of 12 points (58.3 %), not 3 × 2.3 = 6.9 (57.5 %).
		applicable("D-01", 2, 2, 3), applicable("D-02", 3, 2, 2), applicable("D-03", 2, 3, 2),
		applicable("E-01", unscored, unscored),
	}
	res := scoring.Consolidate(f, in)
	checkInvariants(t, res)
	want := []scoring.SectionResult{
		{Code: "A", Consolidated: ptr(2.8), Percent: ptr(68.8)}, // 5.5 / 2 = 2.75, 5.5 / 8 = 68.75 %: half up
		{Code: "B"}, // not applicable
		{Code: "C", Consolidated: ptr(2.5), Percent: ptr(62.5)}, // 1.5 + 4 + 2
		{Code: "D", Consolidated: ptr(2.3), Percent: ptr(58.3)},
		{Code: "E"}, // unscored
	}
	if len(res.Sections) != len(want) {
		t.Fatalf("%d sections, want %d", len(res.Sections), len(want))
	}
	for i, w := range want {
		g := res.Sections[i]
		if g.Code != w.Code || !eqPtr(g.Consolidated, w.Consolidated) || !eqPtr(g.Percent, w.Percent) {
			t.Errorf("section %s = %s / %s %%, want %s: %s / %s %%", g.Code, fmtPtr(g.Consolidated), fmtPtr(g.Percent),
				w.Code, fmtPtr(w.Consolidated), fmtPtr(w.Percent))
		}
	}
	// Overall: (3 + 2.5 + 1.5 + 4 + 2 + 7) / 8 = 20 / 8 = 2.5.
	if !eqPtr(res.Overall, ptr(2.5)) {
		t.Errorf("Overall = %s, want 2.5", fmtPtr(res.Overall))
	}
	// Desirable: A-02 2.5, C-01 1.5, C-03 2, D-* 7 → 13 of 24 points.
	if res.DesirablePercent != 54.1 {
		t.Errorf("DesirablePercent = %v, want 54.1 (54.17 rounded down)", res.DesirablePercent)
	}
}

func TestNothingCounts(t *testing.T) {
	t.Parallel()
	f := tiny(scoring.DefaultRules(), spec{"A-01", critical}, spec{"A-02", desirable})
	res := scoring.Consolidate(f, []scoring.CriterionScores{applicable("A-01", na, na), {Code: "A-02", Scores: scores(0, 0)}})
	checkInvariants(t, res)
	if res.Overall != nil || res.Sections[0].Consolidated != nil || res.Sections[0].Percent != nil {
		t.Errorf("Overall %s, section %+v: want nil figures", fmtPtr(res.Overall), res.Sections[0])
	}
	if res.DesirablePercent != 100 || res.Proposed != scoring.Accredited {
		t.Errorf("got %q at %v %%", res.Proposed, res.DesirablePercent)
	}
}
