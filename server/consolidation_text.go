package server

import (
	"strconv"
	"strings"

	"hotlineportal/assessments/messages"
	"hotlineportal/assessments/scoring"
)

// reasonText explains one reason of the proposed outcome in the reader's
// language.
func reasonText(loc *messages.Localizer, r scoring.Reason) string {
	return loc.T(r.Key, "Criteria", strings.Join(r.Criteria, ", "), "Value", strconv.FormatFloat(r.Value, 'f', -1, 64))
}
