package assessments

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"time"

	"hotlineportal/assessments/framework"
	"hotlineportal/models"
)

// demoPlan is one demo hotline's history: the days ago its past cycles
// were decided, how good it is, and where its current cycle stands, so
// that `serve --demo` shows a network in motion: a full work list, late
// work, charts over several cycles.
type demoPlan struct {
	country string
	// quality is the hotline's usual score on the 0-4 scale.
	quality float64
	// decidedDaysAgo are its past cycles, oldest first.
	decidedDaysAgo []int
	// current is the state of the cycle under way ("" for none).
	current string
	// deadlineDays gives a draft a submission deadline that many days
	// ahead (0: none).
	deadlineDays int
	// conditionOverdue decides the last past cycle with a condition whose
	// deadline has passed.
	conditionOverdue bool
	// appeal has the hotline appeal its last decision, heard by a panel
	// that has not finished (issue 16).
	appeal bool
}

// The states of a demo hotline's current cycle.
const (
	demoDraft            = "draft"      // being filled in, deadline in ten days
	demoIdleDraft        = "idle_draft" // untouched for 40 days
	demoSubmitted        = "submitted"  // waiting for reviewers
	demoInReview         = "in_review"  // scoring, on time
	demoLateReview       = "late_review"
	demoChangesRequested = "changes_requested"
	demoReviewed         = "reviewed" // waiting for the decision
)

// threeYears ago less 45 days: a certificate issued then expires within
// the 90 days the secretariat's work list watches.
const expiringSoon = 3*365 - 45

var demoPlans = []demoPlan{
	{country: "GR", quality: 3.4, decidedDaysAgo: []int{900, 160}, current: demoDraft, deadlineDays: 10},
	{country: "BG", quality: 3.0, decidedDaysAgo: []int{880, 150}, current: demoLateReview},
	{country: "UA", quality: 2.6, decidedDaysAgo: []int{860, 140}, current: demoSubmitted},
	{country: "PL", quality: 3.2, decidedDaysAgo: []int{840, 200}, conditionOverdue: true},
	{country: "LT", quality: 3.1, decidedDaysAgo: []int{820, 130}, current: demoReviewed},
	{country: "RO", quality: 2.8, decidedDaysAgo: []int{800, 120}, current: demoChangesRequested},
	{country: "CY", quality: 3.3, decidedDaysAgo: []int{780, 110}, current: demoIdleDraft},
	{country: "CZ", quality: 2.9, decidedDaysAgo: []int{760, 100}},
	{country: "HU", quality: 3.5, decidedDaysAgo: []int{740, 90}},
	{country: "ES", quality: 3.7, decidedDaysAgo: []int{720, 80}, current: demoInReview},
	{country: "FR", quality: 3.6, decidedDaysAgo: []int{365}},
	{country: "HR", quality: 3.0, decidedDaysAgo: []int{expiringSoon}},
	{country: "PT", quality: 2.0, decidedDaysAgo: []int{700, 20}, appeal: true},
	{country: "DE", quality: 3.2, current: demoDraft},
}

// demoNoisyCriteria are scored loosely by the demo reviewers, so that the
// agreement figures flag them as ambiguous guidance.
var demoNoisyCriteria = map[string]bool{"GOV-03": true, "CAS-04": true, "MON-02": true}

// demoClock is the clock of the demo's history: a copy of the service
// whose time the seed moves.
type demoClock struct {
	svc *Service
	at  time.Time
}

// withClock is the service acting at the clock's time.
func (s *Service) withClock(c *demoClock) *Service {
	opts := s.opts
	opts.Now = func() time.Time { return c.at }
	return &Service{db: s.db, msgs: s.msgs, log: s.log, opts: opts, store: s.store, hashes: s.hashes}
}

// demoCast is who acts in the demo network.
type demoCast struct {
	sec       Actor
	managers  map[string]Actor // by country
	reviewers []Actor
}

