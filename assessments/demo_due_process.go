package assessments

import (
	"context"
	"fmt"
	"time"

	"hotlineportal/models"
)

// findingsAnswered has the secretariat share a reviewed assessment's
// findings four days ago and the hotline reply three hours later (inside
// any reply window), on one criterion and then overall with its final
// word, so the demo shows the replies beside the decision still to take.
func (c *demoClock) findingsAnswered(ctx context.Context, sec, mgr Actor, id string, now time.Time) error {
	c.at = now.AddDate(0, 0, -4)
	if _, err := c.svc.ShareFindings(ctx, sec, id); err != nil {
		return fmt.Errorf("share findings: %w", err)
	}
	c.at = c.at.Add(3 * time.Hour)
	criterion := "TEL-01"
	replies := []ReplyInput{
		{Criterion: &criterion, Text: "Since October the night line is staffed by two counsellors; the rota is attached to our answer."},
		{Text: "We thank the reviewers and have nothing to add.", Final: true},
	}
	for _, in := range replies {
		if _, err := c.svc.Reply(ctx, mgr, id, in); err != nil {
			return fmt.Errorf("reply: %w", err)
		}
	}
	return nil
}

// appealHeard has the hotline appeal its decision twelve days ago, the
// secretariat form a panel of the first eligible reviewer two days later,
// and that member give a view three days ago: the demo's secretariat then
// has the outcome to record. Nothing is appealed when the configured
// window (PORTAL_APPEAL_DAYS) had closed twelve days ago.
func (c *demoClock) appealHeard(ctx context.Context, sec, mgr Actor, id string, now time.Time) error {
	c.at = now.AddDate(0, 0, -12)
	if w, err := c.svc.AppealWindowOf(ctx, mgr, id); err != nil || !w.Open {
		return err
	}
	ap, err := c.svc.LodgeAppeal(ctx, mgr, id, "The reviewers scored our chat service on its old opening hours; since March it answers every evening until midnight, as the attached rota shows.")
	if err != nil {
		return fmt.Errorf("lodge appeal: %w", err)
	}
	c.at = now.AddDate(0, 0, -10)
	candidates, err := c.svc.PanelCandidates(ctx, sec, ap.ID)
	if err != nil {
		return err
	}
	var member *models.User
	for i := range candidates {
		if candidates[i].Reason == "" && candidates[i].User.Role == models.RoleReviewer {
			member = &candidates[i].User
			break
		}
	}
	if member == nil {
		return fmt.Errorf("no eligible panel member for the demo appeal")
	}
	if _, err := c.svc.FormPanel(ctx, sec, ap.ID, []string{member.ID}); err != nil {
		return fmt.Errorf("form panel: %w", err)
	}
	c.at = now.AddDate(0, 0, -3)
	view := AppealViewInput{View: "overturn", Rationale: "The rota shows the chat service meets CHA-01 since March; the score should have been 3."}
	if err := c.svc.RecordView(ctx, Actor{User: member, IP: "demo-seed", RequestID: "demo-seed"}, ap.ID, view); err != nil {
		return fmt.Errorf("record view: %w", err)
	}
	return nil
}
