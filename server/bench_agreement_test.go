package server_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"hotlineportal/assessments"
	"hotlineportal/models"
	"hotlineportal/server/servertest"
)

// BenchmarkReviewerAgreement measures the agreement figures at 1,000
// hotlines × 3 cycles (PORTAL_BENCH_HOTLINES changes the size: 300,000
// scores at 1,000) through the whole HTTP stack with a secretariat
// token: GET /api/v1/me as the baseline; the API, the page and the
// framework view from the cache; and the API after each request's new
// review (a review submitted again moves the reviews generation) once the
// figures' freshness window has passed: the request starts the
// recomputation, waits for it a moment, then answers with the previous
// figures. The recomputation itself is BenchmarkAgreementCompute's.
func BenchmarkReviewerAgreement(b *testing.B) {
	var clock atomic.Int64
	clock.Store(time.Now().UnixNano())
	app, seeded, hotlines, get := benchNetwork(b, servertest.Options{Configure: func(o *assessments.Options) {
		o.Now = func() time.Time { return time.Unix(0, clock.Load()) }
	}})
	fw, _, err := app.Svc.CurrentFramework(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	fixed := func(path string) func(int) string { return func(int) string { return path } }
	resubmit := func(i int) {
		id := seeded.Latest(i % hotlines)
		clock.Add(int64(10 * time.Second)) // past the figures' freshness window
		at := time.Unix(0, clock.Load()).UTC()
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
		{"api_revalidating", fixed("/api/v1/analytics/agreement"), resubmit},
	}
	for _, run := range runs {
		b.Run(run.name, func(b *testing.B) { measureRequests(b, get, run.path, run.before) })
	}
}
