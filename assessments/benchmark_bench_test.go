package assessments_test

import (
	"fmt"
	"testing"
	"time"

	"hotlineportal/assessments"
	"hotlineportal/assessments/domaintest"
	"hotlineportal/models"
)

// BenchmarkNetworkBenchmark measures a benchmark at 1,000 hotlines x 3
// decided cycles: from the cache (one generation query and a median over
// 999 scores per section), on a cache miss (every result read), and the
// generation query alone, the floor.
func BenchmarkNetworkBenchmark(b *testing.B) {
	env := domaintest.New(b, nil)
	row, f, err := env.Svc.CurrentFramework(ctx)
	if err != nil {
		b.Fatal(err)
	}
	var own string
	for h := range 1000 {
		hl, err := env.Svc.CreateHotline(ctx, domaintest.SystemActor(), benchHotline(h))
		if err != nil {
			b.Fatal(err)
		}
		var as []models.Assessment
		var rs []models.AssessmentResult
		for c := range 3 {
			at := time.Date(2020+c, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(h) * time.Minute)
			a := models.Assessment{ID: models.NewID(), HotlineID: hl.ID, FrameworkID: row.ID, Status: models.StatusDecided, Round: 1, Version: 1, CreatedAt: at, UpdatedAt: at}
			sections := models.ScoreMap{}
			for i, s := range f.Sections {
				sections[s.Code] = float64((h+c+i)%41) / 10
			}
			as = append(as, a)
			rs = append(rs, models.AssessmentResult{AssessmentID: a.ID, HotlineID: hl.ID, FrameworkID: row.ID, Outcome: models.OutcomeAccredited, DecidedAt: at, Sections: sections, Criteria: models.ScoreMap{}})
			own = a.ID
		}
		if err := env.DB.Create(&as).Error; err != nil {
			b.Fatal(err)
		}
		if err := env.DB.Create(&rs).Error; err != nil {
			b.Fatal(err)
		}
	}
	sec := env.Actor(domaintest.Secretariat)
	b.Run("generation_query_floor", func(b *testing.B) {
		for range b.N {
			if _, err := models.ResultsGeneration(ctx, env.DB); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("cached", func(b *testing.B) {
		for range b.N {
			if _, err := env.Svc.Benchmark(ctx, sec, own); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("cache_miss", func(b *testing.B) {
		for range b.N {
			env.Svc.ForgetBenchmarks()
			if _, err := env.Svc.Benchmark(ctx, sec, own); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// benchHotline is the i-th hotline of the benchmark network.
func benchHotline(i int) assessments.HotlineInput {
	return assessments.HotlineInput{Name: fmt.Sprintf("Γραμμή 116 000 – %d", i), Country: "GR", Channels: []string{"phone"}, Languages: []string{"el"}}
}
