package models

import (
	"context"
	"fmt"
	"time"
)

// ClarificationRequest is one request sent back to a manager: the same
// question about each criterion, in the assessment's current round.
type ClarificationRequest struct {
	AssessmentID string
	Round        int
	Criteria     []string
	AuthorID     string
	Body         string
	At           time.Time
}

// CreateClarifications records a clarification request as one message per
// criterion, so that each criterion's thread shows it.
func CreateClarifications(ctx context.Context, db *DB, r ClarificationRequest) error {
	g := db.WithContext(ctx)
	for _, c := range r.Criteria {
		m := &Message{ID: NewID(), AssessmentID: r.AssessmentID, Criterion: c, Round: r.Round, Kind: MessageClarification,
			AuthorID: r.AuthorID, Body: r.Body, CreatedAt: r.At}
		if err := g.Create(m).Error; err != nil {
			return fmt.Errorf("clarification %s: %w", c, translate(err))
		}
	}
	return nil
}
