package models

import (
	"context"
	"time"
)

// FindingsShare records that the secretariat shared the consolidated
// findings of a reviewed assessment with its hotline: the decision waits
// until ReplyDueAt, or until a final reply closes the window (ClosedAt).
type FindingsShare struct {
	AssessmentID string `gorm:"primaryKey"`
	SharedBy     string
	SharedAt     time.Time
	ReplyDueAt   time.Time
	ClosedAt     *time.Time
}

// TableName is the table of the shares.
func (FindingsShare) TableName() string { return "findings_shares" }

// OpenAt tells whether the hotline may still reply at now: not closed by
// a final reply and not past its due time.
func (f *FindingsShare) OpenAt(now time.Time) bool {
	return f != nil && f.ClosedAt == nil && now.Before(f.ReplyDueAt)
}

// Reply is one of the manager's replies to shared findings, on a criterion
// or, with Criterion empty, on the assessment as a whole.
type Reply struct {
	ID           string `gorm:"primaryKey"`
	AssessmentID string
	Criterion    string
	Text         string
	Final        bool
	AuthorID     string
	CreatedAt    time.Time

	Author *User `gorm:"foreignKey:AuthorID"`
}

// TableName is the table of the replies.
func (Reply) TableName() string { return "replies" }

// InsertFindingsShare records a share; a second share of the same
// assessment is ErrDuplicate.
func InsertFindingsShare(ctx context.Context, db *DB, f *FindingsShare) error {
	return translate(db.WithContext(ctx).Create(f).Error)
}

// FindingsShareOf is an assessment's share, or ErrNotFound when its
// findings were never shared.
func FindingsShareOf(ctx context.Context, db *DB, assessmentID string) (*FindingsShare, error) {
	return lockedFindingsShare(ctx, db, assessmentID, nil)
}

// LockedFindingsShare is FindingsShareOf inside a transaction, the row
// kept from changing (PostgreSQL) until it ends, so that two replies, or
// a reply and a decision, see the window in the same state.
func LockedFindingsShare(ctx context.Context, tx *DB, assessmentID string, lock RowLock) (*FindingsShare, error) {
	return lockedFindingsShare(ctx, tx, assessmentID, &lock)
}

func lockedFindingsShare(ctx context.Context, db *DB, assessmentID string, lock *RowLock) (*FindingsShare, error) {
	if !ValidID(assessmentID) {
		return nil, ErrNotFound
	}
	q := db.WithContext(ctx).Where("assessment_id = ?", assessmentID)
	if lock != nil {
		q = lock.apply(db, q)
	}
	var f FindingsShare
	if err := q.Take(&f).Error; err != nil {
		return nil, translate(err)
	}
	return &f, nil
}

// CloseReplyWindow closes an open window at now (a final reply); it
// reports false when it was already closed.
func CloseReplyWindow(ctx context.Context, tx *DB, assessmentID string, now time.Time) (bool, error) {
	res := tx.WithContext(ctx).Model(&FindingsShare{}).Where("assessment_id = ? AND closed_at IS NULL", assessmentID).
		Update("closed_at", now)
	return res.RowsAffected == 1, res.Error
}

// InsertReply records one reply.
func InsertReply(ctx context.Context, tx *DB, r *Reply) error {
	return translate(tx.WithContext(ctx).Create(r).Error)
}

// RepliesOf lists an assessment's replies with their authors, oldest
// first.
func RepliesOf(ctx context.Context, db *DB, assessmentID string) ([]Reply, error) {
	var out []Reply
	err := db.WithContext(ctx).Preload("Author").Where("assessment_id = ?", assessmentID).
		Order("created_at, id").Find(&out).Error
	return out, err
}
