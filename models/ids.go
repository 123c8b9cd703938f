package models

import (
	"database/sql/driver"
	"fmt"
	"strings"

	"github.com/google/uuid"
)

// NewID makes a time-ordered, unguessable primary key (UUIDv7). IDs are made
// in Go so one SQL migration folder serves SQLite and PostgreSQL.
func NewID() string { return uuid.Must(uuid.NewV7()).String() }

// ValidID tells whether s has the shape of an ID, so that malformed IDs in
// URLs are "not found" without a query.
func ValidID(s string) bool {
	_, err := uuid.Parse(s)
	return err == nil && len(s) == 36
}

// StringList is a small ordered set of words stored as comma-separated text
// (channels, languages), portable across both databases.
type StringList []string

// Value stores the list as "a,b,c".
func (l StringList) Value() (driver.Value, error) { return strings.Join(l, ","), nil }

// Scan reads "a,b,c" back into a list.
func (l *StringList) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case nil:
		s = ""
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("StringList: cannot scan %T", src)
	}
	*l = nil
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			*l = append(*l, part)
		}
	}
	return nil
}

// Has tells whether the list holds word.
func (l StringList) Has(word string) bool {
	for _, w := range l {
		if w == word {
			return true
		}
	}
	return false
}
