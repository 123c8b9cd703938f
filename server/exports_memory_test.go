package server_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"sync"
	"testing"
	"time"

	"hotlineportal/models"
	"hotlineportal/server/servertest"
)

// seedBulkScores adds decided cycles of hotline A, every criterion scored
// by two reviewers with submitted reviews, straight into the database,
// until the export holds at least rows rows; it returns how many it
// holds. It measures the export at network size without playing
// thousands of cycles through the domain.
func seedBulkScores(tb testing.TB, app *servertest.App, rows int) int {
	tb.Helper()
	ctx := context.Background()
	fwRow, fw, err := app.Svc.CurrentFramework(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	var codes []string
	for _, c := range fw.Criteria() {
		codes = append(codes, c.Code)
	}
	reviewers := []string{app.Users[servertest.Reviewer1].ID, app.Users[servertest.Reviewer2].ID}
	perAssessment := len(codes) * len(reviewers)
	n := (rows + perAssessment - 1) / perAssessment
	now := time.Now().UTC()
	level, comment := models.LevelMet, "Η γραμμή απαντά 24/7 — Линията отговаря денонощно; =SUM(A1) guarded."
	const chunk = 50 // assessments per transaction
	for done := 0; done < n; done += chunk {
		var (
			ass     []models.Assessment
			answers []models.Answer
			reviews []models.Review
			scores  []models.Score
		)
		for i := done; i < min(done+chunk, n); i++ {
			id := models.NewID()
			ass = append(ass, models.Assessment{ID: id, HotlineID: app.HotlineA.ID, FrameworkID: fwRow.ID, Status: models.StatusDecided,
				Round: 1, Version: 1, CreatedBy: "bulk", CreatedAt: now, UpdatedAt: now})
			for _, r := range reviewers {
				reviews = append(reviews, models.Review{ID: models.NewID(), AssessmentID: id, ReviewerID: r, Recommendation: models.RecommendAccredit, SubmittedAt: now})
			}
			for j, code := range codes {
				answers = append(answers, models.Answer{ID: models.NewID(), AssessmentID: id, Criterion: code, Level: &level, Narrative: "x", Version: 1})
				for k, r := range reviewers {
					v := (i + j + k) % 5
					scores = append(scores, models.Score{ID: models.NewID(), AssessmentID: id, ReviewerID: r, Criterion: code, Score: &v, Comment: comment, Version: 1, UpdatedAt: now})
				}
			}
		}
		err := app.DB.WriteTx(ctx, func(tx *models.DB) error {
			for _, batch := range []any{ass, answers, reviews, scores} {
				if err := tx.CreateInBatches(batch, 500).Error; err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			tb.Fatalf("bulk seed: %v", err)
		}
	}
	return n * perAssessment
}

// exportRun is what one download cost: the peak of the heap in use above
// what it was before, sampled every millisecond, and the bytes sent.
type exportRun struct {
	peak, base uint64
	bytes      int64
	took       time.Duration
}

// heapDuring runs fn and returns the heap in use before it and the peak
// while it ran, sampled every millisecond. The garbage collector runs at
// GOGC=10 meanwhile, so that the peak follows the live heap rather than
// how much garbage the pacer lets pile up before a cycle (which, at the
// default 100, is as much again as the live heap whatever the request).
func heapDuring(fn func()) (base, peak uint64) {
	defer debug.SetGCPercent(debug.SetGCPercent(10))
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base, peak = ms.HeapInuse, ms.HeapInuse
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var m runtime.MemStats
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapInuse)
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	fn()
	close(stop)
	wg.Wait()
	return base, peak
}

// measureExport downloads one export, streaming the body to nowhere (the
// client must not hold it: the portal's memory is what is measured, and
// it runs in this process), and samples the heap meanwhile.
func measureExport(tb testing.TB, app *servertest.App, token, path string) exportRun {
	tb.Helper()
	var (
		run  exportRun
		resp *http.Response
		err  error
	)
	start := time.Now()
	run.base, run.peak = heapDuring(func() {
		req, _ := http.NewRequest("GET", app.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		if resp, err = http.DefaultClient.Do(req); err != nil {
			return
		}
		run.bytes, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	})
	run.took = time.Since(start)
	if err != nil || resp.StatusCode != 200 {
		tb.Fatalf("GET %s: %v %v", path, resp, err)
	}
	return run
}

func (r exportRun) growthMB() float64 { return float64(r.peak-r.base) / (1 << 20) }

// TestExportMemoryIsFlat: the CSV and JSON exports of a network 20 times
// larger take no more memory. A buffered export would grow by the size of
// its rows (tens of MB here).
func TestExportMemoryIsFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds 60,000 scores")
	}
	app := servertest.New(t)
	token := app.APIClient(servertest.Secretariat).Token
	small := seedBulkScores(t, app, 3000)
	before := map[string]exportRun{}
	for _, ext := range []string{"csv", "json"} {
		before[ext] = measureExport(t, app, token, "/api/v1/exports/scores."+ext)
	}
	large := seedBulkScores(t, app, 60000-small) + small
	for _, ext := range []string{"csv", "json"} {
		after := measureExport(t, app, token, "/api/v1/exports/scores."+ext)
		t.Logf("%s: idle heap %.1f MB; %d rows %.1f MB heap growth (%d bytes); %d rows %.1f MB heap growth (%d bytes, %s)",
			ext, float64(after.base)/(1<<20), small, before[ext].growthMB(), before[ext].bytes, large, after.growthMB(), after.bytes, after.took.Round(time.Millisecond))
		if after.bytes < 10*before[ext].bytes {
			t.Errorf("%s: the large export is only %d bytes", ext, after.bytes)
		}
		if after.growthMB() > before[ext].growthMB()+8 {
			t.Errorf("%s: heap grew %.1f MB at %d rows against %.1f MB at %d rows", ext, after.growthMB(), large, before[ext].growthMB(), small)
		}
	}
}

// BenchmarkExportMemory reports the peak heap growth of each format at
// 10,000 and 300,000 rows (PORTAL_EXPORT_BENCH_ROWS overrides the large
// size), beside a baseline in the same run: the same scores loaded into
// one slice, as an export that is not streamed would hold them.
//
//	go test ./server/ -run '^$' -bench BenchmarkExportMemory -benchtime 1x
func BenchmarkExportMemory(b *testing.B) {
	app := servertest.New(b)
	token := app.APIClient(servertest.Secretariat).Token
	sizes := []int{10000, 300000}
	if v := os.Getenv("PORTAL_EXPORT_BENCH_ROWS"); v != "" {
		var n int
		fmt.Sscan(v, &n)
		sizes[1] = n
	}
	have := 0
	for _, size := range sizes {
		have += seedBulkScores(b, app, size-have)
		for _, ext := range []string{"csv", "json", "xlsx"} {
			b.Run(fmt.Sprintf("rows=%d/%s", have, ext), func(b *testing.B) {
				var run exportRun
				for range b.N {
					run = measureExport(b, app, token, "/api/v1/exports/scores."+ext)
				}
				b.ReportMetric(run.growthMB(), "peak-heap-MB")
				b.ReportMetric(float64(run.base)/(1<<20), "idle-heap-MB")
				b.ReportMetric(float64(run.bytes)/(1<<20), "file-MB")
				b.ReportMetric(float64(have)/run.took.Seconds(), "rows/s")
			})
		}
		b.Run(fmt.Sprintf("rows=%d/baseline-slice", have), func(b *testing.B) {
			var growth float64
			for range b.N {
				growth = measureSlice(b, app)
			}
			b.ReportMetric(growth, "peak-heap-MB")
		})
	}
}

// measureSlice is the baseline: every score loaded at once.
func measureSlice(b *testing.B, app *servertest.App) float64 {
	defer debug.SetGCPercent(debug.SetGCPercent(10))
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	var all []models.Score
	if err := app.DB.Find(&all).Error; err != nil {
		b.Fatal(err)
	}
	runtime.ReadMemStats(&ms)
	runtime.KeepAlive(all)
	return float64(ms.HeapInuse-base) / (1 << 20)
}
