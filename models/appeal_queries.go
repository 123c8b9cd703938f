package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// The queries on appeals. Who may see or change one is the domain's rule;
// AppealScope carries it here.

// AppealScope is which appeals a query may show: all (the secretariat),
// one hotline's (its manager) or those a user sits on the panel of.
type AppealScope struct {
	All       bool
	HotlineID string
	MemberID  string
}

// apply limits a query on the appeals table to the scope; an empty scope
// shows nothing.
func (sc AppealScope) apply(db *gorm.DB) *gorm.DB {
	switch {
	case sc.All:
		return db
	case sc.HotlineID != "":
		return db.Where("appeals.hotline_id = ?", sc.HotlineID)
	case sc.MemberID != "":
		return db.Where("EXISTS (SELECT 1 FROM appeal_members m WHERE m.appeal_id = appeals.id AND m.user_id = ?)", sc.MemberID)
	}
	return db.Where("1 = 0")
}

// InsertAppeal records a lodged appeal; a second open appeal on the same
// assessment is ErrDuplicate (the partial unique index).
func InsertAppeal(ctx context.Context, db *DB, a *Appeal) error {
	return translate(db.WithContext(ctx).Omit("Hotline").Create(a).Error)
}

// AppealByID is one appeal within the scope, with its hotline; otherwise
// ErrNotFound (a malformed ID too).
func AppealByID(ctx context.Context, db *DB, sc AppealScope, id string) (*Appeal, error) {
	if !ValidID(id) {
		return nil, ErrNotFound
	}
	var a Appeal
	err := sc.apply(db.WithContext(ctx).Model(&Appeal{})).Preload("Hotline").Where("appeals.id = ?", id).Take(&a).Error
	if err != nil {
		return nil, translate(err)
	}
	return &a, nil
}

