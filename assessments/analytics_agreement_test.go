package assessments_test

import (
	"errors"
	"math"
	"sync/atomic"
	"testing"
	"time"

	"hotlineportal/assessments"
	"hotlineportal/assessments/agreement"
	"hotlineportal/assessments/domaintest"
	"hotlineportal/models"
)

// agreementScore makes every kind of criterion: the first is scored
// apart by the two reviewers, the second only by the first reviewer (the
// other says N/A), the third 3 by everyone, and the rest alike, varying
// by hotline.
func agreementScore(i, c, j, r int) *int {
	var v int
	switch j {
	case 0:
		v = (i*3 + r*2 + c) % 5
	case 1:
		if r == 1 {
			return nil
		}
		v = i % 5
	case 2:
		v = 3
	default:
		v = (i + j + c) % 5
	}
	return &v
}

func agreementFigures(t *testing.T, env *domaintest.Env, version string) *assessments.AgreementFigures {
	t.Helper()
	figs, err := env.Svc.ReviewerAgreement(ctx, env.Actor(domaintest.Secretariat), version)
	if err != nil {
		t.Fatal(err)
	}
	return figs
}

// The figures are Krippendorff's ordinal alpha over the stored scores:
// per criterion as the pure function gives it on the same values, the
// undefined cases null, the ambiguous criterion flagged, one pair of
// reviewers, and the overall figure over every unit.
func TestReviewerAgreementFigures(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	const hotlines, cycles = 6, 2
	env.SeedNetworkResults(domaintest.NetworkSeed{Hotlines: hotlines, Cycles: cycles, Score: agreementScore})
	figs := agreementFigures(t, env, "")
	if len(figs.Criteria) < 4 {
		t.Fatalf("%d criteria", len(figs.Criteria))
	}
	var first []agreement.Unit
	for i := 0; i < hotlines; i++ {
		for c := 0; c < cycles; c++ {
			first = append(first, agreement.Unit{float64(*agreementScore(i, c, 0, 0)), float64(*agreementScore(i, c, 0, 1))})
		}
	}
	want := agreement.Alpha(first, agreement.Ordinal)
	tests := []struct {
		name    string
		got     assessments.Alpha
		alpha   *float64
		units   int
		flagged bool
	}{
		{"scored apart", figs.Criteria[0].Alpha, ptr(math.Round(want.Alpha*1000) / 1000), hotlines * cycles, want.Alpha < 0.667},
		{"one reviewer, the other N/A", figs.Criteria[1].Alpha, nil, 0, false},
		{"no variation", figs.Criteria[2].Alpha, nil, hotlines * cycles, false},
		{"alike", figs.Criteria[3].Alpha, ptr(1), hotlines * cycles, false},
	}
	for _, tt := range tests {
		if tt.got.Units != tt.units || !sameAlpha(tt.got.Value, tt.alpha) || tt.got.Low() != tt.flagged {
			t.Errorf("%s: got %v over %d units (low %v), want %v over %d (low %v)",
				tt.name, deref(tt.got.Value), tt.got.Units, tt.got.Low(), deref(tt.alpha), tt.units, tt.flagged)
		}
	}
	if !want.Defined || want.Alpha >= 0.667 {
		t.Fatalf("the first criterion should be scored apart: %+v", want)
	}
	units := hotlines * cycles * (len(figs.Criteria) - 1)
	if figs.Overall.Units != units || figs.Overall.Value == nil || *figs.Overall.Value <= *tests[0].alpha || *figs.Overall.Value >= 1 {
		t.Errorf("overall %v over %d units, want between the first criterion and 1 over %d", deref(figs.Overall.Value), figs.Overall.Units, units)
	}
	if len(figs.Pairs) != 1 {
		t.Fatalf("pairs %+v, want one", figs.Pairs)
	}
	p := figs.Pairs[0]
	ids := [2]string{env.Users[domaintest.Reviewer1].ID, env.Users[domaintest.Reviewer2].ID}
	if ids[0] > ids[1] {
		ids[0], ids[1] = ids[1], ids[0]
	}
	if p.Reviewers != ids || p.Units != units || !sameAlpha(p.Value, figs.Overall.Value) || p.Names[0] == "" {
		t.Errorf("pair %+v, want %v over %d units with the overall alpha", p, ids, units)
	}
}

// Only the secretariat sees the figures; an unknown version is a
// validation error on its field.
func TestReviewerAgreementAccess(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	for _, key := range []string{domaintest.ManagerA, domaintest.Reviewer1} {
		if _, err := env.Svc.ReviewerAgreement(ctx, env.Actor(key), ""); !errors.Is(err, assessments.ErrForbidden) {
			t.Errorf("%s: %v, want forbidden", key, err)
		}
	}
	_, err := env.Svc.ReviewerAgreement(ctx, env.Actor(domaintest.Secretariat), "99.9")
	var verr *assessments.ValidationError
	if !errors.As(err, &verr) || verr.Fields["framework_version"].Key == "" {
		t.Errorf("unknown version: %v", err)
	}
	figs := agreementFigures(t, env, currentVersion(t, env))
	if figs.Overall.Units != 0 || figs.Overall.Value != nil || len(figs.Pairs) != 0 {
		t.Errorf("empty network: %+v", figs.Overall)
	}
}

// Cached figures follow the reviews: a new decided cycle adds its units,
// an assessment whose review round reopens (its reviews withdrawn, back
// in review) takes its units away. Within the freshness window the cached
// figures stand; after it, the new figures come (at once on a small
// network, or after the moment a recomputation may take).
func TestReviewerAgreementFollowsReviews(t *testing.T) {
	t.Parallel()
	var clock atomic.Int64
	clock.Store(time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC).UnixNano())
	tick := func() { clock.Add(int64(time.Minute)) }
	env := domaintest.New(t, nil, func(o *assessments.Options) {
		o.Now = func() time.Time { return time.Unix(0, clock.Load()) }
	})
	seeded := env.SeedNetworkResults(domaintest.NetworkSeed{Hotlines: 2, Cycles: 1, Score: agreementScore})
	before := agreementFigures(t, env, "").Overall.Units
	env.SeedNetworkResults(domaintest.NetworkSeed{Hotlines: 1, Cycles: 1, Score: agreementScore})
	if again := agreementFigures(t, env, ""); again.Overall.Units != before {
		t.Fatalf("within the freshness window the figures moved: %d, then %d", before, again.Overall.Units)
	}
	eventually := func(what string, want int) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for {
			tick()
			got := agreementFigures(t, env, "").Overall.Units
			if got == want {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: %d units, want %d", what, got, want)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	eventually("after one more hotline", before*3/2)
	id := seeded.Latest(0)
	if err := env.DB.Model(&models.Assessment{}).Where("id = ?", id).Update("status", models.StatusInReview).Error; err != nil {
		t.Fatal(err)
	}
	if err := env.DB.Where("assessment_id = ?", id).Delete(&models.Review{}).Error; err != nil {
		t.Fatal(err)
	}
	eventually("after a review round reopened", before)
}

func sameAlpha(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return math.Abs(*a-*b) < 1e-9
}
