package assessments_test

import (
	"errors"
	"slices"
	"testing"

	"hotlineportal/assessments"
	"hotlineportal/assessments/domaintest"
	"hotlineportal/models"
)

func TestNormaliseCodes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{"nothing", nil, nil},
		{"blanks only", []string{"", "  "}, nil},
		{"trimmed and upper-cased", []string{" cht-05 "}, []string{"CHT-05"}},
		{"duplicates once, in order", []string{"LEG-02", "leg-01", "LEG-02", "Leg-01"}, []string{"LEG-02", "LEG-01"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := assessments.NormaliseCodes(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("normaliseCodes = %v, want %v", got, tt.want)
			}
		})
	}
}

// A clarification request names applicable criteria of the assessment and
// says what to clarify.
func TestCheckClarification(t *testing.T) {
	t.Parallel()
	q := assessments.ItemsByCode(item("LEG-01", "", false, true), item("CHT-05", "", false, false))
	tests := []struct {
		name      string
		in        assessments.ClarificationInput
		wantCodes []string
		wantMsg   string
		fields    map[string]string
	}{
		{"one criterion", assessments.ClarificationInput{Criteria: []string{" leg-01 ", "LEG-01"}, Message: " Which rota? "},
			[]string{"LEG-01"}, "Which rota?", nil},
		{"no criterion", assessments.ClarificationInput{Message: "Why?"}, nil, "", map[string]string{"criteria": "error.criteria_required"}},
		{"blank criteria", assessments.ClarificationInput{Criteria: []string{" "}, Message: "Why?"}, nil, "", map[string]string{"criteria": "error.criteria_required"}},
		{"an unknown criterion", assessments.ClarificationInput{Criteria: []string{"LEG-01", "XXX-01"}, Message: "Why?"}, nil, "",
			map[string]string{"criteria": "error.criterion_unknown"}},
		{"a criterion that does not apply", assessments.ClarificationInput{Criteria: []string{"CHT-05"}, Message: "Why?"}, nil, "",
			map[string]string{"criteria": "error.criterion_unknown"}},
		{"no message", assessments.ClarificationInput{Criteria: []string{"LEG-01"}, Message: " \n"}, nil, "",
			map[string]string{"message": "error.message_required"}},
		{"nothing at all", assessments.ClarificationInput{}, nil, "",
			map[string]string{"criteria": "error.criteria_required", "message": "error.message_required"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			codes, msg, err := assessments.CheckClarification(q, tt.in)
			if tt.fields == nil {
				if err != nil || !slices.Equal(codes, tt.wantCodes) || msg != tt.wantMsg {
					t.Errorf("checkClarification = %v, %q, %v; want %v, %q", codes, msg, err, tt.wantCodes, tt.wantMsg)
				}
				return
			}
			got := fieldKeys(t, err)
			if len(got) != len(tt.fields) {
				t.Errorf("fields %v, want %v", got, tt.fields)
			}
			for f, k := range tt.fields {
				if got[f] != k {
					t.Errorf("field %s: %q, want %q", f, got[f], k)
				}
			}
		})
	}
}

