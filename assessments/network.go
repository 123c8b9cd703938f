package assessments

import (
	"context"
	"fmt"

	"hotlineportal/models"
)

// NetworkCounts are the headline figures of the secretariat dashboard.
type NetworkCounts = models.NetworkCounts

// CountNetwork counts hotlines and accounts (secretariat only).
func (s *Service) CountNetwork(ctx context.Context, a Actor) (NetworkCounts, error) {
	if !a.Is(models.RoleSecretariat) {
		return NetworkCounts{}, ErrForbidden
	}
	n, err := models.CountNetwork(ctx, s.db)
	if err != nil {
		return n, fmt.Errorf("count the network: %w", err)
	}
	return n, nil
}

// AuditQuery filters and pages the audit log: Action is the start of an
// action name ("user." for every account action), ObjectID an object or
// an actor the entries are about.
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
	entries, total, err := models.ListAudit(ctx, s.db, models.AuditFilter{ActionPrefix: q.Action, SubjectID: q.ObjectID}, q.Page)
	if err != nil {
		return nil, 0, fmt.Errorf("list audit entries: %w", err)
	}
	return entries, total, nil
}
