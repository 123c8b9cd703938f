package assessments_test

import (
	"strings"
	"testing"

	"hotlineportal/assessments"
	"hotlineportal/assessments/domaintest"
	"hotlineportal/models"
)

// A conflict is declared, or the reviewer is from the hotline's country.
func TestConflictOf(t *testing.T) {
	t.Parallel()
	greek := &models.Hotline{Country: "GR"}
	cases := []struct {
		name             string
		reviewer         models.User
		declared         string
		wantKey, wantDet string
	}{
		{"another country", models.User{Country: "LT"}, "", "", ""},
		{"same country", models.User{Country: "GR"}, "", "conflict.same_country", "GR"},
		{"declared", models.User{Country: "LT"}, "Former employee", "conflict.declared", "Former employee"},
		{"declared wins over country", models.User{Country: "GR"}, "Board member", "conflict.declared", "Board member"},
		{"no country given", models.User{}, "", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			key, detail := assessments.ConflictOf(c.reviewer, greek, c.declared)
			if key != c.wantKey || detail != c.wantDet {
				t.Fatalf("got %q %q", key, detail)
			}
		})
	}
}

// Suggestions rank: not yet assigned, no conflict, a shared language, not
// the previous cycle's reviewer, fewest open reviews; ties keep the order
// given (by name).
func TestRankSuggestions(t *testing.T) {
	t.Parallel()
	sg := func(name string, f func(*assessments.Suggestion)) assessments.Suggestion {
		s := assessments.Suggestion{Reviewer: models.User{Name: name}, SharedLanguages: []string{"en"}}
		f(&s)
		return s
	}
	in := []assessments.Suggestion{
		sg("assigned", func(s *assessments.Suggestion) { s.Assigned = true }),
		sg("conflict", func(s *assessments.Suggestion) { s.Conflict = "conflict.same_country" }),
		sg("no language", func(s *assessments.Suggestion) { s.SharedLanguages = nil }),
		sg("previous cycle", func(s *assessments.Suggestion) { s.PreviousCycle = true }),
		sg("busy", func(s *assessments.Suggestion) { s.OpenReviews = 7 }),
		sg("free A", func(s *assessments.Suggestion) {}),
		sg("free B", func(s *assessments.Suggestion) {}),
		sg("conflict and busy", func(s *assessments.Suggestion) { s.Conflict = "conflict.declared"; s.OpenReviews = 9 }),
	}
	assessments.RankSuggestions(in)
	var got []string
	for _, s := range in {
		got = append(got, s.Reviewer.Name)
	}
	want := "free A, free B, busy, previous cycle, no language, conflict, conflict and busy, assigned"
	if strings.Join(got, ", ") != want {
		t.Fatalf("got %s", strings.Join(got, ", "))
	}
}

// The reviewer's languages that the hotline works in.
func TestSharedLanguages(t *testing.T) {
	t.Parallel()
	h := &models.Hotline{Languages: []string{"el", "en"}}
	cases := []struct {
		name  string
		langs []string
		want  string
	}{
		{"one shared", []string{"fr", "en"}, "en"},
		{"both shared", []string{"el", "en"}, "el en"},
		{"none", []string{"lt"}, ""},
		{"no languages", nil, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := strings.Join(assessments.SharedLanguages(models.User{Languages: c.langs}, h), " ")
			if got != c.want {
				t.Fatalf("got %q", got)
			}
		})
	}
}

// A slot goes to a reviewer not yet assigned while one is free, and to a
// reviewer with a conflict only with a reason.
func TestCheckAssignment(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name              string
		assigned          []string
		reviewer, key, ov string
		want              string
	}{
		{"a free slot", []string{"r1"}, "r2", "", "", ""},
		{"no one yet", nil, "r1", "", "", ""},
		{"already assigned", []string{"r1"}, "r1", "", "", "conflict:error.reviewer_already_assigned"},
		{"slots full", []string{"r1", "r2"}, "r3", "", "", "conflict:error.reviewers_complete"},
		{"conflict without reason", nil, "r1", "conflict.same_country", "", "conflict:error.reviewer_conflict"},
		{"conflict overridden", nil, "r1", "conflict.same_country", "Only Greek speaker", ""},
		{"declared conflict overridden", []string{"r2"}, "r1", "conflict.declared", "Conflict ended", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := assessments.CheckAssignment(assessments.AssignmentFacts{Assigned: c.assigned, Slots: 2}, c.reviewer, c.key, c.ov)
			expectErr(t, err, c.want)
		})
	}
}

