package models

import "time"

// Conflict is a reviewer's declared conflict of interest with a hotline.
type Conflict struct {
	ID         string `gorm:"primaryKey"`
	ReviewerID string
	HotlineID  string
	Reason     string
	CreatedAt  time.Time

	Hotline *Hotline `gorm:"foreignKey:HotlineID"`
}

// Assignment states: a reviewer confirms having no conflict (accepted) or
// declines, which frees the slot.
const (
	AssignmentPending  = "pending"
	AssignmentAccepted = "accepted"
	AssignmentDeclined = "declined"
)

// Assignment gives one reviewer one assessment to review.
type Assignment struct {
	ID             string `gorm:"primaryKey"`
	AssessmentID   string
	ReviewerID     string
	Status         string
	OverrideReason string
	DeclineReason  string
	AssignedBy     string
	AssignedAt     time.Time
	RespondedAt    *time.Time
	// DueAt is when the review is due; set at assignment (given, or
	// PORTAL_REVIEW_DAYS later) and moved only by the secretariat.
	DueAt *time.Time

	Reviewer *User `gorm:"foreignKey:ReviewerID"`
}

// Score is one reviewer's score of one criterion: 0-4, or nil for N/A.
type Score struct {
	ID           string `gorm:"primaryKey"`
	AssessmentID string
	ReviewerID   string
	Criterion    string
	Score        *int
	Comment      string
	Version      int
	UpdatedAt    time.Time
}

// Recommendations a reviewer can make.
const (
	RecommendAccredit           = "accredit"
	RecommendAccreditConditions = "accredit_with_conditions"
	RecommendNotAccredit        = "not_accredit"
)

// Review is a reviewer's final recommendation; once it exists the
// reviewer's scores are final.
type Review struct {
	ID             string `gorm:"primaryKey"`
	AssessmentID   string
	ReviewerID     string
	Recommendation string
	Summary        string
	SubmittedAt    time.Time

	Reviewer *User `gorm:"foreignKey:ReviewerID"`
}

// Message kinds of the thread per criterion.
const (
	MessageClarification = "clarification"
	MessageReconcile     = "reconcile"
	MessageNote          = "note"
)

// Message is one entry of an assessment's thread, per criterion, kept
// with the round it belongs to.
type Message struct {
	ID           string `gorm:"primaryKey"`
	AssessmentID string
	Criterion    string
	Round        int
	Kind         string
	AuthorID     string
	Body         string
	CreatedAt    time.Time

	Author *User `gorm:"foreignKey:AuthorID"`
}

// Notification is an in-app notice; its text comes from the catalogue
// by kind, in the reader's language.
type Notification struct {
	ID           string `gorm:"primaryKey"`
	UserID       string
	Kind         string
	AssessmentID string
	Hotline      string
	// Link is the path the notice leads to, when not the assessment's
	// page (an appeal, a data request); see Target.
	Link      string
	ReadAt    *time.Time
	CreatedAt time.Time
}

// Target is the path the notice leads to: its link, else its
// assessment's page, else the dashboard.
func (n Notification) Target() string {
	switch {
	case n.Link != "":
		return n.Link
	case n.AssessmentID != "":
		return "/assessments/" + n.AssessmentID
	}
	return "/dashboard"
}
