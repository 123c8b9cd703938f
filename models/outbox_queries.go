package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// ClaimDueMail takes up to limit messages due for sending at now and marks
// them as being sent until the lease ends, in one write transaction. The
// conditional update makes each message go to one worker only, even with
// several portal instances. now comes from the caller so that tests can
// drive retries with a clock instead of sleeping.
func ClaimDueMail(ctx context.Context, db *DB, now time.Time, limit int, lease time.Duration) ([]OutboxMessage, error) {
	var claimed []OutboxMessage
	now = now.UTC()
	err := db.WriteTx(ctx, func(tx *DB) error {
		claimed = nil
		var due []OutboxMessage
		err := tx.Where("(status = ? AND next_attempt_at <= ?) OR (status = ? AND claimed_until < ?)", MailPending, now, MailSending, now).
			Order("next_attempt_at").Limit(limit).Find(&due).Error
		if err != nil {
			return err
		}
		for _, m := range due {
			res := tx.Model(&OutboxMessage{}).
				Where("id = ? AND status = ? AND attempts = ?", m.ID, m.Status, m.Attempts).
				Updates(map[string]any{"status": MailSending, "claimed_until": now.Add(lease), "attempts": m.Attempts + 1, "last_attempt_at": now})
			if res.Error != nil {
				return res.Error
			}
			if res.RowsAffected == 1 {
				m.Attempts++
				m.Status = MailSending
				claimed = append(claimed, m)
			}
		}
		return nil
	})
	return claimed, err
}

// MarkMailSent records a delivered message. The attempt number in the
// condition makes it a no-op for a claim that has since expired and been
// taken over by another worker.
func MarkMailSent(ctx context.Context, db *DB, m OutboxMessage, now time.Time) error {
	return db.WriteTx(ctx, func(tx *DB) error {
		return tx.Model(&OutboxMessage{}).Where("id = ? AND attempts = ?", m.ID, m.Attempts).
			Updates(map[string]any{"status": MailSent, "sent_at": now.UTC(), "last_error": "", "claimed_until": nil}).Error
	})
}

// MarkMailFailed records a failed attempt: the message waits until retryAt,
// or is given up (status failed) when giveUp is set. The caller decides
// both, as the retry schedule is a rule of the domain.
func MarkMailFailed(ctx context.Context, db *DB, m OutboxMessage, cause string, retryAt time.Time, giveUp bool) error {
	status := MailPending
	if giveUp {
		status = MailFailed
	}
	return db.WriteTx(ctx, func(tx *DB) error {
		return tx.Model(&OutboxMessage{}).Where("id = ? AND attempts = ?", m.ID, m.Attempts).Updates(map[string]any{
			"status": status, "last_error": cause, "next_attempt_at": retryAt.UTC(), "claimed_until": nil,
		}).Error
	})
}

// Undelivered lists of the outbox.
const (
	// OutboxGivenUp are the messages the worker gave up on.
	OutboxGivenUp = "failed"
	// OutboxRetrying are the messages that failed at least once and wait
	// for their next attempt.
	OutboxRetrying = "retrying"
)

// outboxListColumns leave out the body: it holds one-time links (password
// set-up and reset), which nobody but the recipient may see.
var outboxListColumns = []string{"id", "to_address", "to_name", "language", "subject", "status", "attempts",
	"last_error", "next_attempt_at", "claimed_until", "sent_at", "last_attempt_at", "created_at"}

func undelivered(db *gorm.DB, list string) *gorm.DB {
	if list == OutboxRetrying {
		return db.Where("status IN (?, ?) AND last_error <> ''", MailPending, MailSending)
	}
	return db.Where("status = ?", MailFailed)
}

// ListUndeliveredMail returns one page of a list of undelivered messages
// (OutboxGivenUp or OutboxRetrying), newest first, without their bodies,
// and how many the list holds in all.
func ListUndeliveredMail(ctx context.Context, db *DB, list string, limit, offset int) ([]OutboxMessage, int64, error) {
	q := undelivered(db.WithContext(ctx).Model(&OutboxMessage{}), list)
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var items []OutboxMessage
	err := undelivered(db.WithContext(ctx).Model(&OutboxMessage{}), list).Select(outboxListColumns).
		Order("created_at DESC, id DESC").Limit(limit).Offset(offset).Find(&items).Error
	return items, total, err
}

// CountUndeliveredMail counts a list of undelivered messages, for the
// secretariat's dashboard.
func CountUndeliveredMail(ctx context.Context, db *DB, list string) (int64, error) {
	var n int64
	err := undelivered(db.WithContext(ctx).Model(&OutboxMessage{}), list).Count(&n).Error
	return n, err
}

// OutboxMessageHeader loads one message without its body, or ErrNotFound.
func OutboxMessageHeader(ctx context.Context, db *DB, id string) (*OutboxMessage, error) {
	var m OutboxMessage
	if err := db.WithContext(ctx).Select(outboxListColumns).Where("id = ?", id).Take(&m).Error; err != nil {
		return nil, translate(err)
	}
	return &m, nil
}

// RequeueFailedMail puts a given-up message back in the queue, due at now,
// with a fresh count of attempts. It says false when the message was not
// given up (already sent, or already queued again by someone else).
func RequeueFailedMail(ctx context.Context, db *DB, id string, now time.Time) (bool, error) {
	res := db.WithContext(ctx).Model(&OutboxMessage{}).Where("id = ? AND status = ?", id, MailFailed).Updates(map[string]any{
		"status": MailPending, "attempts": 0, "next_attempt_at": now.UTC(), "claimed_until": nil,
	})
	return res.RowsAffected == 1, res.Error
}

// EnqueueMail writes an email to the outbox, inside the caller's
// transaction, so that it goes out only if what it tells of is committed.
func EnqueueMail(ctx context.Context, tx *DB, m *OutboxMessage) error {
	return tx.WithContext(ctx).Create(m).Error
}
