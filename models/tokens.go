package models

import "time"

// APIToken is a bearer token of the JSON API, stored as a SHA-256 hash.
type APIToken struct {
	ID        string `gorm:"primaryKey"`
	UserID    string
	TokenHash string
	ExpiresAt time.Time
	CreatedAt time.Time
}

// Purposes of one-time links.
const (
	LinkInvitation = "invitation"
	LinkReset      = "reset"
)

// OneTimeLink is an expiring, single-use link to set a password, for an
// invitation or a forgotten password. Only the hash of its token is kept.
type OneTimeLink struct {
	ID        string `gorm:"primaryKey"`
	UserID    string
	Purpose   string
	TokenHash string
	ExpiresAt time.Time
	UsedAt    *time.Time
	CreatedAt time.Time
}

// LoginFailure is one failed sign-in, counted per bucket ("account:<email>"
// or "ip:<address>") in a sliding window. Kept in the database so that
// several portal instances share the limits.
type LoginFailure struct {
	ID        string `gorm:"primaryKey"`
	Bucket    string
	CreatedAt time.Time
}
