package models

import "time"

// Framework statuses.
const (
	FrameworkDraft     = "draft"
	FrameworkPublished = "published"
)

// Framework is one imported version of a criteria framework. Source is the
// file as imported; the parsed form is cached by the domain.
type Framework struct {
	ID            string     `gorm:"primaryKey" json:"id"`
	Code          string     `json:"code"`
	Version       string     `json:"version"`
	Title         string     `json:"title"`
	Source        string     `json:"-"`
	CriteriaCount int        `json:"criteria_count"`
	Status        string     `json:"status"`
	PublishedAt   *time.Time `json:"published_at"`
	CreatedBy     string     `json:"created_by"`
	CreatedAt     time.Time  `json:"created_at"`
}

// Status is an assessment's place in the workflow of design.md.
type Status string

// The workflow states.
const (
	StatusDraft            Status = "draft"
	StatusSubmitted        Status = "submitted"
	StatusInReview         Status = "in_review"
	StatusChangesRequested Status = "changes_requested"
	StatusReviewed         Status = "reviewed"
	StatusDecided          Status = "decided"
)

// Assessment is one accreditation cycle of a hotline, pinned to the
// framework version it started on.
type Assessment struct {
	ID          string `gorm:"primaryKey"`
	HotlineID   string
	FrameworkID string
	Status      Status
	Round       int
	PreviousID  *string
	Version     int
	SubmittedAt *time.Time
	// Deadline is the optional submission deadline set by the secretariat.
	Deadline  *time.Time
	CreatedBy string
	CreatedAt time.Time
	UpdatedAt time.Time

	Hotline   *Hotline   `gorm:"foreignKey:HotlineID"`
	Framework *Framework `gorm:"foreignKey:FrameworkID"`
}

// Self-assessment levels.
const (
	LevelMet           = "met"
	LevelPartiallyMet  = "partially_met"
	LevelNotMet        = "not_met"
	LevelNotApplicable = "not_applicable"
)

// Levels lists the self-assessment levels in display order.
var Levels = []string{LevelMet, LevelPartiallyMet, LevelNotMet, LevelNotApplicable}

// Answer is the manager's answer to one criterion. Version counts saves:
// 0 means never saved. CarriedOver marks an answer copied from the last
// cycle and not yet confirmed; Reopened marks a criterion opened again by a
// clarification request.
type Answer struct {
	ID           string `gorm:"primaryKey"`
	AssessmentID string
	Criterion    string
	Level        *string
	Narrative    string
	// Language is the language the narrative is written in, so that a
	// reviewer knows (empty for answers written before it was recorded).
	Language    string
	CarriedOver bool
	Reopened    bool
	Version     int
	UpdatedBy   string
	UpdatedAt   *time.Time
}

// AnswerRound is an answer as it stood at one submission, so every round
// is kept.
type AnswerRound struct {
	ID           string `gorm:"primaryKey"`
	AssessmentID string
	Round        int
	Criterion    string
	Level        *string
	Narrative    string
	CreatedAt    time.Time
}

// Evidence kinds.
const (
	EvidenceFile = "file"
	EvidenceLink = "link"
)

// Evidence is a file or a link attached to an answer. Filename is for
// display only; the file lives under StorageKey in the evidence store.
type Evidence struct {
	ID           string `gorm:"primaryKey"`
	AssessmentID string
	Criterion    string
	Kind         string
	Filename     string
	URL          string `gorm:"column:url"`
	StorageKey   string
	Size         int64
	SHA256       string `gorm:"column:sha256"`
	ContentType  string
	CarriedOver  bool
	CreatedBy    string
	CreatedAt    time.Time
	// PurgedAt is when the retention job removed the stored file (issue
	// 16): the name, size and hash stay, the file cannot be downloaded.
	PurgedAt *time.Time
}

// TableName keeps the table name as in the migration.
func (Evidence) TableName() string { return "evidence" }
