package models

import "context"

// AuditFilter selects audit entries: ActionPrefix keeps the actions that
// start with it (taken literally, "user." finds every account action);
// SubjectID keeps the entries about that object or by that actor.
type AuditFilter struct {
	ActionPrefix string
	SubjectID    string
}

// ListAudit returns one page of the audit entries the filter selects,
// newest first, and how many it selects in all.
func ListAudit(ctx context.Context, db *DB, f AuditFilter, page Page) ([]AuditEntry, int64, error) {
	q := db.WithContext(ctx).Model(&AuditEntry{})
	if f.ActionPrefix != "" {
		q = q.Where(`action LIKE ? ESCAPE '\'`, escapeLike(f.ActionPrefix)+"%")
	}
	if f.SubjectID != "" {
		q = q.Where("object_id = ? OR actor_id = ?", f.SubjectID, f.SubjectID)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var entries []AuditEntry
	err := q.Order("at DESC, id DESC").Limit(page.Limit()).Offset(page.Offset()).Find(&entries).Error
	return entries, total, err
}
