package models

import (
	"context"
	"time"
)

// AuditEntry records who did what, when and from where. Entries are only
// ever inserted.
type AuditEntry struct {
	ID         string    `gorm:"primaryKey" json:"id"`
	At         time.Time `json:"at"`
	ActorID    string    `json:"actor_id"`
	ActorEmail string    `json:"actor_email"`
	Action     string    `json:"action"`
	ObjectType string    `json:"object_type"`
	ObjectID   string    `json:"object_id"`
	Detail     string    `json:"detail"`
	IP         string    `gorm:"column:ip" json:"ip"`
	RequestID  string    `json:"request_id"`
}

// TableName keeps the table name singular as in the migration.
func (AuditEntry) TableName() string { return "audit_log" }

// auditColumns are the audit log's columns, in the order of values.
const auditColumns = `id, at, actor_id, actor_email, action, object_type, object_id, detail, ip, request_id`

// values fills the entry's ID and time if unset and returns its column
// values, in the order of auditColumns.
func (e *AuditEntry) values() []any {
	if e.ID == "" {
		e.ID = NewID()
	}
	if e.At.IsZero() {
		e.At = time.Now().UTC()
	}
	return []any{e.ID, e.At, e.ActorID, e.ActorEmail, e.Action, e.ObjectType, e.ObjectID, e.Detail, e.IP, e.RequestID}
}

// InsertAudit writes one audit entry, filling its ID and time.
func InsertAudit(ctx context.Context, db *DB, e *AuditEntry) error {
	_, err := db.exec(ctx, `INSERT INTO audit_log (`+auditColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, e.values()...)
	return err
}