// seedDemoNetwork plays the plans through the domain code at past times:
// every record is what the real procedure would have made then. It does
// nothing once any assessment exists.
func (s *Service) seedDemoNetwork(ctx context.Context, hotlineIDs map[string]string) error {
	if started, err := models.AnyAssessment(ctx, s.db); err != nil || started {
		return err
	}
	cast, err := s.demoCast(ctx, hotlineIDs)
	if err != nil {
		return err
	}
	now := s.now()
	for i, p := range demoPlans {
		clock := &demoClock{at: now}
		clock.svc = s.withClock(clock)
		if err := clock.seedHotline(ctx, cast, i, p, now); err != nil {
			return fmt.Errorf("demo hotline %s: %w", p.country, err)
		}
	}
	return nil
}

// seedHotline plays one plan: its past cycles, then the current one.
func (c *demoClock) seedHotline(ctx context.Context, cast *demoCast, index int, p demoPlan, now time.Time) error {
	mgr := cast.managers[p.country]
	pair := demoPair(cast, index, p.country)
	for cycle, days := range p.decidedDaysAgo {
		decided := now.AddDate(0, 0, -days)
		last := cycle == len(p.decidedDaysAgo)-1
		id, err := c.decidedCycle(ctx, cast.sec, mgr, pair, p, cycle, decided, last && p.conditionOverdue)
		if err != nil {
			return err
		}
		if last && p.appeal {
			if err := c.appealHeard(ctx, cast.sec, mgr, id, now); err != nil {
				return err
			}
		}
	}
	return c.currentCycle(ctx, cast.sec, mgr, pair, p, len(p.decidedDaysAgo), now)
}

// decidedCycle is one cycle from start to decision, ending at decided; it
// returns the assessment.
func (c *demoClock) decidedCycle(ctx context.Context, sec, mgr Actor, pair []Actor, p demoPlan, cycle int, decided time.Time, overdueCondition bool) (string, error) {
	c.at = decided.AddDate(0, 0, -70)
	id, err := c.answered(ctx, mgr, p, cycle)
	if err != nil {
		return "", err
	}
	c.at = decided.AddDate(0, 0, -50)
	if _, err := c.svc.Submit(ctx, mgr, id); err != nil {
		return "", err
	}
	c.at = decided.AddDate(0, 0, -48)
	if err := c.assign(ctx, sec, id, pair); err != nil {
		return "", err
	}
	c.at = decided.AddDate(0, 0, -20)
	for r := range pair {
		if err := c.review(ctx, pair[r], id, p, cycle, r, true); err != nil {
			return "", err
		}
	}
	c.at = decided
	return id, c.decide(ctx, sec, id, overdueCondition)
}

// currentCycle puts the cycle under way in its planned state.
func (c *demoClock) currentCycle(ctx context.Context, sec, mgr Actor, pair []Actor, p demoPlan, cycle int, now time.Time) error {
	daysAgo := func(d int) time.Time { return now.AddDate(0, 0, -d) }
	switch p.current {
	case "":
		return nil
	case demoDraft:
		c.at = daysAgo(12)
		id, err := c.partlyAnswered(ctx, mgr, p, cycle, 2)
		if err != nil || p.deadlineDays == 0 {
			return err
		}
		deadline := now.AddDate(0, 0, p.deadlineDays)
		_, err = c.svc.SetDeadline(ctx, sec, id, &deadline)
		return err
	case demoIdleDraft:
		c.at = daysAgo(40)
		_, err := c.partlyAnswered(ctx, mgr, p, cycle, 3)
		return err
	}
	c.at = daysAgo(60)
	id, err := c.answered(ctx, mgr, p, cycle)
	if err != nil {
		return err
	}
	submittedDays := map[string]int{demoSubmitted: 3, demoInReview: 10, demoLateReview: 50, demoChangesRequested: 25, demoReviewed: 45}[p.current]
	c.at = daysAgo(submittedDays)
	if _, err := c.svc.Submit(ctx, mgr, id); err != nil || p.current == demoSubmitted {
		return err
	}
	c.at = daysAgo(submittedDays - 1)
	if err := c.assign(ctx, sec, id, pair); err != nil {
		return err
	}
	if p.current == demoLateReview {
		// Due two weeks ago, whatever PORTAL_REVIEW_DAYS says: the work
		// list shows it overdue.
		if _, err := c.svc.MoveReviewDue(ctx, sec, id, pair[1].User.ID, daysAgo(14)); err != nil {
			return err
		}
	}
	c.at = daysAgo(5)
	switch p.current {
	case demoInReview:
		return c.review(ctx, pair[0], id, p, cycle, 0, false)
	case demoLateReview:
		return c.review(ctx, pair[0], id, p, cycle, 0, true)
	case demoChangesRequested:
		return c.svc.RequestClarification(ctx, pair[0], id, ClarificationInput{
			Criteria: []string{"GOV-01"}, Message: "Please attach the current safeguarding policy, with its approval date."})
	}
	for r := range pair {
		if err := c.review(ctx, pair[r], id, p, cycle, r, true); err != nil {
			return err
		}
	}
	return c.findingsAnswered(ctx, sec, mgr, id, now)
}

