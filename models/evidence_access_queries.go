package models

import (
	"context"
	"time"
)

// EvidenceAccess is one download of an evidence file (issue 16): who (user
// and role at the time), what (file, criterion, assessment, hotline) and
// when. The hotline's manager reads it by role and pseudonym only.
type EvidenceAccess struct {
	ID           string `gorm:"primaryKey"`
	EvidenceID   string
	AssessmentID string
	HotlineID    string
	Criterion    string
	AppealID     string // set for a file of an appeal
	Filename     string
	UserID       string
	Role         Role
	At           time.Time
}

// TableName keeps the table name as in the migration.
func (EvidenceAccess) TableName() string { return "evidence_access" }

// EvidenceAccessRow is a download as listed, with the downloader's
// current name (a pseudonym once erased), which only the secretariat is
// shown.
type EvidenceAccessRow struct {
	EvidenceAccess `gorm:"embedded"`
	UserName       string
}

// InsertEvidenceAccess records one download.
func InsertEvidenceAccess(ctx context.Context, tx *DB, x *EvidenceAccess) error {
	return translate(tx.WithContext(ctx).Create(x).Error)
}

// HotlineEvidenceAccess pages a hotline's downloads, newest first, with
// their total.
func HotlineEvidenceAccess(ctx context.Context, db *DB, hotlineID string, page Page) ([]EvidenceAccessRow, int64, error) {
	var total int64
	g := db.WithContext(ctx)
	if err := g.Model(&EvidenceAccess{}).Where("hotline_id = ?", hotlineID).Count(&total).Error; err != nil {
		return nil, 0, translate(err)
	}
	var rows []EvidenceAccessRow
	err := g.Table("evidence_access x").
		Select("x.id, x.evidence_id, x.assessment_id, x.hotline_id, x.criterion, x.appeal_id, x.filename, x.user_id, x.role, x.at, COALESCE(u.name, '') AS user_name").
		Joins("LEFT JOIN users u ON u.id = x.user_id").Where("x.hotline_id = ?", hotlineID).
		Order("x.at DESC, x.id DESC").Limit(page.Limit()).Offset(page.Offset()).Scan(&rows).Error
	return rows, total, translate(err)
}

// ReviewerOrder lists, per assessment, its reviewers in the order they
// were assigned (first assignment first; assignments are never deleted,
// so the order is stable).
func ReviewerOrder(ctx context.Context, db *DB, assessmentIDs []string) (map[string][]string, error) {
	out := map[string][]string{}
	if len(assessmentIDs) == 0 {
		return out, nil
	}
	var rows []Assignment
	err := db.WithContext(ctx).Select("assessment_id, reviewer_id").Where("assessment_id IN ?", assessmentIDs).
		Order("assigned_at, id").Find(&rows).Error
	for _, r := range rows {
		out[r.AssessmentID] = append(out[r.AssessmentID], r.ReviewerID)
	}
	return out, translate(err)
}

// PanelMembersOf tells, per assessment, who sat on a panel of one of its
// appeals.
func PanelMembersOf(ctx context.Context, db *DB, assessmentIDs []string) (map[string]map[string]bool, error) {
	out := map[string]map[string]bool{}
	if len(assessmentIDs) == 0 {
		return out, nil
	}
	var rows []struct{ AssessmentID, UserID string }
	err := db.WithContext(ctx).Raw(`SELECT ap.assessment_id, m.user_id FROM appeal_members m JOIN appeals ap ON ap.id = m.appeal_id
 WHERE ap.assessment_id IN ?`, assessmentIDs).Scan(&rows).Error
	for _, r := range rows {
		if out[r.AssessmentID] == nil {
			out[r.AssessmentID] = map[string]bool{}
		}
		out[r.AssessmentID][r.UserID] = true
	}
	return out, translate(err)
}
