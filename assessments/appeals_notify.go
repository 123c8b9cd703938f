package assessments

import (
	"context"
	"fmt"

	"hotlineportal/models"
)

// appealAudience is who hears of a step of an appeal.
type appealAudience int

const (
	toSecretariat appealAudience = iota
	toManagers
	toMembers // the members still on the panel
)

// appealNotice is one notification of a step: to whom, and its kind
// (the catalogue's "notification.<kind>" and "email.notify.<kind>").
type appealNotice struct {
	to   appealAudience
	kind string
}

// appealStep is what every step of an appeal leaves behind: a line in the
// timeline (the actor by role only), an audit entry and notifications.
type appealStep struct {
	event, audit, detail string
	// role overrides the actor's role in the timeline ("panel").
	role   string
	notify []appealNotice
}

// appealStep records a step of an appeal in the caller's transaction.
func (s *Service) appealStep(ctx context.Context, tx *models.DB, a Actor, ap *models.Appeal, st appealStep) error {
	role := st.role
	if role == "" && a.User != nil {
		role = string(a.User.Role)
	}
	e := &models.AppealEvent{ID: models.NewID(), AppealID: ap.ID, At: s.now(), Kind: st.event, ActorRole: role, Detail: st.detail}
	if err := models.InsertAppealEvent(ctx, tx, e); err != nil {
		return fmt.Errorf("record appeal event %s: %w", st.event, err)
	}
	if err := s.audit(ctx, tx, a, st.audit, "appeal", ap.ID, st.detail); err != nil {
		return err
	}
	for _, n := range st.notify {
		users, err := s.appealAudience(ctx, tx, ap, n.to)
		if err != nil {
			return err
		}
		if err := s.notifyAppeal(ctx, tx, users, n.kind, ap); err != nil {
			return err
		}
	}
	return nil
}

// appealAudience lists the active users of an audience of an appeal.
func (s *Service) appealAudience(ctx context.Context, tx *models.DB, ap *models.Appeal, to appealAudience) ([]models.User, error) {
	switch to {
	case toSecretariat:
		return models.ActiveUsersWithRole(ctx, tx, models.RoleSecretariat)
	case toManagers:
		return models.ActiveUsersOfHotline(ctx, tx, ap.HotlineID)
	}
	members, err := models.AppealMembers(ctx, tx, ap.ID)
	if err != nil {
		return nil, fmt.Errorf("list panel of %s: %w", ap.ID, err)
	}
	var out []models.User
	for _, m := range members {
		if m.Active() && m.User != nil && !m.User.Disabled {
			out = append(out, *m.User)
		}
	}
	return out, nil
}

// notifyAppeal tells users of a step of an appeal, in the app and by
// email, with a link to the appeal's page.
func (s *Service) notifyAppeal(ctx context.Context, tx *models.DB, users []models.User, kind string, ap *models.Appeal) error {
	hotline := ""
	if ap.Hotline != nil {
		hotline = ap.Hotline.Name
	}
	for i := range users {
		u := &users[i]
		path := "/appeals/" + ap.ID
		n := &models.Notification{ID: models.NewID(), UserID: u.ID, Kind: kind, AssessmentID: ap.AssessmentID, Hotline: hotline, Link: path, CreatedAt: s.now()}
		if err := models.CreateNotification(ctx, tx, n); err != nil {
			return fmt.Errorf("notify %s of %s: %w", u.ID, kind, err)
		}
		if err := s.queueEmail(ctx, tx, u, "email.notify."+kind, map[string]any{"Hotline": hotline, "Link": s.opts.BaseURL + path}); err != nil {
			return err
		}
	}
	return nil
}
