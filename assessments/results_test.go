package assessments_test

import (
	"testing"

	"hotlineportal/assessments/domaintest"
	"hotlineportal/models"
)

// A decision stores the assessment's figures as the consolidation shows
// them; a database that lost them (decided before they were kept) gets
// them back at start, once, however often it starts.
func TestDecisionStoresTheFigures(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	id := decidedWithConditions(t, env, 90)
	stored := func() []models.AssessmentResult {
		t.Helper()
		rs, err := models.ListResults(ctx, env.DB, models.ResultFilter{})
		if err != nil {
			t.Fatal(err)
		}
		return rs
	}
	rs := stored()
	if len(rs) != 1 || rs[0].AssessmentID != id || rs[0].Outcome != models.OutcomeWithConditions {
		t.Fatalf("stored results = %+v", rs)
	}
	con, err := env.Svc.LoadConsolidation(ctx, env.Actor(domaintest.Secretariat), id)
	if err != nil {
		t.Fatal(err)
	}
	want := rs[0]
	if want.Overall == nil || *want.Overall != *con.Result.Overall || want.Criteria["GOV-01"] != 2 || want.Hotline == nil {
		t.Fatalf("figures %+v do not match the consolidation (overall %v)", want, *con.Result.Overall)
	}
	if err := env.DB.Where("assessment_id = ?", id).Delete(&models.AssessmentResult{}).Error; err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := env.Svc.CompleteStoredData(ctx); err != nil {
			t.Fatal(err)
		}
	}
	again := stored()
	if len(again) != 1 || *again[0].Overall != *want.Overall || len(again[0].Sections) != len(want.Sections) {
		t.Fatalf("after the backfill: %+v, want %+v", again, want)
	}
}
