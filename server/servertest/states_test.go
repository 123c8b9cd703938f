package servertest_test

import (
	"context"
	"testing"

	"hotlineportal/models"
	"hotlineportal/server/servertest"
)

// The seed builds what it says: each assessment in its state, each
// certificate in its status, each condition in its state.
func TestSeedEveryState(t *testing.T) {
	app := servertest.New(t)
	st := app.SeedEveryState()
	wantStatus := map[string]models.Status{
		servertest.StateDraftEmpty: models.StatusDraft, servertest.StateDraftPartial: models.StatusDraft,
		servertest.StateSubmitted: models.StatusSubmitted, servertest.StateInReview: models.StatusInReview,
		servertest.StateChangesRequested: models.StatusChangesRequested, servertest.StateResubmitted: models.StatusInReview,
		servertest.StateReviewed: models.StatusReviewed, servertest.StateAccredited: models.StatusDecided,
		servertest.StateWithConditions: models.StatusDecided, servertest.StateNotAccredited: models.StatusDecided,
		servertest.StateSuspended: models.StatusDecided, servertest.StateRevoked: models.StatusDecided,
		servertest.StateExpired: models.StatusDecided, servertest.StateRenewal: models.StatusDraft,
	}
	for state, want := range wantStatus {
		var as models.Assessment
		if err := app.DB.Where("id = ?", st.Assessments[state]).Take(&as).Error; err != nil {
			t.Fatalf("%s: %v", state, err)
		}
		if as.Status != want {
			t.Errorf("%s: status %s, want %s", state, as.Status, want)
		}
	}
	var resubmitted models.Assessment
	app.DB.Where("id = ?", st.Assessments[servertest.StateResubmitted]).Take(&resubmitted)
	if resubmitted.Round != 2 {
		t.Errorf("resubmitted: round %d", resubmitted.Round)
	}
	var carried int64
	app.DB.Model(&models.Answer{}).Where("assessment_id = ? AND carried_over = ?", st.Assessments[servertest.StateRenewal], true).Count(&carried)
	if carried == 0 {
		t.Error("renewal: no answer carried over")
	}
	for status, number := range st.Certificates {
		if status == "conditions" {
			status = models.CertValid
		}
		c, err := app.Svc.GetCertificate(context.Background(), servertest.SystemActor(), number)
		if err != nil {
			t.Fatalf("certificate %s: %v", number, err)
		}
		if got := app.Svc.CertificateStatus(c); got != status {
			t.Errorf("certificate %s: %s, want %s", number, got, status)
		}
	}
	conds := map[string]models.Condition{}
	for state, id := range st.Conditions {
		var c models.Condition
		app.DB.Where("id = ?", id).Take(&c)
		conds[state] = c
	}
	now := app.Clock.Now()
	if c := conds["overdue"]; c.Status != models.ConditionOpen || !c.Deadline.Before(now) {
		t.Errorf("overdue condition: %s, due %s", c.Status, c.Deadline)
	}
	if c := conds["open"]; c.Status != models.ConditionOpen || c.Deadline.Before(now) {
		t.Errorf("open condition: %s, due %s", c.Status, c.Deadline)
	}
	if conds["submitted"].Status != models.ConditionSubmitted || conds["accepted"].Status != models.ConditionAccepted {
		t.Errorf("conditions: submitted %s, accepted %s", conds["submitted"].Status, conds["accepted"].Status)
	}
	for _, key := range []string{servertest.Secretariat, servertest.Reviewer1, st.Managers[servertest.StateSuspended]} {
		var read, unread int64
		app.DB.Model(&models.Notification{}).Where("user_id = ? AND read_at IS NOT NULL", app.Users[key].ID).Count(&read)
		app.DB.Model(&models.Notification{}).Where("user_id = ? AND read_at IS NULL", app.Users[key].ID).Count(&unread)
		if read == 0 || unread == 0 {
			t.Errorf("notifications of %s: %d read, %d unread", key, read, unread)
		}
	}
	if u := app.Users[servertest.InvitedUser]; u.PasswordHash != "" || st.InvitationToken == "" {
		t.Error("the invited user has a password or no invitation")
	}
	var u models.User
	var h models.Hotline
	var f models.Framework
	app.DB.Where("id = ?", app.Users[servertest.DisabledUser].ID).Take(&u)
	app.DB.Where("id = ?", st.Hotlines["disabled"]).Take(&h)
	app.DB.Where("id = ?", st.Frameworks["draft"]).Take(&f)
	if !u.Disabled || !h.Disabled || f.Status != models.FrameworkDraft {
		t.Errorf("disabled user %v, disabled hotline %v, framework %s", u.Disabled, h.Disabled, f.Status)
	}
}