// A reviewer answers a pending assignment once: accept, or decline with a
// reason.
func TestAssignmentResponse(t *testing.T) {
	t.Parallel()
	pending := &models.Assignment{Status: models.AssignmentPending}
	cases := []struct {
		name       string
		asg        *models.Assignment
		accept     bool
		reason     string
		wantStatus string
		want       string
	}{
		{"accept", pending, true, "", models.AssignmentAccepted, ""},
		{"decline with a reason", pending, false, "I know the director.", models.AssignmentDeclined, ""},
		{"decline without a reason", pending, false, "", "", "field:reason=error.decline_reason_required"},
		{"already accepted", &models.Assignment{Status: models.AssignmentAccepted}, true, "", "", "conflict:error.assignment_answered"},
		{"decline after accepting", &models.Assignment{Status: models.AssignmentAccepted}, false, "Changed my mind", "", "conflict:error.assignment_answered"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st, _, err := assessments.AssignmentResponse(c.asg, c.accept, c.reason)
			expectErr(t, err, c.want)
			if st != c.wantStatus {
				t.Fatalf("status %q", st)
			}
		})
	}
}

// A decline leaving no active reviewer sends an assessment in review back
// to submitted, to be assigned again.
func TestStatusAfterDecline(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		current   models.Status
		remaining int
		want      models.Status
		moves     bool
	}{
		{"last reviewer gone", models.StatusInReview, 0, models.StatusSubmitted, true},
		{"one reviewer left", models.StatusInReview, 1, models.StatusInReview, false},
		{"sent back to the manager", models.StatusChangesRequested, 0, models.StatusChangesRequested, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, moves := assessments.StatusAfterDecline(c.current, c.remaining)
			if got != c.want || moves != c.moves {
				t.Fatalf("got %s %v", got, moves)
			}
		})
	}
}

// Assign, step by step: who may, conflicts and their override, and the
// slots.
func TestAssign(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	draft := env.StartAssessment(domaintest.ManagerB)
	id := submitted(t, env)
	greek := newUser(t, env, assessments.UserInput{Email: "greek@test.example", Name: "Γιώργος Reviewer", Role: "reviewer", Country: "GR"})
	third := newUser(t, env, assessments.UserInput{Email: "third@test.example", Name: "Tove Reviewer", Role: "reviewer", Country: "SE"})
	sec := env.Actor(domaintest.Secretariat)
	if _, err := env.Svc.DeclareConflict(ctx, sec, env.Users[domaintest.Reviewer2].ID, env.HotlineA.ID, "Former trainer of its volunteers"); err != nil {
		t.Fatal(err)
	}
	r1, r2 := env.Users[domaintest.Reviewer1].ID, env.Users[domaintest.Reviewer2].ID
	steps := []struct {
		name, assessment string
		actor            assessments.Actor
		reviewer, reason string
		want             string
	}{
		{"a manager", id, env.Actor(domaintest.ManagerA), r1, "", "forbidden"},
		{"a reviewer", id, env.Actor(domaintest.Reviewer1), r1, "", "not found"},
		{"a draft", draft.ID, sec, r1, "", "conflict:error.transition.assign"},
		{"an unknown reviewer", id, sec, "0190d6a4-0000-7000-8000-000000000000", "", "field:user_id=error.reviewer_unknown"},
		{"not a reviewer", id, sec, env.Users[domaintest.ManagerB].ID, "", "field:user_id=error.reviewer_unknown"},
		{"same country without a reason", id, sec, greek.ID, "", "conflict:error.reviewer_conflict"},
		{"same country, reason blank", id, sec, greek.ID, "   ", "conflict:error.reviewer_conflict"},
		{"declared conflict without a reason", id, sec, r2, "", "conflict:error.reviewer_conflict"},
		{"no conflict", id, sec, r1, "", ""},
		{"twice", id, sec, r1, "", "conflict:error.reviewer_already_assigned"},
		{"same country overridden", id, sec, greek.ID, "Only Greek speaker available", ""},
		{"slots full", id, sec, third.ID, "", "conflict:error.reviewers_complete"},
	}
	for _, st := range steps {
		_, err := env.Svc.Assign(ctx, st.actor, st.assessment, st.reviewer, st.reason)
		t.Run(st.name, func(t *testing.T) { expectErr(t, err, st.want) })
	}
	if got := status(t, env, id); got != models.StatusInReview {
		t.Fatalf("status %s after assignment", got)
	}
	if n := env.AuditCount("review.assign"); n != 2 {
		t.Fatalf("%d assignments audited", n)
	}
	var detail string
	if err := env.DB.Raw("SELECT detail FROM audit_log WHERE action = 'review.assign' AND detail LIKE '%OVERRIDDEN%'").Scan(&detail).Error; err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(detail, "conflict.same_country GR") || !strings.Contains(detail, "Only Greek speaker available") {
		t.Fatalf("override audited as %q", detail)
	}
}

