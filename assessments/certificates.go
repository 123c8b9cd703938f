package assessments

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"hotlineportal/models"
)

// certificateScopeOf is which certificates an actor may see: every one for
// the secretariat, their hotline's for a manager, none for anyone else
// (reviewers included; the public pages use their own view).
func certificateScopeOf(a Actor) models.Scope {
	switch {
	case a.Is(models.RoleSecretariat):
		return models.Scope{All: true}
	case a.Is(models.RoleManager) && a.User.HotlineID != nil:
		return models.Scope{HotlineID: *a.User.HotlineID}
	}
	return models.NoScope
}

// GetCertificate loads a certificate by number for someone who may see it.
func (s *Service) GetCertificate(ctx context.Context, a Actor, number string) (*models.Certificate, error) {
	return models.CertificateByNumber(ctx, s.db, certificateScopeOf(a), strings.TrimSpace(number))
}

// CertificateStatus is a certificate's status now.
func (s *Service) CertificateStatus(c *models.Certificate) string { return c.StatusAt(s.now()) }

// ListCertificates lists the certificates the actor may see, newest first.
func (s *Service) ListCertificates(ctx context.Context, a Actor, page Page) ([]models.Certificate, int64, error) {
	out, total, err := models.ListCertificates(ctx, s.db, certificateScopeOf(a), page)
	if err != nil {
		return nil, 0, fmt.Errorf("list certificates: %w", err)
	}
	return out, total, nil
}

// CertificateForAssessment finds the newest certificate issued for an
// assessment (an overturned appeal may have replaced the first), or nil.
func (s *Service) CertificateForAssessment(ctx context.Context, a Actor, assessmentID string) (*models.Certificate, error) {
	c, err := models.CertificateOfAssessment(ctx, s.db, certificateScopeOf(a), assessmentID)
	if errors.Is(err, models.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load certificate of %s: %w", assessmentID, err)
	}
	return c, nil
}

// checkSuspend: a revoked certificate cannot be suspended, and a
// suspension's end, when given, must be after now.
func checkSuspend(c *models.Certificate, until *time.Time, now time.Time) error {
	if c.RevokedAt != nil {
		return Conflict("error.certificate_revoked")
	}
	if until != nil && !until.After(now) {
		return Invalid("until", "error.until_past")
	}
	return nil
}

// checkReinstate: only a suspended certificate that is not revoked can be
// reinstated.
func checkReinstate(c *models.Certificate) error {
	if c.RevokedAt != nil || c.SuspendedAt == nil {
		return Conflict("error.certificate_not_suspended")
	}
	return nil
}

// checkRevoke: a certificate is revoked once.
func checkRevoke(c *models.Certificate) error {
	if c.RevokedAt != nil {
		return Conflict("error.certificate_revoked")
	}
	return nil
}

// Suspend suspends a certificate (secretariat) with a reason and an
// optional end; it shows on the public pages at once.
func (s *Service) Suspend(ctx context.Context, a Actor, number, reason string, until *time.Time) (*models.Certificate, error) {
	return s.changeCertificate(ctx, a, number, reason, certificateChange{
		action: "certificate.suspend", needsReason: true,
		check: func(c *models.Certificate) error { return checkSuspend(c, until, s.now()) },
		write: func(ctx context.Context, tx *models.DB, c *models.Certificate, reason string) error {
			return models.SuspendCertificate(ctx, tx, c.ID, s.now(), until, reason)
		},
	})
}

// Reinstate ends a suspension (secretariat).
func (s *Service) Reinstate(ctx context.Context, a Actor, number, reason string) (*models.Certificate, error) {
	return s.changeCertificate(ctx, a, number, reason, certificateChange{
		action: "certificate.reinstate",
		check:  checkReinstate,
		write: func(ctx context.Context, tx *models.DB, c *models.Certificate, _ string) error {
			return models.ReinstateCertificate(ctx, tx, c.ID)
		},
	})
}

// Revoke revokes a certificate for good (secretariat), with a reason.
func (s *Service) Revoke(ctx context.Context, a Actor, number, reason string) (*models.Certificate, error) {
	return s.changeCertificate(ctx, a, number, reason, certificateChange{
		action: "certificate.revoke", needsReason: true,
		check: checkRevoke,
		write: func(ctx context.Context, tx *models.DB, c *models.Certificate, reason string) error {
			return models.RevokeCertificate(ctx, tx, c.ID, s.now(), reason)
		},
	})
}

// certificateChange is one change of a certificate's status: the audit
// action, whether a reason is required, the rule on the certificate as it
// stands, and the write.
type certificateChange struct {
	action      string
	needsReason bool
	check       func(*models.Certificate) error
	write       func(context.Context, *models.DB, *models.Certificate, string) error
}

