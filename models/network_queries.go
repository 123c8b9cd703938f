package models

import "context"

// NetworkCounts are the headline figures of the secretariat's dashboard.
type NetworkCounts struct {
	Hotlines           int64 // not disabled
	Users              int64 // not disabled
	PendingInvitations int64 // not disabled, no password set yet
	DisabledUsers      int64
}

// CountNetwork counts the network's hotlines and accounts.
func CountNetwork(ctx context.Context, db *DB) (NetworkCounts, error) {
	var n NetworkCounts
	q := db.WithContext(ctx)
	if err := q.Model(&Hotline{}).Where("disabled = ?", false).Count(&n.Hotlines).Error; err != nil {
		return n, err
	}
	if err := q.Model(&User{}).Where("disabled = ?", false).Count(&n.Users).Error; err != nil {
		return n, err
	}
	if err := q.Model(&User{}).Where("disabled = ?", true).Count(&n.DisabledUsers).Error; err != nil {
		return n, err
	}
	err := q.Model(&User{}).Where("password_hash = '' AND disabled = ?", false).Count(&n.PendingInvitations).Error
	return n, err
}

// AnyCertificate tells whether a certificate was ever issued; the demo
// seed adds its example cycle only to a network without one.
func AnyCertificate(ctx context.Context, db *DB) (bool, error) {
	var n int64
	err := db.WithContext(ctx).Model(&Certificate{}).Count(&n).Error
	return n > 0, err
}

// AnyAssessment tells whether any assessment exists; the demo seed plays
// its history only into a network without one.
func AnyAssessment(ctx context.Context, db *DB) (bool, error) {
	var n int64
	err := db.WithContext(ctx).Model(&Assessment{}).Limit(1).Count(&n).Error
	return n > 0, err
}
