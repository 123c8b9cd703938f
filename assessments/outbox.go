package assessments

import (
	"context"
	"fmt"
	"time"

	"hotlineportal/models"
)

// MailSender delivers one email, or says why it could not. The server
// builds it from the SMTP settings; tests pass their own.
type MailSender func(ctx context.Context, m models.OutboxMessage) error

// MaxMailAttempts is how many times the worker tries an email before it
// gives up and shows it to the secretariat. With mailRetryDelay the last
// attempt comes about two hours after the first, long enough to ride out
// a mail server's restart or a short outage.
const MaxMailAttempts = 8

// mailLease is how long a claimed email stays with one worker; after it,
// another instance may take it over (its worker died mid-batch).
const mailLease = 5 * time.Minute

// mailBatchMax bounds how many emails one claim takes.
const mailBatchMax = 20

// mailRetryDelay is the wait after the nth failed attempt: one minute,
// doubling each time (1, 2, 4 … 64 minutes).
func mailRetryDelay(attempt int) time.Duration {
	return time.Duration(1<<min(max(attempt, 1), 10)) * 30 * time.Second
}

// MailRound says what one delivery round did.
type MailRound struct {
	Sent, Retrying, GivenUp int
}

// DeliverDueMail sends every email that is due, a batch at a time, so that
// a backlog (after an outage, or a mass invitation) drains at the pace of
// the mail server rather than one batch per round. Each email is claimed
// before it is sent, so several instances never send one twice. sendLimit
// bounds how long one send may take (0: the sender bounds itself): the
// batch is sized so that every email of it is sent within the claim's
// lease, and each send gets that deadline.
func (s *Service) DeliverDueMail(ctx context.Context, send MailSender, sendLimit time.Duration) MailRound {
	var round MailRound
	batch := mailBatchMax
	if sendLimit > 0 {
		batch = min(max(int(mailLease/sendLimit)-1, 1), mailBatchMax)
	}
	for ctx.Err() == nil {
		claimed, err := models.ClaimDueMail(ctx, s.db, s.now(), batch, mailLease)
		if err != nil {
			if ctx.Err() == nil {
				s.log.Warn("claim outbox mail", "err", err)
			}
			return round
		}
		for _, m := range claimed {
			s.deliverOne(ctx, send, sendLimit, m, &round)
		}
		if len(claimed) < batch {
			return round
		}
	}
	return round
}

// deliverOne sends one claimed email and records the outcome: sent, to be
// retried after a delay, or given up after MaxMailAttempts.
func (s *Service) deliverOne(ctx context.Context, send MailSender, limit time.Duration, m models.OutboxMessage, round *MailRound) {
	sendCtx, cancel := ctx, context.CancelFunc(func() {})
	if limit > 0 {
		sendCtx, cancel = context.WithTimeout(ctx, limit)
	}
	err := send(sendCtx, m)
	cancel()
	if err == nil {
		round.Sent++
		if err := models.MarkMailSent(ctx, s.db, m, s.now()); err != nil {
			s.log.Warn("record email sent", "id", m.ID, "err", err)
		}
		return
	}
	giveUp := m.Attempts >= MaxMailAttempts
	if giveUp {
		round.GivenUp++
		s.log.Error("email given up", "id", m.ID, "attempts", m.Attempts, "err", err)
	} else {
		round.Retrying++
		s.log.Warn("send email", "id", m.ID, "attempt", m.Attempts, "err", err)
	}
	cause := fmt.Sprintf("attempt %d: %v", m.Attempts, err)
	if err := models.MarkMailFailed(ctx, s.db, m, cause, s.now().Add(mailRetryDelay(m.Attempts)), giveUp); err != nil {
		s.log.Warn("record email failure", "id", m.ID, "err", err)
	}
}

// OutboxQuery selects a page of undelivered emails: Status is
// models.OutboxGivenUp ("failed", the default) or models.OutboxRetrying.
type OutboxQuery struct {
	Status string
	Page   Page
}

// ListUndeliveredMail returns the emails that could not be delivered,
// newest first, without their bodies (which hold other people's one-time
// links), for the secretariat only.
func (s *Service) ListUndeliveredMail(ctx context.Context, a Actor, q OutboxQuery) ([]models.OutboxMessage, int64, error) {
	if !a.Is(models.RoleSecretariat) {
		return nil, 0, ErrForbidden
	}
	switch q.Status {
	case "":
		q.Status = models.OutboxGivenUp
	case models.OutboxGivenUp, models.OutboxRetrying:
	default:
		return nil, 0, Invalid("status", "error.choose_one")
	}
	return models.ListUndeliveredMail(ctx, s.db, q.Status, q.Page.Limit(), q.Page.Offset())
}

// CountUndeliveredMail counts the emails given up on, so the secretariat's
// dashboard can say that some never arrived.
func (s *Service) CountUndeliveredMail(ctx context.Context, a Actor) (int64, error) {
	if !a.Is(models.RoleSecretariat) {
		return 0, ErrForbidden
	}
	return models.CountUndeliveredMail(ctx, s.db, models.OutboxGivenUp)
}

// RetryMail puts an email that was given up back in the queue, with a
// fresh series of attempts, once the secretariat has fixed the cause (the
// mail server, an address). Only given-up emails qualify: sending a
// delivered one again would duplicate it.
func (s *Service) RetryMail(ctx context.Context, a Actor, id string) (*models.OutboxMessage, error) {
	if !a.Is(models.RoleSecretariat) {
		return nil, ErrForbidden
	}
	m, err := models.OutboxMessageHeader(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	now := s.now()
	err = s.tx(ctx, func(tx *models.DB) error {
		ok, err := models.RequeueFailedMail(ctx, tx, id, now)
		if err != nil {
			return err
		}
		if !ok {
			return Conflict("error.mail_not_failed")
		}
		return s.audit(ctx, tx, a, "mail.retry", "email", id, m.ToAddress)
	})
	if err != nil {
		return nil, err
	}
	m.Status, m.Attempts, m.NextAttemptAt, m.ClaimedUntil = models.MailPending, 0, now, nil
	return m, nil
}
