package assessments_test

import (
	"testing"
	"time"

	"hotlineportal/assessments/domaintest"
	"hotlineportal/models"
)

// The demo seeds a network in motion through the domain code: hotlines in
// every state, two past cycles decided, a late review, an overdue
// condition, a certificate expiring soon, findings answered, an appeal
// before its panel; a second run adds nothing.
func TestDemoNetworkInMotion(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	start := time.Now()
	if _, err := env.Svc.SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	t.Logf("demo seeded in %v", time.Since(start))
	var rows []struct {
		Status string
		N      int
	}
	if err := env.DB.Model(&models.Assessment{}).Select("status, count(*) AS n").Group("status").Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, r := range rows {
		counts[r.Status] = r.N
	}
	for _, st := range []string{"draft", "submitted", "in_review", "changes_requested", "reviewed", "decided"} {
		if counts[st] == 0 {
			t.Errorf("no assessment %s: %v", st, counts)
		}
	}
	if counts["decided"] < 20 {
		t.Errorf("decided = %d, want two past cycles for most hotlines", counts["decided"])
	}
	results, err := models.ListResults(ctx, env.DB, models.ResultFilter{})
	if err != nil || len(results) != counts["decided"] {
		t.Errorf("stored results = %d, %v; want %d", len(results), err, counts["decided"])
	}
	var expiring int64
	env.DB.Model(&models.Certificate{}).Where("revoked_at IS NULL AND valid_until < ?", env.Clock.Now().AddDate(0, 0, 90)).Count(&expiring)
	if expiring == 0 {
		t.Error("no certificate expiring within 90 days")
	}
	var overdue int64
	env.DB.Model(&models.Condition{}).Where("status = ? AND deadline < ?", models.ConditionOpen, env.Clock.Now()).Count(&overdue)
	if overdue == 0 {
		t.Error("no overdue condition")
	}
	// The work list shows every kind, the late review overdue; the Greek
	// draft has its submission deadline ten days ahead.
	wl, err := env.Svc.Worklist(ctx, env.Actor(domaintest.Secretariat))
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for _, it := range wl.Items {
		kinds[it.Kind] = kinds[it.Kind] || it.Overdue || !(it.Kind == models.WorkReviewOverdue)
	}
	for _, k := range []string{models.WorkAssignReviewers, models.WorkReviewOverdue, models.WorkDecide, models.WorkConditionOverdue, models.WorkCertificateExpiring, models.WorkAppeal} {
		if !kinds[k] {
			t.Errorf("the demo's work list has no %s", k)
		}
	}
	var deadlines []models.Assessment
	env.DB.Where("deadline IS NOT NULL AND status = ?", models.StatusDraft).Find(&deadlines)
	if len(deadlines) != 1 || deadlines[0].Deadline.Sub(env.Clock.Now()) < 9*24*time.Hour {
		t.Errorf("drafts with a deadline: %+v", deadlines)
	}
	// Due process: the reviewed assessment's findings were shared and
	// answered (the window closed by a final reply, the decision free to
	// take); one appeal is before its panel, with a view given.
	var replies, closedShares, heardAppeals int64
	env.DB.Model(&models.Reply{}).Count(&replies)
	env.DB.Model(&models.FindingsShare{}).Where("closed_at IS NOT NULL").Count(&closedShares)
	env.DB.Model(&models.Appeal{}).Where("status = ?", models.AppealPanel).Count(&heardAppeals)
	if replies != 2 || closedShares != 1 || heardAppeals != 1 {
		t.Errorf("replies %d, closed reply windows %d, appeals before a panel %d; want 2, 1, 1", replies, closedShares, heardAppeals)
	}
	before := counts["decided"]
	if _, err := env.Svc.SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	var after int64
	env.DB.Model(&models.Assessment{}).Where("status = ?", "decided").Count(&after)
	if int(after) != before {
		t.Errorf("a second seed changed the decided count: %d -> %d", before, after)
	}
}
