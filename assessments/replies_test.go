package assessments_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"hotlineportal/assessments"
	"hotlineportal/assessments/domaintest"
	"hotlineportal/models"
)

// strp is a criterion code for a reply.
func strp(s string) *string { return &s }

// shared is a reviewed assessment of hotline A (reviewer 2 scoring GOV-01
// at 2, the rest at 3) whose findings the secretariat shared.
func shared(t *testing.T, env *domaintest.Env) string {
	t.Helper()
	id := reviewed(t, env, 3, map[string]map[string]int{domaintest.Reviewer2: {"GOV-01": 2}})
	if _, err := env.Svc.ShareFindings(ctx, env.Actor(domaintest.Secretariat), id); err != nil {
		t.Fatalf("share: %v", err)
	}
	return id
}

// The secretariat shares the findings of a reviewed assessment, once; the
// window is ReplyDays long, the managers are told, the share audited.
func TestShareFindings(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil, func(o *assessments.Options) { o.ReplyDays = 10 })
	id := reviewed(t, env, 3, nil)
	draft := env.StartAssessment(domaintest.ManagerB)
	sec := env.Actor(domaintest.Secretariat)
	steps := []struct {
		name  string
		actor assessments.Actor
		id    string
		want  string
	}{
		{"the manager", env.Actor(domaintest.ManagerA), id, "forbidden"},
		{"a reviewer", env.Actor(domaintest.Reviewer1), id, "forbidden"},
		{"an unknown assessment", sec, models.NewID(), "not found"},
		{"a draft", sec, draft.ID, "conflict:error.findings_not_reviewed"},
		{"the reviewed assessment", sec, id, ""},
		{"a second time", sec, id, "conflict:error.findings_already_shared"},
	}
	for _, st := range steps {
		share, err := env.Svc.ShareFindings(ctx, st.actor, st.id)
		t.Run(st.name, func(t *testing.T) { expectErr(t, err, st.want) })
		if err != nil {
			continue
		}
		// Ten days, to the end of the tenth (UTC).
		due := share.SharedAt.UTC().AddDate(0, 0, 10)
		if want := time.Date(due.Year(), due.Month(), due.Day(), 23, 59, 59, 0, time.UTC); !share.ReplyDueAt.Equal(want) {
			t.Fatalf("window %v to %v, want %v", share.SharedAt, share.ReplyDueAt, want)
		}
	}
	if n := env.AuditCount("findings.share"); n != 1 {
		t.Fatalf("%d share entries in the audit log", n)
	}
	mails := env.Outbox(env.Users[domaintest.ManagerA].Email)
	last := mails[len(mails)-1]
	if !strings.Contains(last.Subject, env.HotlineA.Name) || !strings.Contains(last.Body, "/assessments/"+id+"/findings") {
		t.Fatalf("email to the manager: %s\n%s", last.Subject, last.Body)
	}
	items, _, err := env.Svc.Notifications(ctx, env.Actor(domaintest.ManagerA), 5)
	if err != nil || len(items) == 0 || items[0].Kind != "findings_shared" || items[0].AssessmentID != id {
		t.Fatalf("notifications %+v %v", items, err)
	}
}

// Who sees the findings: the secretariat always (a preview before the
// share), the hotline's manager only once shared, nobody else.
func TestFindingsVisibility(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	id := reviewed(t, env, 3, nil)
	cases := []struct {
		actor         string
		before, after string
	}{
		{domaintest.Secretariat, "", ""},
		{domaintest.ManagerA, "not found", ""},
		{domaintest.ManagerB, "not found", "not found"},
		{domaintest.Reviewer1, "forbidden", "forbidden"},
	}
	for _, c := range cases {
		_, err := env.Svc.Findings(ctx, env.Actor(c.actor), id)
		t.Run(c.actor+" before the share", func(t *testing.T) { expectErr(t, err, c.before) })
	}
	if _, err := env.Svc.ShareFindings(ctx, env.Actor(domaintest.Secretariat), id); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		_, err := env.Svc.Findings(ctx, env.Actor(c.actor), id)
		t.Run(c.actor+" after the share", func(t *testing.T) { expectErr(t, err, c.after) })
	}
}

// The findings name reviewers only by letter, in assignment order, with
// their scores and comments and the consolidated score; no name, email
// or id of a reviewer is anywhere in them.
func TestFindingsAreAnonymous(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	id := shared(t, env)
	f, err := env.Svc.Findings(ctx, env.Actor(domaintest.ManagerA), id)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(f.Reviewers, ",") != "A,B" || !f.Window.Open || f.Overall == nil {
		t.Fatalf("reviewers %v, window %+v, overall %v", f.Reviewers, f.Window, f.Overall)
	}
	var gov *assessments.CriterionFinding
	for i := range f.Criteria {
		if f.Criteria[i].Code == "GOV-01" {
			gov = &f.Criteria[i]
		}
	}
	if gov == nil || len(gov.Reviewers) != 2 || *gov.Reviewers[0].Score != 3 || *gov.Reviewers[1].Score != 2 ||
		gov.Reviewers[1].Reviewer != "B" || gov.Reviewers[0].Comment != "Checked against the evidence." || *gov.Consolidated != 2.5 {
		t.Fatalf("GOV-01 %+v", gov)
	}
	raw, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{domaintest.Reviewer1, domaintest.Reviewer2} {
		u := env.Users[key]
		for _, s := range []string{u.ID, u.Name, u.Email} {
			if strings.Contains(string(raw), s) {
				t.Errorf("the findings hold %q of %s", s, key)
			}
		}
	}
}

