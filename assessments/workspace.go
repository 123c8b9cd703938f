package assessments

import (
	"context"
	"fmt"

	"hotlineportal/models"
)

// Workspace is a reviewer's view of an assessment: criterion by criterion
// the answer, what changed since the round before, the thread, and the
// reviewer's own score. Other reviewers' scores appear only once the
// reviewer has submitted their own review (independent scoring).
type Workspace struct {
	Q             *Questionnaire
	Assignment    *models.Assignment
	MyReview      *models.Review
	Reviews       []models.Review
	Items         []*WorkspaceItem
	Progress      Progress
	OthersVisible bool
	byCode        map[string]*WorkspaceItem
}

// WorkspaceItem is one criterion in the workspace.
type WorkspaceItem struct {
	Item     *Item
	Mine     *models.Score
	Others   []models.Score
	Thread   []models.Message
	Previous *models.AnswerRound
	Diff     []DiffPart
	Changed  bool
}

// Item returns the workspace item of a criterion.
func (w *Workspace) Item(code string) (*WorkspaceItem, bool) {
	it, ok := w.byCode[code]
	return it, ok
}

// Unscored lists the applicable criteria the reviewer has not scored.
func (w *Workspace) Unscored() []*WorkspaceItem {
	var out []*WorkspaceItem
	for _, it := range w.Items {
		if it.Item.Applicable && it.Mine == nil {
			out = append(out, it)
		}
	}
	return out
}

// NextUnscored is the first applicable criterion, other than code, the
// reviewer has not scored yet, or nil: where "save and continue" goes.
func (w *Workspace) NextUnscored(code string) *WorkspaceItem {
	for _, it := range w.Unscored() {
		if it.Item.Criterion.Code != code {
			return it
		}
	}
	return nil
}

// SectionProgress counts scored applicable criteria in a section.
func (w *Workspace) SectionProgress(code string) Progress {
	var p Progress
	for _, it := range w.Items {
		if it.Item.Section == code && it.Item.Applicable {
			p.Required++
			if it.Mine != nil {
				p.Answered++
			}
		}
	}
	return p
}

// Editable tells whether the reviewer may still change scores.
func (w *Workspace) Editable() bool {
	return w.MyReview == nil && w.Q.Assessment.Status == models.StatusInReview
}

// LoadWorkspace loads the workspace of an assigned reviewer.
func (s *Service) LoadWorkspace(ctx context.Context, a Actor, assessmentID string) (*Workspace, error) {
	q, err := s.LoadQuestionnaire(ctx, a, assessmentID)
	if err != nil {
		return nil, err
	}
	if !a.Is(models.RoleReviewer) {
		return nil, ErrForbidden
	}
	asg, err := models.ActiveAssignment(ctx, s.db, assessmentID, a.User.ID)
	if err != nil {
		return nil, err
	}
	w := &Workspace{Q: q, Assignment: asg, byCode: map[string]*WorkspaceItem{}}
	if w.Reviews, err = models.SubmittedReviews(ctx, s.db, assessmentID); err != nil {
		return nil, fmt.Errorf("load reviews of %s: %w", assessmentID, err)
	}
	for i := range w.Reviews {
		if w.Reviews[i].ReviewerID == a.User.ID {
			w.MyReview = &w.Reviews[i]
		}
	}
	w.OthersVisible = w.MyReview != nil
	scores, err := models.AssessmentScoresByReviewer(ctx, s.db, assessmentID)
	if err != nil {
		return nil, fmt.Errorf("load scores of %s: %w", assessmentID, err)
	}
	threads, err := s.threads(ctx, assessmentID)
	if err != nil {
		return nil, err
	}
	previous, err := s.previousRound(ctx, assessmentID, q.Assessment.Round)
	if err != nil {
		return nil, err
	}
	for _, it := range q.Items() {
		wi := &WorkspaceItem{Item: it, Thread: threads[it.Criterion.Code]}
		if p, ok := previous[it.Criterion.Code]; ok {
			wi.Previous = &p
			wi.Changed = p.Narrative != it.Answer.Narrative || !sameLevel(p.Level, it.Answer.Level)
			if wi.Changed {
				wi.Diff = WordDiff(p.Narrative, it.Answer.Narrative)
			}
		}
		w.Items = append(w.Items, wi)
		w.byCode[it.Criterion.Code] = wi
	}
	w.placeScores(a.User.ID, scores)
	return w, nil
}

