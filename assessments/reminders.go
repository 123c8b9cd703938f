package assessments

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"hotlineportal/models"
)

// claimJob records that a job ran for a key; only the first instance to
// claim it runs it, so with several portal instances it runs once.
func (s *Service) claimJob(ctx context.Context, name, key string) (bool, error) {
	err := s.tx(ctx, func(tx *models.DB) error {
		return models.InsertJobRun(ctx, tx, name, key, s.now())
	})
	switch {
	case errors.Is(err, models.ErrDuplicate):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("claim job %s %s: %w", name, key, err)
	}
	return true, nil
}

// SendExpiryReminders is the daily job: for each valid certificate within
// one of the reminder periods before expiry (9, 3 and 1 months by default)
// it emails the hotline's managers, once per period, and tells them the
// renewal is open. It returns how many reminders went out.
func (s *Service) SendExpiryReminders(ctx context.Context) (int, error) {
	ok, err := s.claimJob(ctx, "expiry-reminders", s.now().Format("2006-01-02"))
	if err != nil || !ok {
		return 0, err
	}
	certs, err := models.UnexpiredCertificates(ctx, s.db, s.now())
	if err != nil {
		return 0, fmt.Errorf("load certificates to remind: %w", err)
	}
	sent := 0
	for i := range certs {
		c := &certs[i]
		months, due := dueReminder(c, s.opts.ReminderMonths, s.now())
		if !due {
			continue
		}
		done, err := s.sendReminder(ctx, c, months)
		if err != nil {
			return sent, fmt.Errorf("remind %s: %w", c.Number, err)
		}
		if done {
			sent++
		}
	}
	return sent, nil
}

// sendReminder records the periods the certificate has entered and tells
// its hotline's managers; it reports false when another instance did it
// first.
func (s *Service) sendReminder(ctx context.Context, c *models.Certificate, months int) (bool, error) {
	var done bool
	err := s.tx(ctx, func(tx *models.DB) error {
		changed, err := models.MarkRemindersSent(ctx, tx, c.ID, c.RemindersSent, enteredPeriods(c, s.opts.ReminderMonths, s.now()))
		if err != nil || !changed {
			return err
		}
		done = true
		as := &models.Assessment{ID: c.AssessmentID, HotlineID: c.HotlineID, Hotline: &models.Hotline{Name: c.HotlineName}}
		if err := s.notifyManagers(ctx, tx, "expiry_"+strconv.Itoa(months), as); err != nil {
			return err
		}
		return s.audit(ctx, tx, Actor{IP: "scheduler"}, "certificate.reminder", "certificate", c.Number, strconv.Itoa(months)+" months")
	})
	return done && err == nil, err
}

// dueReminder is the nearest reminder period (in months before expiry)
// the certificate has entered at now and not yet been reminded of.
func dueReminder(c *models.Certificate, periods []int, now time.Time) (int, bool) {
	best := 0
	for _, m := range periods {
		if !now.Before(c.ValidUntil.AddDate(0, -m, 0)) && !c.RemindersSent.Has(strconv.Itoa(m)) && (best == 0 || m < best) {
			best = m
		}
	}
	return best, best != 0
}

// enteredPeriods lists every reminder period the certificate has entered
// at now: once the nearest is sent, the earlier ones are never sent late.
func enteredPeriods(c *models.Certificate, periods []int, now time.Time) models.StringList {
	var out models.StringList
	for _, m := range periods {
		if !now.Before(c.ValidUntil.AddDate(0, -m, 0)) {
			out = append(out, strconv.Itoa(m))
		}
	}
	return out
}
