package assessments

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"hotlineportal/models"
)

// The hotline's right of reply before the decision: the secretariat may
// share the consolidated findings of a reviewed assessment, the hotline's
// manager then has ReplyDays to reply per criterion or overall, and the
// decision waits until the window closes (time up, or a final reply).

// ReplyInput is a manager's reply to shared findings. Criterion is a
// criterion code, or nil (or blank) for a reply on the assessment as a
// whole; Final closes the window.
type ReplyInput struct {
	Criterion *string `json:"criterion"`
	Text      string  `json:"text"`
	Final     bool    `json:"final"`
}

// ReplyWindow is where an assessment's right of reply stands: the share
// (nil when the findings were never shared), the replies so far, and
// whether the hotline may still reply.
type ReplyWindow struct {
	Share   *models.FindingsShare
	Replies []models.Reply
	Open    bool
}

// Shared tells whether the findings were shared with the hotline.
func (w *ReplyWindow) Shared() bool { return w != nil && w.Share != nil }

// ClosesAt is when the window closed or will close: at the final reply,
// else at the due time.
func (w *ReplyWindow) ClosesAt() time.Time {
	if !w.Shared() {
		return time.Time{}
	}
	if w.Share.ClosedAt != nil {
		return *w.Share.ClosedAt
	}
	return w.Share.ReplyDueAt
}

// Overall lists the replies on the assessment as a whole.
func (w *ReplyWindow) Overall() []models.Reply { return w.On("") }

// On lists the replies on one criterion ("" for the whole assessment).
func (w *ReplyWindow) On(criterion string) []models.Reply {
	var out []models.Reply
	for _, r := range w.Replies {
		if r.Criterion == criterion {
			out = append(out, r)
		}
	}
	return out
}

// ReplyDeadline is the due time a share made now would set, for the page
// that offers to share.
func (s *Service) ReplyDeadline() time.Time {
	return replyDue(s.now(), s.opts.ReplyDays)
}

// replyDue is the end (UTC) of the day days after now: pages show the
// deadline as a date, and the whole of that day counts.
func replyDue(now time.Time, days int) time.Time {
	d := now.UTC().AddDate(0, 0, days)
	return time.Date(d.Year(), d.Month(), d.Day(), 23, 59, 59, 0, time.UTC)
}

