package assessments

import (
	"strconv"
	"time"

	"hotlineportal/assessments/messages"
)

// formatScore writes a consolidated score with one decimal.
func formatScore(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// FormatDate writes a date in the localizer's language, such as
// "28 November 2026" or "28 listopada 2026": pages and emails say dates
// the same way.
func FormatDate(loc *messages.Localizer, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.UTC()
	month := loc.T("month." + strconv.Itoa(int(t.Month())))
	return loc.T("date.long", "Day", t.Day(), "Month", month, "Year", t.Year())
}
