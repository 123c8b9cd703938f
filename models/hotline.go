package models

import "time"

// Hotline is one 116 000 operator. Name is in the operator's own script;
// SearchKey is the case-folded, NFC-normalised form used for searching,
// because SQLite's lower() is ASCII-only and PostgreSQL's mishandles Greek.
type Hotline struct {
	ID           string     `gorm:"primaryKey" json:"id"`
	Name         string     `json:"name"`
	EnglishName  string     `json:"english_name"`
	SearchKey    string     `json:"-"`
	Country      string     `json:"country"`
	Channels     StringList `gorm:"type:text" json:"channels"`
	Languages    StringList `gorm:"type:text" json:"languages"`
	OpeningHours string     `json:"opening_hours"`
	WebsiteURL   string     `gorm:"column:website_url" json:"website_url"`
	ChatURL      string     `gorm:"column:chat_url" json:"chat_url"`
	Disabled     bool       `json:"disabled"`
	Version      int        `json:"version"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
}