// answered is a new assessment with every applicable criterion answered.
func (c *demoClock) answered(ctx context.Context, mgr Actor, p demoPlan, cycle int) (string, error) {
	return c.partlyAnswered(ctx, mgr, p, cycle, 1)
}

// partlyAnswered is a new assessment with one criterion in every n answered.
func (c *demoClock) partlyAnswered(ctx context.Context, mgr Actor, p demoPlan, cycle, every int) (string, error) {
	as, err := c.svc.StartAssessment(ctx, mgr, *mgr.User.HotlineID)
	if err != nil {
		return "", err
	}
	q, err := c.svc.LoadQuestionnaire(ctx, mgr, as.ID)
	if err != nil {
		return "", err
	}
	for i, it := range q.Items() {
		if !it.Applicable || i%every != 0 {
			continue
		}
		level := models.LevelMet
		if demoValue(p, cycle, it.Criterion, "self", 0) < 3 {
			level = models.LevelPartiallyMet
		}
		in := AnswerInput{Level: &level, Narrative: "Our written procedure covers this; see the attached documents.", Version: it.Answer.Version}
		if _, err := c.svc.SaveAnswer(ctx, mgr, as.ID, it.Criterion.Code, in); err != nil {
			return "", fmt.Errorf("answer %s: %w", it.Criterion.Code, err)
		}
	}
	return as.ID, nil
}

// assign gives the assessment to the pair of reviewers.
func (c *demoClock) assign(ctx context.Context, sec Actor, id string, pair []Actor) error {
	for _, r := range pair {
		if _, err := c.svc.Assign(ctx, sec, id, r.User.ID, ""); err != nil {
			return fmt.Errorf("assign %s: %w", r.User.Email, err)
		}
	}
	return nil
}

// review scores every applicable criterion as reviewer r of the pair, and
// submits the review when asked.
func (c *demoClock) review(ctx context.Context, rev Actor, id string, p demoPlan, cycle, r int, submit bool) error {
	q, err := c.svc.LoadQuestionnaire(ctx, rev, id)
	if err != nil {
		return err
	}
	for _, it := range q.Items() {
		if !it.Applicable {
			continue
		}
		score := int(demoValue(p, cycle, it.Criterion, rev.User.Email, r))
		in := ScoreInput{Score: &score, Comment: demoComments[score]}
		if _, err := c.svc.SaveScore(ctx, rev, id, it.Criterion.Code, in); err != nil {
			return fmt.Errorf("score %s: %w", it.Criterion.Code, err)
		}
	}
	if !submit {
		return nil
	}
	_, err = c.svc.SubmitReview(ctx, rev, id, ReviewInput{Recommendation: models.RecommendAccredit, Summary: "Procedures are documented and applied; see the comments per criterion."})
	return err
}