// ListAppeals lists one page of the appeals within the scope, optionally
// in one status, newest first, with how many there are in all.
func ListAppeals(ctx context.Context, db *DB, sc AppealScope, status string, page Page) ([]Appeal, int64, error) {
	q := sc.apply(db.WithContext(ctx).Model(&Appeal{}))
	if status != "" {
		q = q.Where("appeals.status = ?", status)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var out []Appeal
	err := q.Preload("Hotline").Order("appeals.lodged_at DESC, appeals.id DESC").Limit(page.Limit()).Offset(page.Offset()).Find(&out).Error
	return out, total, err
}

// OpenAppealOf is the open appeal of an assessment, or ErrNotFound.
func OpenAppealOf(ctx context.Context, db *DB, assessmentID string) (*Appeal, error) {
	var a Appeal
	err := db.WithContext(ctx).Where("assessment_id = ? AND status IN ?", assessmentID, AppealOpenStates).Take(&a).Error
	if err != nil {
		return nil, translate(err)
	}
	return &a, nil
}

// HeardAppealOf is the appeal of an assessment a panel has heard (upheld
// or overturned), or ErrNotFound: its outcome is final, so there is no
// second appeal.
func HeardAppealOf(ctx context.Context, db *DB, assessmentID string) (*Appeal, error) {
	var a Appeal
	err := db.WithContext(ctx).Where("assessment_id = ? AND status IN ?", assessmentID, []string{AppealUpheld, AppealOverturned}).
		Order("closed_at DESC").Take(&a).Error
	if err != nil {
		return nil, translate(err)
	}
	return &a, nil
}

// AppealChange is a change of an appeal's state, applied only if the
// appeal is still in one of From at Version.
type AppealChange struct {
	From    []string
	Version int
	Fields  map[string]any
}

// ChangeAppeal applies a change to an appeal and moves its version on; it
// reports false when the appeal moved meanwhile (another state or
// version), so that the caller answers with a conflict.
func ChangeAppeal(ctx context.Context, db *DB, id string, ch AppealChange) (bool, error) {
	fields := map[string]any{"version": gorm.Expr("version + 1")}
	for k, v := range ch.Fields {
		fields[k] = v
	}
	res := db.WithContext(ctx).Model(&Appeal{}).
		Where("id = ? AND status IN ? AND version = ?", id, ch.From, ch.Version).Updates(fields)
	return res.RowsAffected == 1, res.Error
}

// TouchHeardAppeal moves on the version of an appeal a panel still
// hears, so that an outcome recorded on what the panel had said before
// is refused as stale; it reports false once the panel no longer hears
// it.
func TouchHeardAppeal(ctx context.Context, db *DB, id string) (bool, error) {
	res := db.WithContext(ctx).Model(&Appeal{}).Where("id = ? AND status = ?", id, AppealPanel).
		Update("version", gorm.Expr("version + 1"))
	return res.RowsAffected == 1, res.Error
}

// AppealMembers lists an appeal's panel in the order members joined, with
// their accounts.
func AppealMembers(ctx context.Context, db *DB, appealID string) ([]AppealMember, error) {
	var out []AppealMember
	err := db.WithContext(ctx).Preload("User").Where("appeal_id = ?", appealID).Order("seq").Find(&out).Error
	return out, err
}

// InsertAppealMember adds a member to a panel; one already on it is
// ErrDuplicate.
func InsertAppealMember(ctx context.Context, db *DB, m *AppealMember) error {
	return translate(db.WithContext(ctx).Omit("User").Create(m).Error)
}

// AnswerAppealMember records a member's answer (a view, or that they
// declined or declared a conflict) while they still sit on the panel; it
// reports false when they no longer do.
func AnswerAppealMember(ctx context.Context, db *DB, appealID, userID, status, view, rationale string, now time.Time) (bool, error) {
	res := db.WithContext(ctx).Model(&AppealMember{}).
		Where("appeal_id = ? AND user_id = ? AND status IN ?", appealID, userID, []string{MemberInvited, MemberAnswered}).
		Updates(map[string]any{"status": status, "view": view, "rationale": rationale, "responded_at": now})
	return res.RowsAffected == 1, res.Error
}

// InsertAppealEvent adds a step to an appeal's timeline.
func InsertAppealEvent(ctx context.Context, db *DB, e *AppealEvent) error {
	return db.WithContext(ctx).Create(e).Error
}

// AppealEvents lists an appeal's timeline, oldest first.
func AppealEvents(ctx context.Context, db *DB, appealID string) ([]AppealEvent, error) {
	var out []AppealEvent
	err := db.WithContext(ctx).Where("appeal_id = ?", appealID).Order("at, id").Find(&out).Error
	return out, err
}

// InsertAppealFile records a file attached to an appeal.
func InsertAppealFile(ctx context.Context, db *DB, f *AppealFile) error {
	return db.WithContext(ctx).Create(f).Error
}

// AppealFiles lists an appeal's files, oldest first.
func AppealFiles(ctx context.Context, db *DB, appealID string) ([]AppealFile, error) {
	var out []AppealFile
	err := db.WithContext(ctx).Where("appeal_id = ?", appealID).Order("created_at, id").Find(&out).Error
	return out, err
}

// AppealFileByID is one file of an appeal, or ErrNotFound.
func AppealFileByID(ctx context.Context, db *DB, appealID, id string) (*AppealFile, error) {
	if !ValidID(id) {
		return nil, ErrNotFound
	}
	var f AppealFile
	if err := db.WithContext(ctx).Where("appeal_id = ? AND id = ?", appealID, id).Take(&f).Error; err != nil {
		return nil, translate(err)
	}
	return &f, nil
}

// AppealFileBytes sums the sizes of an appeal's files, for its quota.
func AppealFileBytes(ctx context.Context, db *DB, appealID string) (int64, error) {
	var n int64
	err := db.WithContext(ctx).Model(&AppealFile{}).Where("appeal_id = ?", appealID).Select("COALESCE(SUM(size), 0)").Scan(&n).Error
	return n, err
}

// PanelBars are the facts that keep users off an appeal's panel, per user
// ID: who had an assignment on the assessment (any state), who took its
// decision (now or before an earlier appeal overturned it), and who
// declared a conflict with the hotline.
type PanelBars struct {
	Reviewed, Decided, Conflicted map[string]bool
}

// PanelBarsOf loads the facts that keep users off the panel of an appeal
// on an assessment of a hotline.
func PanelBarsOf(ctx context.Context, db *DB, assessmentID, hotlineID string) (*PanelBars, error) {
	b := &PanelBars{Reviewed: map[string]bool{}, Decided: map[string]bool{}, Conflicted: map[string]bool{}}
	var ids []string
	q := db.WithContext(ctx)
	if err := q.Model(&Assignment{}).Where("assessment_id = ?", assessmentID).Pluck("reviewer_id", &ids).Error; err != nil {
		return nil, err
	}
	mark(b.Reviewed, ids)
	ids = nil
	if err := q.Model(&Decision{}).Where("assessment_id = ?", assessmentID).Pluck("decided_by", &ids).Error; err != nil {
		return nil, err
	}
	mark(b.Decided, ids)
	ids = nil
	if err := q.Model(&Appeal{}).Where("assessment_id = ? AND decided_by <> ''", assessmentID).Pluck("decided_by", &ids).Error; err != nil {
		return nil, err
	}
	mark(b.Decided, ids)
	ids = nil
	if err := q.Model(&Conflict{}).Where("hotline_id = ?", hotlineID).Pluck("reviewer_id", &ids).Error; err != nil {
		return nil, err
	}
	mark(b.Conflicted, ids)
	return b, nil
}

func mark(set map[string]bool, ids []string) {
	for _, id := range ids {
		set[id] = true
	}
}

// PanelCandidates lists the active reviewers and secretariat members by
// name: the people a panel may be formed of.
func PanelCandidates(ctx context.Context, db *DB) ([]User, error) {
	var out []User
	err := db.WithContext(ctx).Where("role IN ? AND disabled = ?", []Role{RoleReviewer, RoleSecretariat}, false).
		Order("name, id").Find(&out).Error
	return out, err
}

// UsersByIDs loads the users with the given IDs (malformed ones are
// skipped), whatever their role or state.
func UsersByIDs(ctx context.Context, db *DB, ids []string) ([]User, error) {
	valid := make([]string, 0, len(ids))
	for _, id := range ids {
		if ValidID(id) {
			valid = append(valid, id)
		}
	}
	if len(valid) == 0 {
		return nil, nil
	}
	var out []User
	err := db.WithContext(ctx).Where("id IN ?", valid).Find(&out).Error
	return out, err
}

// ReplaceDecision makes an appeal's new outcome the assessment's
// decision: its outcome, reasons, who and when.
func ReplaceDecision(ctx context.Context, db *DB, d *Decision) error {
	return db.WithContext(ctx).Model(&Decision{}).Where("id = ?", d.ID).Updates(map[string]any{
		"outcome": d.Outcome, "rationale": d.Rationale, "departure_reason": d.DepartureReason,
		"decided_by": d.DecidedBy, "decided_at": d.DecidedAt,
	}).Error
}

// DeleteDecisionConditions removes a decision's conditions, which a
// decision replaced on appeal no longer carries.
func DeleteDecisionConditions(ctx context.Context, db *DB, decisionID string) error {
	return db.WithContext(ctx).Where("decision_id = ?", decisionID).Delete(&Condition{}).Error
}

// ReplaceResultOutcome changes the outcome the analytics read for an
// assessment whose decision was replaced on appeal.
func ReplaceResultOutcome(ctx context.Context, db *DB, assessmentID, outcome string, decidedAt time.Time) error {
	return db.WithContext(ctx).Model(&AssessmentResult{}).Where("assessment_id = ?", assessmentID).
		Updates(map[string]any{"outcome": outcome, "decided_at": decidedAt}).Error
}
