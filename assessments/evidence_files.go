package assessments

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"hotlineportal/assessments/evidence"
	"hotlineportal/models"
)

// ErrTooLarge means a file is over the size limit or the assessment's
// quota (413). Key says which.
type ErrTooLarge struct {
	Key  string
	Data map[string]any
}

func (e *ErrTooLarge) Error() string { return "too large: " + e.Key }

// ErrUnsupportedType means an upload's content is not an allowed type
// (415), whatever its name says.
var ErrUnsupportedType = errors.New("file type not allowed")

// MaxEvidencePerCriterion bounds the files and links of one answer.
const MaxEvidencePerCriterion = 25

// editableItem loads the questionnaire and checks the actor may attach to
// or remove from the criterion's answer now.
func (s *Service) editableItem(ctx context.Context, a Actor, assessmentID, code string) (*Questionnaire, *Item, error) {
	q, err := s.LoadQuestionnaire(ctx, a, assessmentID)
	if err != nil {
		return nil, nil, err
	}
	if !a.Is(models.RoleManager) {
		return nil, nil, ErrForbidden
	}
	it, ok := q.Item(code)
	if !ok {
		return nil, nil, Invalid("criterion", "error.criterion_unknown")
	}
	if !it.Editable {
		return nil, nil, Conflict("error.not_editable")
	}
	return q, it, nil
}

// AddEvidenceFile stores an uploaded file for an answer: size-limited,
// within the assessment's quota, its type checked on the content. The
// original name is kept for display only.
func (s *Service) AddEvidenceFile(ctx context.Context, a Actor, assessmentID, code, filename string, r io.Reader) (*models.Evidence, error) {
	q, it, err := s.editableItem(ctx, a, assessmentID, code)
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, Invalid("file", "error.file_required")
	}
	if len(it.Evidence) >= MaxEvidencePerCriterion {
		return nil, Conflict("error.evidence_too_many")
	}
	used, err := models.EvidenceBytes(ctx, s.db, assessmentID)
	if err != nil {
		return nil, fmt.Errorf("sum evidence of %s: %w", assessmentID, err)
	}
	limit, quotaBound := uploadLimit(s.opts.MaxUploadBytes, s.opts.AssessmentQuotaBytes, used)
	saved, err := s.store.SaveNamed(ctx, r, limit, filename)
	if err != nil {
		return nil, s.uploadRefusal(err, quotaBound)
	}
	e := &models.Evidence{
		ID: models.NewID(), AssessmentID: assessmentID, Criterion: code, Kind: models.EvidenceFile,
		Filename: evidence.CleanFilename(filename), StorageKey: saved.Key, Size: saved.Size, SHA256: saved.SHA256,
		ContentType: saved.Info.ContentType, CreatedBy: a.User.ID, CreatedAt: s.now(),
	}
	err = s.tx(ctx, func(tx *models.DB) error {
		if err := models.CreateEvidence(ctx, tx, e); err != nil {
			return fmt.Errorf("record evidence file: %w", err)
		}
		return s.audit(ctx, tx, a, "evidence.upload", "assessment", q.Assessment.ID, fmt.Sprintf("%s %s (%d bytes, sha256 %s)", code, e.Filename, e.Size, e.SHA256))
	})
	if err != nil {
		s.removeUnrecorded(ctx, saved.Key)
		return nil, err
	}
	return e, nil
}

// uploadLimit is how large the next file of an assessment may be: the
// per-file limit, or what is left of the assessment's quota when that is
// less (quotaBound then says so, for the message).
func uploadLimit(maxUpload, quota, used int64) (limit int64, quotaBound bool) {
	if remaining := quota - used; remaining < maxUpload {
		return max(remaining, 0), true
	}
	return maxUpload, false
}

// uploadRefusal turns the store's refusal of a file into the domain's:
// over the quota or the size limit (413), a type not allowed (415).
func (s *Service) uploadRefusal(err error, quotaBound bool) error {
	switch {
	case errors.Is(err, evidence.ErrTooLarge) && quotaBound:
		return &ErrTooLarge{Key: "error.evidence_quota", Data: map[string]any{"MB": s.opts.AssessmentQuotaBytes >> 20}}
	case errors.Is(err, evidence.ErrTooLarge):
		return &ErrTooLarge{Key: "error.evidence_too_large", Data: map[string]any{"MB": s.opts.MaxUploadBytes >> 20}}
	case errors.Is(err, evidence.ErrTypeNotAllowed):
		return ErrUnsupportedType
	}
	return fmt.Errorf("store evidence: %w", err)
}