// changeCertificate applies a status change with its reason, signs the
// status lists again in the same transaction, audits it and tells the
// hotline's managers.
func (s *Service) changeCertificate(ctx context.Context, a Actor, number, reason string, ch certificateChange) (*models.Certificate, error) {
	c, err := s.GetCertificate(ctx, a, number)
	if err != nil {
		return nil, err
	}
	if !a.Is(models.RoleSecretariat) {
		return nil, ErrForbidden
	}
	if reason = strings.TrimSpace(reason); reason == "" && ch.needsReason {
		return nil, Invalid("reason", "error.reason_required")
	}
	if err := ch.check(c); err != nil {
		return nil, err
	}
	sg, err := s.signer(ctx)
	if err != nil {
		return nil, err
	}
	err = s.tx(ctx, func(tx *models.DB) error {
		if err := ch.write(ctx, tx, c, reason); err != nil {
			return err
		}
		if err := s.refreshCertificateStatus(ctx, tx, sg, c); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, a, ch.action, "certificate", c.Number, reason); err != nil {
			return err
		}
		as := &models.Assessment{ID: c.AssessmentID, HotlineID: c.HotlineID, Hotline: &models.Hotline{Name: c.HotlineName}}
		return s.notifyManagers(ctx, tx, strings.TrimPrefix(ch.action, "certificate."), as)
	})
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", ch.action, c.Number, err)
	}
	return s.GetCertificate(ctx, a, number)
}

// PublicCertificate is what anyone may know about a certificate: nothing
// about scores, comments or people.
type PublicCertificate struct {
	Number     string `json:"number"`
	Hotline    string `json:"hotline"`
	HotlineID  string `json:"-"`
	Latin      string `json:"hotline_latin,omitempty"`
	Country    string `json:"country"`
	Status     string `json:"status"`
	Outcome    string `json:"outcome"`
	ValidFrom  string `json:"valid_from"`
	ValidUntil string `json:"valid_until"`
	Framework  string `json:"framework_version"`
	Reason     string `json:"reason,omitempty"`
	// DossierSHA256 is the hash of the dossier frozen at the decision; nil
	// for certificates decided before dossiers existed.
	DossierSHA256 *string `json:"dossier_sha256"`

	AssessmentID, CertificateID   string    `json:"-"`
	ValidFromTime, ValidUntilTime time.Time `json:"-"`
}

func (s *Service) public(c *models.Certificate) PublicCertificate {
	p := PublicCertificate{
		Number: c.Number, Hotline: c.HotlineName, HotlineID: c.HotlineID, Latin: c.HotlineLatin, Country: c.Country,
		Status: c.StatusAt(s.now()), Outcome: c.Outcome, Framework: c.FrameworkVersion,
		ValidFrom: c.ValidFrom.UTC().Format(time.RFC3339), ValidUntil: c.ValidUntil.UTC().Format(time.RFC3339),
		ValidFromTime: c.ValidFrom, ValidUntilTime: c.ValidUntil, AssessmentID: c.AssessmentID, CertificateID: c.ID,
	}
	switch p.Status {
	case models.CertRevoked:
		p.Reason = c.RevocationReason
	case models.CertSuspended:
		p.Reason = c.SuspensionReason
	}
	return p
}

// VerifyCertificate looks a certificate up for the public verification
// page.
func (s *Service) VerifyCertificate(ctx context.Context, number string) (*PublicCertificate, error) {
	c, err := models.CertificateByNumber(ctx, s.db, models.Scope{All: true}, strings.TrimSpace(number))
	if err != nil {
		return nil, err
	}
	out := []PublicCertificate{s.public(c)}
	if err := s.addDossierHashes(ctx, out); err != nil {
		return nil, err
	}
	return &out[0], nil
}

// addDossierHashes fills in the certificates' dossier hashes, in one
// query.
func (s *Service) addDossierHashes(ctx context.Context, certs []PublicCertificate) error {
	ids := make([]string, 0, len(certs))
	for _, c := range certs {
		ids = append(ids, c.CertificateID)
	}
	hashes, err := models.DossierHashes(ctx, s.db, ids)
	if err != nil {
		return fmt.Errorf("load dossier hashes: %w", err)
	}
	for i := range certs {
		if h, ok := hashes[certs[i].CertificateID]; ok {
			certs[i].DossierSHA256 = &h
		}
	}
	return nil
}

// Register lists the hotlines with a currently valid certificate (the
// newest per hotline), optionally for one country, by country and name.
func (s *Service) Register(ctx context.Context, country string) ([]PublicCertificate, error) {
	now := s.now()
	certs, err := models.RegisterCandidates(ctx, s.db, now, strings.ToUpper(strings.TrimSpace(country)))
	if err != nil {
		return nil, fmt.Errorf("load register: %w", err)
	}
	out := []PublicCertificate{}
	for _, c := range registerEntries(certs, now) {
		out = append(out, s.public(c))
	}
	if err := s.addDossierHashes(ctx, out); err != nil {
		return nil, err
	}
	return out, nil
}

// registerEntries keeps, of certificates listed newest first per hotline,
// each hotline's newest, and only when it is valid at now: a suspended
// newest certificate takes its hotline off the register even if an older
// one is still running.
func registerEntries(certs []models.Certificate, now time.Time) []*models.Certificate {
	var out []*models.Certificate
	seen := map[string]bool{}
	for i := range certs {
		c := &certs[i]
		newest := !seen[c.HotlineID]
		seen[c.HotlineID] = true
		if newest && c.StatusAt(now) == models.CertValid {
			out = append(out, c)
		}
	}
	return out
}
