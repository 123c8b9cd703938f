package models

import "time"

// Role is what a user may do in the portal.
type Role string

// The three roles of design.md.
const (
	RoleManager     Role = "manager"
	RoleReviewer    Role = "reviewer"
	RoleSecretariat Role = "secretariat"
)

// Roles lists every role, in display order.
var Roles = []Role{RoleManager, RoleReviewer, RoleSecretariat}

// Valid tells whether r is one of the known roles.
func (r Role) Valid() bool {
	for _, known := range Roles {
		if r == known {
			return true
		}
	}
	return false
}

// User is a person who signs in. Email is stored lower-cased so that it is
// unique regardless of case. SessionEpoch grows when every session of the
// user must end (disabling, password change).
type User struct {
	ID           string     `gorm:"primaryKey" json:"id"`
	Email        string     `json:"email"`
	Name         string     `json:"name"`
	SearchKey    string     `json:"-"`
	Role         Role       `json:"role"`
	HotlineID    *string    `json:"hotline_id"`
	Country      string     `json:"country"`
	Language     string     `json:"language"`
	Languages    StringList `gorm:"type:text" json:"languages"`
	Expertise    string     `json:"expertise"`
	PasswordHash string     `json:"-"`
	// TOTPSecret is the two-step sign-in secret (base32), set at
	// enrolment; TOTPEnabledAt is when a code confirmed it, nil while
	// enrolment is unfinished or off; TOTPLastStep is the last time step
	// a code was accepted for, so each code works once.
	TOTPSecret    string     `gorm:"column:totp_secret" json:"-"`
	TOTPEnabledAt *time.Time `gorm:"column:totp_enabled_at" json:"-"`
	TOTPLastStep  int64      `gorm:"column:totp_last_step" json:"-"`
	Disabled      bool       `json:"disabled"`
	SessionEpoch  int64      `json:"-"`
	Version       int        `json:"version"`
	LastLoginAt   *time.Time `json:"last_login_at"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
	// ErasedAt is when the secretariat erased the account (personal
	// fields replaced by a pseudonym), nil for a live account.
	ErasedAt *time.Time `json:"erased_at"`

	Hotline *Hotline `gorm:"foreignKey:HotlineID" json:"-"`
}

// HasPassword tells whether the user has finished setting up the account.
func (u *User) HasPassword() bool { return u.PasswordHash != "" }

// TOTPEnabled tells whether the account signs in in two steps.
func (u *User) TOTPEnabled() bool { return u.TOTPEnabledAt != nil }

// RecoveryCode is one single-use code that stands in for a two-step
// sign-in code when the phone is lost. Only its hash is kept.
type RecoveryCode struct {
	ID        string `gorm:"primaryKey"`
	UserID    string
	CodeHash  string
	UsedAt    *time.Time
	CreatedAt time.Time
}

// ManagesHotline tells whether u is the manager of hotline id.
func (u *User) ManagesHotline(id string) bool {
	return u.Role == RoleManager && u.HotlineID != nil && *u.HotlineID == id
}
