package assessments

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"hotlineportal/assessments/framework"
	"hotlineportal/assessments/scoring"
	"hotlineportal/models"
)

// MaxConcurrentExports bounds the exports running at once: each holds a
// batch of one assessment's scores and a response writer, so a burst of
// downloads cannot exhaust memory or the database pool.
const MaxConcurrentExports = 4

// exportRetryAfter is what a caller refused for want of a slot is told to
// wait: an export of the whole network takes seconds.
const exportRetryAfter = 10 * time.Second

// exportBatch is how many assessments one query of the export reads; the
// connection goes back to the pool between batches, so a slow download
// never holds one for long.
const exportBatch = 50

// exportGate counts the exports running; its zero value is ready.
type exportGate struct{ running atomic.Int64 }

func (g *exportGate) acquire() bool {
	if g.running.Add(1) > MaxConcurrentExports {
		g.running.Add(-1)
		return false
	}
	return true
}

func (g *exportGate) release() { g.running.Add(-1) }

// ExportQuery filters the scores export; empty fields do not filter.
type ExportQuery struct {
	AssessmentID     string
	Country          string
	FrameworkVersion string
}

// ExportRow is one reviewer's score of a submitted review, with what a
// spreadsheet needs beside it. Nil pointers are N/A or unknown: Score nil
// is the reviewer's N/A, Level nil an unanswered criterion, Consolidated
// nil a criterion that does not count.
type ExportRow struct {
	AssessmentID     string   `json:"assessment_id"`
	Hotline          string   `json:"hotline"`
	Country          string   `json:"country"`
	FrameworkVersion string   `json:"framework_version"`
	Status           string   `json:"status"`
	Section          string   `json:"section"`
	Criterion        string   `json:"criterion"`
	Level            *string  `json:"level"`
	ReviewerID       string   `json:"reviewer_id"`
	Score            *int     `json:"score"`
	Comment          string   `json:"comment"`
	Consolidated     *float64 `json:"consolidated"`
}

// ExportColumns are the export's column names, in order; the CSV and XLSX
// header rows and the JSON field names are the same (api.md).
var ExportColumns = []string{
	"assessment_id", "hotline", "country", "framework_version", "status", "section",
	"criterion", "level", "reviewer_id", "score", "comment", "consolidated",
}

// ScoreExport is an export that passed its checks and holds a slot until
// Close; its rows are read by Each.
type ScoreExport struct {
	svc    *Service
	filter models.ExportFilter
	closed atomic.Bool
}

// OpenScoreExport checks the caller (secretariat only) and the filters,
// and takes one of the MaxConcurrentExports slots (a BusyError when none
// is free), before anything is written to the client, so every refusal
// can still be a proper error response.
func (s *Service) OpenScoreExport(ctx context.Context, a Actor, q ExportQuery) (*ScoreExport, error) {
	if !a.Is(models.RoleSecretariat) {
		return nil, ErrForbidden
	}
	f, err := s.exportFilter(ctx, q)
	if err != nil {
		return nil, err
	}
	if !s.exports.acquire() {
		return nil, &BusyError{RetryAfter: exportRetryAfter}
	}
	return &ScoreExport{svc: s, filter: f}, nil
}

// exportFilter validates the query: a well-formed country, and an
// assessment and a framework version that exist (an unknown value is 422,
// not an empty file that looks like "no scores").
func (s *Service) exportFilter(ctx context.Context, q ExportQuery) (models.ExportFilter, error) {
	f := models.ExportFilter{
		AssessmentID:     strings.TrimSpace(q.AssessmentID),
		Country:          strings.ToUpper(strings.TrimSpace(q.Country)),
		FrameworkVersion: strings.TrimSpace(q.FrameworkVersion),
	}
	verr := &ValidationError{}
	if f.Country != "" && !ValidCountry(f.Country) {
		verr.Add("country", "error.country", nil)
	}
	if f.AssessmentID != "" {
		_, err := models.VisibleAssessment(ctx, s.db, models.Scope{All: true}, f.AssessmentID, false)
		switch {
		case errors.Is(err, models.ErrNotFound):
			verr.Add("assessment_id", "export.error.assessment", nil)
		case err != nil:
			return f, fmt.Errorf("look up assessment %s for the export: %w", f.AssessmentID, err)
		}
	}
	if f.FrameworkVersion != "" {
		ok, err := models.FrameworkVersionKnown(ctx, s.db, f.FrameworkVersion)
		if err != nil {
			return f, fmt.Errorf("look up framework version %q: %w", f.FrameworkVersion, err)
		}
		if !ok {
			verr.Add("framework_version", "export.error.framework_version", nil)
		}
	}
	return f, verr.Err()
}

