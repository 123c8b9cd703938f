package assessments

import (
	"context"
	"fmt"
	"io"

	"hotlineportal/assessments/evidence"
	"hotlineportal/models"
)

// MaxAppealFiles bounds the files attached to one appeal.
const MaxAppealFiles = 25

// AddAppealFile attaches a file to an open appeal (the hotline's
// manager), stored and checked like an answer's evidence: size-limited,
// within a quota per appeal, its type read from the content.
func (s *Service) AddAppealFile(ctx context.Context, a Actor, id, filename string, r io.Reader) (*models.AppealFile, error) {
	ap, err := s.openAppealOfManager(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, Invalid("file", "error.file_required")
	}
	files, err := models.AppealFiles(ctx, s.db, ap.ID)
	if err != nil {
		return nil, fmt.Errorf("list files of %s: %w", ap.ID, err)
	}
	if len(files) >= MaxAppealFiles {
		return nil, Conflict("error.appeal.files_too_many")
	}
	used, err := models.AppealFileBytes(ctx, s.db, ap.ID)
	if err != nil {
		return nil, fmt.Errorf("sum files of %s: %w", ap.ID, err)
	}
	limit, quotaBound := uploadLimit(s.opts.MaxUploadBytes, s.opts.AssessmentQuotaBytes, used)
	saved, err := s.store.SaveNamed(ctx, r, limit, filename)
	if err != nil {
		return nil, s.uploadRefusal(err, quotaBound)
	}
	f := &models.AppealFile{
		ID: models.NewID(), AppealID: ap.ID, Filename: evidence.CleanFilename(filename), StorageKey: saved.Key,
		Size: saved.Size, SHA256: saved.SHA256, ContentType: saved.Info.ContentType, CreatedBy: a.User.ID, CreatedAt: s.now(),
	}
	err = s.tx(ctx, func(tx *models.DB) error {
		if err := models.InsertAppealFile(ctx, tx, f); err != nil {
			return fmt.Errorf("record appeal file: %w", err)
		}
		return s.appealStep(ctx, tx, a, ap, appealStep{
			event: "file", audit: "appeal.file", detail: f.Filename,
			notify: []appealNotice{{to: toSecretariat, kind: "appeal_file"}},
		})
	})
	if err != nil {
		s.removeUnrecorded(ctx, saved.Key)
		return nil, err
	}
	return f, nil
}

// OpenAppealFile opens a file of an appeal for someone who may see the
// appeal; the download is audited. A file purged by retention is gone
// (*PurgedError, 410, as for evidence), though its name and hash stay
// listed.
func (s *Service) OpenAppealFile(ctx context.Context, a Actor, id, fileID string) (*models.AppealFile, io.ReadCloser, error) {
	ap, err := models.AppealByID(ctx, s.db, appealScopeOf(a), id)
	if err != nil {
		return nil, nil, err
	}
	f, err := models.AppealFileByID(ctx, s.db, ap.ID, fileID)
	if err != nil {
		return nil, nil, err
	}
	if f.PurgedAt != nil {
		return nil, nil, &PurgedError{Filename: f.Filename, SHA256: f.SHA256, PurgedAt: *f.PurgedAt}
	}
	file, err := s.store.Open(ctx, f.StorageKey)
	if err != nil {
		return nil, nil, fmt.Errorf("open appeal file %s: %w", f.ID, err)
	}
	s.logDownload(ctx, a, &models.EvidenceAccess{
		EvidenceID: f.ID, AssessmentID: ap.AssessmentID, HotlineID: ap.HotlineID, AppealID: ap.ID, Filename: f.Filename,
	}, "appeal.file_download", "appeal", ap.ID)
	return f, evidence.NewVerifyingReader(file, f.Size, f.SHA256), nil
}
