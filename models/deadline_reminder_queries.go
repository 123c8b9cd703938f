package models

import (
	"context"
	"time"

	"gorm.io/gorm/clause"
)

// ClaimJobRun records that a scheduled job ran for a key inside the
// caller's transaction, and reports false (writing nothing) when another
// instance recorded it first. Unlike InsertJobRun it never fails the
// transaction on a duplicate, so the claim and the work it guards (an
// email queued) commit or roll back together.
func ClaimJobRun(ctx context.Context, db *DB, name, key string, now time.Time) (bool, error) {
	res := db.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&JobRun{Name: name, RunKey: key, RanAt: now})
	return res.RowsAffected == 1, res.Error
}

// ClaimedJobRuns tells which of the keys a job has already run for, so a
// frequent job skips, with one read, the work it did on earlier runs.
func ClaimedJobRuns(ctx context.Context, db *DB, name string, keys []string) (map[string]bool, error) {
	out := make(map[string]bool, len(keys))
	for start := 0; start < len(keys); start += 500 {
		var found []string
		chunk := keys[start:min(start+500, len(keys))]
		if err := db.WithContext(ctx).Model(&JobRun{}).Where("name = ? AND run_key IN ?", name, chunk).
			Pluck("run_key", &found).Error; err != nil {
			return nil, err
		}
		for _, k := range found {
			out[k] = true
		}
	}
	return out, nil
}

// OwedReviews lists the active assignments whose review is still owed
// (the assessment is in review and the reviewer has not submitted) and
// falls due at or before dueBy, with their reviewers and the assessment's
// hotline, soonest due first: the reviews to remind of or to report late.
func OwedReviews(ctx context.Context, db *DB, dueBy time.Time) ([]Assignment, map[string]*Assessment, error) {
	var out []Assignment
	err := db.WithContext(ctx).Preload("Reviewer").
		Joins("JOIN assessments ON assessments.id = assignments.assessment_id").
		Where("assignments.status <> ? AND assignments.due_at IS NOT NULL AND assignments.due_at <= ? AND assessments.status = ?",
			AssignmentDeclined, dueBy, StatusInReview).
		Where("NOT EXISTS (SELECT 1 FROM reviews WHERE reviews.assessment_id = assignments.assessment_id AND reviews.reviewer_id = assignments.reviewer_id)").
		Order("assignments.due_at, assignments.id").Find(&out).Error
	if err != nil || len(out) == 0 {
		return nil, nil, err
	}
	ids := make([]string, 0, len(out))
	for _, a := range out {
		ids = append(ids, a.AssessmentID)
	}
	var list []Assessment
	if err := db.WithContext(ctx).Preload("Hotline").Where("id IN ?", ids).Find(&list).Error; err != nil {
		return nil, nil, err
	}
	byID := make(map[string]*Assessment, len(list))
	for i := range list {
		byID[list[i].ID] = &list[i]
	}
	return out, byID, nil
}

// DraftsDueBy lists the assessments the hotline still works on (draft or
// sent back) whose submission deadline falls at or before dueBy, with
// their hotlines, soonest first.
func DraftsDueBy(ctx context.Context, db *DB, dueBy time.Time) ([]Assessment, error) {
	var out []Assessment
	err := db.WithContext(ctx).Preload("Hotline").
		Where("status IN ? AND deadline IS NOT NULL AND deadline <= ?", []Status{StatusDraft, StatusChangesRequested}, dueBy).
		Order("deadline, id").Find(&out).Error
	return out, err
}

// IdleDraft is a draft assessment and the last time anyone worked on it.
type IdleDraft struct {
	Assessment
	TouchedAt time.Time
}

// IdleDrafts lists the draft assessments nobody has touched since before
// at: the assessment itself, its answers and its evidence all older (the
// database picks them, so drafts in use cost nothing). Each comes with the
// time it was last touched, so a nudge can name the silence.
func IdleDrafts(ctx context.Context, db *DB, before time.Time) ([]IdleDraft, error) {
	var drafts []Assessment
	err := db.WithContext(ctx).Preload("Hotline").Where("status = ? AND updated_at < ?", StatusDraft, before).
		Where("NOT EXISTS (SELECT 1 FROM answers WHERE answers.assessment_id = assessments.id AND answers.updated_at >= ?)", before).
		Where("NOT EXISTS (SELECT 1 FROM evidence WHERE evidence.assessment_id = assessments.id AND evidence.created_at >= ?)", before).
		Order("updated_at, id").Find(&drafts).Error
	if err != nil {
		return nil, err
	}
	out := make([]IdleDraft, 0, len(drafts))
	for _, d := range drafts {
		touched, err := lastTouched(ctx, db, &d)
		if err != nil {
			return nil, err
		}
		out = append(out, IdleDraft{Assessment: d, TouchedAt: touched})
	}
	return out, nil
}

// lastTouched is the latest of the assessment's own update, its answers'
// saves and its evidence's uploads.
func lastTouched(ctx context.Context, db *DB, as *Assessment) (time.Time, error) {
	latest := as.UpdatedAt
	var ans []Answer
	if err := db.WithContext(ctx).Select("updated_at").Where("assessment_id = ? AND updated_at IS NOT NULL", as.ID).
		Order("updated_at DESC").Limit(1).Find(&ans).Error; err != nil {
		return latest, err
	}
	if len(ans) == 1 && ans[0].UpdatedAt != nil && ans[0].UpdatedAt.After(latest) {
		latest = *ans[0].UpdatedAt
	}
	var ev []Evidence
	if err := db.WithContext(ctx).Select("created_at").Where("assessment_id = ?", as.ID).
		Order("created_at DESC").Limit(1).Find(&ev).Error; err != nil {
		return latest, err
	}
	if len(ev) == 1 && ev[0].CreatedAt.After(latest) {
		latest = ev[0].CreatedAt
	}
	return latest, nil
}