// AddEvidenceLink attaches a web address to an answer.
func (s *Service) AddEvidenceLink(ctx context.Context, a Actor, assessmentID, code, url, title string) (*models.Evidence, error) {
	q, it, err := s.editableItem(ctx, a, assessmentID, code)
	if err != nil {
		return nil, err
	}
	url, title, err = checkLink(url, title)
	if err != nil {
		return nil, err
	}
	if len(it.Evidence) >= MaxEvidencePerCriterion {
		return nil, Conflict("error.evidence_too_many")
	}
	e := &models.Evidence{
		ID: models.NewID(), AssessmentID: assessmentID, Criterion: code, Kind: models.EvidenceLink,
		Filename: title, URL: url, CreatedBy: a.User.ID, CreatedAt: s.now(),
	}
	err = s.tx(ctx, func(tx *models.DB) error {
		if err := models.CreateEvidence(ctx, tx, e); err != nil {
			return fmt.Errorf("record evidence link: %w", err)
		}
		return s.audit(ctx, tx, a, "evidence.link", "assessment", q.Assessment.ID, code+" "+url)
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// checkLink trims a link's address and title and checks them: an http or
// https address of at most 2,000 bytes, a title of at most 200 characters,
// the address itself when none is given.
func checkLink(url, title string) (string, string, error) {
	url, title = strings.TrimSpace(url), strings.TrimSpace(title)
	verr := &ValidationError{}
	if !validWebURL(url) || len(url) > 2000 {
		verr.Add("url", "error.url", nil)
	}
	if len([]rune(title)) > 200 {
		verr.Add("title", "error.too_long", map[string]any{"Max": 200})
	}
	if err := verr.Err(); err != nil {
		return "", "", err
	}
	if title == "" {
		title = url
	}
	return url, title, nil
}

// GetEvidence loads one evidence item of an assessment the actor may see.
func (s *Service) GetEvidence(ctx context.Context, a Actor, id string) (*models.Evidence, error) {
	e, err := models.EvidenceByID(ctx, s.db, id)
	if err != nil {
		return nil, fmt.Errorf("load evidence %s: %w", id, err)
	}
	if _, err := s.getAssessment(ctx, s.db, a, e.AssessmentID); err != nil {
		return nil, err
	}
	return e, nil
}

// OpenEvidence opens an evidence file for download by someone who may see
// its assessment; the download is audited and kept in the hotline's
// evidence access log. A file the retention job removed is a
// *PurgedError (410).
func (s *Service) OpenEvidence(ctx context.Context, a Actor, id string) (*models.Evidence, io.ReadCloser, error) {
	e, err := models.EvidenceByID(ctx, s.db, id)
	if err != nil {
		return nil, nil, fmt.Errorf("load evidence %s: %w", id, err)
	}
	as, err := s.visibleAssessment(ctx, a, e.AssessmentID)
	if err != nil {
		return nil, nil, err
	}
	if e.Kind != models.EvidenceFile {
		return nil, nil, ErrNotFound
	}
	if err := purgedError(e); err != nil {
		return nil, nil, err
	}
	f, err := s.store.Open(ctx, e.StorageKey)
	if err != nil {
		return nil, nil, fmt.Errorf("open evidence %s: %w", e.ID, err)
	}
	s.recordDownload(ctx, a, e, as)
	return e, evidence.NewVerifyingReader(f, e.Size, e.SHA256), nil
}

// RemoveEvidence deletes a file or link while the answer is editable. The
// stored file goes too unless another cycle still refers to it.
func (s *Service) RemoveEvidence(ctx context.Context, a Actor, id string) (*models.Evidence, error) {
	e, err := s.GetEvidence(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if _, _, err := s.editableItem(ctx, a, e.AssessmentID, e.Criterion); err != nil {
		return nil, err
	}
	var stillUsed int64
	err = s.tx(ctx, func(tx *models.DB) error {
		if err := models.DeleteEvidence(ctx, tx, e.ID); err != nil {
			return fmt.Errorf("delete evidence %s: %w", e.ID, err)
		}
		if e.StorageKey != "" {
			if stillUsed, err = models.StorageKeyUses(ctx, tx, e.StorageKey); err != nil {
				return fmt.Errorf("count uses of evidence file: %w", err)
			}
		}
		return s.audit(ctx, tx, a, "evidence.remove", "assessment", e.AssessmentID, e.Criterion+" "+e.Filename)
	})
	if err != nil {
		return nil, err
	}
	if e.StorageKey != "" && stillUsed == 0 {
		if err := s.store.Remove(ctx, e.StorageKey); err != nil {
			s.log.Warn("remove evidence file", "key", e.StorageKey, "err", err)
		}
	}
	return e, nil
}
