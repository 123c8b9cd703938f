package models

import "time"

// Outbox states.
const (
	MailPending = "pending"
	MailSending = "sending"
	MailSent    = "sent"
	MailFailed  = "failed"
)

// OutboxMessage is an email waiting to be sent by the mail worker, so that a
// slow mail server never blocks a request and a message survives a restart.
type OutboxMessage struct {
	ID            string `gorm:"primaryKey"`
	ToAddress     string
	ToName        string
	Language      string
	Subject       string
	Body          string
	Status        string
	Attempts      int
	LastError     string
	NextAttemptAt time.Time
	ClaimedUntil  *time.Time
	SentAt        *time.Time
	// LastAttemptAt is when the worker last tried to deliver the message,
	// so the secretariat sees when an outage happened.
	LastAttemptAt *time.Time
	CreatedAt     time.Time
}

// TableName keeps the table name as in the migration.
func (OutboxMessage) TableName() string { return "outbox" }
