package assessments

import (
	"context"

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
		if err := tx.WithContext(ctx).Create(n).Error; err != nil {
			return err
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
	var staff []models.User
	if err := tx.WithContext(ctx).Where("role = ? AND disabled = ?", models.RoleSecretariat, false).Find(&staff).Error; err != nil {
		return err
	}
	return s.notify(ctx, tx, staff, kind, as)
}

// notifyManagers tells the hotline's active managers.
func (s *Service) notifyManagers(ctx context.Context, tx *models.DB, kind string, as *models.Assessment) error {
	var managers []models.User
	if err := tx.WithContext(ctx).Where("hotline_id = ? AND disabled = ?", as.HotlineID, false).Find(&managers).Error; err != nil {
		return err
	}
	return s.notify(ctx, tx, managers, kind, as)
}

// notifyReviewers tells the assessment's active reviewers.
func (s *Service) notifyReviewers(ctx context.Context, tx *models.DB, kind string, as *models.Assessment) error {
	asgs, err := activeAssignments(tx.DB.WithContext(ctx), as.ID)
	if err != nil {
		return err
	}
	users := make([]models.User, 0, len(asgs))
	for _, x := range asgs {
		users = append(users, *x.Reviewer)
	}
	return s.notify(ctx, tx, users, kind, as)
}

// Notifications lists the actor's notifications, newest first, and how
// many are unread.
func (s *Service) Notifications(ctx context.Context, a Actor, limit int) ([]models.Notification, int64, error) {
	if a.User == nil {
		return nil, 0, ErrUnauthenticated
	}
	db := s.db.WithContext(ctx)
	var unread int64
	if err := db.Model(&models.Notification{}).Where("user_id = ? AND read_at IS NULL", a.User.ID).Count(&unread).Error; err != nil {
		return nil, 0, err
	}
	var items []models.Notification
	err := db.Where("user_id = ?", a.User.ID).Order("created_at DESC, id DESC").Limit(limit).Find(&items).Error
	return items, unread, err
}

// UnreadNotifications counts the actor's unread notifications, for the
// header.
func (s *Service) UnreadNotifications(ctx context.Context, a Actor) (int64, error) {
	var n int64
	if a.User == nil {
		return 0, nil
	}
	err := s.db.WithContext(ctx).Model(&models.Notification{}).Where("user_id = ? AND read_at IS NULL", a.User.ID).Count(&n).Error
	return n, err
}

// MarkNotificationsRead marks all of the actor's notifications read,
// through the writer like every other write.
func (s *Service) MarkNotificationsRead(ctx context.Context, a Actor) error {
	if a.User == nil {
		return ErrUnauthenticated
	}
	return s.tx(ctx, func(tx *models.DB) error {
		return tx.WithContext(ctx).Model(&models.Notification{}).Where("user_id = ? AND read_at IS NULL", a.User.ID).
			Update("read_at", s.now()).Error
	})
}
