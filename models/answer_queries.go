package models

import (
	"context"
	"fmt"
	"time"
)

// The answers' queries other than the autosave, which is plain SQL in
// hot_queries.go.

// AnswersOf lists every answer of an assessment, in no particular order:
// the questionnaire places them by criterion code.
func AnswersOf(ctx context.Context, db *DB, assessmentID string) ([]Answer, error) {
	var answers []Answer
	if err := db.WithContext(ctx).Where("assessment_id = ?", assessmentID).Find(&answers).Error; err != nil {
		return nil, translate(err)
	}
	return answers, nil
}

// CarryOverAnswers copies the answered criteria of a previous cycle into a
// new assessment's empty answers (criteria the new framework no longer has
// are skipped), each marked carried over until its manager confirms it.
func CarryOverAnswers(ctx context.Context, db *DB, fromID, toID, by string, now time.Time) error {
	g := db.WithContext(ctx)
	var old []Answer
	if err := g.Where("assessment_id = ? AND level IS NOT NULL", fromID).Find(&old).Error; err != nil {
		return translate(err)
	}
	for _, ans := range old {
		err := g.Model(&Answer{}).Where("assessment_id = ? AND criterion = ?", toID, ans.Criterion).Updates(map[string]any{
			"level": ans.Level, "narrative": ans.Narrative, "carried_over": true, "version": 1, "updated_by": by, "updated_at": now,
		}).Error
		if err != nil {
			return fmt.Errorf("carry over %s: %w", ans.Criterion, translate(err))
		}
	}
	return nil
}

// SnapshotAnswers keeps every answer of an assessment as it stands at a
// submission, as round round, so that no round is overwritten.
func SnapshotAnswers(ctx context.Context, db *DB, assessmentID string, round int, now time.Time) error {
	g := db.WithContext(ctx)
	var answers []Answer
	if err := g.Where("assessment_id = ?", assessmentID).Find(&answers).Error; err != nil {
		return translate(err)
	}
	rows := make([]AnswerRound, 0, len(answers))
	for _, ans := range answers {
		rows = append(rows, AnswerRound{
			ID: NewID(), AssessmentID: assessmentID, Round: round, Criterion: ans.Criterion,
			Level: ans.Level, Narrative: ans.Narrative, CreatedAt: now,
		})
	}
	return translate(g.CreateInBatches(rows, 100).Error)
}

// ReopenAnswers opens the answers of the given criteria again for their
// manager, after a clarification request; the others stay locked.
func ReopenAnswers(ctx context.Context, db *DB, assessmentID string, criteria []string) error {
	err := db.WithContext(ctx).Model(&Answer{}).Where("assessment_id = ? AND criterion IN ?", assessmentID, criteria).Update("reopened", true).Error
	return translate(err)
}

// LockReopenedAnswers locks again the answers a clarification reopened,
// once the manager resubmits.
func LockReopenedAnswers(ctx context.Context, db *DB, assessmentID string) error {
	err := db.WithContext(ctx).Model(&Answer{}).Where("assessment_id = ? AND reopened = ?", assessmentID, true).Update("reopened", false).Error
	return translate(err)
}
