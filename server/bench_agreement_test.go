package server_test

import (
	"context"
	"testing"
	"time"

	"hotlineportal/models"
)

// BenchmarkReviewerAgreement measures the agreement figures at 1,000
// hotlines × 3 cycles (PORTAL_BENCH_HOTLINES changes the size: 300,000
// scores at 1,000) through the whole HTTP stack with a secretariat
// token: GET /api/v1/me as the baseline; the API, the page and the
// framework view from the cache; and the API after each request's new
// review (a review submitted again moves the reviews generation), which
// recomputes the figures over every score.
func BenchmarkReviewerAgreement(b *testing.B) {
	app, seeded, hotlines, get := benchNetwork(b)
	fw, _, err := app.Svc.CurrentFramework(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	fixed := func(path string) func(int) string { return func(int) string { return path } }
	resubmit := func(i int) {
		id := seeded.Latest(i % hotlines)
		at := time.Now().UTC().Add(time.Duration(i+1) * time.Second)
		if err := app.DB.Model(&models.Review{}).Where("assessment_id = ?", id).Update("submitted_at", at).Error; err != nil {
			b.Fatal(err)
		}
	}
	runs := []struct {
		name   string
		path   func(int) string
		before func(int)
	}{
		{"me_baseline", fixed("/api/v1/me"), nil},
		{"api_cached", fixed("/api/v1/analytics/agreement"), nil},
		{"page_cached", fixed("/network/agreement"), nil},
		{"framework_view_cached", fixed("/frameworks/" + fw.ID), nil},
		{"api_after_new_review", fixed("/api/v1/analytics/agreement"), resubmit},
	}
	for _, run := range runs {
		b.Run(run.name, func(b *testing.B) { measureRequests(b, get, run.path, run.before) })
	}
}
