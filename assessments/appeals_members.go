package assessments

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"hotlineportal/models"
)

// AppealViewInput is a panel member's view of an appeal.
type AppealViewInput struct {
	View      string `json:"view"`
	Rationale string `json:"rationale"`
}

// AppealDeclineInput is a panel member stepping down: the reason, and
// whether it is a conflict of interest with the hotline (which is then
// recorded, so future assignments see it too).
type AppealDeclineInput struct {
	Reason   string `json:"reason"`
	Conflict bool   `json:"conflict"`
}

// panelSeat loads an appeal the actor sits on the panel of, with their
// seat, while the panel hears it. Anyone not on the panel gets
// ErrNotFound, the secretariat included.
func (s *Service) panelSeat(ctx context.Context, a Actor, id string) (*models.Appeal, *models.AppealMember, error) {
	if a.User == nil {
		return nil, nil, ErrNotFound
	}
	ap, err := models.AppealByID(ctx, s.db, models.AppealScope{MemberID: a.User.ID}, id)
	if err != nil {
		return nil, nil, err
	}
	members, err := models.AppealMembers(ctx, s.db, ap.ID)
	if err != nil {
		return nil, nil, fmt.Errorf("load panel of %s: %w", ap.ID, err)
	}
	for i := range members {
		if members[i].UserID != a.User.ID {
			continue
		}
		switch {
		case ap.Status != models.AppealPanel:
			return nil, nil, Conflict("error.appeal.closed")
		case !members[i].Active():
			return nil, nil, Conflict("error.appeal.member_left")
		}
		return ap, &members[i], nil
	}
	return nil, nil, ErrNotFound
}

// RecordView records a panel member's view (uphold or overturn) with its
// rationale; a member may change it while the panel hears the appeal.
func (s *Service) RecordView(ctx context.Context, a Actor, id string, in AppealViewInput) error {
	ap, m, err := s.panelSeat(ctx, a, id)
	if err != nil {
		return err
	}
	verr := &ValidationError{}
	if in.View != "uphold" && in.View != "overturn" {
		verr.Add("view", "error.appeal.view", nil)
	}
	if in.Rationale = strings.TrimSpace(in.Rationale); in.Rationale == "" {
		verr.Add("rationale", "error.appeal.view_rationale_required", nil)
	}
	if err := verr.Err(); err != nil {
		return err
	}
	return s.answerSeat(ctx, a, ap, m, models.MemberAnswered, in.View, in.Rationale, appealStep{
		event: "view", audit: "appeal.view", notify: []appealNotice{{to: toSecretariat, kind: "appeal_view"}},
	})
}

// DeclineAppeal takes a panel member off the panel, with a reason; a
// declared conflict is also recorded against the hotline.
func (s *Service) DeclineAppeal(ctx context.Context, a Actor, id string, in AppealDeclineInput) error {
	ap, m, err := s.panelSeat(ctx, a, id)
	if err != nil {
		return err
	}
	if in.Reason = strings.TrimSpace(in.Reason); in.Reason == "" {
		return Invalid("reason", "error.reason_required")
	}
	status, event := models.MemberDeclined, "declined"
	if in.Conflict {
		status, event = models.MemberConflict, "conflict"
	}
	return s.answerSeat(ctx, a, ap, m, status, "", in.Reason, appealStep{
		event: event, audit: "appeal." + event, notify: []appealNotice{{to: toSecretariat, kind: "appeal_member_left"}},
	})
}

// answerSeat records a member's answer and its step in one transaction,
// with the conflict of interest when that is the answer.
func (s *Service) answerSeat(ctx context.Context, a Actor, ap *models.Appeal, m *models.AppealMember, status, view, text string, st appealStep) error {
	st.role, st.detail = "panel", strconv.Itoa(m.Seq)
	err := s.tx(ctx, func(tx *models.DB) error {
		if heard, err := models.TouchHeardAppeal(ctx, tx, ap.ID); err != nil {
			return fmt.Errorf("lock appeal: %w", err)
		} else if !heard {
			return Conflict("error.appeal.closed")
		}
		ok, err := models.AnswerAppealMember(ctx, tx, ap.ID, m.UserID, status, view, text, s.now())
		if err != nil {
			return fmt.Errorf("record answer: %w", err)
		}
		if !ok {
			return Conflict("error.appeal.member_left")
		}
		if status == models.MemberConflict {
			if err := s.recordPanelConflict(ctx, tx, ap, m.UserID, text); err != nil {
				return err
			}
		}
		return s.appealStep(ctx, tx, a, ap, st)
	})
	if err != nil {
		return fmt.Errorf("%s on appeal %s: %w", st.audit, ap.ID, err)
	}
	return nil
}

// recordPanelConflict records a member's conflict of interest with the
// appeal's hotline unless one is declared already (checked first: a
// refused insert would end the transaction on PostgreSQL).
func (s *Service) recordPanelConflict(ctx context.Context, tx *models.DB, ap *models.Appeal, userID, reason string) error {
	known, err := models.ConflictReasons(ctx, tx, ap.HotlineID)
	if err != nil {
		return fmt.Errorf("load conflicts of %s: %w", ap.HotlineID, err)
	}
	if _, ok := known[userID]; ok {
		return nil
	}
	c := &models.Conflict{ID: models.NewID(), ReviewerID: userID, HotlineID: ap.HotlineID, Reason: reason, CreatedAt: s.now()}
	if err := models.CreateConflict(ctx, tx, c); err != nil && !errors.Is(err, models.ErrDuplicate) {
		return fmt.Errorf("record conflict: %w", err)
	}
	return nil
}
