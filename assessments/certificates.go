package assessments

import (
	"context"
	"errors"
	"strings"
	"time"

	"gorm.io/gorm"

	"hotlineportal/models"
)

// certificateScope: the secretariat sees every certificate, a manager
// their hotline's, nobody else any (the public pages use their own view).
func certificateScope(db *gorm.DB, a Actor) *gorm.DB {
	switch {
	case a.Is(models.RoleSecretariat):
		return db
	case a.Is(models.RoleManager) && a.User.HotlineID != nil:
		return db.Where("hotline_id = ?", *a.User.HotlineID)
	}
	return db.Where("1 = 0")
}

// GetCertificate loads a certificate by number for someone who may see it.
func (s *Service) GetCertificate(ctx context.Context, a Actor, number string) (*models.Certificate, error) {
	var c models.Certificate
	err := certificateScope(s.db.WithContext(ctx), a).Where("number = ?", strings.TrimSpace(number)).Take(&c).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	return &c, err
}

// CertificateStatus is a certificate's status now.
func (s *Service) CertificateStatus(c *models.Certificate) string { return c.StatusAt(s.now()) }

// ListCertificates lists the certificates the actor may see, newest first.
func (s *Service) ListCertificates(ctx context.Context, a Actor, page Page) ([]models.Certificate, int64, error) {
	db := certificateScope(s.db.WithContext(ctx).Model(&models.Certificate{}), a)
	var total int64
	if err := db.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var out []models.Certificate
	err := db.Order("issued_at DESC").Limit(page.Limit()).Offset(page.Offset()).Find(&out).Error
	return out, total, err
}

// CertificateForAssessment finds the certificate issued for an assessment,
// or nil.
func (s *Service) CertificateForAssessment(ctx context.Context, a Actor, assessmentID string) (*models.Certificate, error) {
	var c models.Certificate
	err := certificateScope(s.db.WithContext(ctx), a).Where("assessment_id = ?", assessmentID).Take(&c).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	return &c, err
}

// Suspend suspends a certificate (secretariat) with a reason and an
// optional end; it shows on the public pages at once.
func (s *Service) Suspend(ctx context.Context, a Actor, number, reason string, until *time.Time) (*models.Certificate, error) {
	return s.changeCertificate(ctx, a, number, reason, "certificate.suspend", func(c *models.Certificate) (map[string]any, error) {
		if c.RevokedAt != nil {
			return nil, Conflict("error.certificate_revoked")
		}
		if until != nil && !until.After(s.now()) {
			return nil, Invalid("until", "error.until_past")
		}
		return map[string]any{"suspended_at": s.now(), "suspended_until": until, "suspension_reason": reason}, nil
	})
}

// Reinstate ends a suspension (secretariat).
func (s *Service) Reinstate(ctx context.Context, a Actor, number, reason string) (*models.Certificate, error) {
	return s.changeCertificate(ctx, a, number, reason, "certificate.reinstate", func(c *models.Certificate) (map[string]any, error) {
		if c.RevokedAt != nil || c.SuspendedAt == nil {
			return nil, Conflict("error.certificate_not_suspended")
		}
		return map[string]any{"suspended_at": nil, "suspended_until": nil, "suspension_reason": ""}, nil
	})
}

// Revoke revokes a certificate for good (secretariat), with a reason.
func (s *Service) Revoke(ctx context.Context, a Actor, number, reason string) (*models.Certificate, error) {
	return s.changeCertificate(ctx, a, number, reason, "certificate.revoke", func(c *models.Certificate) (map[string]any, error) {
		if c.RevokedAt != nil {
			return nil, Conflict("error.certificate_revoked")
		}
		return map[string]any{"revoked_at": s.now(), "revocation_reason": reason}, nil
	})
}

// changeCertificate applies a status change with its reason, audits it and
// tells the hotline's managers.
func (s *Service) changeCertificate(ctx context.Context, a Actor, number, reason, action string, change func(*models.Certificate) (map[string]any, error)) (*models.Certificate, error) {
	if !a.Is(models.RoleSecretariat) {
		if _, err := s.GetCertificate(ctx, a, number); err != nil {
			return nil, err
		}
		return nil, ErrForbidden
	}
	c, err := s.GetCertificate(ctx, a, number)
	if err != nil {
		return nil, err
	}
	if reason = strings.TrimSpace(reason); reason == "" && action != "certificate.reinstate" {
		return nil, Invalid("reason", "error.reason_required")
	}
	updates, err := change(c)
	if err != nil {
		return nil, err
	}
	err = s.tx(ctx, func(tx *models.DB) error {
		if err := tx.Model(&models.Certificate{}).Where("id = ?", c.ID).Updates(updates).Error; err != nil {
			return err
		}
		if err := s.audit(ctx, tx, a, action, "certificate", c.Number, reason); err != nil {
			return err
		}
		as := &models.Assessment{ID: c.AssessmentID, HotlineID: c.HotlineID, Hotline: &models.Hotline{Name: c.HotlineName}}
		return s.notifyManagers(ctx, tx, strings.TrimPrefix(action, "certificate."), as)
	})
	if err != nil {
		return nil, err
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

	ValidFromTime, ValidUntilTime time.Time `json:"-"`
}

func (s *Service) public(c *models.Certificate) PublicCertificate {
	p := PublicCertificate{
		Number: c.Number, Hotline: c.HotlineName, HotlineID: c.HotlineID, Latin: c.HotlineLatin, Country: c.Country,
		Status: c.StatusAt(s.now()), Outcome: c.Outcome, Framework: c.FrameworkVersion,
		ValidFrom: c.ValidFrom.UTC().Format(time.RFC3339), ValidUntil: c.ValidUntil.UTC().Format(time.RFC3339),
		ValidFromTime: c.ValidFrom, ValidUntilTime: c.ValidUntil,
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
	var c models.Certificate
	err := s.db.WithContext(ctx).Where("number = ?", strings.TrimSpace(number)).Take(&c).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	p := s.public(&c)
	return &p, nil
}

// Register lists the hotlines with a currently valid certificate (the
// newest per hotline), optionally for one country, by country and name.
func (s *Service) Register(ctx context.Context, country string) ([]PublicCertificate, error) {
	db := s.db.WithContext(ctx).Where("revoked_at IS NULL AND valid_until > ?", s.now())
	if country = strings.ToUpper(strings.TrimSpace(country)); country != "" {
		db = db.Where("country = ?", country)
	}
	var certs []models.Certificate
	if err := db.Order("country, hotline_name, issued_at DESC").Find(&certs).Error; err != nil {
		return nil, err
	}
	out := []PublicCertificate{}
	seen := map[string]bool{}
	for i := range certs {
		c := &certs[i]
		newest := !seen[c.HotlineID]
		seen[c.HotlineID] = true
		if newest && c.StatusAt(s.now()) == models.CertValid {
			out = append(out, s.public(c))
		}
	}
	return out, nil
}
