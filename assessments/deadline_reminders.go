package assessments

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"hotlineportal/assessments/messages"
	"hotlineportal/models"
)

const (
	// reminderLead is how long before a due date the first reminder goes.
	reminderLead = 7 * 24 * time.Hour
	// reminderLastCall is how long before a due date the second one goes.
	reminderLastCall = 24 * time.Hour
	// reminderRepeat is how often an overdue reminder is repeated.
	reminderRepeat = 7 * 24 * time.Hour
	// idleNudgeAfter is the silence after which a draft's managers are
	// nudged, and again after each further such silence.
	idleNudgeAfter = 30 * 24 * time.Hour
	// digestSectionMax bounds each list of the weekly digest, so a
	// network with a long backlog still gets a readable email.
	digestSectionMax = 50
	// deadlineJob names the reminders in job_runs.
	deadlineJob = "deadline-reminder"
)

// reminderStep names the latest reminder step that work due at due has
// entered at now: "7d" and "1d" before, "overdue" once past, then
// "overdue+Nw" each further week; false before the first. Only the latest
// step is sent, so a step skipped (a due date set close) is never sent late.
func reminderStep(due, now time.Time) (string, bool) {
	switch {
	case now.Before(due.Add(-reminderLead)):
		return "", false
	case now.Before(due.Add(-reminderLastCall)):
		return "7d", true
	case now.Before(due):
		return "1d", true
	}
	if weeks := int(now.Sub(due) / reminderRepeat); weeks > 0 {
		return "overdue+" + strconv.Itoa(weeks) + "w", true
	}
	return "overdue", true
}

// reminderKey is the job_runs key of one reminder: the thing, the due
// date it was computed for (so moving the date rearms its reminders) and
// the step.
func reminderKey(kind, id string, due time.Time, step string) string {
	return fmt.Sprintf("%s:%s:%d:%s", kind, id, due.Unix(), step)
}

// idleKey is the job_runs key of a nudge about a draft last touched at
// touched and silent since for n periods of idleNudgeAfter: touching the
// draft rearms it.
func idleKey(id string, touched time.Time, n int) string {
	return fmt.Sprintf("idle:%s:%d:%dd", id, touched.Unix(), n*int(idleNudgeAfter/(24*time.Hour)))
}

// digestKey is the job_runs key of the secretariat's digest of an ISO week.
func digestKey(now time.Time) string {
	return "digest:" + isoWeek(now)
}

func isoWeek(t time.Time) string {
	year, week := t.ISOWeek()
	return fmt.Sprintf("%d-W%02d", year, week)
}

// reminder is one email, to one or more people, to send once across
// instances.
type reminder struct {
	key     string
	to      func(ctx context.Context) ([]models.User, error)
	message string // catalogue key: message+".subject", message+".body"
	data    func(loc *messages.Localizer) map[string]any
	object  string // audited object type and id
	id      string
}

// SendDeadlineReminders is the hourly job: it reminds reviewers of reviews
// due (7 days and 1 day before, when overdue, then weekly), managers of
// submission deadlines the same way while their assessment is not
// submitted, nudges managers of drafts untouched for 30 days, and sends
// the secretariat a weekly digest of what is late. Each reminder is
// claimed in job_runs in the transaction that queues its emails, so with
// several instances it goes out once. It returns how many reminders (not
// emails) went out.
func (s *Service) SendDeadlineReminders(ctx context.Context) (int, error) {
	now := s.now()
	kinds := []func(context.Context, time.Time) ([]reminder, error){
		s.reviewReminders, s.deadlineReminders, s.idleNudges, s.lateDigest,
	}
	sent := 0
	for _, kind := range kinds {
		due, err := kind(ctx, now)
		if err != nil {
			return sent, err
		}
		due, err = s.unclaimed(ctx, due)
		if err != nil {
			return sent, err
		}
		for _, r := range due {
			done, err := s.sendOnce(ctx, r)
			if err != nil {
				return sent, fmt.Errorf("reminder %s: %w", r.key, err)
			}
			if done {
				sent++
			}
		}
	}
	return sent, nil
}

// unclaimed drops the reminders already sent, with one read, so the
// hourly run writes only for what is new.
func (s *Service) unclaimed(ctx context.Context, due []reminder) ([]reminder, error) {
	if len(due) == 0 {
		return nil, nil
	}
	keys := make([]string, len(due))
	for i, r := range due {
		keys[i] = r.key
	}
	claimed, err := models.ClaimedJobRuns(ctx, s.db, deadlineJob, keys)
	if err != nil {
		return nil, fmt.Errorf("read reminders sent: %w", err)
	}
	out := due[:0]
	for _, r := range due {
		if !claimed[r.key] {
			out = append(out, r)
		}
	}
	return out, nil
}