// decide takes the outcome the decision rule proposes, or an
// accreditation with one condition, due 180 days later, when asked.
func (c *demoClock) decide(ctx context.Context, sec Actor, id string, withCondition bool) error {
	con, err := c.svc.LoadConsolidation(ctx, sec, id)
	if err != nil {
		return err
	}
	in := DecisionInput{Outcome: string(con.Result.Proposed), Rationale: "Decided as the reviews and the decision rule propose."}
	if withCondition || in.Outcome == models.OutcomeWithConditions {
		in.Outcome = models.OutcomeWithConditions
		in.Rationale = "Accredited on condition that the hotline publishes its audited annual accounts."
		in.Conditions = []ConditionInput{{Text: "Publish the audited annual accounts on the hotline's website.", Deadline: c.at.AddDate(0, 0, 180).Format(time.RFC3339)}}
	}
	_, _, err = c.svc.Decide(ctx, sec, id, in)
	return err
}

// demoComments are the reviewers' comments by score.
var demoComments = []string{
	"No procedure was shown for this criterion.",
	"Only an outline exists; it is not applied.",
	"The procedure exists but the records show gaps: see the attached sample.",
	"Documented and applied; the records match the procedure.",
	"Exemplary: documented, applied, reviewed every year.",
}

// demoValue is a score for a criterion: the hotline's quality, better by
// a third of a point each cycle and by 0.8 on mandatory criteria,
// moved by a fixed pseudo-random amount per criterion and rater. On the
// noisy criteria the pair's two reviewers (r = 0, 1) pull apart.
func demoValue(p demoPlan, cycle int, c framework.Criterion, rater string, r int) float64 {
	base := p.quality + 0.3*float64(cycle) + (demoHash(p.country, c.Code, "")*1.4 - 1.0)
	if c.Mandatory {
		base += 0.8
	}
	v := base + (demoHash(p.country, c.Code, rater, fmt.Sprint(cycle))-0.5)*0.3
	if demoNoisyCriteria[c.Code] {
		v += 1.5 * float64(1-2*r)
	}
	return math.Max(0, math.Min(4, math.Round(v)))
}

// demoHash is a fixed number in [0, 1) for its inputs.
func demoHash(parts ...string) float64 {
	h := fnv.New64a()
	for _, p := range parts {
		_, _ = h.Write([]byte(p + "\x00"))
	}
	return float64(h.Sum64()%10000) / 10000
}

// demoPair is the two reviewers of a hotline: none from its country,
// taking turns across the network.
func demoPair(cast *demoCast, index int, country string) []Actor {
	var pool []Actor
	for _, r := range cast.reviewers {
		if r.User.Country != country {
			pool = append(pool, r)
		}
	}
	return []Actor{pool[index%len(pool)], pool[(index+1)%len(pool)]}
}

// demoCast loads the demo accounts, with a manager for every hotline.
func (s *Service) demoCast(ctx context.Context, hotlineIDs map[string]string) (*demoCast, error) {
	cast := &demoCast{managers: map[string]Actor{}}
	load := func(email string) (Actor, error) {
		u, err := models.UserByEmail(ctx, s.db, email)
		if err != nil {
			return Actor{}, fmt.Errorf("demo account %s: %w", email, err)
		}
		return Actor{User: u, IP: "demo-seed", RequestID: "demo-seed"}, nil
	}
	var err error
	if cast.sec, err = load("secretariat@demo.116000.example"); err != nil {
		return nil, err
	}
	for _, du := range demoUsers {
		switch du.in.Role {
		case string(models.RoleReviewer):
			r, err := load(du.in.Email)
			if err != nil {
				return nil, err
			}
			cast.reviewers = append(cast.reviewers, r)
		case string(models.RoleManager):
			m, err := load(du.in.Email)
			if err != nil {
				return nil, err
			}
			cast.managers[du.in.Country] = m
		}
	}
	for _, h := range demoHotlines {
		if _, ok := cast.managers[h.Country]; !ok {
			return nil, fmt.Errorf("no demo manager for %s (%s)", h.Country, hotlineIDs[h.Name])
		}
	}
	return cast, nil
}
