package models

import "time"

// Outcomes of a decision.
const (
	OutcomeAccredited     = "accredited"
	OutcomeWithConditions = "accredited_with_conditions"
	OutcomeNotAccredited  = "not_accredited"
)

// Decision is the secretariat's final, audited decision on an assessment.
type Decision struct {
	ID              string `gorm:"primaryKey"`
	AssessmentID    string
	Outcome         string
	ProposedOutcome string
	Rationale       string
	DepartureReason string
	DecidedBy       string
	DecidedAt       time.Time
}

// Condition states.
const (
	ConditionOpen      = "open"
	ConditionSubmitted = "submitted"
	ConditionAccepted  = "accepted"
)

// Condition is something an accredited-with-conditions hotline must show
// by a deadline.
type Condition struct {
	ID           string `gorm:"primaryKey"`
	DecisionID   string
	AssessmentID string
	HotlineID    string
	Text         string
	Deadline     time.Time
	Status       string
	EvidenceNote string
	SubmittedAt  *time.Time
	AcceptedAt   *time.Time
	AcceptedBy   string
	CreatedAt    time.Time

	Hotline *Hotline `gorm:"foreignKey:HotlineID"`
}

// Certificate is an issued accreditation. What it says is copied at issue
// (name, channels, framework, conditions) so it never changes afterwards;
// only its status does (suspension, revocation, expiry by date).
type Certificate struct {
	ID               string `gorm:"primaryKey"`
	Number           string
	AssessmentID     string
	HotlineID        string
	HotlineName      string
	HotlineLatin     string
	Country          string
	Channels         StringList `gorm:"type:text"`
	FrameworkCode    string
	FrameworkVersion string
	Outcome          string
	Conditions       string
	ValidFrom        time.Time
	ValidUntil       time.Time
	SuspendedAt      *time.Time
	SuspendedUntil   *time.Time
	SuspensionReason string
	RevokedAt        *time.Time
	RevocationReason string
	RemindersSent    StringList `gorm:"type:text"`
	IssuedAt         time.Time
}

// Certificate statuses, as the public sees them.
const (
	CertValid     = "valid"
	CertExpired   = "expired"
	CertSuspended = "suspended"
	CertRevoked   = "revoked"
)

// StatusAt says what the certificate is worth at a moment: revoked wins,
// then a running suspension, then expiry by date.
func (c *Certificate) StatusAt(now time.Time) string {
	switch {
	case c.RevokedAt != nil:
		return CertRevoked
	case c.SuspendedAt != nil && (c.SuspendedUntil == nil || now.Before(*c.SuspendedUntil)):
		return CertSuspended
	case !now.Before(c.ValidUntil):
		return CertExpired
	}
	return CertValid
}

// JobRun records that a scheduled job ran for a key (such as a day), so
// that with several portal instances it runs once.
type JobRun struct {
	Name   string `gorm:"primaryKey"`
	RunKey string `gorm:"primaryKey"`
	RanAt  time.Time
}

// CertificateDocument is the rendered PDF of an issued certificate, stored
// once so that every download is the same document and costs a read. The
// file lives in the file store under StorageKey, with its Size and SHA256
// checked on every read; rows from before the file store hold it in PDF
// until `portal storage migrate` moves it.
type CertificateDocument struct {
	CertificateID string `gorm:"primaryKey"`
	PDF           []byte `gorm:"column:pdf"`
	StorageKey    string
	Size          int64
	SHA256        string `gorm:"column:sha256"`
	CreatedAt     time.Time
}

// TableName names the table as in the migration.
func (CertificateDocument) TableName() string { return "certificate_documents" }
