package models

import "testing"

// A notice leads to its own link, else its assessment, else the dashboard.
func TestNotificationTarget(t *testing.T) {
	for _, tc := range []struct {
		n    Notification
		want string
	}{
		{Notification{Link: "/appeals/x", AssessmentID: "a"}, "/appeals/x"},
		{Notification{AssessmentID: "a"}, "/assessments/a"},
		{Notification{}, "/dashboard"},
	} {
		if got := tc.n.Target(); got != tc.want {
			t.Errorf("%+v: %s, want %s", tc.n, got, tc.want)
		}
	}
}
