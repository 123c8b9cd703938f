package assessments_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"hotlineportal/assessments"
	"hotlineportal/assessments/domaintest"
	"hotlineportal/assessments/framework"
	"hotlineportal/models"
)

// cycle drives one assessment of hotline A through the workflow, through
// the domain and the fixture users, as the tests of the rules need it.
type cycle struct {
	t   *testing.T
	env *domaintest.Env
	as  *models.Assessment
}

// start opens an assessment for hotline A.
func start(t *testing.T, env *domaintest.Env) *cycle {
	t.Helper()
	return &cycle{t: t, env: env, as: env.StartAssessment(domaintest.ManagerA)}
}

// reach builds, in a fresh environment, an assessment of hotline A in the
// given state: every applicable answer given; from in_review on, Reviewer1
// assigned and every criterion scored; changes_requested on the first
// applicable criterion; reviewed with Reviewer1's review; decided
// accredited.
func reach(t *testing.T, state models.Status) (*domaintest.Env, *cycle) {
	t.Helper()
	env := domaintest.New(t, nil)
	c := start(t, env)
	c.answerAll()
	if state == models.StatusDraft {
		return env, c
	}
	c.submit()
	if state == models.StatusSubmitted {
		return env, c
	}
	c.assign(domaintest.Reviewer1)
	c.scoreAll(domaintest.Reviewer1)
	switch state {
	case models.StatusInReview:
		return env, c
	case models.StatusChangesRequested:
		c.clarify(domaintest.Reviewer1, c.firstApplicable())
		return env, c
	}
	c.review(domaintest.Reviewer1)
	if state == models.StatusReviewed {
		return env, c
	}
	c.decide()
	return env, c
}

func (c *cycle) must(what string, err error) {
	c.t.Helper()
	if err != nil {
		c.t.Fatalf("%s: %v", what, err)
	}
}

// load is the questionnaire as a fixture user sees it.
func (c *cycle) load(key string) *assessments.Questionnaire {
	c.t.Helper()
	q, err := c.env.Svc.LoadQuestionnaire(c.t.Context(), c.env.Actor(key), c.as.ID)
	c.must("load questionnaire", err)
	return q
}

// firstApplicable is the code of the first criterion that applies to
// hotline A.
func (c *cycle) firstApplicable() string {
	c.t.Helper()
	for _, it := range c.load(domaintest.ManagerA).Items() {
		if it.Applicable {
			return it.Criterion.Code
		}
	}
	c.t.Fatal("no applicable criterion")
	return ""
}

// save saves an answer over its current version.
func (c *cycle) save(code, level, narrative string) (int, error) {
	c.t.Helper()
	it, ok := c.load(domaintest.ManagerA).Item(code)
	if !ok {
		c.t.Fatalf("no criterion %s", code)
	}
	return c.env.Svc.SaveAnswer(c.t.Context(), c.env.Actor(domaintest.ManagerA), c.as.ID, code,
		assessments.AnswerInput{Level: &level, Narrative: narrative, Version: it.Answer.Version})
}

// answerAll answers every applicable criterion still missing something.
func (c *cycle) answerAll() {
	c.t.Helper()
	for _, it := range c.load(domaintest.ManagerA).Items() {
		if it.Applicable && !it.Complete() {
			level := models.LevelMet
			_, err := c.env.Svc.SaveAnswer(c.t.Context(), c.env.Actor(domaintest.ManagerA), c.as.ID, it.Criterion.Code,
				assessments.AnswerInput{Level: &level, Narrative: "Done as " + it.Criterion.Code + " asks.", Version: it.Answer.Version})
			c.must("answer "+it.Criterion.Code, err)
		}
	}
}

func (c *cycle) submit() {
	c.t.Helper()
	_, err := c.env.Svc.Submit(c.t.Context(), c.env.Actor(domaintest.ManagerA), c.as.ID)
	c.must("submit", err)
}

func (c *cycle) assign(reviewer string) {
	c.t.Helper()
	_, err := c.env.Svc.Assign(c.t.Context(), c.env.Actor(domaintest.Secretariat), c.as.ID, c.env.Users[reviewer].ID, "")
	c.must("assign "+reviewer, err)
}

