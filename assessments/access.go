package assessments

import (
	"context"

	"hotlineportal/models"
)

// scopeOf is what an actor may see: every assessment for the secretariat,
// their hotline's for a manager, the assigned ones for a reviewer, and
// nothing for anyone else.
func scopeOf(a Actor) models.Scope {
	switch {
	case a.Is(models.RoleSecretariat):
		return models.Scope{All: true}
	case a.Is(models.RoleManager) && a.User.HotlineID != nil:
		return models.Scope{HotlineID: *a.User.HotlineID}
	case a.Is(models.RoleReviewer):
		return models.Scope{ReviewerID: a.User.ID}
	}
	return models.NoScope
}

// getAssessment loads one assessment the actor may see, with its hotline.
func (s *Service) getAssessment(ctx context.Context, db *models.DB, a Actor, id string) (*models.Assessment, error) {
	return models.VisibleAssessment(ctx, db, scopeOf(a), id, true)
}

// visibleAssessment loads one assessment the actor may see, without its
// hotline, for saves that need only its status and framework.
func (s *Service) visibleAssessment(ctx context.Context, a Actor, id string) (*models.Assessment, error) {
	return models.VisibleAssessment(ctx, s.db, scopeOf(a), id, false)
}
