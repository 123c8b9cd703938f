package server_test

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"testing"

	"hotlineportal/models"
	"hotlineportal/server/servertest"
)

// BenchmarkPersonalDataExport reports the peak heap growth of a
// reviewer's own export (GET /api/v1/me/export) holding 10,000 and then
// 100,000 of their scores, beside a baseline in the same run: the same
// scores of Reviewer1 loaded into one slice, as an export that is not
// streamed would hold them.
//
//	go test ./server/ -run '^$' -bench BenchmarkPersonalDataExport -benchtime 1x
func BenchmarkPersonalDataExport(b *testing.B) {
	app := servertest.New(b)
	token := app.APIClient(servertest.Reviewer1).Token
	have := 0
	for _, size := range []int{20000, 200000} {
		// Two reviewers score each criterion: half the rows are Reviewer1's.
		have += seedBulkScores(b, app, size-have)
		b.Run(fmt.Sprintf("scores=%d/export", have/2), func(b *testing.B) {
			var run exportRun
			for range b.N {
				run = measureExport(b, app, token, "/api/v1/me/export")
			}
			b.ReportMetric(run.growthMB(), "peak-heap-MB")
			b.ReportMetric(float64(run.bytes)/(1<<20), "file-MB")
		})
		b.Run(fmt.Sprintf("scores=%d/baseline-slice", have/2), func(b *testing.B) {
			var growth float64
			for range b.N {
				growth = heapGrowthMB(func() any {
					var mine []models.Score
					if err := app.DB.Where("reviewer_id = ?", app.Users[servertest.Reviewer1].ID).Find(&mine).Error; err != nil {
						b.Fatal(err)
					}
					return mine
				})
			}
			b.ReportMetric(growth, "peak-heap-MB")
		})
	}
}

// heapGrowthMB is the heap load grows by while what it returns is held.
func heapGrowthMB(load func() any) float64 {
	defer debug.SetGCPercent(debug.SetGCPercent(10))
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	held := load()
	runtime.ReadMemStats(&ms)
	runtime.KeepAlive(held)
	return float64(ms.HeapInuse-base) / (1 << 20)
}
