package e2e

import (
	"context"
	"testing"

	"hotlineportal/assessments"
	"hotlineportal/models"
	"hotlineportal/server/servertest"
)

// actorOf is a fixture user as a domain actor.
func actorOf(app *servertest.App, key string) assessments.Actor {
	return assessments.Actor{User: app.Users[key], IP: "e2e"}
}

// scoredAssessment brings hotline A's assessment through the domain to
// "reviewed" (every answer given, two reviewers, every criterion scored),
// or, without submitReviews, to just before the reviewers submit their
// reviews (scores still editable).
func scoredAssessment(t *testing.T, app *servertest.App, submitReviews bool) string {
	t.Helper()
	ctx := context.Background()
	as := app.StartAssessment(servertest.ManagerA)
	mgr := actorOf(app, servertest.ManagerA)
	q, err := app.Svc.LoadQuestionnaire(ctx, mgr, as.ID)
	if err != nil {
		t.Fatal(err)
	}
	met := models.LevelMet
	for _, it := range q.Items() {
		if _, err := app.Svc.SaveAnswer(ctx, mgr, as.ID, it.Criterion.Code, assessments.AnswerInput{Level: &met, Narrative: "We do this: " + it.Criterion.Code}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := app.Svc.AddEvidenceLink(ctx, mgr, as.ID, "LEG-01", "https://example.org/licence", "Licence"); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Svc.Submit(ctx, mgr, as.ID); err != nil {
		t.Fatal(err)
	}
	sec := actorOf(app, servertest.Secretariat)
	for _, key := range []string{servertest.Reviewer1, servertest.Reviewer2} {
		if _, err := app.Svc.Assign(ctx, sec, as.ID, app.Users[key].ID, ""); err != nil {
			t.Fatal(err)
		}
	}
	for _, key := range []string{servertest.Reviewer1, servertest.Reviewer2} {
		rv := actorOf(app, key)
		for _, it := range q.Items() {
			if !it.Applicable {
				continue
			}
			v := 3
			if key == servertest.Reviewer2 && it.Criterion.Code == "CHT-05" {
				v = 1
			}
			if _, err := app.Svc.SaveScore(ctx, rv, as.ID, it.Criterion.Code, assessments.ScoreInput{Score: &v, Comment: "Seen in the evidence."}); err != nil {
				t.Fatal(err)
			}
		}
		if !submitReviews {
			continue
		}
		if _, err := app.Svc.SubmitReview(ctx, rv, as.ID, assessments.ReviewInput{Recommendation: "accredit", Summary: "Solid service."}); err != nil {
			t.Fatal(err)
		}
	}
	return as.ID
}
