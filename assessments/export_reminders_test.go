package assessments

import "time"

// ReminderStep is reminderStep: the latest reminder step entered.
func ReminderStep(due, now time.Time) (string, bool) { return reminderStep(due, now) }