// scoreAll gives every applicable criterion a 3.
func (c *cycle) scoreAll(reviewer string) {
	c.t.Helper()
	for _, it := range c.load(reviewer).Items() {
		if it.Applicable {
			score := 3
			_, err := c.env.Svc.SaveScore(c.t.Context(), c.env.Actor(reviewer), c.as.ID, it.Criterion.Code, assessments.ScoreInput{Score: &score})
			c.must("score "+it.Criterion.Code, err)
		}
	}
}

func (c *cycle) clarify(by string, codes ...string) {
	c.t.Helper()
	err := c.env.Svc.RequestClarification(c.t.Context(), c.env.Actor(by), c.as.ID,
		assessments.ClarificationInput{Criteria: codes, Message: "Please say more."})
	c.must("clarify", err)
}

func (c *cycle) review(reviewer string) {
	c.t.Helper()
	_, err := c.env.Svc.SubmitReview(c.t.Context(), c.env.Actor(reviewer), c.as.ID,
		assessments.ReviewInput{Recommendation: models.RecommendAccredit, Summary: "Sound."})
	c.must("review", err)
}

func (c *cycle) decide() {
	c.t.Helper()
	_, _, err := c.env.Svc.Decide(c.t.Context(), c.env.Actor(domaintest.Secretariat), c.as.ID,
		assessments.DecisionInput{Outcome: models.OutcomeAccredited, Rationale: "Every criterion met."})
	c.must("decide", err)
}

// stored is the assessment as stored now.
func (c *cycle) stored() models.Assessment {
	c.t.Helper()
	var as models.Assessment
	if err := c.env.DB.Where("id = ?", c.as.ID).Take(&as).Error; err != nil {
		c.t.Fatal(err)
	}
	return as
}

// answer is one answer as stored now.
func (c *cycle) answer(code string) models.Answer {
	c.t.Helper()
	var ans models.Answer
	if err := c.env.DB.Where("assessment_id = ? AND criterion = ?", c.as.ID, code).Take(&ans).Error; err != nil {
		c.t.Fatal(err)
	}
	return ans
}

// fingerprint sums up everything an operation on the assessment could
// change, so that a refusal can be shown to have changed nothing.
func (c *cycle) fingerprint() string {
	c.t.Helper()
	as := c.stored()
	var b strings.Builder
	fmt.Fprintf(&b, "%s v%d r%d %s", as.Status, as.Version, as.Round, as.UpdatedAt.UTC())
	for _, table := range []string{"answers", "answer_rounds", "evidence", "assignments", "scores", "reviews", "messages",
		"decisions", "certificates", "conditions", "audit_log", "notifications", "outbox"} {
		var n int64
		if err := c.env.DB.Table(table).Count(&n).Error; err != nil {
			c.t.Fatal(err)
		}
		fmt.Fprintf(&b, " %s=%d", table, n)
	}
	var answers struct{ Versions, Reopened, Carried int64 }
	err := c.env.DB.Model(&models.Answer{}).Where("assessment_id = ?", c.as.ID).
		Select("COALESCE(SUM(version), 0) AS versions, COALESCE(SUM(CASE WHEN reopened THEN 1 ELSE 0 END), 0) AS reopened, " +
			"COALESCE(SUM(CASE WHEN carried_over THEN 1 ELSE 0 END), 0) AS carried").Scan(&answers).Error
	if err != nil {
		c.t.Fatal(err)
	}
	var accepted, scoreVersions int64
	c.env.DB.Model(&models.Assignment{}).Where("assessment_id = ? AND status = ?", c.as.ID, models.AssignmentAccepted).Count(&accepted)
	c.env.DB.Model(&models.Score{}).Where("assessment_id = ?", c.as.ID).Select("COALESCE(SUM(version), 0)").Scan(&scoreVersions)
	fmt.Fprintf(&b, " answer-versions=%d reopened=%d carried=%d accepted=%d score-versions=%d",
		answers.Versions, answers.Reopened, answers.Carried, accepted, scoreVersions)
	return b.String()
}

// isConflict tells whether err is a ConflictError (409).
func isConflict(err error) bool {
	var conflict *assessments.ConflictError
	return errors.As(err, &conflict)
}

