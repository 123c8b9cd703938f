package assessments

import (
	"context"
	"fmt"
	"strconv"

	"hotlineportal/models"
)

// Reasons that keep someone off an appeal's panel (catalogue keys). The
// first is a validation error (422): not someone a panel is formed of;
// the others are conflicts (409) with no override.
const (
	barNotEligible = "error.appeal.member_unknown"
	barReviewed    = "error.appeal.member_reviewed"
	barDecided     = "error.appeal.member_decided"
	barCountry     = "error.appeal.member_same_country"
	barConflict    = "error.appeal.member_conflict"
)

// panelBar is why u may not sit on the panel of an appeal against a
// decision on a hotline of country, or "" when they may: only active
// reviewers and secretariat members, nobody who reviewed the assessment
// or took its decision, shares the hotline's country or declared a
// conflict with it.
func panelBar(u *models.User, country string, bars *models.PanelBars) string {
	switch {
	case u == nil || u.Disabled || (u.Role != models.RoleReviewer && u.Role != models.RoleSecretariat):
		return barNotEligible
	case bars.Reviewed[u.ID]:
		return barReviewed
	case bars.Decided[u.ID]:
		return barDecided
	case u.Country != "" && u.Country == country:
		return barCountry
	case bars.Conflicted[u.ID]:
		return barConflict
	}
	return ""
}

// PanelCandidate is someone the secretariat may put on a panel, with the
// reason they may not ("" when they may) and whether they sit on it
// already.
type PanelCandidate struct {
	User   models.User
	Reason string
	Member bool
}

// PanelCandidates lists the active reviewers and secretariat members for
// an appeal's panel, each with their eligibility (the secretariat).
func (s *Service) PanelCandidates(ctx context.Context, a Actor, id string) ([]PanelCandidate, error) {
	if !a.Is(models.RoleSecretariat) {
		return nil, ErrForbidden
	}
	ap, err := models.AppealByID(ctx, s.db, appealScopeOf(a), id)
	if err != nil {
		return nil, err
	}
	bars, err := models.PanelBarsOf(ctx, s.db, ap.AssessmentID, ap.HotlineID)
	if err != nil {
		return nil, fmt.Errorf("load panel rules of %s: %w", ap.ID, err)
	}
	members, err := models.AppealMembers(ctx, s.db, ap.ID)
	if err != nil {
		return nil, fmt.Errorf("load panel of %s: %w", ap.ID, err)
	}
	on := map[string]bool{}
	for _, m := range members {
		on[m.UserID] = true
	}
	users, err := models.PanelCandidates(ctx, s.db)
	if err != nil {
		return nil, fmt.Errorf("list panel candidates: %w", err)
	}
	out := make([]PanelCandidate, 0, len(users))
	for i := range users {
		out = append(out, PanelCandidate{User: users[i], Reason: panelBar(&users[i], ap.Hotline.Country, bars), Member: on[users[i].ID]})
	}
	return out, nil
}

// FormPanel puts people on an open appeal's panel (the secretariat): the
// first call forms it, later ones extend it (replacing a member who
// declined). Views are then due ReviewDays from now. Anyone a panel may
// not hold is refused, naming the reason: no override.
func (s *Service) FormPanel(ctx context.Context, a Actor, id string, userIDs []string) (*models.Appeal, error) {
	if !a.Is(models.RoleSecretariat) {
		return nil, ErrForbidden
	}
	ap, err := models.AppealByID(ctx, s.db, appealScopeOf(a), id)
	if err != nil {
		return nil, err
	}
	if !ap.Open() {
		return nil, Conflict("error.appeal.closed")
	}
	members, err := models.AppealMembers(ctx, s.db, ap.ID)
	if err != nil {
		return nil, fmt.Errorf("load panel of %s: %w", ap.ID, err)
	}
	added, err := s.checkPanel(ctx, ap, members, userIDs)
	if err != nil {
		return nil, err
	}
	now := s.now()
	due := now.AddDate(0, 0, s.opts.ReviewDays)
	err = s.tx(ctx, func(tx *models.DB) error {
		ok, err := models.ChangeAppeal(ctx, tx, ap.ID, models.AppealChange{From: models.AppealOpenStates, Version: ap.Version,
			Fields: map[string]any{"status": models.AppealPanel, "views_due_at": due}})
		if err != nil {
			return fmt.Errorf("form panel: %w", err)
		}
		if !ok {
			return Conflict("error.appeal.changed")
		}
		seq := len(members)
		for _, u := range added {
			seq++
			m := &models.AppealMember{AppealID: ap.ID, UserID: u.ID, Seq: seq, Status: models.MemberInvited, AddedAt: now}
			if err := models.InsertAppealMember(ctx, tx, m); err != nil {
				return fmt.Errorf("add panel member: %w", err)
			}
		}
		return s.appealStep(ctx, tx, a, ap, appealStep{
			event: "panel", audit: "appeal.panel", detail: strconv.Itoa(len(added)),
			notify: []appealNotice{{to: toManagers, kind: "appeal_panel"}, {to: toMembers, kind: "appeal_panel_member"}},
		})
	})
	if err != nil {
		return nil, fmt.Errorf("form panel of %s: %w", id, err)
	}
	ap.Status, ap.ViewsDueAt = models.AppealPanel, &due
	return ap, nil
}

// checkPanel returns the users to add to a panel: each one given must be
// someone a panel may hold (422 otherwise) and free of every bar (409
// naming it); members already sitting are kept, and one who declined or
// declared a conflict cannot come back.
func (s *Service) checkPanel(ctx context.Context, ap *models.Appeal, members []models.AppealMember, userIDs []string) ([]models.User, error) {
	ids := uniqueIDs(userIDs)
	if len(ids) == 0 {
		return nil, Invalid("user_ids", "error.appeal.panel_required")
	}
	users, err := models.UsersByIDs(ctx, s.db, ids)
	if err != nil {
		return nil, fmt.Errorf("load panel members: %w", err)
	}
	byID := map[string]*models.User{}
	for i := range users {
		byID[users[i].ID] = &users[i]
	}
	bars, err := models.PanelBarsOf(ctx, s.db, ap.AssessmentID, ap.HotlineID)
	if err != nil {
		return nil, fmt.Errorf("load panel rules of %s: %w", ap.ID, err)
	}
	sitting := map[string]*models.AppealMember{}
	for i := range members {
		sitting[members[i].UserID] = &members[i]
	}
	var added []models.User
	for _, id := range ids {
		switch bar := panelBar(byID[id], ap.Hotline.Country, bars); {
		case bar == barNotEligible:
			return nil, Invalid("user_ids", bar)
		case bar != "":
			return nil, Conflict(bar)
		}
		if m, ok := sitting[id]; ok {
			if !m.Active() {
				return nil, Conflict("error.appeal.member_left")
			}
			continue
		}
		added = append(added, *byID[id])
	}
	return added, nil
}

// uniqueIDs drops blanks and repeats, keeping the order given.
func uniqueIDs(ids []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, id := range ids {
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
