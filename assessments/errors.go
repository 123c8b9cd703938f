// Package assessments is the portal's domain: people and hotlines, the
// questionnaire, reviews, decisions and certificates. It knows nothing of
// HTTP; it returns the typed errors below, and only server/ turns them into
// statuses.
package assessments

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"hotlineportal/models"
)

// ErrNotFound means the thing does not exist or is not the caller's to see.
// The two are deliberately the same answer (404).
var ErrNotFound = models.ErrNotFound

// ErrForbidden means the caller's role may never do this (403).
var ErrForbidden = errors.New("forbidden")

// ErrUnauthenticated means credentials are missing or wrong (401).
var ErrUnauthenticated = errors.New("unauthenticated")

// ConflictError means the operation does not fit the current state or was
// based on a stale version (409). Key is a message-catalogue key.
type ConflictError struct {
	Key string
}

func (e *ConflictError) Error() string { return "conflict: " + e.Key }

// Conflict builds a ConflictError.
func Conflict(key string) error { return &ConflictError{Key: key} }

// ErrStale is the conflict of a save based on an out-of-date version.
var ErrStale = Conflict("error.stale_version")

// StaleError is the conflict of a save based on an old version (409); it
// carries the newer saved record so the client can show both, and nothing
// typed is lost.
type StaleError[T any] struct {
	Current T
}

func (e *StaleError[T]) Error() string { return "stale version" }

// Unwrap makes errors.Is(err, ErrStale) true.
func (e *StaleError[T]) Unwrap() error { return ErrStale }

// RateLimitedError means too many failed attempts (429).
type RateLimitedError struct {
	RetryAfter time.Duration
}

func (e *RateLimitedError) Error() string {
	return fmt.Sprintf("rate limited, retry after %s", e.RetryAfter)
}

// BusyError means the portal is at its limit for this kind of work, such
// as password hashing during a burst of sign-ins, and the client should
// try again shortly (503 with Retry-After).
type BusyError struct {
	RetryAfter time.Duration
}

func (e *BusyError) Error() string {
	return fmt.Sprintf("busy, retry after %s", e.RetryAfter)
}

// FieldMessage is a message-catalogue key with its template data, so the
// server can say what is wrong in the user's language.
type FieldMessage struct {
	Key  string
	Data map[string]any
}

// ValidationError lists what is wrong with the input, by field name (the
// form and JSON field names) (422).
type ValidationError struct {
	Fields map[string]FieldMessage
}

func (e *ValidationError) Error() string {
	names := make([]string, 0, len(e.Fields))
	for name, m := range e.Fields {
		names = append(names, name+": "+m.Key)
	}
	sort.Strings(names)
	return "invalid input: " + strings.Join(names, ", ")
}

// Add records a problem with a field, keeping the first one per field.
func (e *ValidationError) Add(field, key string, data map[string]any) {
	if e.Fields == nil {
		e.Fields = map[string]FieldMessage{}
	}
	if _, seen := e.Fields[field]; !seen {
		e.Fields[field] = FieldMessage{Key: key, Data: data}
	}
}

// Err returns e when it holds problems, else nil.
func (e *ValidationError) Err() error {
	if len(e.Fields) == 0 {
		return nil
	}
	return e
}

// Invalid builds a one-field ValidationError.
func Invalid(field, key string) error { return InvalidWith(field, key, nil) }

// InvalidWith is Invalid with data for the message's placeholders.
func InvalidWith(field, key string, data map[string]any) error {
	v := &ValidationError{}
	v.Add(field, key, data)
	return v
}
