package assessments

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"hotlineportal/assessments/framework"
	"hotlineportal/models"
)

// Questionnaire is an assessment with everything needed to show, check or
// submit it, loaded in a fixed number of queries.
type Questionnaire struct {
	Assessment   *models.Assessment
	Hotline      *models.Hotline
	FrameworkRow *models.Framework
	Framework    *framework.Framework
	Sections     []SectionView
	Progress     Progress
	// Editable tells whether the actor may change answers now.
	Editable bool
	byCode   map[string]*Item
}

// SectionView is one section of the task list with its progress.
type SectionView struct {
	Section  framework.Section
	Items    []*Item
	Progress Progress
}

// State is the task-list status of a section: not_started, in_progress,
// completed or not_applicable.
func (s SectionView) State() string {
	switch {
	case s.Progress.Required == 0:
		return "not_applicable"
	case s.Progress.Answered == s.Progress.Required:
		return "completed"
	case s.Progress.Answered == 0 && !s.touched():
		return "not_started"
	}
	return "in_progress"
}

func (s SectionView) touched() bool {
	for _, it := range s.Items {
		if it.Answer.Version > 0 {
			return true
		}
	}
	return false
}

// Item is one criterion of the questionnaire with its answer and evidence.
type Item struct {
	Criterion  framework.Criterion
	Section    string
	Answer     models.Answer
	Evidence   []models.Evidence
	Applicable bool
	// Missing is the catalogue key saying what is still needed, or "".
	Missing  string
	Editable bool
	// Translation is the status of the criterion's text in the reader's
	// language (see TranslateQuestionnaire): reviewed, draft or fallback.
	Translation string
}

// DraftTranslation tells whether the criterion is shown in a translation
// not yet reviewed, so the page marks it and offers the English original.
func (it *Item) DraftTranslation() bool { return it.Translation == framework.Draft }

// Complete tells whether the item needs nothing more before submission.
func (it *Item) Complete() bool { return it.Missing == "" }

// Progress counts required (applicable) criteria and those answered.
type Progress struct {
	Answered int `json:"answered"`
	Required int `json:"required"`
}

// Percent is the share answered, for progress bars.
func (p Progress) Percent() int {
	if p.Required == 0 {
		return 100
	}
	return p.Answered * 100 / p.Required
}

// Item returns the item of a criterion code.
func (q *Questionnaire) Item(code string) (*Item, bool) {
	it, ok := q.byCode[code]
	return it, ok
}

// Items lists every item in framework order.
func (q *Questionnaire) Items() []*Item {
	var out []*Item
	for _, s := range q.Sections {
		out = append(out, s.Items...)
	}
	return out
}

// Missing lists the items still needed before submission.
func (q *Questionnaire) Missing() []*Item {
	var out []*Item
	for _, it := range q.Items() {
		if !it.Complete() {
			out = append(out, it)
		}
	}
	return out
}

// NextAfter is the item after code in framework order that still needs
// an answer, or nil.
func (q *Questionnaire) NextAfter(code string) *Item {
	items := q.Items()
	for i, it := range items {
		if it.Criterion.Code == code {
			for _, next := range items[i+1:] {
				if !next.Complete() {
					return next
				}
			}
			for _, next := range items[:i] {
				if !next.Complete() {
					return next
				}
			}
		}
	}
	return nil
}

// LoadQuestionnaire loads a visible assessment with its framework,
// answers and evidence, and works out applicability and progress.
func (s *Service) LoadQuestionnaire(ctx context.Context, a Actor, id string) (*Questionnaire, error) {
	as, err := s.getAssessment(ctx, s.db, a, id)
	if err != nil {
		return nil, err
	}
	row, f, err := s.pinnedFramework(ctx, as.FrameworkID)
	if err != nil {
		return nil, err
	}
	answers, err := models.AnswersOf(ctx, s.db, id)
	if err != nil {
		return nil, fmt.Errorf("load answers of %s: %w", id, err)
	}
	evidence, err := models.EvidenceOf(ctx, s.db, id)
	if err != nil {
		return nil, fmt.Errorf("load evidence of %s: %w", id, err)
	}
	return buildQuestionnaire(a, as, row, f, answers, evidence), nil
}

