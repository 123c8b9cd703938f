package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// The queries of two-step sign-in. Each write is conditional, so that two
// requests racing (two tabs confirming, one code sent twice) cannot both
// succeed: the caller checks the boolean.

// StartTOTP stores a new, not yet active secret for a user whose two-step
// sign-in is off; false when it is on.
func StartTOTP(ctx context.Context, tx *DB, userID, secret string, now time.Time) (bool, error) {
	res := tx.WithContext(ctx).Model(&User{}).Where("id = ? AND totp_enabled_at IS NULL", userID).
		Updates(map[string]any{"totp_secret": secret, "totp_last_step": 0, "updated_at": now})
	return res.RowsAffected == 1, res.Error
}

// EnableTOTP makes the stored secret active, recording the step of the
// code that confirmed it; false when there was nothing to confirm.
func EnableTOTP(ctx context.Context, tx *DB, userID string, step int64, now time.Time) (bool, error) {
	res := tx.WithContext(ctx).Model(&User{}).
		Where("id = ? AND totp_enabled_at IS NULL AND totp_secret <> ''", userID).
		Updates(map[string]any{"totp_enabled_at": now, "totp_last_step": step, "updated_at": now})
	return res.RowsAffected == 1, res.Error
}

// UseTOTPStep records that a code of this time step was accepted; false
// when a code of this or a later step was already used (a replay).
func UseTOTPStep(ctx context.Context, tx *DB, userID string, step int64) (bool, error) {
	res := tx.WithContext(ctx).Model(&User{}).Where("id = ? AND totp_last_step < ?", userID, step).
		Update("totp_last_step", step)
	return res.RowsAffected == 1, res.Error
}

// ClearTOTP turns two-step sign-in off and forgets the secret and the
// recovery codes; false when there was nothing to clear.
func ClearTOTP(ctx context.Context, tx *DB, userID string, now time.Time) (bool, error) {
	res := tx.WithContext(ctx).Model(&User{}).Where("id = ? AND totp_secret <> ''", userID).
		Updates(map[string]any{"totp_secret": "", "totp_enabled_at": gorm.Expr("NULL"), "totp_last_step": 0, "updated_at": now})
	if res.Error != nil {
		return false, res.Error
	}
	err := tx.WithContext(ctx).Where("user_id = ?", userID).Delete(&RecoveryCode{}).Error
	return res.RowsAffected == 1, err
}

// ReplaceRecoveryCodes drops a user's recovery codes and stores new ones
// (their hashes).
func ReplaceRecoveryCodes(ctx context.Context, tx *DB, userID string, hashes []string, now time.Time) error {
	if err := tx.WithContext(ctx).Where("user_id = ?", userID).Delete(&RecoveryCode{}).Error; err != nil {
		return err
	}
	rows := make([]RecoveryCode, len(hashes))
	for i, h := range hashes {
		rows[i] = RecoveryCode{ID: NewID(), UserID: userID, CodeHash: h, CreatedAt: now}
	}
	return tx.WithContext(ctx).Create(&rows).Error
}

// UseRecoveryCode spends one unused recovery code; false when the user
// has no such unused code.
func UseRecoveryCode(ctx context.Context, tx *DB, userID, hash string, now time.Time) (bool, error) {
	res := tx.WithContext(ctx).Model(&RecoveryCode{}).Where("user_id = ? AND code_hash = ? AND used_at IS NULL", userID, hash).
		Update("used_at", now)
	return res.RowsAffected == 1, res.Error
}

// RecoveryCodesLeft counts a user's unused recovery codes.
func RecoveryCodesLeft(ctx context.Context, db *DB, userID string) (int64, error) {
	var n int64
	err := db.WithContext(ctx).Model(&RecoveryCode{}).Where("user_id = ? AND used_at IS NULL", userID).Count(&n).Error
	return n, err
}