// fieldKeys lists a ValidationError's fields with their keys ("field:key"),
// or fails.
func fieldKeys(t *testing.T, err error) map[string]string {
	t.Helper()
	var verr *assessments.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("got %v, want a validation error", err)
	}
	out := map[string]string{}
	for f, m := range verr.Fields {
		out[f] = m.Key
	}
	return out
}

func level(l string) *string { return &l }

func TestMissingKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		ans  models.Answer
		want string
	}{
		{"never answered", models.Answer{}, "missing.level"},
		{"narrative without a level", models.Answer{Narrative: "text"}, "missing.level"},
		{"met", models.Answer{Level: level(models.LevelMet)}, ""},
		{"not met, no narrative", models.Answer{Level: level(models.LevelNotMet)}, ""},
		{"not applicable with a justification", models.Answer{Level: level(models.LevelNotApplicable), Narrative: "No chat."}, ""},
		{"not applicable without a justification", models.Answer{Level: level(models.LevelNotApplicable)}, "missing.justification"},
		{"not applicable with blanks only", models.Answer{Level: level(models.LevelNotApplicable), Narrative: " \n\t"}, "missing.justification"},
		{"carried over", models.Answer{Level: level(models.LevelMet), CarriedOver: true}, "missing.confirm_carried_over"},
		{"carried over, no justification", models.Answer{Level: level(models.LevelNotApplicable), CarriedOver: true}, "missing.justification"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := assessments.MissingKey(tt.ans); got != tt.want {
				t.Errorf("missingKey = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCanEditAnswers(t *testing.T) {
	t.Parallel()
	hotline, other := "h1", "h2"
	manager := assessments.Actor{User: &models.User{Role: models.RoleManager, HotlineID: &hotline}}
	tests := []struct {
		name   string
		actor  assessments.Actor
		status models.Status
		want   bool
	}{
		{"manager, draft", manager, models.StatusDraft, true},
		{"manager, changes requested", manager, models.StatusChangesRequested, true},
		{"manager, submitted", manager, models.StatusSubmitted, false},
		{"manager, in review", manager, models.StatusInReview, false},
		{"manager, reviewed", manager, models.StatusReviewed, false},
		{"manager, decided", manager, models.StatusDecided, false},
		{"another hotline's manager", assessments.Actor{User: &models.User{Role: models.RoleManager, HotlineID: &other}}, models.StatusDraft, false},
		{"secretariat", assessments.Actor{User: &models.User{Role: models.RoleSecretariat}}, models.StatusDraft, false},
		{"reviewer", assessments.Actor{User: &models.User{Role: models.RoleReviewer}}, models.StatusDraft, false},
		{"nobody", assessments.Actor{}, models.StatusDraft, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := assessments.CanEditAnswers(tt.actor, &models.Assessment{HotlineID: hotline, Status: tt.status}); got != tt.want {
				t.Errorf("canEditAnswers = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestAnswerOpen(t *testing.T) {
	t.Parallel()
	for _, st := range []models.Status{models.StatusDraft, models.StatusSubmitted, models.StatusInReview,
		models.StatusChangesRequested, models.StatusReviewed, models.StatusDecided} {
		for _, reopened := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s reopened=%v", st, reopened), func(t *testing.T) {
				want := st == models.StatusDraft || (st == models.StatusChangesRequested && reopened)
				if got := assessments.AnswerOpen(st, reopened); got != want {
					t.Errorf("answerOpen = %v, want %v", got, want)
				}
			})
		}
	}
}

// The questionnaire counts only the criteria that apply to the hotline's
// channels, and each section's state follows its answers.
func TestQuestionnaireApplicabilityAndProgress(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	ctx := t.Context()
	b, err := env.Svc.StartAssessment(ctx, env.Actor(domaintest.ManagerB), env.HotlineB.ID)
	if err != nil {
		t.Fatal(err)
	}
	q, err := env.Svc.LoadQuestionnaire(ctx, env.Actor(domaintest.ManagerB), b.ID)
	if err != nil {
		t.Fatal(err)
	}
	_, f, err := env.Svc.CurrentFramework(ctx)
	if err != nil {
		t.Fatal(err)
	}
	phoneOnly := 0
	for _, c := range f.Criteria() {
		if c.AppliesTo([]string{framework.ChannelPhone}) {
			phoneOnly++
		}
	}
	if q.Progress.Required != phoneOnly || q.Progress.Answered != 0 || len(q.Missing()) != phoneOnly || !q.Editable {
		t.Fatalf("phone-only hotline: progress %+v, %d missing, editable %v; want %d required", q.Progress, len(q.Missing()), q.Editable, phoneOnly)
	}
	for _, it := range q.Items() {
		if !it.Applicable && (it.Missing != "" || !it.Complete()) {
			t.Errorf("%s does not apply but is missing %q", it.Criterion.Code, it.Missing)
		}
	}
	if st := q.Sections[0].State(); st != "not_started" {
		t.Errorf("first section state %q, want not_started", st)
	}
	code := q.Sections[0].Items[0].Criterion.Code
	if _, err := env.Svc.SaveAnswer(ctx, env.Actor(domaintest.ManagerB), b.ID, code,
		assessments.AnswerInput{Level: level(models.LevelMet), Narrative: "Yes."}); err != nil {
		t.Fatal(err)
	}
	q, err = env.Svc.LoadQuestionnaire(ctx, env.Actor(domaintest.ManagerB), b.ID)
	if err != nil {
		t.Fatal(err)
	}
	if q.Progress.Answered != 1 {
		t.Errorf("answered %d, want 1", q.Progress.Answered)
	}
	if next := q.NextAfter(code); next == nil || next.Criterion.Code == code || !next.Applicable {
		t.Errorf("NextAfter(%s) = %+v", code, next)
	}
	if st := q.Sections[0].State(); st != "in_progress" && st != "completed" {
		t.Errorf("first section state %q after an answer", st)
	}
}

// Who sees which assessments: the scope is the domain's rule, the query
// applies it.
func TestListAndOpenAssessments(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	ctx := t.Context()
	a := start(t, env)
	b := env.StartAssessment(domaintest.ManagerB)
	a.answerAll()
	a.submit()
	a.assign(domaintest.Reviewer1)
	tests := []struct {
		name   string
		key    string
		filter assessments.AssessmentQuery
		want   []string
	}{
		{"secretariat sees all", domaintest.Secretariat, assessments.AssessmentQuery{}, []string{a.as.ID, b.ID}},
		{"secretariat by status", domaintest.Secretariat, assessments.AssessmentQuery{Status: string(models.StatusDraft)}, []string{b.ID}},
		{"secretariat by hotline", domaintest.Secretariat, assessments.AssessmentQuery{HotlineID: env.HotlineA.ID}, []string{a.as.ID}},
		{"manager sees their hotline's", domaintest.ManagerA, assessments.AssessmentQuery{}, []string{a.as.ID}},
		{"manager filtering on another hotline", domaintest.ManagerA, assessments.AssessmentQuery{HotlineID: env.HotlineB.ID}, nil},
		{"assigned reviewer", domaintest.Reviewer1, assessments.AssessmentQuery{}, []string{a.as.ID}},
		{"unassigned reviewer", domaintest.Reviewer2, assessments.AssessmentQuery{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, total, err := env.Svc.ListAssessments(ctx, env.Actor(tt.key), tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]bool{}
			for _, it := range items {
				got[it.ID] = true
				if it.Hotline == nil || it.Framework == nil {
					t.Errorf("%s: hotline or framework not loaded", it.ID)
				} else if it.Framework.Source != "" {
					t.Errorf("%s: a list loaded the framework's source", it.ID)
				}
			}
			if int(total) != len(tt.want) || len(got) != len(tt.want) {
				t.Fatalf("got %d of %d, want %v", len(items), total, tt.want)
			}
			for _, id := range tt.want {
				if !got[id] {
					t.Errorf("missing %s", id)
				}
			}
		})
	}
	for key, want := range map[string]string{domaintest.ManagerA: a.as.ID, domaintest.ManagerB: b.ID, domaintest.Secretariat: "", domaintest.Reviewer1: ""} {
		open, err := env.Svc.OpenAssessment(ctx, env.Actor(key))
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		if open != nil {
			got = open.ID
		}
		if got != want {
			t.Errorf("%s: open assessment %q, want %q", key, got, want)
		}
	}
}
