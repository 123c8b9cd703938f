package server

import (
	"context"
	"crypto/tls"
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

// StartWorkers runs the mail sender, the hourly reminders (certificate
// expiry, deadlines), the clean-up of expired sessions and old failed
// sign-ins and the daily retention job until ctx ends.
func StartWorkers(ctx context.Context, cfg Config, svc *assessments.Service, log *slog.Logger) *Workers {
	w := &Workers{}
	sender := NewMailSender(cfg, log)
	w.start(func() { runMailer(ctx, svc, sender, cfg.MailSendLimit(), 2*time.Second) })
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
	// Issue 14: reminder emails.
	w.start(func() {
		every(ctx, time.Hour, func() {
			if n, err := svc.SendDeadlineReminders(ctx); err != nil && ctx.Err() == nil {
				log.Warn("deadline reminders", "err", err)
			} else if n > 0 {
				log.Info("deadline reminders sent", "count", n)
			}
		})
	})
	// Issue 16: retention, the first hour of each day on one instance.
	w.start(func() { every(ctx, time.Hour, func() { runRetention(ctx, svc, log) }) })
	// Issue 14: reviewer agreement, recomputed here after new reviews so
	// that the secretariat rarely waits for it.
	w.start(func() {
		refresh := func() {
			if err := svc.RefreshAgreement(ctx); err != nil && ctx.Err() == nil {
				log.Warn("refresh reviewer agreement", "err", err)
			}
		}
		refresh()
		every(ctx, time.Minute, refresh)
	})
	return w
}

// runRetention runs the daily retention job unless another instance
// already did today, and logs what it purged and deleted.
func runRetention(ctx context.Context, svc *assessments.Service, log *slog.Logger) {
	rep, err := svc.DailyRetention(ctx)
	switch {
	case err != nil && ctx.Err() == nil:
		log.Warn("retention", "err", err)
	case err == nil && !rep.Skipped:
		log.Info("retention ran", "evidence_files", rep.EvidenceFiles, "appeal_files", rep.AppealFiles, "stored_files", rep.StoredFiles,
			"sessions", rep.Sessions, "tokens", rep.Tokens, "links", rep.Links, "failures", rep.Failures)
	}
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

// MailSender delivers one message (the domain's type, named here for the
// server's callers).
type MailSender = assessments.MailSender

// NewMailSender sends through SMTP when configured; otherwise it writes
// each email, links included, to the log, so a laptop install works. It
// builds one go-mail client per message: the worker sends few emails, and
// a fresh connection never inherits a broken one's state.
func NewMailSender(cfg Config, log *slog.Logger) MailSender {
	if cfg.SMTPHost == "" {
		return func(_ context.Context, m models.OutboxMessage) error {
			log.Info("email (no SMTP configured, not sent)", "to", m.ToAddress, "subject", m.Subject, "body", m.Body)
			return nil
		}
	}
	opts := smtpOptions(cfg)
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
		client, err := mail.NewClient(cfg.SMTPHost, opts...)
		if err != nil {
			return err
		}
		return client.DialAndSendWithContext(ctx, msg)
	}
}

// smtpOptions turn the settings into go-mail's options. With starttls the
// upgrade is mandatory: a server that does not offer it is refused before
// any credentials are sent. The server's certificate is checked against
// the system's CAs plus PORTAL_SMTP_CA_FILE's.
func smtpOptions(cfg Config) []mail.Option {
	opts := []mail.Option{
		mail.WithPort(cfg.SMTPPort), mail.WithTimeout(cfg.SMTPTimeout),
		mail.WithTLSConfig(&tls.Config{ServerName: cfg.SMTPHost, MinVersion: tls.VersionTLS12, RootCAs: cfg.SMTPRootCAs}),
	}
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

// runMailer sends due outbox messages every interval until ctx ends.
func runMailer(ctx context.Context, svc *assessments.Service, send MailSender, limit, interval time.Duration) {
	every(ctx, interval, func() { svc.DeliverDueMail(ctx, send, limit) })
}
