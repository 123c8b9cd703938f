package models

import (
	"context"
	"time"
)

// The queries of the sign-in limits: failed attempts are rows counted per
// bucket ("account:<email>", "ip:<address>") in a sliding window, in the
// database so that several portal instances share them. The limits
// themselves are the domain's.

// CountLoginFailures counts a bucket's failures after since.
func CountLoginFailures(ctx context.Context, db *DB, bucket string, since time.Time) (int64, error) {
	var n int64
	err := db.WithContext(ctx).Model(&LoginFailure{}).Where("bucket = ? AND created_at > ?", bucket, since).Count(&n).Error
	return n, err
}

// LoginFailureAt is the time of a bucket's failure after since that has
// skip failures before it (0: the oldest), or ErrNotFound; the domain
// reads from it when the window frees a slot.
func LoginFailureAt(ctx context.Context, db *DB, bucket string, since time.Time, skip int) (time.Time, error) {
	var f LoginFailure
	err := db.WithContext(ctx).Model(&LoginFailure{}).Where("bucket = ? AND created_at > ?", bucket, since).
		Order("created_at").Offset(skip).Take(&f).Error
	if err != nil {
		return time.Time{}, translate(err)
	}
	return f.CreatedAt, nil
}

// RecordLoginFailures stores one failure at now in each bucket, in one
// statement.
func RecordLoginFailures(ctx context.Context, tx *DB, buckets []string, now time.Time) error {
	rows := make([]LoginFailure, len(buckets))
	for i, b := range buckets {
		rows[i] = LoginFailure{ID: NewID(), Bucket: b, CreatedAt: now}
	}
	return tx.WithContext(ctx).Create(&rows).Error
}

// ClearLoginFailures forgets a bucket's failures, as a successful sign-in
// does for its account.
func ClearLoginFailures(ctx context.Context, tx *DB, bucket string) error {
	return tx.WithContext(ctx).Where("bucket = ?", bucket).Delete(&LoginFailure{}).Error
}

// DeleteLoginFailuresBefore forgets every failure at or before cutoff,
// which no window counts any more, and says how many went.
func DeleteLoginFailuresBefore(ctx context.Context, tx *DB, cutoff time.Time) (int64, error) {
	res := tx.WithContext(ctx).Where("created_at <= ?", cutoff).Delete(&LoginFailure{})
	return res.RowsAffected, res.Error
}