// The rules of a reply: the hotline's manager only, a criterion of the
// framework or none, a text; a final reply closes the window, and the
// secretariat is told.
func TestReply(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	id := reviewed(t, env, 3, nil)
	mgr := env.Actor(domaintest.ManagerA)
	if _, err := env.Svc.Reply(ctx, mgr, id, assessments.ReplyInput{Text: "Too early."}); err == nil {
		t.Fatal("a reply before the share")
	} else {
		expectErr(t, err, "conflict:error.reply_not_shared")
	}
	if _, err := env.Svc.ShareFindings(ctx, env.Actor(domaintest.Secretariat), id); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name    string
		actor   assessments.Actor
		in      assessments.ReplyInput
		want    string
		wantFor string
	}{
		{"another hotline's manager", env.Actor(domaintest.ManagerB), assessments.ReplyInput{Text: "x"}, "not found", ""},
		{"the secretariat", env.Actor(domaintest.Secretariat), assessments.ReplyInput{Text: "x"}, "forbidden", ""},
		{"a reviewer", env.Actor(domaintest.Reviewer1), assessments.ReplyInput{Text: "x"}, "forbidden", ""},
		{"an unknown criterion", mgr, assessments.ReplyInput{Criterion: strp("XYZ-99"), Text: "x"}, "field:criterion=error.reply_criterion", ""},
		{"no text", mgr, assessments.ReplyInput{Criterion: strp("LEG-01"), Text: "  \n"}, "field:text=error.reply_text_required", ""},
		{"too long", mgr, assessments.ReplyInput{Text: strings.Repeat("a", assessments.MaxNarrative+1)}, "field:text=error.too_long", ""},
		{"overall", mgr, assessments.ReplyInput{Criterion: nil, Text: "We disagree with the overall tone."}, "", ""},
		{"overall, blank criterion", mgr, assessments.ReplyInput{Criterion: strp(" "), Text: "And more."}, "", ""},
		{"on a criterion", mgr, assessments.ReplyInput{Criterion: strp(" LEG-01 "), Text: "The licence was renewed in May."}, "", "LEG-01"},
		{"final", mgr, assessments.ReplyInput{Criterion: strp("GOV-01"), Text: "Accounts attached.", Final: true}, "", "GOV-01"},
		{"after the final reply", mgr, assessments.ReplyInput{Text: "One more thing."}, "conflict:error.reply_window_closed", ""},
	}
	for _, st := range steps {
		r, err := env.Svc.Reply(ctx, st.actor, id, st.in)
		t.Run(st.name, func(t *testing.T) {
			expectErr(t, err, st.want)
			if err == nil && (r.Criterion != st.wantFor || r.Text != strings.TrimSpace(st.in.Text) || r.Final != st.in.Final) {
				t.Fatalf("reply %+v", r)
			}
		})
	}
	w, err := env.Svc.ReplyWindowOf(ctx, env.Actor(domaintest.Secretariat), id)
	if err != nil || w.Open || w.Share.ClosedAt == nil || len(w.Replies) != 4 || len(w.Overall()) != 2 || len(w.On("LEG-01")) != 1 {
		t.Fatalf("window %+v %v", w, err)
	}
	if n := env.AuditCount("findings.reply"); n != 4 {
		t.Fatalf("%d reply entries in the audit log", n)
	}
	mails := env.Outbox(env.Users[domaintest.Secretariat].Email)
	if last := mails[len(mails)-1]; !strings.Contains(last.Body, "/assessments/"+id+"/consolidation") {
		t.Fatalf("email to the secretariat: %s\n%s", last.Subject, last.Body)
	}
}

// The decision waits while the window is open, and is taken once it
// closes: by a final reply, or when the time is up. An assessment never
// shared decides as before.
func TestDecideWaitsForTheReplyWindow(t *testing.T) {
	t.Parallel()
	decision := assessments.DecisionInput{Outcome: models.OutcomeAccredited, Rationale: "All met.", DepartureReason: "Replies convinced us."}
	cases := []struct {
		name  string
		share bool
		close func(t *testing.T, env *domaintest.Env, id string)
	}{
		{"never shared", false, nil},
		{"closed by a final reply", true, func(t *testing.T, env *domaintest.Env, id string) {
			if _, err := env.Svc.Reply(ctx, env.Actor(domaintest.ManagerA), id, assessments.ReplyInput{Text: "Done.", Final: true}); err != nil {
				t.Fatal(err)
			}
		}},
		{"time up", true, func(t *testing.T, env *domaintest.Env, id string) {
			env.Clock.Advance(2 * 24 * time.Hour)
			_, err := env.Svc.Reply(ctx, env.Actor(domaintest.ManagerA), id, assessments.ReplyInput{Text: "Late."})
			expectErr(t, err, "conflict:error.reply_window_closed")
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			env := domaintest.New(t, nil)
			sec := env.Actor(domaintest.Secretariat)
			id := reviewed(t, env, 3, nil)
			if c.share {
				if _, err := env.Svc.ShareFindings(ctx, sec, id); err != nil {
					t.Fatal(err)
				}
				env.Clock.Advance(13 * 24 * time.Hour)
				_, _, err := env.Svc.Decide(ctx, sec, id, decision)
				expectErr(t, err, "conflict:error.decision_waits_for_reply")
				c.close(t, env, id)
			}
			if _, _, err := env.Svc.Decide(ctx, sec, id, decision); err != nil {
				t.Fatalf("decide: %v", err)
			}
			if got := status(t, env, id); got != models.StatusDecided {
				t.Fatalf("status %s", got)
			}
		})
	}
}
