package models

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"
)

// The queries on accounts other than the hot lookups of hot_queries.go
// (UserByID, UserByEmail, UserByTokenHash). Who may see or change an
// account is the domain's rule; these only read and write.

// escapeLike escapes the LIKE wildcards a user may type, for patterns used
// with ESCAPE '\'.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// searchKeyContains limits a query to rows whose search_key contains key
// (a folded search key), taken literally.
func searchKeyContains(db *gorm.DB, key string) *gorm.DB {
	return db.Where(`search_key LIKE ? ESCAPE '\'`, "%"+escapeLike(key)+"%")
}

// UserWithHotline loads one account with its hotline (disabled or not),
// or ErrNotFound; for the account pages and the secretariat's edits.
func UserWithHotline(ctx context.Context, db *DB, id string) (*User, error) {
	var u User
	if err := db.WithContext(ctx).Preload("Hotline").Where("id = ?", id).Take(&u).Error; err != nil {
		return nil, translate(err)
	}
	return &u, nil
}

// ActiveUserByEmail loads an account that is not disabled by its
// (normalised) address, or ErrNotFound: a disabled account gets no
// password reset.
func ActiveUserByEmail(ctx context.Context, db *DB, email string) (*User, error) {
	var u User
	if err := db.WithContext(ctx).Where("email = ? AND disabled = ?", email, false).Take(&u).Error; err != nil {
		return nil, translate(err)
	}
	return &u, nil
}

// ActiveUserByID loads an account that is not disabled, or ErrNotFound:
// a one-time link of a disabled account is dead.
func ActiveUserByID(ctx context.Context, db *DB, id string) (*User, error) {
	var u User
	if err := db.WithContext(ctx).Where("id = ? AND disabled = ?", id, false).Take(&u).Error; err != nil {
		return nil, translate(err)
	}
	return &u, nil
}

// UserFilter selects accounts for the secretariat's list. SearchKey is a
// folded search key matched anywhere in the name and address; Role, when
// valid, keeps one role; Sort is "name" (default), "email", "role" or
// "created".
type UserFilter struct {
	SearchKey string
	Role      Role
	Sort      string
}

// userOrders are the list's sort orders by name; the default is by name.
var userOrders = map[string]string{"email": "email", "role": "role, search_key", "created": "created_at DESC"}

// ListUsers returns one page of the accounts the filter selects, with
// their hotlines, and how many it selects in all.
func ListUsers(ctx context.Context, db *DB, f UserFilter, page Page) ([]User, int64, error) {
	q := db.WithContext(ctx).Model(&User{})
	if f.SearchKey != "" {
		q = searchKeyContains(q, f.SearchKey)
	}
	if f.Role.Valid() {
		q = q.Where("role = ?", f.Role)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	order := userOrders[f.Sort]
	if order == "" {
		order = "search_key"
	}
	var users []User
	err := q.Preload("Hotline").Order(order).Limit(page.Limit()).Offset(page.Offset()).Find(&users).Error
	return users, total, err
}

// CreateUser inserts an account; an address already taken is
// ErrDuplicate.
func CreateUser(ctx context.Context, tx *DB, u *User) error {
	return translate(tx.WithContext(ctx).Create(u).Error)
}

// UpdateUserIfVersion writes the secretariat's changes to an account (the
// fields UserInput sets) with session epoch epoch, as version version+1,
// if it is still at version; false, changing nothing, when it is not. An
// address already taken is ErrDuplicate.
func UpdateUserIfVersion(ctx context.Context, tx *DB, u *User, version int, epoch int64, now time.Time) (bool, error) {
	res := tx.WithContext(ctx).Model(&User{}).Where("id = ? AND version = ?", u.ID, version).Updates(map[string]any{
		"email": u.Email, "name": u.Name, "search_key": u.SearchKey, "role": u.Role, "hotline_id": u.HotlineID,
		"country": u.Country, "language": u.Language, "languages": u.Languages, "expertise": u.Expertise,
		"session_epoch": epoch, "version": version + 1, "updated_at": now,
	})
	if res.Error != nil {
		return false, translate(res.Error)
	}
	return res.RowsAffected == 1, nil
}

// SetUserDisabled disables or re-enables an account and ends its sessions
// (a new session epoch); its API tokens are DeleteUserTokens'.
func SetUserDisabled(ctx context.Context, tx *DB, id string, disabled bool, now time.Time) error {
	return tx.WithContext(ctx).Model(&User{}).Where("id = ?", id).Updates(map[string]any{
		"disabled": disabled, "session_epoch": gorm.Expr("session_epoch + 1"),
		"version": gorm.Expr("version + 1"), "updated_at": now,
	}).Error
}

// SetUserLanguage records an account's preferred language.
func SetUserLanguage(ctx context.Context, tx *DB, id, lang string) error {
	return tx.WithContext(ctx).Model(&User{}).Where("id = ?", id).Update("language", lang).Error
}

// SetLastSignIn records when an account last signed in.
func SetLastSignIn(ctx context.Context, tx *DB, id string, at time.Time) error {
	return tx.WithContext(ctx).Model(&User{}).Where("id = ?", id).Update("last_login_at", at).Error
}

// ReplacePasswordHash stores a re-hashed password if the account still has
// the old hash; false when the password changed meanwhile.
func ReplacePasswordHash(ctx context.Context, tx *DB, id, oldHash, newHash string) (bool, error) {
	res := tx.WithContext(ctx).Model(&User{}).Where("id = ? AND password_hash = ?", id, oldHash).Update("password_hash", newHash)
	return res.RowsAffected == 1, res.Error
}

// SetPassword stores a new password hash and ends every session of the
// account (a new session epoch).
func SetPassword(ctx context.Context, tx *DB, id, hash string, now time.Time) error {
	return tx.WithContext(ctx).Model(&User{}).Where("id = ?", id).Updates(map[string]any{
		"password_hash": hash, "session_epoch": gorm.Expr("session_epoch + 1"), "updated_at": now,
	}).Error
}

// UsersOfHotline lists the accounts attached to a hotline (its managers),
// disabled ones included, by name.
func UsersOfHotline(ctx context.Context, db *DB, hotlineID string) ([]User, error) {
	var users []User
	err := db.WithContext(ctx).Where("hotline_id = ?", hotlineID).Order("search_key").Find(&users).Error
	return users, err
}

// ActiveUsersOfHotline lists the hotline's accounts that are not disabled,
// who are told of its assessment's events.
func ActiveUsersOfHotline(ctx context.Context, db *DB, hotlineID string) ([]User, error) {
	var users []User
	err := db.WithContext(ctx).Where("hotline_id = ? AND disabled = ?", hotlineID, false).Find(&users).Error
	return users, err
}

// ActiveUsersWithRole lists the accounts of a role that are not disabled,
// such as the secretariat to tell of an event.
func ActiveUsersWithRole(ctx context.Context, db *DB, role Role) ([]User, error) {
	var users []User
	err := db.WithContext(ctx).Where("role = ? AND disabled = ?", role, false).Find(&users).Error
	return users, err
}
