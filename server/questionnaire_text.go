package server

import (
	"strings"

	"hotlineportal/assessments"
	"hotlineportal/assessments/messages"
)

// notApplicableReason says why a criterion does not apply: it is for
// channels the hotline profile does not list.
func notApplicableReason(loc *messages.Localizer, it *assessments.Item) string {
	names := make([]string, 0, len(it.Criterion.Channels))
	for _, ch := range it.Criterion.Channels {
		names = append(names, loc.T("channel."+ch))
	}
	return loc.T("question.not_applicable_reason", "Channels", strings.Join(names, ", "))
}
