package servertest

import (
	"context"
	"fmt"

	"hotlineportal/assessments"
	"hotlineportal/models"
)

// seeder holds what the seeding steps share.
type seeder struct {
	a   *App
	ctx context.Context
	sec assessments.Actor
}

func (a *App) actor(key string) assessments.Actor {
	return assessments.Actor{User: a.Users[key], IP: "seed"}
}

func (s *seeder) must(err error, what string) {
	if err != nil {
		s.a.T.Helper()
		s.a.T.Fatalf("seed: %s: %v", what, err)
	}
}

func (s *seeder) hotline(in assessments.HotlineInput) *models.Hotline {
	h, err := s.a.Svc.CreateHotline(s.ctx, s.sec, in)
	s.must(err, "hotline "+in.Name)
	return h
}

// user creates a ready account under a key of App.Users.
func (s *seeder) user(key string, in assessments.UserInput) *models.User {
	u, err := s.a.Svc.CreateUserWithPassword(s.ctx, s.sec, in, Password)
	s.must(err, "user "+in.Email)
	s.a.Users[key] = u
	return u
}

// start opens an assessment for a state's hotline and records it.
func (s *seeder) start(st *States, state string) string {
	key := st.Managers[state]
	as, err := s.a.Svc.StartAssessment(s.ctx, s.a.actor(key), st.Hotlines[state])
	s.must(err, "start "+state)
	st.Assessments[state] = as.ID
	return as.ID
}

// answerAll answers every applicable criterion "met" (a few otherwise)
// with a narrative, and attaches a link to the first criterion.
func (s *seeder) answerAll(managerKey, id string) *assessments.Questionnaire {
	mgr := s.a.actor(managerKey)
	q, err := s.a.Svc.LoadQuestionnaire(s.ctx, mgr, id)
	s.must(err, "load questionnaire")
	for i, it := range q.Items() {
		if !it.Applicable || it.Complete() && !it.Answer.CarriedOver {
			continue
		}
		level := models.LevelMet
		if i%7 == 3 {
			level = models.LevelPartiallyMet
		}
		_, err := s.a.Svc.SaveAnswer(s.ctx, mgr, id, it.Criterion.Code, assessments.AnswerInput{
			Level: &level, Narrative: "Η γραμμή λειτουργεί 24/7 — we do this: " + it.Criterion.Code, Version: it.Answer.Version,
		})
		s.must(err, "answer "+it.Criterion.Code)
	}
	if it, ok := q.Item("LEG-01"); ok && len(it.Evidence) == 0 {
		_, err = s.a.Svc.AddEvidenceLink(s.ctx, mgr, id, "LEG-01", "https://example.org/licence?lang=el&year=2026", "Άδεια λειτουργίας 116 000")
		s.must(err, "evidence link")
	}
	return q
}

// submitted answers everything and submits.
func (s *seeder) submitted(st *States, state string) (string, *assessments.Questionnaire) {
	id := s.start(st, state)
	q := s.answerAll(st.Managers[state], id)
	_, err := s.a.Svc.Submit(s.ctx, s.a.actor(st.Managers[state]), id)
	s.must(err, "submit "+state)
	return id, q
}

func (s *seeder) assign(id string, reviewers ...string) {
	for _, r := range reviewers {
		_, err := s.a.Svc.Assign(s.ctx, s.sec, id, s.a.Users[r].ID, "")
		s.must(err, "assign "+r)
	}
}

// score scores every applicable criterion (value, except overrides), with
// a comment where one is needed; limit > 0 scores only that many.
func (s *seeder) score(reviewerKey, id string, q *assessments.Questionnaire, value int, overrides map[string]int, limit int) {
	rv := s.a.actor(reviewerKey)
	n := 0
	for _, it := range q.Items() {
		if !it.Applicable {
			continue
		}
		if limit > 0 && n == limit {
			return
		}
		n++
		v := value
		if o, ok := overrides[it.Criterion.Code]; ok {
			v = o
		}
		comment := ""
		if v < 3 || n%5 == 1 {
			comment = fmt.Sprintf("Évaluation de %s : preuve partielle, à compléter.", it.Criterion.Code)
		}
		_, err := s.a.Svc.SaveScore(s.ctx, rv, id, it.Criterion.Code, assessments.ScoreInput{Score: &v, Comment: comment})
		s.must(err, "score "+it.Criterion.Code)
	}
}

func (s *seeder) review(reviewerKey, id, recommendation string) {
	_, err := s.a.Svc.SubmitReview(s.ctx, s.a.actor(reviewerKey), id, assessments.ReviewInput{Recommendation: recommendation, Summary: "Συνολικά καλή υπηρεσία; see the comments per criterion."})
	s.must(err, "review by "+reviewerKey)
}

// decidedCycle takes a state's hotline through a whole cycle: answered,
// submitted, scored by two reviewers, reviewed and decided.
func (s *seeder) decidedCycle(st *States, state string, value int, overrides map[string]int, in assessments.DecisionInput) string {
	id, q := s.submitted(st, state)
	s.assign(id, Reviewer1, Reviewer2)
	for _, r := range []string{Reviewer1, Reviewer2} {
		s.score(r, id, q, value, overrides, 0)
		s.review(r, id, recommendationFor(in.Outcome))
	}
	_, _, err := s.a.Svc.Decide(s.ctx, s.sec, id, in)
	s.must(err, "decide "+state)
	return id
}

func recommendationFor(outcome string) string {
	switch outcome {
	case models.OutcomeWithConditions:
		return models.RecommendAccreditConditions
	case models.OutcomeNotAccredited:
		return models.RecommendNotAccredit
	}
	return models.RecommendAccredit
}

func (s *seeder) certificateOf(id string) string {
	c, err := s.a.Svc.CertificateForAssessment(s.ctx, s.sec, id)
	s.must(err, "certificate")
	if c == nil {
		s.a.T.Fatalf("seed: no certificate for %s", id)
	}
	return c.Number
}
