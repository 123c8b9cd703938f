package models

import (
	"context"
	"time"
)

// InsertJobRun records that a scheduled job ran for a key (such as a
// day); when another instance recorded it first, it is ErrDuplicate and
// the job must not run again.
func InsertJobRun(ctx context.Context, db *DB, name, key string, now time.Time) error {
	return translate(db.WithContext(ctx).Create(&JobRun{Name: name, RunKey: key, RanAt: now}).Error)
}

// UnexpiredCertificates lists the certificates neither revoked nor expired
// at now: those that may be due an expiry reminder.
func UnexpiredCertificates(ctx context.Context, db *DB, now time.Time) ([]Certificate, error) {
	var out []Certificate
	err := db.WithContext(ctx).Where("revoked_at IS NULL AND valid_until > ?", now).Find(&out).Error
	return out, err
}

// MarkRemindersSent records the reminder periods a certificate has been
// reminded of, if the list is still as read (seen): it reports false when
// another instance sent the reminder first, so nothing changed.
func MarkRemindersSent(ctx context.Context, db *DB, id string, seen, periods StringList) (bool, error) {
	res := db.WithContext(ctx).Model(&Certificate{}).Where("id = ? AND reminders_sent = ?", id, seen).
		Update("reminders_sent", periods)
	return res.RowsAffected == 1, res.Error
}
