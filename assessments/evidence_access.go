package assessments

import (
	"context"
	"fmt"
	"time"

	"hotlineportal/models"
)

// Who downloaded a file, as the hotline's manager is told: a kind of
// downloader and, for a reviewer of the assessment, a letter. Never a
// name: managers never learn who reviews.
const (
	DownloaderReviewer    = "reviewer"    // "Reviewer A" (with a letter) or "Reviewer"
	DownloaderSecretariat = "secretariat" // "Secretariat"
	DownloaderManager     = "manager"     // "Hotline manager"
	DownloaderPanel       = "panel"       // "Appeal panel member"
)

// Downloader is a downloader's role and pseudonym.
type Downloader struct {
	Kind   string
	Letter string
}

// AccessEntry is one download in a hotline's evidence access log. UserID
// and UserName are filled for the secretariat only.
type AccessEntry struct {
	At           time.Time
	EvidenceID   string
	Filename     string
	Criterion    string
	AppealID     string
	AssessmentID string
	Who          Downloader
	UserID       string
	UserName     string
}

// recordDownload logs a download of an answer's evidence file in the
// access log and the audit log.
func (s *Service) recordDownload(ctx context.Context, a Actor, e *models.Evidence, as *models.Assessment) {
	s.logDownload(ctx, a, &models.EvidenceAccess{
		EvidenceID: e.ID, AssessmentID: e.AssessmentID, HotlineID: as.HotlineID, Criterion: e.Criterion, Filename: e.Filename,
	}, "evidence.download", "assessment", e.AssessmentID)
}

// logDownload records a download of one of a hotline's files (an answer's
// evidence, an appeal's file) in the access log, with its audit entry, in
// one transaction: one insert more than the audit entry alone. A failure
// is logged, never the download's: the file is already on its way.
func (s *Service) logDownload(ctx context.Context, a Actor, x *models.EvidenceAccess, action, objectType, objectID string) {
	x.ID, x.UserID, x.Role, x.At = models.NewID(), a.User.ID, a.User.Role, s.now()
	err := s.tx(ctx, func(tx *models.DB) error {
		if err := models.InsertEvidenceAccess(ctx, tx, x); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, action, objectType, objectID, x.Filename)
	})
	if err != nil {
		s.log.Error("record a download", "file", x.EvidenceID, "err", err)
	}
}

// EvidenceAccessLog pages a hotline's downloads, newest first: for its
// manager by role and pseudonym only, for the secretariat (any hotline)
// with the person's name too. Reviewers never see it (403); another
// hotline's manager is shown nothing (404).
func (s *Service) EvidenceAccessLog(ctx context.Context, a Actor, hotlineID string, page Page) ([]AccessEntry, int64, error) {
	if !a.Is(models.RoleSecretariat, models.RoleManager) {
		return nil, 0, ErrForbidden
	}
	h, err := s.GetHotline(ctx, a, hotlineID)
	if err != nil {
		return nil, 0, err
	}
	rows, total, err := models.HotlineEvidenceAccess(ctx, s.db, h.ID, page)
	if err != nil {
		return nil, 0, fmt.Errorf("list evidence downloads of %s: %w", h.ID, err)
	}
	ids := assessmentIDsOf(rows)
	order, err := models.ReviewerOrder(ctx, s.db, ids)
	if err != nil {
		return nil, 0, fmt.Errorf("load reviewer order: %w", err)
	}
	panels, err := models.PanelMembersOf(ctx, s.db, ids)
	if err != nil {
		return nil, 0, fmt.Errorf("load appeal panels: %w", err)
	}
	names := a.Is(models.RoleSecretariat)
	out := make([]AccessEntry, 0, len(rows))
	for _, r := range rows {
		e := AccessEntry{
			At: r.At, EvidenceID: r.EvidenceID, Filename: r.Filename, Criterion: r.Criterion, AppealID: r.AppealID, AssessmentID: r.AssessmentID,
			Who: downloaderOf(r.EvidenceAccess, order[r.AssessmentID], panels[r.AssessmentID]),
		}
		if names {
			e.UserID, e.UserName = r.UserID, r.UserName
		}
		out = append(out, e)
	}
	return out, total, nil
}

func assessmentIDsOf(rows []models.EvidenceAccessRow) []string {
	seen := map[string]bool{}
	var ids []string
	for _, r := range rows {
		if !seen[r.AssessmentID] {
			seen[r.AssessmentID] = true
			ids = append(ids, r.AssessmentID)
		}
	}
	return ids
}

// downloaderOf names a download's author by role: the secretariat and the
// hotline's managers as such, the assessment's reviewers by a letter in
// the order they were assigned, an appeal panel's members as such, anyone
// else by role.
func downloaderOf(x models.EvidenceAccess, reviewers []string, panel map[string]bool) Downloader {
	switch x.Role {
	case models.RoleSecretariat:
		return Downloader{Kind: DownloaderSecretariat}
	case models.RoleManager:
		return Downloader{Kind: DownloaderManager}
	}
	for i, id := range reviewers {
		if id == x.UserID {
			return Downloader{Kind: DownloaderReviewer, Letter: ReviewerLetter(i)}
		}
	}
	if panel[x.UserID] {
		return Downloader{Kind: DownloaderPanel}
	}
	return Downloader{Kind: string(x.Role)}
}

// ReviewerLetter is the letter of the i-th reviewer (from 0): A to Z,
// then AA, AB and so on.
func ReviewerLetter(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}
