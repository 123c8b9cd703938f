package assessments

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"

	"hotlineportal/assessments/credential"
	"hotlineportal/models"
)

// listFill is how many credentials a status list takes before the next
// list opens: half its size, so a random free place is found at once and
// every set bit still hides among at least 131,072.
const listFill = credential.StatusListSize / 2

// credentialURL is where anyone fetches a certificate's credential.
func (s *Service) credentialURL(number string) string {
	return s.opts.BaseURL + "/api/v1/public/certificates/" + number + "/credential"
}

// VerifyURL is a certificate's public verification page.
func (s *Service) VerifyURL(number string) string { return s.opts.BaseURL + "/verify/" + number }

// PublicCredential is a certificate's signed OpenBadgeCredential (public);
// a certificate issued before credentials existed gets its own now.
func (s *Service) PublicCredential(ctx context.Context, number string) ([]byte, error) {
	c, err := models.CertificateByNumber(ctx, s.db, models.Scope{All: true}, number)
	if err != nil {
		return nil, err
	}
	cc, err := s.ensureCredential(ctx, c)
	if err != nil {
		return nil, err
	}
	return []byte(cc.Document), nil
}

// ensureCredential returns the certificate's credential, issuing it when
// it has none: random places in the newest status lists, the badge signed
// with the active key. Its status bits already follow the certificate.
func (s *Service) ensureCredential(ctx context.Context, c *models.Certificate) (*models.CertificateCredential, error) {
	cc, err := models.CredentialOf(ctx, s.db, c.ID)
	if !errors.Is(err, models.ErrNotFound) {
		return cc, err
	}
	sg, err := s.signer(ctx)
	if err != nil {
		return nil, err
	}
	hash, err := s.DossierHash(ctx, c)
	if err != nil {
		return nil, err
	}
	// A place taken at once by another issue is tried again elsewhere; a
	// credential issued meanwhile by another request is the one returned.
	for attempt := 0; attempt < 8; attempt++ {
		err = s.tx(ctx, func(tx *models.DB) error {
			cc, err = s.issueCredential(ctx, tx, sg, c, hash)
			return err
		})
		if !errors.Is(err, models.ErrDuplicate) {
			break
		}
		if cc, err = models.CredentialOf(ctx, s.db, c.ID); err == nil {
			return cc, nil
		}
	}
	if err != nil {
		return nil, fmt.Errorf("issue credential %s: %w", c.Number, err)
	}
	return cc, nil
}

func (s *Service) issueCredential(ctx context.Context, tx *models.DB, sg *signer, c *models.Certificate, hash string) (*models.CertificateCredential, error) {
	n, count, err := models.NewestListNumber(ctx, tx)
	if err != nil {
		return nil, fmt.Errorf("newest status list: %w", err)
	}
	if n == 0 || count >= listFill {
		n++
	}
	if err := s.ensureStatusLists(ctx, tx, sg, n); err != nil {
		return nil, err
	}
	cc := &models.CertificateCredential{
		CertificateID: c.ID, ListNumber: n, RevocationIndex: randomIndex(), SuspensionIndex: randomIndex(), CreatedAt: s.now(),
	}
	if cc.Document, err = sg.signJSON(s.badge(c, sg.did, hash, cc).Document()); err != nil {
		return nil, fmt.Errorf("sign credential: %w", err)
	}
	if err := models.InsertCredential(ctx, tx, cc); err != nil {
		return nil, err
	}
	if c.RevokedAt != nil || c.SuspendedAt != nil {
		if err := s.rebuildStatusLists(ctx, tx, sg, n); err != nil {
			return nil, err
		}
	}
	return cc, nil
}

// badge is what the credential says about a certificate, in English as
// the certificate PDF is printed: no personal data, the hotline only.
func (s *Service) badge(c *models.Certificate, did, dossierHash string, cc *models.CertificateCredential) credential.Badge {
	loc := s.msgs.Localizer(certificateLang)
	data := map[string]any{
		"Hotline": c.HotlineName, "Country": countryName(c.Country), "Framework": c.FrameworkCode + " " + c.FrameworkVersion,
		"Outcome": loc.T("outcome." + c.Outcome),
	}
	return credential.Badge{
		ID: s.credentialURL(c.Number), Issuer: did, IssuerName: loc.T("certificate.issuer"),
		Subject: s.VerifyURL(c.Number), Name: loc.T("certificate.title") + " " + c.Number,
		Achievement: credential.Achievement{
			ID:          "urn:116000:accreditation:" + c.FrameworkCode + ":" + c.FrameworkVersion + ":" + c.Outcome,
			Name:        loc.T("credential.achievement.name", data),
			Description: loc.T("credential.achievement.description", data),
			Criteria:    loc.T("credential.achievement.criteria", data),
		},
		ValidFrom: c.ValidFrom, ValidUntil: c.ValidUntil, DossierSHA256: dossierHash,
		Status: []credential.StatusEntry{
			{Purpose: credential.PurposeRevocation, ListURL: s.statusListURL(credential.PurposeRevocation, cc.ListNumber), Index: cc.RevocationIndex},
			{Purpose: credential.PurposeSuspension, ListURL: s.statusListURL(credential.PurposeSuspension, cc.ListNumber), Index: cc.SuspensionIndex},
		},
	}
}

// randomIndex is a place in a status list drawn at random, so a list's
// order says nothing about when a certificate was issued.
func randomIndex() int {
	n, err := rand.Int(rand.Reader, big.NewInt(credential.StatusListSize))
	if err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	return int(n.Int64())
}
