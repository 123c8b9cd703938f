package assessments_test

import (
	"errors"

	"hotlineportal/assessments"
)

// peopleFieldKey is the message key a ValidationError gives field, or ""
// when err is no validation error or says nothing of field.
func peopleFieldKey(err error, field string) string {
	var verr *assessments.ValidationError
	if !errors.As(err, &verr) {
		return ""
	}
	return verr.Fields[field].Key
}

// peopleConflictKey is the key of a ConflictError, or "".
func peopleConflictKey(err error) string {
	var c *assessments.ConflictError
	if !errors.As(err, &c) {
		return ""
	}
	return c.Key
}