// ShareFindings shares a reviewed assessment's findings with its hotline
// (secretariat) and opens the reply window; the managers are told. A
// second share, or one of an assessment not reviewed, is a conflict.
func (s *Service) ShareFindings(ctx context.Context, a Actor, assessmentID string) (*models.FindingsShare, error) {
	if !a.Is(models.RoleSecretariat) {
		return nil, ErrForbidden
	}
	as, err := s.getAssessment(ctx, s.db, a, assessmentID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	share := &models.FindingsShare{AssessmentID: as.ID, SharedBy: a.User.ID, SharedAt: now, ReplyDueAt: replyDue(now, s.opts.ReplyDays)}
	err = s.tx(ctx, func(tx *models.DB) error {
		status, err := models.LockedAssessmentStatus(ctx, tx, as.ID, models.ForUpdate)
		if err != nil {
			return fmt.Errorf("read status: %w", err)
		}
		if status != models.StatusReviewed {
			return Conflict("error.findings_not_reviewed")
		}
		if err := models.InsertFindingsShare(ctx, tx, share); errors.Is(err, models.ErrDuplicate) {
			return Conflict("error.findings_already_shared")
		} else if err != nil {
			return fmt.Errorf("insert share: %w", err)
		}
		detail := "reply by " + share.ReplyDueAt.Format(time.RFC3339)
		if err := s.audit(ctx, tx, a, "findings.share", "assessment", as.ID, detail); err != nil {
			return err
		}
		return s.notifyShare(ctx, tx, as, share.ReplyDueAt)
	})
	if err != nil {
		return nil, fmt.Errorf("share findings of %s: %w", assessmentID, err)
	}
	return share, nil
}

// notifyShare tells the hotline's active managers, in the app and by
// email in their own language, that findings await their reply and until
// when.
func (s *Service) notifyShare(ctx context.Context, tx *models.DB, as *models.Assessment, due time.Time) error {
	managers, err := models.ActiveUsersOfHotline(ctx, tx, as.HotlineID)
	if err != nil {
		return fmt.Errorf("list managers to notify: %w", err)
	}
	hotline := ""
	if as.Hotline != nil {
		hotline = as.Hotline.Name
	}
	for i := range managers {
		u := &managers[i]
		path := "/assessments/" + as.ID + "/findings"
		n := &models.Notification{ID: models.NewID(), UserID: u.ID, Kind: "findings_shared", AssessmentID: as.ID, Hotline: hotline, Link: path, CreatedAt: s.now()}
		if err := models.CreateNotification(ctx, tx, n); err != nil {
			return fmt.Errorf("notify %s of the share: %w", u.ID, err)
		}
		date := FormatDate(s.msgs.Localizer(s.msgs.Match(u.Language)), due)
		if err := s.queueEmail(ctx, tx, u, "email.notify.findings_shared", map[string]any{"Hotline": hotline, "Link": s.opts.BaseURL + path, "Date": date}); err != nil {
			return err
		}
	}
	return nil
}

// ReplyWindowOf is the state of an assessment's right of reply, for the
// secretariat and the hotline's manager (someone else's: ErrNotFound; a
// reviewer: ErrForbidden). Before a share it holds nothing.
func (s *Service) ReplyWindowOf(ctx context.Context, a Actor, assessmentID string) (*ReplyWindow, error) {
	if !a.Is(models.RoleSecretariat, models.RoleManager) {
		return nil, ErrForbidden
	}
	if _, err := s.visibleAssessment(ctx, a, assessmentID); err != nil {
		return nil, err
	}
	return s.replyWindow(ctx, assessmentID)
}

// replyWindow loads the share and the replies of an assessment.
func (s *Service) replyWindow(ctx context.Context, assessmentID string) (*ReplyWindow, error) {
	share, err := models.FindingsShareOf(ctx, s.db, assessmentID)
	if errors.Is(err, models.ErrNotFound) {
		return &ReplyWindow{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load the share of %s: %w", assessmentID, err)
	}
	w := &ReplyWindow{Share: share, Open: share.OpenAt(s.now())}
	if w.Replies, err = models.RepliesOf(ctx, s.db, assessmentID); err != nil {
		return nil, fmt.Errorf("load the replies of %s: %w", assessmentID, err)
	}
	return w, nil
}

// checkReply applies the rules of a reply: a criterion of the assessment's
// framework when one is named, and a text of reasonable length. It
// returns the criterion code ("" for the whole assessment) and the text.
func (s *Service) checkReply(ctx context.Context, as *models.Assessment, in ReplyInput) (string, string, error) {
	_, f, err := s.pinnedFramework(ctx, as.FrameworkID)
	if err != nil {
		return "", "", err
	}
	verr := &ValidationError{}
	code := ""
	if in.Criterion != nil {
		code = strings.TrimSpace(*in.Criterion)
	}
	if _, ok := f.Criterion(code); code != "" && !ok {
		verr.Add("criterion", "error.reply_criterion", nil)
	}
	text := strings.TrimSpace(in.Text)
	switch {
	case text == "":
		verr.Add("text", "error.reply_text_required", nil)
	case utf8.RuneCountInString(text) > MaxNarrative:
		verr.Add("text", "error.too_long", map[string]any{"Max": MaxNarrative})
	}
	return code, text, verr.Err()
}

// Reply records the hotline manager's reply to shared findings while the
// window is open; a final reply closes it and tells the secretariat.
func (s *Service) Reply(ctx context.Context, a Actor, assessmentID string, in ReplyInput) (*models.Reply, error) {
	if !a.Is(models.RoleManager) {
		return nil, ErrForbidden
	}
	as, err := s.getAssessment(ctx, s.db, a, assessmentID)
	if err != nil {
		return nil, err
	}
	code, text, err := s.checkReply(ctx, as, in)
	if err != nil {
		return nil, err
	}
	r := &models.Reply{ID: models.NewID(), AssessmentID: as.ID, Criterion: code, Text: text, Final: in.Final, AuthorID: a.User.ID, CreatedAt: s.now()}
	if err := s.tx(ctx, func(tx *models.DB) error { return s.replyTx(ctx, tx, a, as, r) }); err != nil {
		return nil, fmt.Errorf("reply on %s: %w", assessmentID, err)
	}
	r.Author = a.User
	return r, nil
}

// replyTx records a reply once the window is found open with its row
// locked, so that a final reply and another one, or a decision, do not
// cross.
func (s *Service) replyTx(ctx context.Context, tx *models.DB, a Actor, as *models.Assessment, r *models.Reply) error {
	share, err := models.LockedFindingsShare(ctx, tx, as.ID, models.ForUpdate)
	if errors.Is(err, models.ErrNotFound) {
		return Conflict("error.reply_not_shared")
	} else if err != nil {
		return fmt.Errorf("load share: %w", err)
	}
	if !share.OpenAt(r.CreatedAt) {
		return Conflict("error.reply_window_closed")
	}
	if err := models.InsertReply(ctx, tx, r); err != nil {
		return fmt.Errorf("insert reply: %w", err)
	}
	detail := r.Criterion
	if detail == "" {
		detail = "overall"
	}
	if !r.Final {
		return s.audit(ctx, tx, a, "findings.reply", "assessment", as.ID, detail)
	}
	if closed, err := models.CloseReplyWindow(ctx, tx, as.ID, r.CreatedAt); err != nil {
		return fmt.Errorf("close the window: %w", err)
	} else if !closed {
		return Conflict("error.reply_window_closed")
	}
	if err := s.audit(ctx, tx, a, "findings.reply", "assessment", as.ID, detail+" (final: window closed)"); err != nil {
		return err
	}
	return s.notifySecretariat(ctx, tx, "reply_final", as)
}

// checkReplyWindowClosed refuses a decision while the hotline may still
// reply to shared findings; an assessment never shared decides as
// before. It runs in the decision's transaction, the share's row locked.
func (s *Service) checkReplyWindowClosed(ctx context.Context, tx *models.DB, assessmentID string) error {
	share, err := models.LockedFindingsShare(ctx, tx, assessmentID, models.ForShare)
	if errors.Is(err, models.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("load the share of %s: %w", assessmentID, err)
	}
	if share.OpenAt(s.now()) {
		return Conflict("error.decision_waits_for_reply")
	}
	return nil
}
