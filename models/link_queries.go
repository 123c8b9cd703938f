package models

import (
	"context"
	"time"
)

// The queries on one-time password links and API tokens. Both are stored
// as hashes of their secrets, so they are found by hash; whether one is
// still usable (expired, used) is the domain's rule.

// CreateLink stores a new one-time link.
func CreateLink(ctx context.Context, tx *DB, link *OneTimeLink) error {
	return translate(tx.WithContext(ctx).Create(link).Error)
}

// ExpireUnusedLinks makes a user's unused one-time links expire at now,
// so that only the newest one sent works. They are kept rather than
// deleted: CountLinksSince still counts them, which is what bounds the
// reset emails an account gets.
func ExpireUnusedLinks(ctx context.Context, tx *DB, userID string, now time.Time) error {
	return tx.WithContext(ctx).Model(&OneTimeLink{}).Where("user_id = ? AND used_at IS NULL AND expires_at > ?", userID, now).
		Update("expires_at", now).Error
}

// CountLinksSince counts the one-time links made for a user after since,
// used or not, to bound how many reset emails one account gets.
func CountLinksSince(ctx context.Context, db *DB, userID string, since time.Time) (int64, error) {
	var n int64
	err := db.WithContext(ctx).Model(&OneTimeLink{}).Where("user_id = ? AND created_at > ?", userID, since).Count(&n).Error
	return n, err
}

// LinkByTokenHash loads the one-time link of a token's hash, used or
// expired alike, or ErrNotFound.
func LinkByTokenHash(ctx context.Context, db *DB, hash string) (*OneTimeLink, error) {
	var link OneTimeLink
	if err := db.WithContext(ctx).Where("token_hash = ?", hash).Take(&link).Error; err != nil {
		return nil, translate(err)
	}
	return &link, nil
}

// MarkLinkUsed spends an unused one-time link; false when it was used
// already (two requests racing with one link) or does not exist.
func MarkLinkUsed(ctx context.Context, tx *DB, hash string, now time.Time) (bool, error) {
	res := tx.WithContext(ctx).Model(&OneTimeLink{}).Where("token_hash = ? AND used_at IS NULL", hash).Update("used_at", now)
	return res.RowsAffected == 1, res.Error
}

// CreateAPIToken stores a new API token.
func CreateAPIToken(ctx context.Context, tx *DB, t *APIToken) error {
	return translate(tx.WithContext(ctx).Create(t).Error)
}

// DeleteAPIToken ends the API token of a hash (nothing when there is
// none).
func DeleteAPIToken(ctx context.Context, tx *DB, hash string) error {
	return tx.WithContext(ctx).Where("token_hash = ?", hash).Delete(&APIToken{}).Error
}

// DeleteUserTokens ends every API token of a user, when the account is
// disabled or its password changes.
func DeleteUserTokens(ctx context.Context, tx *DB, userID string) error {
	return tx.WithContext(ctx).Where("user_id = ?", userID).Delete(&APIToken{}).Error
}