// Only an assigned reviewer (who has not yet submitted a review) or the
// secretariat sends criteria back, and only those criteria reopen.
func TestRequestClarification(t *testing.T) {
	t.Parallel()
	env, c := reach(t, models.StatusInReview)
	ctx := t.Context()
	var codes []string
	for _, it := range c.load(domaintest.ManagerA).Items() {
		if it.Applicable {
			codes = append(codes, it.Criterion.Code)
		}
	}
	ask := func(key string, criteria ...string) error {
		return env.Svc.RequestClarification(ctx, env.Actor(key), c.as.ID, assessments.ClarificationInput{Criteria: criteria, Message: "Which rota?"})
	}
	refusals := []struct {
		name  string
		do    func() error
		check func(t *testing.T, err error)
	}{
		{"the manager", func() error { return ask(domaintest.ManagerA, codes[0]) }, wantErr(assessments.ErrForbidden)},
		{"another hotline's manager", func() error { return ask(domaintest.ManagerB, codes[0]) }, wantErr(assessments.ErrNotFound)},
		{"an unassigned reviewer", func() error { return ask(domaintest.Reviewer2, codes[0]) }, wantErr(assessments.ErrNotFound)},
		{"no message", func() error {
			return env.Svc.RequestClarification(ctx, env.Actor(domaintest.Reviewer1), c.as.ID, assessments.ClarificationInput{Criteria: codes[:1]})
		}, func(t *testing.T, err error) {
			if fieldKeys(t, err)["message"] != "error.message_required" {
				t.Errorf("got %v", err)
			}
		}},
		{"a criterion of another framework", func() error { return ask(domaintest.Reviewer1, "XXX-01") }, func(t *testing.T, err error) {
			if fieldKeys(t, err)["criteria"] != "error.criterion_unknown" {
				t.Errorf("got %v", err)
			}
		}},
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			c := &cycle{t: t, env: env, as: c.as}
			before := c.fingerprint()
			tt.check(t, tt.do())
			if after := c.fingerprint(); after != before {
				t.Errorf("a refused request changed something:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
	// Reviewer2 joins; Reviewer1's review is in, so only Reviewer2 may ask.
	c.assign(domaintest.Reviewer2)
	c.review(domaintest.Reviewer1)
	before := c.fingerprint()
	var conflict *assessments.ConflictError
	if err := ask(domaintest.Reviewer1, codes[0]); !errors.As(err, &conflict) || conflict.Key != "error.review_already_submitted" {
		t.Errorf("a reviewer whose review is in: %v", err)
	}
	if c.fingerprint() != before {
		t.Error("a refused request changed something")
	}
	asked := []string{codes[1], codes[3]}
	if err := ask(domaintest.Reviewer2, asked...); err != nil {
		t.Fatal(err)
	}
	if st := c.stored().Status; st != models.StatusChangesRequested {
		t.Errorf("status %s", st)
	}
	for _, code := range codes {
		if got, want := c.answer(code).Reopened, slices.Contains(asked, code); got != want {
			t.Errorf("%s reopened=%v, want %v", code, got, want)
		}
	}
	var msgs []models.Message
	env.DB.Where("assessment_id = ? AND kind = ?", c.as.ID, models.MessageClarification).Order("criterion").Find(&msgs)
	if len(msgs) != 2 || msgs[0].Body != "Which rota?" || msgs[0].AuthorID != env.Users[domaintest.Reviewer2].ID || msgs[0].Round != c.stored().Round {
		t.Errorf("messages %+v", msgs)
	}
	var asg models.Assignment
	env.DB.Where("assessment_id = ? AND reviewer_id = ?", c.as.ID, env.Users[domaintest.Reviewer2].ID).Take(&asg)
	if asg.Status != models.AssignmentAccepted || asg.RespondedAt == nil {
		t.Errorf("the first act did not accept the pending assignment: %+v", asg)
	}
	var notified int64
	env.DB.Model(&models.Notification{}).Where("user_id = ? AND kind = ?", env.Users[domaintest.ManagerA].ID, "clarification").Count(&notified)
	if notified != 1 {
		t.Errorf("the manager got %d notifications", notified)
	}
	if n := env.AuditCount("review.clarification"); n != 1 {
		t.Errorf("%d requests audited", n)
	}
	if err := ask(domaintest.Reviewer2, codes[0]); !errors.As(err, &conflict) || conflict.Key != "error.transition.clarify" {
		t.Errorf("asking again once sent back: %v", err)
	}
}

// The secretariat may send criteria back too, without an assignment.
func TestSecretariatRequestsClarification(t *testing.T) {
	t.Parallel()
	_, c := reach(t, models.StatusInReview)
	code := c.firstApplicable()
	c.clarify(domaintest.Secretariat, code)
	if st := c.stored().Status; st != models.StatusChangesRequested || !c.answer(code).Reopened {
		t.Errorf("status %s, %s reopened=%v", st, code, c.answer(code).Reopened)
	}
}
