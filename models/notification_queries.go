package models

import (
	"context"
	"time"
)

// The queries on in-app notifications. Each reads or writes one user's
// own notifications only: the user ID is part of every condition.

// CreateNotification stores one notification.
func CreateNotification(ctx context.Context, tx *DB, n *Notification) error {
	return tx.WithContext(ctx).Create(n).Error
}

// CountUnreadNotifications counts a user's unread notifications.
func CountUnreadNotifications(ctx context.Context, db *DB, userID string) (int64, error) {
	var n int64
	err := db.WithContext(ctx).Model(&Notification{}).Where("user_id = ? AND read_at IS NULL", userID).Count(&n).Error
	return n, err
}

// RecentNotifications lists a user's latest notifications, newest first,
// at most limit.
func RecentNotifications(ctx context.Context, db *DB, userID string, limit int) ([]Notification, error) {
	var items []Notification
	err := db.WithContext(ctx).Where("user_id = ?", userID).Order("created_at DESC, id DESC").Limit(limit).Find(&items).Error
	return items, err
}

// NotificationsPage lists one page of a user's notifications, newest
// first, and how many the user has in all.
func NotificationsPage(ctx context.Context, db *DB, userID string, page Page) ([]Notification, int64, error) {
	var total int64
	if err := db.WithContext(ctx).Model(&Notification{}).Where("user_id = ?", userID).Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var items []Notification
	err := db.WithContext(ctx).Where("user_id = ?", userID).Order("created_at DESC, id DESC").
		Limit(page.Limit()).Offset(page.Offset()).Find(&items).Error
	return items, total, err
}

// MarkNotificationsRead marks a user's unread notifications read at now.
func MarkNotificationsRead(ctx context.Context, tx *DB, userID string, now time.Time) error {
	return tx.WithContext(ctx).Model(&Notification{}).Where("user_id = ? AND read_at IS NULL", userID).
		Update("read_at", now).Error
}
