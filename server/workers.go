package server

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/wneessen/go-mail"

	"hotlineportal/assessments"
	"hotlineportal/models"
)

// Workers are the background loops of one portal instance.
type Workers struct{ wg sync.WaitGroup }

// Wait blocks until every loop has stopped (after its context ended).
func (w *Workers) Wait() { w.wg.Wait() }

func (w *Workers) start(fn func()) {
	w.wg.Add(1)
	go func() { defer w.wg.Done(); fn() }()
}

// StartWorkers runs the mail sender and the clean-up of expired sessions
// and old failed sign-ins until ctx ends.
func StartWorkers(ctx context.Context, cfg Config, svc *assessments.Service, log *slog.Logger) *Workers {
	w := &Workers{}
	sender := newMailSender(cfg, log)
	w.start(func() { runMailer(ctx, svc.DB(), sender, log, 2*time.Second) })
	w.start(func() { models.NewSessionStore(svc.DB()).RunCleanup(ctx, 10*time.Minute, log) })
	w.start(func() {
		every(ctx, time.Hour, func() {
			if n, err := svc.SendExpiryReminders(ctx); err != nil && ctx.Err() == nil {
				log.Warn("expiry reminders", "err", err)
			} else if n > 0 {
				log.Info("expiry reminders sent", "count", n)
			}
		})
	})
	w.start(func() {
		every(ctx, 10*time.Minute, func() {
			if err := svc.DeleteOldFailures(ctx); err != nil && ctx.Err() == nil {
				log.Warn("delete old failed sign-ins", "err", err)
			}
		})
	})
	return w
}

func every(ctx context.Context, d time.Duration, fn func()) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			fn()
		}
	}
}

// MailSender delivers one message.
type MailSender func(ctx context.Context, m models.OutboxMessage) error

// newMailSender sends through SMTP when configured; otherwise it writes
// each email, links included, to the log, so a laptop install works.
func newMailSender(cfg Config, log *slog.Logger) MailSender {
	if cfg.SMTPHost == "" {
		return func(_ context.Context, m models.OutboxMessage) error {
			log.Info("email (no SMTP configured, not sent)", "to", m.ToAddress, "subject", m.Subject, "body", m.Body)
			return nil
		}
	}
	return func(ctx context.Context, m models.OutboxMessage) error {
		msg := mail.NewMsg()
		if err := msg.From(cfg.SMTPFrom); err != nil {
			return err
		}
		if err := msg.AddToFormat(m.ToName, m.ToAddress); err != nil {
			return err
		}
		msg.Subject(m.Subject)
		msg.SetBodyString(mail.TypeTextPlain, m.Body)
		msg.SetGenHeader(mail.HeaderContentLang, m.Language)
		client, err := mail.NewClient(cfg.SMTPHost, smtpOptions(cfg)...)
		if err != nil {
			return err
		}
		return client.DialAndSendWithContext(ctx, msg)
	}
}

func smtpOptions(cfg Config) []mail.Option {
	opts := []mail.Option{mail.WithPort(cfg.SMTPPort), mail.WithTimeout(20 * time.Second)}
	switch cfg.SMTPTLS {
	case "none":
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	case "tls":
		opts = append(opts, mail.WithSSL())
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	}
	if cfg.SMTPUser != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover), mail.WithUsername(cfg.SMTPUser), mail.WithPassword(cfg.SMTPPassword))
	}
	return opts
}

// mailBatch is how many due messages one claim takes.
const mailBatch = 20

// runMailer sends due outbox messages every interval until ctx ends.
func runMailer(ctx context.Context, db *models.DB, send MailSender, log *slog.Logger, interval time.Duration) {
	every(ctx, interval, func() { DeliverDueMail(ctx, db, send, log) })
}

// DeliverDueMail sends every due message, a batch at a time, so that a
// backlog (after an SMTP outage, or a mass invitation) drains at the pace
// of the mail server rather than one batch per interval. Each message is
// claimed first, so several instances never send one twice.
func DeliverDueMail(ctx context.Context, db *models.DB, send MailSender, log *slog.Logger) {
	for ctx.Err() == nil {
		if deliverMailBatch(ctx, db, send, log) < mailBatch {
			return
		}
	}
}

// deliverMailBatch claims and sends up to mailBatch due messages and says
// how many it claimed.
func deliverMailBatch(ctx context.Context, db *models.DB, send MailSender, log *slog.Logger) int {
	batch, err := models.ClaimDueMail(ctx, db, mailBatch, 5*time.Minute)
	if err != nil {
		if ctx.Err() == nil {
			log.Warn("claim outbox mail", "err", err)
		}
		return 0
	}
	for _, m := range batch {
		if err := send(ctx, m); err != nil {
			log.Warn("send email", "id", m.ID, "attempt", m.Attempts, "err", err)
			if err := models.MarkMailFailed(ctx, db, m, fmt.Errorf("attempt %d: %w", m.Attempts, err), 8); err != nil {
				log.Warn("record email failure", "id", m.ID, "err", err)
			}
			continue
		}
		if err := models.MarkMailSent(ctx, db, m.ID); err != nil {
			log.Warn("record email sent", "id", m.ID, "err", err)
		}
	}
	return len(batch)
}