// placeScores puts each score on its criterion: the reviewer's own, and
// the others' only once the reviewer's review is in (independent
// scoring); then counts the reviewer's progress.
func (w *Workspace) placeScores(reviewerID string, scores []models.Score) {
	for i := range scores {
		sc := scores[i]
		wi, ok := w.byCode[sc.Criterion]
		switch {
		case !ok:
		case sc.ReviewerID == reviewerID:
			wi.Mine = &sc
		case w.OthersVisible:
			wi.Others = append(wi.Others, sc)
		}
	}
	for _, it := range w.Items {
		if it.Item.Applicable {
			w.Progress.Required++
			if it.Mine != nil {
				w.Progress.Answered++
			}
		}
	}
}

func sameLevel(a, b *string) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}

// threads loads an assessment's messages by criterion, oldest first.
func (s *Service) threads(ctx context.Context, assessmentID string) (map[string][]models.Message, error) {
	msgs, err := models.ThreadMessages(ctx, s.db, assessmentID)
	if err != nil {
		return nil, fmt.Errorf("load thread of %s: %w", assessmentID, err)
	}
	out := map[string][]models.Message{}
	for _, m := range msgs {
		out[m.Criterion] = append(out[m.Criterion], m)
	}
	return out, nil
}

// Threads is the message thread of each criterion, for the manager's and
// the secretariat's pages.
func (s *Service) Threads(ctx context.Context, a Actor, assessmentID string) (map[string][]models.Message, error) {
	if _, err := s.getAssessment(ctx, s.db, a, assessmentID); err != nil {
		return nil, err
	}
	return s.threads(ctx, assessmentID)
}

// previousRound is every answer as it stood at the round before the
// current one (none in round 1).
func (s *Service) previousRound(ctx context.Context, assessmentID string, round int) (map[string]models.AnswerRound, error) {
	out := map[string]models.AnswerRound{}
	if round <= 1 {
		return out, nil
	}
	rows, err := models.AnswerRounds(ctx, s.db, assessmentID, round-1)
	if err != nil {
		return nil, fmt.Errorf("load round %d of %s: %w", round-1, assessmentID, err)
	}
	for _, r := range rows {
		out[r.Criterion] = r
	}
	return out, nil
}

// ClarificationThread lists the clarification requests about one
// criterion: the part of the thread a hotline's manager sees (the
// reviewers' reconciliation notes stay among reviewers).
func (s *Service) ClarificationThread(ctx context.Context, a Actor, assessmentID, code string) ([]models.Message, error) {
	threads, err := s.Threads(ctx, a, assessmentID)
	if err != nil {
		return nil, err
	}
	var out []models.Message
	for _, m := range threads[code] {
		if m.Kind == models.MessageClarification {
			out = append(out, m)
		}
	}
	return out, nil
}

// MessageThreads lists an assessment's thread messages, oldest first, as
// the actor's pages show them: the secretariat every message; an active
// reviewer of the assessment the threads of its criteria (the score pages;
// a withdrawn review's note, on no criterion, stays off them); a manager
// of the hotline only the clarification requests, with no author, so that
// managers never learn who reviews. Anyone else gets ErrNotFound.
func (s *Service) MessageThreads(ctx context.Context, a Actor, assessmentID string) ([]models.Message, error) {
	if _, err := s.getAssessment(ctx, s.db, a, assessmentID); err != nil {
		return nil, err
	}
	if a.Is(models.RoleReviewer) {
		if _, err := models.ActiveAssignment(ctx, s.db, assessmentID, a.User.ID); err != nil {
			return nil, err
		}
	}
	msgs, err := models.ThreadMessages(ctx, s.db, assessmentID)
	if err != nil {
		return nil, fmt.Errorf("load thread of %s: %w", assessmentID, err)
	}
	out := msgs[:0]
	for _, m := range msgs {
		switch {
		case a.Is(models.RoleSecretariat):
		case a.Is(models.RoleReviewer) && m.Criterion != "":
		case a.Is(models.RoleManager) && m.Kind == models.MessageClarification:
			m.AuthorID, m.Author = "", nil
		default:
			continue
		}
		out = append(out, m)
	}
	return out, nil
}
