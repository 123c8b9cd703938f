package models

import (
	"errors"
	"fmt"

	"gorm.io/gorm"
)

// The errors the queries return, so that callers need not know GORM's.
var (
	// ErrNotFound is returned by lookups that find nothing, including
	// records that exist but are outside the caller's scope.
	ErrNotFound = errors.New("not found")
	// ErrDuplicate is returned when a write would break a unique key
	// (an email address taken, a second open assessment).
	ErrDuplicate = errors.New("already exists")
)

// translate turns GORM's errors into the package's own: a missing record
// is ErrNotFound, a unique-key violation ErrDuplicate (wrapping the
// driver's error); anything else is returned as it is.
func translate(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, gorm.ErrRecordNotFound):
		return ErrNotFound
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return fmt.Errorf("%w: %w", ErrDuplicate, err)
	}
	return err
}