// TranslateQuestionnaire shows q's criteria in lang where translated and
// records each one's translation status; without it they are in the
// framework file's languages only.
func (s *Service) TranslateQuestionnaire(ctx context.Context, q *Questionnaire, lang string) error {
	f, status, err := s.TranslatedFramework(ctx, q.FrameworkRow.ID, q.Framework, lang)
	if err != nil {
		return err
	}
	q.Framework = f
	for i, sec := range f.Sections {
		if i >= len(q.Sections) {
			break
		}
		q.Sections[i].Section = sec
		for j, c := range sec.Criteria {
			if j < len(q.Sections[i].Items) && q.Sections[i].Items[j].Criterion.Code == c.Code {
				q.Sections[i].Items[j].Criterion = c
				q.Sections[i].Items[j].Translation = status[c.Code]
			}
		}
	}
	return nil
}

func buildQuestionnaire(a Actor, as *models.Assessment, row *models.Framework, f *framework.Framework, answers []models.Answer, evidence []models.Evidence) *Questionnaire {
	q := &Questionnaire{Assessment: as, Hotline: as.Hotline, FrameworkRow: row, Framework: f, byCode: map[string]*Item{}}
	q.Editable = canEditAnswers(a, as)
	byCode := map[string]models.Answer{}
	for _, ans := range answers {
		byCode[ans.Criterion] = ans
	}
	files := map[string][]models.Evidence{}
	for _, e := range evidence {
		files[e.Criterion] = append(files[e.Criterion], e)
	}
	for _, sec := range f.Sections {
		sv := SectionView{Section: sec}
		for _, c := range sec.Criteria {
			it := &Item{Criterion: c, Section: sec.Code, Answer: byCode[c.Code], Evidence: files[c.Code], Applicable: c.AppliesTo(as.Hotline.Channels)}
			it.Editable = q.Editable && answerOpen(as.Status, it.Answer.Reopened)
			if it.Applicable {
				it.Missing = missingKey(it.Answer)
				sv.Progress.Required++
				if it.Missing == "" {
					sv.Progress.Answered++
				}
			}
			sv.Items = append(sv.Items, it)
			q.byCode[c.Code] = it
		}
		q.Progress.Required += sv.Progress.Required
		q.Progress.Answered += sv.Progress.Answered
		q.Sections = append(q.Sections, sv)
	}
	return q
}

// missingKey says what an applicable answer still needs, or "".
func missingKey(ans models.Answer) string {
	switch {
	case ans.Level == nil:
		return "missing.level"
	case *ans.Level == models.LevelNotApplicable && strings.TrimSpace(ans.Narrative) == "":
		return "missing.justification"
	case ans.CarriedOver:
		return "missing.confirm_carried_over"
	}
	return ""
}

// canEditAnswers: only the hotline's manager, and only while the
// assessment is a draft or has criteria reopened for clarification.
func canEditAnswers(a Actor, as *models.Assessment) bool {
	return a.User != nil && a.User.ManagesHotline(as.HotlineID) &&
		(as.Status == models.StatusDraft || as.Status == models.StatusChangesRequested)
}

// answerOpen tells whether an answer may change in an assessment's state:
// every answer of a draft, only the reopened ones when sent back for
// clarification, none otherwise.
func answerOpen(status models.Status, reopened bool) bool {
	return status == models.StatusDraft || (status == models.StatusChangesRequested && reopened)
}

// AssessmentQuery filters and pages the assessment list.
type AssessmentQuery struct {
	Status    string
	HotlineID string
	Page      Page
}

// ListAssessments returns the assessments the actor may see, newest first.
func (s *Service) ListAssessments(ctx context.Context, a Actor, q AssessmentQuery) ([]models.Assessment, int64, error) {
	items, total, err := models.ListAssessments(ctx, s.db, scopeOf(a), models.AssessmentFilter{Status: q.Status, HotlineID: q.HotlineID}, q.Page)
	if err != nil {
		return nil, 0, fmt.Errorf("list assessments: %w", err)
	}
	return items, total, nil
}

// OpenAssessment is the manager's hotline's assessment that is not yet
// decided, or nil.
func (s *Service) OpenAssessment(ctx context.Context, a Actor) (*models.Assessment, error) {
	if !a.Is(models.RoleManager) || a.User.HotlineID == nil {
		return nil, nil
	}
	as, err := models.OpenAssessmentOf(ctx, s.db, *a.User.HotlineID)
	switch {
	case errors.Is(err, models.ErrNotFound):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("find open assessment: %w", err)
	}
	return as, nil
}
