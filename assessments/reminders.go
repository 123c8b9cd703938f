package assessments

import (
	"context"
	"errors"
	"strconv"

	"gorm.io/gorm"

	"hotlineportal/models"
)

// claimJob records that a job ran for a key; only the first instance to
// claim it runs it, so with several portal instances it runs once.
func (s *Service) claimJob(ctx context.Context, name, key string) (bool, error) {
	err := s.tx(ctx, func(tx *models.DB) error {
		return tx.Create(&models.JobRun{Name: name, RunKey: key, RanAt: s.now()}).Error
	})
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return false, nil
	}
	return err == nil, err
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
	var certs []models.Certificate
	err = s.db.WithContext(ctx).Where("revoked_at IS NULL AND valid_until > ?", s.now()).Find(&certs).Error
	if err != nil {
		return 0, err
	}
	sent := 0
	for i := range certs {
		c := &certs[i]
		months, due := s.dueReminder(c)
		if !due {
			continue
		}
		err := s.tx(ctx, func(tx *models.DB) error {
			res := tx.Model(&models.Certificate{}).Where("id = ? AND reminders_sent = ?", c.ID, c.RemindersSent).
				Update("reminders_sent", s.enteredPeriods(c))
			if res.Error != nil || res.RowsAffected != 1 {
				return res.Error
			}
			as := &models.Assessment{ID: c.AssessmentID, HotlineID: c.HotlineID, Hotline: &models.Hotline{Name: c.HotlineName}}
			if err := s.notifyManagers(ctx, tx, "expiry_"+strconv.Itoa(months), as); err != nil {
				return err
			}
			return s.audit(ctx, tx, Actor{IP: "scheduler"}, "certificate.reminder", "certificate", c.Number, strconv.Itoa(months)+" months")
		})
		if err != nil {
			return sent, err
		}
		sent++
	}
	return sent, nil
}

// dueReminder is the nearest reminder period the certificate has entered
// and not yet been reminded of.
func (s *Service) dueReminder(c *models.Certificate) (int, bool) {
	best := 0
	for _, m := range s.opts.ReminderMonths {
		if !s.now().Before(c.ValidUntil.AddDate(0, -m, 0)) && !c.RemindersSent.Has(strconv.Itoa(m)) && (best == 0 || m < best) {
			best = m
		}
	}
	return best, best != 0
}

// enteredPeriods lists every reminder period the certificate has entered:
// once the nearest is sent, the earlier ones are never sent late.
func (s *Service) enteredPeriods(c *models.Certificate) models.StringList {
	var out models.StringList
	for _, m := range s.opts.ReminderMonths {
		if !s.now().Before(c.ValidUntil.AddDate(0, -m, 0)) {
			out = append(out, strconv.Itoa(m))
		}
	}
	return out
}
