package assessments

import (
	"context"

	"hotlineportal/models"
)

// NetworkCounts are the headline figures of the secretariat dashboard.
type NetworkCounts struct {
	Hotlines           int64
	Users              int64
	PendingInvitations int64
	DisabledUsers      int64
}

// CountNetwork counts hotlines and accounts (secretariat only).
func (s *Service) CountNetwork(ctx context.Context, a Actor) (NetworkCounts, error) {
	var n NetworkCounts
	if !a.Is(models.RoleSecretariat) {
		return n, ErrForbidden
	}
	db := s.db.WithContext(ctx)
	if err := db.Model(&models.Hotline{}).Where("disabled = ?", false).Count(&n.Hotlines).Error; err != nil {
		return n, err
	}
	if err := db.Model(&models.User{}).Where("disabled = ?", false).Count(&n.Users).Error; err != nil {
		return n, err
	}
	if err := db.Model(&models.User{}).Where("disabled = ?", true).Count(&n.DisabledUsers).Error; err != nil {
		return n, err
	}
	err := db.Model(&models.User{}).Where("password_hash = '' AND disabled = ?", false).Count(&n.PendingInvitations).Error
	return n, err
}

// AuditQuery filters and pages the audit log.
type AuditQuery struct {
	Action   string
	ObjectID string
	Page     Page
}

// ListAudit returns audit entries, newest first (secretariat only).
func (s *Service) ListAudit(ctx context.Context, a Actor, q AuditQuery) ([]models.AuditEntry, int64, error) {
	if !a.Is(models.RoleSecretariat) {
		return nil, 0, ErrForbidden
	}
	db := s.db.WithContext(ctx).Model(&models.AuditEntry{})
	if q.Action != "" {
		db = db.Where(`action LIKE ? ESCAPE '\'`, escapeLike(q.Action)+"%")
	}
	if q.ObjectID != "" {
		db = db.Where("object_id = ? OR actor_id = ?", q.ObjectID, q.ObjectID)
	}
	var total int64
	if err := db.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var entries []models.AuditEntry
	err := db.Order("at DESC, id DESC").Limit(q.Page.Limit()).Offset(q.Page.Offset()).Find(&entries).Error
	return entries, total, err
}