// sendOnce claims the reminder and queues its emails in one transaction;
// it reports false when another instance claimed it first, or when nobody
// active is there to receive it (it is then left for later).
func (s *Service) sendOnce(ctx context.Context, r reminder) (bool, error) {
	users, err := r.to(ctx)
	if err != nil {
		return false, fmt.Errorf("list recipients: %w", err)
	}
	to := make([]*models.User, 0, len(users))
	for i := range users {
		if !users[i].Disabled {
			to = append(to, &users[i])
		}
	}
	if len(to) == 0 {
		return false, nil
	}
	var done bool
	err = s.tx(ctx, func(tx *models.DB) error {
		claimed, err := models.ClaimJobRun(ctx, tx, deadlineJob, r.key, s.now())
		if err != nil || !claimed {
			return err
		}
		for _, u := range to {
			if err := s.queueEmail(ctx, tx, u, r.message, r.data(s.msgs.Localizer(s.msgs.Match(u.Language)))); err != nil {
				return err
			}
		}
		done = true
		return s.audit(ctx, tx, Actor{IP: "scheduler"}, "deadline.reminder", r.object, r.id, r.key)
	})
	return done && err == nil, err
}

// reviewReminders are the reminders due to reviewers who owe a review.
func (s *Service) reviewReminders(ctx context.Context, now time.Time) ([]reminder, error) {
	owed, byID, err := models.OwedReviews(ctx, s.db, now.Add(reminderLead))
	if err != nil {
		return nil, fmt.Errorf("load reviews to remind: %w", err)
	}
	var out []reminder
	for _, asg := range owed {
		step, ok := reminderStep(*asg.DueAt, now)
		if !ok || asg.Reviewer == nil {
			continue
		}
		link, reviewer := s.opts.BaseURL+"/assessments/"+asg.AssessmentID+"/review", *asg.Reviewer
		out = append(out, reminder{
			key: reminderKey("review", asg.ID, *asg.DueAt, step), to: func(context.Context) ([]models.User, error) { return []models.User{reviewer}, nil },
			message: stepMessage("email.reminder.review", step), object: "assignment", id: asg.ID,
			data: dueData(hotlineName(byID[asg.AssessmentID]), *asg.DueAt, now, link),
		})
	}
	return out, nil
}

// deadlineReminders are the reminders due to managers whose assessment is
// not submitted as its submission deadline nears or passes.
func (s *Service) deadlineReminders(ctx context.Context, now time.Time) ([]reminder, error) {
	drafts, err := models.DraftsDueBy(ctx, s.db, now.Add(reminderLead))
	if err != nil {
		return nil, fmt.Errorf("load deadlines to remind: %w", err)
	}
	var out []reminder
	for i := range drafts {
		as := &drafts[i]
		step, ok := reminderStep(*as.Deadline, now)
		if !ok {
			continue
		}
		out = append(out, reminder{
			key: reminderKey("deadline", as.ID, *as.Deadline, step), to: s.managersOf(as.HotlineID),
			message: stepMessage("email.reminder.deadline", step), object: "assessment", id: as.ID,
			data: dueData(hotlineName(as), *as.Deadline, now, s.opts.BaseURL+"/assessments/"+as.ID),
		})
	}
	return out, nil
}

// idleNudges are the nudges due to managers of drafts nobody has touched
// for 30 days (and again every 30 further days of silence).
func (s *Service) idleNudges(ctx context.Context, now time.Time) ([]reminder, error) {
	idle, err := models.IdleDrafts(ctx, s.db, now.Add(-idleNudgeAfter))
	if err != nil {
		return nil, fmt.Errorf("load idle drafts: %w", err)
	}
	var out []reminder
	for i := range idle {
		d := &idle[i]
		hotline, touched, link := hotlineName(&d.Assessment), d.TouchedAt, s.opts.BaseURL+"/assessments/"+d.ID
		days := int(now.Sub(touched) / (24 * time.Hour))
		out = append(out, reminder{
			key: idleKey(d.ID, touched, int(now.Sub(touched)/idleNudgeAfter)), to: s.managersOf(d.HotlineID),
			message: "email.reminder.idle", object: "assessment", id: d.ID,
			data: func(loc *messages.Localizer) map[string]any {
				return map[string]any{"Hotline": hotline, "Since": FormatDate(loc, touched), "Idle": loc.N("email.reminder.days", days), "Link": link}
			},
		})
	}
	return out, nil
}

