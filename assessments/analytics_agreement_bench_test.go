package assessments_test

import (
	"testing"

	"hotlineportal/assessments/domaintest"
	"hotlineportal/models"
)

// BenchmarkAgreementCompute measures one recomputation of the reviewer
// agreement at 1,000 hotlines × 3 decided cycles (300,000 scores), the
// cost the background refresh pays after new reviews, against the floor:
// reading the same scores and doing nothing with them.
func BenchmarkAgreementCompute(b *testing.B) {
	env := domaintest.New(b, nil)
	env.SeedNetworkResults(domaintest.NetworkSeed{Hotlines: 1000, Cycles: 3})
	fw, _, err := env.Svc.CurrentFramework(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("read_scores_floor", func(b *testing.B) {
		for range b.N {
			n := 0
			if err := models.EachRatedScore(ctx, env.DB, fw.ID, func(models.RatedScore) { n++ }); err != nil || n == 0 {
				b.Fatal(n, err)
			}
		}
	})
	b.Run("compute", func(b *testing.B) {
		for range b.N {
			if _, err := env.Svc.ComputeAgreementNow(ctx, ""); err != nil {
				b.Fatal(err)
			}
		}
	})
}