// Close gives the slot back; it may be called more than once.
func (e *ScoreExport) Close() {
	if e.closed.CompareAndSwap(false, true) {
		e.svc.exports.release()
	}
}

// Each hands every row to fn, assessment by assessment in creation order
// and within one in framework order. Rows are read with a cursor, a batch
// of assessments at a time, and only one assessment's scores are held at
// once, so memory does not grow with the network. fn must not keep row.
func (e *ScoreExport) Each(ctx context.Context, fn func(row *ExportRow) error) error {
	after := ""
	for {
		batch, err := models.ExportAssessments(ctx, e.svc.db, e.filter, after, exportBatch)
		if err != nil {
			return fmt.Errorf("list assessments to export: %w", err)
		}
		if len(batch) == 0 {
			return nil
		}
		if err := e.exportBatch(ctx, batch, fn); err != nil {
			return err
		}
		if len(batch) < exportBatch {
			return nil
		}
		after = batch[len(batch)-1].ID
	}
}

// exportBatch streams the scores of one batch of assessments, gathering
// each assessment's rows (bounded by its framework) before writing them.
func (e *ScoreExport) exportBatch(ctx context.Context, batch []models.ExportAssessment, fn func(*ExportRow) error) error {
	byID := make(map[string]*models.ExportAssessment, len(batch))
	ids := make([]string, len(batch))
	for i := range batch {
		byID[batch[i].ID], ids[i] = &batch[i], batch[i].ID
	}
	var (
		cur   *models.ExportAssessment
		group []models.ExportScore
	)
	flush := func() error {
		if cur == nil || len(group) == 0 {
			return nil
		}
		err := e.emitAssessment(ctx, cur, group, fn)
		group = group[:0]
		return err
	}
	err := models.EachExportScore(ctx, e.svc.db, ids, func(sc *models.ExportScore) error {
		if cur == nil || sc.AssessmentID != cur.ID {
			if err := flush(); err != nil {
				return err
			}
			cur = byID[sc.AssessmentID]
		}
		group = append(group, *sc)
		return nil
	})
	if err != nil {
		return fmt.Errorf("read scores to export: %w", err)
	}
	return flush()
}

// emitAssessment writes one assessment's rows in framework order, each
// criterion's consolidated score computed by the scoring package's rule
// over its submitted scores. Criteria the framework no longer lists come
// last, without a section.
func (e *ScoreExport) emitAssessment(ctx context.Context, as *models.ExportAssessment, scores []models.ExportScore, fn func(*ExportRow) error) error {
	_, fw, err := e.svc.pinnedFramework(ctx, as.FrameworkID)
	if err != nil {
		return err
	}
	byCode := map[string][]models.ExportScore{}
	var order []string
	for _, sc := range scores {
		if _, seen := byCode[sc.Criterion]; !seen {
			order = append(order, sc.Criterion)
		}
		byCode[sc.Criterion] = append(byCode[sc.Criterion], sc)
	}
	row := ExportRow{AssessmentID: as.ID, Hotline: as.Hotline, Country: as.Country, FrameworkVersion: as.FrameworkVersion, Status: as.Status}
	emit := func(section string, c *framework.Criterion, code string) error {
		list, ok := byCode[code]
		if !ok {
			return nil
		}
		delete(byCode, code)
		row.Section, row.Criterion = section, code
		row.Consolidated = scoring.ConsolidatedScore(c == nil || c.AppliesTo(as.Channels), scoresOf(list))
		for _, sc := range list {
			row.Level, row.ReviewerID, row.Score, row.Comment = sc.Level, sc.ReviewerID, sc.Score, sc.Comment
			if err := fn(&row); err != nil {
				return err
			}
		}
		return nil
	}
	for _, sec := range fw.Sections {
		for i := range sec.Criteria {
			if err := emit(sec.Code, &sec.Criteria[i], sec.Criteria[i].Code); err != nil {
				return err
			}
		}
	}
	for _, code := range order {
		if err := emit("", nil, code); err != nil {
			return err
		}
	}
	return nil
}

// scoresOf turns submitted scores into the scoring package's input: every
// one is scored, a nil value is the reviewer's N/A.
func scoresOf(list []models.ExportScore) []scoring.Score {
	out := make([]scoring.Score, len(list))
	for i, sc := range list {
		out[i] = scoring.Score{ReviewerID: sc.ReviewerID, Value: sc.Score, Scored: true}
	}
	return out
}