// lateDigest is the secretariat's digest of what is late, once per ISO
// week, and only when something is.
func (s *Service) lateDigest(ctx context.Context, now time.Time) ([]reminder, error) {
	sent, err := models.ClaimedJobRuns(ctx, s.db, deadlineJob, []string{digestKey(now)})
	if err != nil || sent[digestKey(now)] {
		return nil, err
	}
	late, err := s.lateWork(ctx, now)
	if err != nil || late.empty() {
		return nil, err
	}
	week, link := isoWeek(now), s.opts.BaseURL+"/dashboard"
	return []reminder{{
		key: digestKey(now), message: "email.reminder.digest", object: "digest", id: week,
		to: func(ctx context.Context) ([]models.User, error) {
			return models.ActiveUsersWithRole(ctx, s.db, models.RoleSecretariat)
		},
		data: func(loc *messages.Localizer) map[string]any {
			return map[string]any{"Week": week, "Items": late.text(loc), "Link": link}
		},
	}}, nil
}

// managersOf lists a hotline's active managers when a reminder is sent.
func (s *Service) managersOf(hotlineID string) func(context.Context) ([]models.User, error) {
	return func(ctx context.Context) ([]models.User, error) {
		return models.ActiveUsersOfHotline(ctx, s.db, hotlineID)
	}
}

// lateWork is what the weekly digest lists.
type lateWork struct {
	reviews    []models.Assignment
	assessment map[string]*models.Assessment
	drafts     []models.Assessment
	conditions []models.Condition
}

func (s *Service) lateWork(ctx context.Context, now time.Time) (*lateWork, error) {
	var l lateWork
	var err error
	if l.reviews, l.assessment, err = models.OwedReviews(ctx, s.db, now); err != nil {
		return nil, fmt.Errorf("load overdue reviews: %w", err)
	}
	if l.drafts, err = models.DraftsDueBy(ctx, s.db, now); err != nil {
		return nil, fmt.Errorf("load overdue submissions: %w", err)
	}
	if l.conditions, err = models.OverdueConditions(ctx, s.db, now); err != nil {
		return nil, fmt.Errorf("load overdue conditions: %w", err)
	}
	return &l, nil
}

func (l *lateWork) empty() bool {
	return len(l.reviews) == 0 && len(l.drafts) == 0 && len(l.conditions) == 0
}

// text writes the digest's lists in the localizer's language, each under
// a heading that counts it.
func (l *lateWork) text(loc *messages.Localizer) string {
	var b strings.Builder
	section := func(heading string, n int, line func(i int) string) {
		if n == 0 {
			return
		}
		b.WriteString(loc.N(heading, n) + "\n")
		for i := 0; i < min(n, digestSectionMax); i++ {
			b.WriteString("- " + line(i) + "\n")
		}
		if n > digestSectionMax {
			b.WriteString(loc.N("email.reminder.digest.more", n-digestSectionMax) + "\n")
		}
		b.WriteString("\n")
	}
	section("email.reminder.digest.reviews", len(l.reviews), func(i int) string {
		r := &l.reviews[i]
		who := ""
		if r.Reviewer != nil {
			who = r.Reviewer.Name
		}
		return loc.T("email.reminder.digest.review_line", "Hotline", hotlineName(l.assessment[r.AssessmentID]), "Reviewer", who, "Due", FormatDate(loc, *r.DueAt))
	})
	section("email.reminder.digest.deadlines", len(l.drafts), func(i int) string {
		d := &l.drafts[i]
		return loc.T("email.reminder.digest.deadline_line", "Hotline", hotlineName(d), "Due", FormatDate(loc, *d.Deadline))
	})
	section("email.reminder.digest.conditions", len(l.conditions), func(i int) string {
		c := &l.conditions[i]
		name := ""
		if c.Hotline != nil {
			name = c.Hotline.Name
		}
		return loc.T("email.reminder.digest.condition_line", "Hotline", name, "Condition", c.Text, "Due", FormatDate(loc, c.Deadline))
	})
	return b.String()
}

// stepMessage is the catalogue key of a step: before the due date, or
// overdue.
func stepMessage(prefix, step string) string {
	if strings.HasPrefix(step, "overdue") {
		return prefix + "_overdue"
	}
	return prefix + "_due"
}

// dueData is the data of a reminder before or after a due date, written
// in the recipient's language.
func dueData(hotline string, due, now time.Time, link string) func(loc *messages.Localizer) map[string]any {
	left := max(int((due.Sub(now)+24*time.Hour-1)/(24*time.Hour)), 1)
	return func(loc *messages.Localizer) map[string]any {
		return map[string]any{"Hotline": hotline, "Due": FormatDate(loc, due), "Left": loc.N("email.reminder.days_left", left), "Link": link}
	}
}

func hotlineName(as *models.Assessment) string {
	if as == nil || as.Hotline == nil {
		return ""
	}
	return as.Hotline.Name
}
