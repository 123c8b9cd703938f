package assessments_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"hotlineportal/assessments"
	"hotlineportal/assessments/domaintest"
	"hotlineportal/models"
)

// peopleNotify stores n notifications for a fixture user, a second apart.
func peopleNotify(t *testing.T, env *domaintest.Env, key string, n int) {
	t.Helper()
	err := env.DB.WriteTx(context.Background(), func(tx *models.DB) error {
		for i := range n {
			note := &models.Notification{ID: models.NewID(), UserID: env.Users[key].ID, Kind: "submitted",
				AssessmentID: peopleUnknownID, Hotline: "H", CreatedAt: env.Clock.Now().Add(time.Duration(i) * time.Second)}
			if err := models.CreateNotification(context.Background(), tx, note); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestNotificationsAreOnlyOnesOwn(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	ctx := context.Background()
	peopleNotify(t, env, domaintest.ManagerA, 3)
	peopleNotify(t, env, domaintest.Reviewer1, 2)
	mine := func(key string, limit int) ([]models.Notification, int64) {
		t.Helper()
		items, unread, err := env.Svc.Notifications(ctx, env.Actor(key), limit)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range items {
			if n.UserID != env.Users[key].ID {
				t.Errorf("%s sees a notification of %s", key, n.UserID)
			}
		}
		return items, unread
	}
	cases := []struct {
		name, key     string
		limit         int
		items, unread int
	}{
		{"manager's", domaintest.ManagerA, 10, 3, 3},
		{"manager's, limited", domaintest.ManagerA, 2, 2, 3},
		{"reviewer's", domaintest.Reviewer1, 10, 2, 2},
		{"nobody wrote to the secretariat", domaintest.Secretariat, 10, 0, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			items, unread := mine(tc.key, tc.limit)
			if len(items) != tc.items || unread != int64(tc.unread) {
				t.Errorf("%d items, %d unread; want %d, %d", len(items), unread, tc.items, tc.unread)
			}
			for i := 1; i < len(items); i++ {
				if items[i].CreatedAt.After(items[i-1].CreatedAt) {
					t.Error("not newest first")
				}
			}
		})
	}
	t.Run("marking read touches only one's own", func(t *testing.T) {
		if err := env.Svc.MarkNotificationsRead(ctx, env.Actor(domaintest.ManagerA)); err != nil {
			t.Fatal(err)
		}
		if n, err := env.Svc.UnreadNotifications(ctx, env.Actor(domaintest.ManagerA)); err != nil || n != 0 {
			t.Errorf("manager's unread: %d, %v", n, err)
		}
		if n, err := env.Svc.UnreadNotifications(ctx, env.Actor(domaintest.Reviewer1)); err != nil || n != 2 {
			t.Errorf("reviewer's unread: %d, %v", n, err)
		}
		items, _ := mine(domaintest.ManagerA, 10)
		for _, n := range items {
			if n.ReadAt == nil {
				t.Error("a notification left unread")
			}
		}
	})
	t.Run("nobody signed in", func(t *testing.T) {
		if _, _, err := env.Svc.Notifications(ctx, assessments.Actor{}, 10); !errors.Is(err, assessments.ErrUnauthenticated) {
			t.Errorf("list: %v", err)
		}
		if n, err := env.Svc.UnreadNotifications(ctx, assessments.Actor{}); err != nil || n != 0 {
			t.Errorf("unread: %d, %v", n, err)
		}
		if err := env.Svc.MarkNotificationsRead(ctx, assessments.Actor{}); !errors.Is(err, assessments.ErrUnauthenticated) {
			t.Errorf("mark read: %v", err)
		}
	})
}
