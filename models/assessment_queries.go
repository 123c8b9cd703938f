package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// VisibleAssessment loads one assessment within the scope, with its
// hotline when withHotline is set; outside the scope, or a malformed ID,
// it is ErrNotFound.
func VisibleAssessment(ctx context.Context, db *DB, sc Scope, id string, withHotline bool) (*Assessment, error) {
	if !ValidID(id) {
		return nil, ErrNotFound
	}
	q := sc.assessments(db.WithContext(ctx))
	if withHotline {
		q = q.Preload("Hotline")
	}
	var as Assessment
	if err := q.Where("assessments.id = ?", id).Take(&as).Error; err != nil {
		return nil, translate(err)
	}
	return &as, nil
}

// AssessmentFilter narrows the assessment list; empty fields do not
// filter.
type AssessmentFilter struct {
	Status    string
	HotlineID string
}

// ListAssessments returns one page of the assessments within the scope
// that match the filter, newest change first, with their hotline and
// framework (without its source, which a list never shows), and how many
// match in all.
func ListAssessments(ctx context.Context, db *DB, sc Scope, f AssessmentFilter, page Page) ([]Assessment, int64, error) {
	q := sc.assessments(db.WithContext(ctx).Model(&Assessment{}))
	if f.Status != "" {
		q = q.Where("assessments.status = ?", f.Status)
	}
	if f.HotlineID != "" {
		q = q.Where("assessments.hotline_id = ?", f.HotlineID)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, translate(err)
	}
	var items []Assessment
	err := q.Preload("Hotline").Preload("Framework", func(db *gorm.DB) *gorm.DB { return db.Omit("source") }).
		Order("assessments.updated_at DESC").Limit(page.Limit()).Offset(page.Offset()).Find(&items).Error
	if err != nil {
		return nil, 0, translate(err)
	}
	return items, total, nil
}

// HotlineHasOpenAssessment tells whether a hotline has an assessment that
// is not decided yet: a hotline has one open cycle at a time.
func HotlineHasOpenAssessment(ctx context.Context, db *DB, hotlineID string) (bool, error) {
	var open int64
	err := db.WithContext(ctx).Model(&Assessment{}).Where("hotline_id = ? AND status <> ?", hotlineID, StatusDecided).Count(&open).Error
	return open > 0, translate(err)
}

// OpenAssessmentOf is a hotline's assessment that is not decided yet, or
// ErrNotFound, for the manager's dashboard.
func OpenAssessmentOf(ctx context.Context, db *DB, hotlineID string) (*Assessment, error) {
	var as Assessment
	if err := db.WithContext(ctx).Where("hotline_id = ? AND status <> ?", hotlineID, StatusDecided).Take(&as).Error; err != nil {
		return nil, translate(err)
	}
	return &as, nil
}

// LastDecidedAssessment is a hotline's most recent decided assessment,
// which a renewal carries its answers over from, or ErrNotFound.
func LastDecidedAssessment(ctx context.Context, db *DB, hotlineID string) (*Assessment, error) {
	var prev Assessment
	err := db.WithContext(ctx).Where("hotline_id = ? AND status = ?", hotlineID, StatusDecided).Order("created_at DESC").Take(&prev).Error
	if err != nil {
		return nil, translate(err)
	}
	return &prev, nil
}

// CreateAssessmentWithAnswers stores a new assessment and an empty answer
// for each criterion code, so that every later save is an update. A second
// open assessment of the hotline breaks a unique index: ErrDuplicate.
func CreateAssessmentWithAnswers(ctx context.Context, db *DB, as *Assessment, criteria []string) error {
	g := db.WithContext(ctx)
	if err := g.Create(as).Error; err != nil {
		return translate(err)
	}
	answers := make([]Answer, 0, len(criteria))
	for _, code := range criteria {
		answers = append(answers, Answer{ID: NewID(), AssessmentID: as.ID, Criterion: code})
	}
	return translate(g.CreateInBatches(answers, 100).Error)
}

// LockedAssessmentStatus reads an assessment's status in a transaction,
// locking its row on PostgreSQL until the transaction ends, so that the
// caller's check of the state still holds when it writes; an unknown
// assessment is ErrNotFound.
func LockedAssessmentStatus(ctx context.Context, tx *DB, id string, lock RowLock) (Status, error) {
	q := tx.WithContext(ctx).Model(&Assessment{}).Select("status").Where("id = ?", id)
	var status Status
	if err := lock.apply(tx, q).Scan(&status).Error; err != nil {
		return "", translate(err)
	}
	if status == "" {
		return "", ErrNotFound
	}
	return status, nil
}

// StatusChange is a move of an assessment in the workflow: to status To at
// At, from status From only when From is set. Version is the new version
// when set, else the stored one plus one; Round and SubmittedAt are
// written when set.
type StatusChange struct {
	From        Status
	To          Status
	At          time.Time
	Version     int
	Round       int
	SubmittedAt *time.Time
}

// ChangeAssessmentStatus applies a status change and reports whether it
// did: false when the assessment is not in c.From (any more), so that the
// domain decides what a lost race means.
func ChangeAssessmentStatus(ctx context.Context, db *DB, id string, c StatusChange) (bool, error) {
	set := map[string]any{"status": c.To, "updated_at": c.At, "version": gorm.Expr("version + 1")}
	if c.Version != 0 {
		set["version"] = c.Version
	}
	if c.Round != 0 {
		set["round"] = c.Round
	}
	if c.SubmittedAt != nil {
		set["submitted_at"] = *c.SubmittedAt
	}
	q := db.WithContext(ctx).Model(&Assessment{}).Where("id = ?", id)
	if c.From != "" {
		q = q.Where("status = ?", c.From)
	}
	res := q.Updates(set)
	if res.Error != nil {
		return false, translate(res.Error)
	}
	return res.RowsAffected == 1, nil
}
