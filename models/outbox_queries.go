package models

import (
	"context"
	"time"
)

// ClaimDueMail takes up to limit messages due for sending and marks them
// as being sent until the lease ends, in one write transaction. The
// conditional update makes each message go to one worker only, even with
// several portal instances.
func ClaimDueMail(ctx context.Context, db *DB, limit int, lease time.Duration) ([]OutboxMessage, error) {
	var claimed []OutboxMessage
	err := db.WriteTx(ctx, func(tx *DB) error {
		claimed = nil
		now := time.Now().UTC()
		var due []OutboxMessage
		err := tx.Where("(status = ? AND next_attempt_at <= ?) OR (status = ? AND claimed_until < ?)", MailPending, now, MailSending, now).
			Order("next_attempt_at").Limit(limit).Find(&due).Error
		if err != nil {
			return err
		}
		for _, m := range due {
			res := tx.Model(&OutboxMessage{}).
				Where("id = ? AND status = ? AND attempts = ?", m.ID, m.Status, m.Attempts).
				Updates(map[string]any{"status": MailSending, "claimed_until": now.Add(lease), "attempts": m.Attempts + 1})
			if res.Error != nil {
				return res.Error
			}
			if res.RowsAffected == 1 {
				m.Attempts++
				claimed = append(claimed, m)
			}
		}
		return nil
	})
	return claimed, err
}

// MarkMailSent records a delivered message.
func MarkMailSent(ctx context.Context, db *DB, id string) error {
	now := time.Now().UTC()
	return db.WriteTx(ctx, func(tx *DB) error {
		return tx.Model(&OutboxMessage{}).Where("id = ?", id).
			Updates(map[string]any{"status": MailSent, "sent_at": now, "last_error": ""}).Error
	})
}

// MarkMailFailed schedules a retry with backoff, or gives up after
// maxAttempts.
func MarkMailFailed(ctx context.Context, db *DB, m OutboxMessage, cause error, maxAttempts int) error {
	status := MailPending
	if m.Attempts >= maxAttempts {
		status = MailFailed
	}
	backoff := time.Duration(1<<min(m.Attempts, 10)) * 30 * time.Second
	return db.WriteTx(ctx, func(tx *DB) error {
		return tx.Model(&OutboxMessage{}).Where("id = ?", m.ID).Updates(map[string]any{
			"status": status, "last_error": cause.Error(), "next_attempt_at": time.Now().UTC().Add(backoff),
		}).Error
	})
}
