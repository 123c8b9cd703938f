package assessments_test

import (
	"testing"

	"hotlineportal/assessments"
	"hotlineportal/assessments/domaintest"
	"hotlineportal/assessments/framework"
	"hotlineportal/models"
)

// What is left to score, where "save and continue" goes, and the progress
// of a section count applicable criteria only.
func TestWorkspaceProgress(t *testing.T) {
	t.Parallel()
	item := func(code, section string, applicable, scored bool) *assessments.WorkspaceItem {
		wi := &assessments.WorkspaceItem{Item: &assessments.Item{Criterion: framework.Criterion{Code: code}, Section: section, Applicable: applicable}}
		if scored {
			wi.Mine = &models.Score{Criterion: code}
		}
		return wi
	}
	w := &assessments.Workspace{Items: []*assessments.WorkspaceItem{
		item("LEG-01", "LEG", true, true),
		item("LEG-02", "LEG", true, false),
		item("CHT-01", "CHT", false, false),
		item("CHT-02", "CHT", true, false),
	}}
	var unscored []string
	for _, it := range w.Unscored() {
		unscored = append(unscored, it.Item.Criterion.Code)
	}
	if len(unscored) != 2 || unscored[0] != "LEG-02" || unscored[1] != "CHT-02" {
		t.Fatalf("unscored %v", unscored)
	}
	cases := []struct {
		from, next string
	}{
		{"LEG-01", "LEG-02"},
		{"LEG-02", "CHT-02"},
		{"CHT-02", "LEG-02"},
	}
	for _, c := range cases {
		t.Run("next after "+c.from, func(t *testing.T) {
			if got := w.NextUnscored(c.from); got == nil || got.Item.Criterion.Code != c.next {
				t.Fatalf("got %v", got)
			}
		})
	}
	if p := w.SectionProgress("LEG"); p.Required != 2 || p.Answered != 1 {
		t.Fatalf("LEG progress %+v", p)
	}
	if p := w.SectionProgress("CHT"); p.Required != 1 || p.Answered != 0 {
		t.Fatalf("CHT progress %+v", p)
	}
}

// After a clarification round the reviewer sees what changed in the
// reopened answer, word by word, and nothing else marked changed.
func TestWorkspaceShowsChanges(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	id := inReview(t, env)
	r1, mgr := env.Actor(domaintest.Reviewer1), env.Actor(domaintest.ManagerA)
	if err := env.Svc.RequestClarification(ctx, r1, id, assessments.ClarificationInput{Criteria: []string{"LEG-01"}, Message: "Which law?"}); err != nil {
		t.Fatal(err)
	}
	q, err := env.Svc.LoadQuestionnaire(ctx, mgr, id)
	if err != nil {
		t.Fatal(err)
	}
	it, _ := q.Item("LEG-01")
	met := models.LevelMet
	in := assessments.AnswerInput{Level: &met, Narrative: "Round one: LEG-01 under the Child Protection Act", Version: it.Answer.Version}
	if _, err := env.Svc.SaveAnswer(ctx, mgr, id, "LEG-01", in); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Svc.Submit(ctx, mgr, id); err != nil {
		t.Fatal(err)
	}
	w, err := env.Svc.LoadWorkspace(ctx, r1, id)
	if err != nil {
		t.Fatal(err)
	}
	for _, wi := range w.Items {
		code := wi.Item.Criterion.Code
		if changed := code == "LEG-01"; wi.Changed != changed {
			t.Fatalf("%s changed: %v", code, wi.Changed)
		}
	}
	leg, _ := w.Item("LEG-01")
	if leg.Previous == nil || len(leg.Diff) != 2 || leg.Diff[1].Kind != "added" || leg.Diff[1].Text != "under the Child Protection Act" {
		t.Fatalf("diff %+v", leg.Diff)
	}
	if len(leg.Thread) != 1 || leg.Thread[0].Body != "Which law?" {
		t.Fatalf("thread %+v", leg.Thread)
	}
	if _, err := env.Svc.LoadWorkspace(ctx, env.Actor(domaintest.Secretariat), id); err == nil {
		t.Fatal("the secretariat opened a reviewer's workspace")
	}
}
