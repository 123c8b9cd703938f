package assessments

import (
	"context"
	"fmt"

	"hotlineportal/models"
)

// notify tells users about an assessment event, in the app and by email
// (through the outbox, in each recipient's language, with a link).
func (s *Service) notify(ctx context.Context, tx *models.DB, users []models.User, kind string, as *models.Assessment) error {
	hotline := ""
	if as.Hotline != nil {
		hotline = as.Hotline.Name
	}
	for i := range users {
		u := &users[i]
		n := &models.Notification{ID: models.NewID(), UserID: u.ID, Kind: kind, AssessmentID: as.ID, Hotline: hotline, CreatedAt: s.now()}
		if err := models.CreateNotification(ctx, tx, n); err != nil {
			return fmt.Errorf("notify %s of %s: %w", u.ID, kind, err)
		}
		link := s.opts.BaseURL + "/assessments/" + as.ID
		if err := s.queueEmail(ctx, tx, u, "email.notify."+kind, map[string]any{"Hotline": hotline, "Link": link}); err != nil {
			return err
		}
	}
	return nil
}

// notifySecretariat tells every active secretariat member.
func (s *Service) notifySecretariat(ctx context.Context, tx *models.DB, kind string, as *models.Assessment) error {
	staff, err := models.ActiveUsersWithRole(ctx, tx, models.RoleSecretariat)
	if err != nil {
		return fmt.Errorf("list secretariat to notify: %w", err)
	}
	return s.notify(ctx, tx, staff, kind, as)
}

// notifyManagers tells the hotline's active managers.
func (s *Service) notifyManagers(ctx context.Context, tx *models.DB, kind string, as *models.Assessment) error {
	managers, err := models.ActiveUsersOfHotline(ctx, tx, as.HotlineID)
	if err != nil {
		return fmt.Errorf("list managers to notify: %w", err)
	}
	return s.notify(ctx, tx, managers, kind, as)
}

// notifyReviewers tells the assessment's active reviewers.
func (s *Service) notifyReviewers(ctx context.Context, tx *models.DB, kind string, as *models.Assessment) error {
	asgs, err := models.ActiveAssignments(ctx, tx, as.ID)
	if err != nil {
		return fmt.Errorf("list reviewers to notify: %w", err)
	}
	users := make([]models.User, 0, len(asgs))
	for _, x := range asgs {
		users = append(users, *x.Reviewer)
	}
	return s.notify(ctx, tx, users, kind, as)
}

// Notifications lists the actor's own notifications, newest first (at
// most limit), and how many are unread.
func (s *Service) Notifications(ctx context.Context, a Actor, limit int) ([]models.Notification, int64, error) {
	if a.User == nil {
		return nil, 0, ErrUnauthenticated
	}
	unread, err := models.CountUnreadNotifications(ctx, s.db, a.User.ID)
	if err != nil {
		return nil, 0, fmt.Errorf("count unread notifications: %w", err)
	}
	items, err := models.RecentNotifications(ctx, s.db, a.User.ID, limit)
	if err != nil {
		return nil, 0, fmt.Errorf("list notifications: %w", err)
	}
	return items, unread, nil
}

// NotificationsPage lists one page of the actor's own notifications,
// newest first, with how many there are in all and how many are unread.
func (s *Service) NotificationsPage(ctx context.Context, a Actor, page Page) (items []models.Notification, total, unread int64, err error) {
	if a.User == nil {
		return nil, 0, 0, ErrUnauthenticated
	}
	if unread, err = models.CountUnreadNotifications(ctx, s.db, a.User.ID); err != nil {
		return nil, 0, 0, fmt.Errorf("count unread notifications: %w", err)
	}
	if items, total, err = models.NotificationsPage(ctx, s.db, a.User.ID, page); err != nil {
		return nil, 0, 0, fmt.Errorf("list notifications: %w", err)
	}
	return items, total, unread, nil
}

// UnreadNotifications counts the actor's unread notifications, for the
// header; nobody signed in has none.
func (s *Service) UnreadNotifications(ctx context.Context, a Actor) (int64, error) {
	if a.User == nil {
		return 0, nil
	}
	n, err := models.CountUnreadNotifications(ctx, s.db, a.User.ID)
	if err != nil {
		return 0, fmt.Errorf("count unread notifications: %w", err)
	}
	return n, nil
}

// MarkNotificationsRead marks all of the actor's notifications read,
// through the writer like every other write.
func (s *Service) MarkNotificationsRead(ctx context.Context, a Actor) error {
	if a.User == nil {
		return ErrUnauthenticated
	}
	return s.tx(ctx, func(tx *models.DB) error { return models.MarkNotificationsRead(ctx, tx, a.User.ID, s.now()) })
}