// The suggestions put a reviewer without conflict first and those with a
// conflict after; only the secretariat sees them.
func TestSuggestReviewers(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	id := submitted(t, env)
	newUser(t, env, assessments.UserInput{Email: "greek@test.example", Name: "Άννα Reviewer", Role: "reviewer", Country: "GR", Languages: []string{"el"}})
	newUser(t, env, assessments.UserInput{Email: "speaker@test.example", Name: "Zoe Reviewer", Role: "reviewer", Country: "CY", Languages: []string{"el"}})
	sec := env.Actor(domaintest.Secretariat)
	if _, err := env.Svc.DeclareConflict(ctx, sec, env.Users[domaintest.Reviewer2].ID, env.HotlineA.ID, "Board member"); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Svc.Assign(ctx, sec, id, env.Users[domaintest.Reviewer1].ID, ""); err != nil {
		t.Fatal(err)
	}
	got, err := env.Svc.SuggestReviewers(ctx, sec, id)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range got {
		names = append(names, s.Reviewer.Name+"/"+s.Conflict)
	}
	// Zoe shares Greek and has no conflict; Άννα is Greek but shares the
	// language, which Rui (a declared conflict) does not; Rita is assigned
	// already.
	want := "Zoe Reviewer/, Άννα Reviewer/conflict.same_country, Rui Reviewer/conflict.declared, Rita Reviewer/"
	if strings.Join(names, ", ") != want {
		t.Fatalf("got %s", strings.Join(names, ", "))
	}
	if got[0].OpenReviews != 0 || got[3].OpenReviews != 1 || !got[3].Assigned {
		t.Fatalf("open reviews or assignment wrong: %+v", got)
	}
	for _, key := range []string{domaintest.ManagerA, domaintest.Reviewer1} {
		_, err := env.Svc.SuggestReviewers(ctx, env.Actor(key), id)
		expectErr(t, err, "forbidden")
	}
}

// Declining frees the slot (and, for the last reviewer, sends the
// assessment back to be assigned); answering twice is refused.
func TestRespondToAssignment(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	id := inReview(t, env)
	third := newUser(t, env, assessments.UserInput{Email: "third@test.example", Name: "Tove Reviewer", Role: "reviewer", Country: "SE"})
	sec := env.Actor(domaintest.Secretariat)
	if _, err := env.Svc.Assign(ctx, sec, id, third.ID, ""); err == nil {
		t.Fatal("a third reviewer took a slot")
	}
	steps := []struct {
		name   string
		actor  assessments.Actor
		accept bool
		reason string
		want   string
	}{
		{"the secretariat", sec, true, "", "forbidden"},
		{"an unassigned reviewer", actorOf(third), true, "", "not found"},
		{"decline without a reason", env.Actor(domaintest.Reviewer1), false, "", "field:reason=error.decline_reason_required"},
		{"reviewer 1 declines", env.Actor(domaintest.Reviewer1), false, "I worked with them.", ""},
		{"reviewer 1 again, no longer assigned", env.Actor(domaintest.Reviewer1), true, "", "not found"},
		{"reviewer 2 accepts", env.Actor(domaintest.Reviewer2), true, "", ""},
		{"reviewer 2 declines after accepting", env.Actor(domaintest.Reviewer2), false, "Too busy.", "conflict:error.assignment_answered"},
	}
	for _, st := range steps {
		err := env.Svc.RespondToAssignment(ctx, st.actor, id, st.accept, st.reason)
		t.Run(st.name, func(t *testing.T) { expectErr(t, err, st.want) })
	}
	if got := status(t, env, id); got != models.StatusInReview {
		t.Fatalf("status %s with one reviewer left", got)
	}
	if _, err := env.Svc.Assign(ctx, sec, id, third.ID, ""); err != nil {
		t.Fatalf("the freed slot: %v", err)
	}

	// Both reviewers of another assessment decline: it is submitted again.
	env2 := domaintest.New(t, nil)
	id2 := inReview(t, env2)
	for _, key := range []string{domaintest.Reviewer1, domaintest.Reviewer2} {
		if err := env2.Svc.RespondToAssignment(ctx, env2.Actor(key), id2, false, "Conflict."); err != nil {
			t.Fatal(err)
		}
	}
	if got := status(t, env2, id2); got != models.StatusSubmitted {
		t.Fatalf("status %s with no reviewer left", got)
	}
}
