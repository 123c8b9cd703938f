package assessments

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"hotlineportal/assessments/credential"
	"hotlineportal/models"
)

// CredentialCheck is what the verify page found by checking a
// certificate's credential itself, as any verifier would: the signature
// against the DID document's keys, and each status list, signed too.
type CredentialCheck struct {
	// Signed: the credential's proof verifies with KeyID.
	Signed bool
	KeyID  string
	// ListsSigned: every status list's proof verifies.
	ListsSigned bool
	// Revoked and Suspended are the bits the lists hold.
	Revoked, Suspended bool
	// Agrees: the bits say what the certificate's record says.
	Agrees        bool
	CredentialURL string
}

// OK is whether everything checked holds.
func (c *CredentialCheck) OK() bool { return c.Signed && c.ListsSigned && c.Agrees }

// CheckCredential checks a certificate's credential and its status lists
// for the public verify page.
func (s *Service) CheckCredential(ctx context.Context, number string) (*CredentialCheck, error) {
	c, err := models.CertificateByNumber(ctx, s.db, models.Scope{All: true}, strings.TrimSpace(number))
	if err != nil {
		return nil, err
	}
	cc, err := s.ensureCredential(ctx, c)
	if err != nil {
		return nil, err
	}
	sg, err := s.signer(ctx)
	if err != nil {
		return nil, err
	}
	keys := credential.KeyResolver(sg.did, sg.public)
	check := &CredentialCheck{CredentialURL: s.credentialURL(c.Number), ListsSigned: true}
	if _, check.KeyID, check.Signed, err = s.proofs.verify([]byte(cc.Document), keys); err != nil {
		return nil, fmt.Errorf("read credential of %s: %w", c.Number, err)
	}
	entries := []struct {
		purpose string
		index   int
		bit     *bool
	}{
		{credential.PurposeRevocation, cc.RevocationIndex, &check.Revoked},
		{credential.PurposeSuspension, cc.SuspensionIndex, &check.Suspended},
	}
	for _, e := range entries {
		on, signed, err := s.readStatusBit(ctx, statusListID(e.purpose, cc.ListNumber), e.index, keys)
		if err != nil {
			return nil, err
		}
		*e.bit, check.ListsSigned = on, check.ListsSigned && signed
	}
	status := c.StatusAt(s.now())
	check.Agrees = check.Revoked == (status == models.CertRevoked) &&
		(check.Suspended == (status == models.CertSuspended) || status == models.CertRevoked)
	return check, nil
}

// verifiedProofs remembers the documents whose proof verified, by the
// SHA-256 of their bytes: a signed document never changes, and keys are
// never removed, so a check once passed stays passed. The verify page then
// costs lookups, not canonicalisations. Bounded: emptied when full.
type verifiedProofs struct {
	mu   sync.Mutex
	seen map[[32]byte]string // document hash -> verification method
}

const maxVerifiedProofs = 4096

// verify parses a signed document and checks its proof, once per content.
// A proof that does not hold is verified false; err is only for a
// document that is not JSON.
func (v *verifiedProofs) verify(raw []byte, keys func(string) (ed25519.PublicKey, error)) (doc credential.Document, vm string, verified bool, err error) {
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, "", false, err
	}
	sum := sha256.Sum256(raw)
	v.mu.Lock()
	vm, verified = v.seen[sum]
	v.mu.Unlock()
	if verified {
		return doc, vm, true, nil
	}
	if vm, err = credential.Verify(doc, keys); err != nil {
		return doc, vm, false, nil
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.seen == nil || len(v.seen) >= maxVerifiedProofs {
		v.seen = map[[32]byte]string{}
	}
	v.seen[sum] = vm
	return doc, vm, true, nil
}

// readStatusBit reads one bit of a signed status list, and whether the
// list's proof verifies.
func (s *Service) readStatusBit(ctx context.Context, id string, index int, keys func(string) (ed25519.PublicKey, error)) (on, signed bool, err error) {
	raw, err := s.StatusList(ctx, id)
	if err != nil {
		return false, false, fmt.Errorf("load status list %s: %w", id, err)
	}
	doc, _, signed, err := s.proofs.verify(raw, keys)
	if err != nil {
		return false, false, fmt.Errorf("read status list %s: %w", id, err)
	}
	subject, _ := doc["credentialSubject"].(map[string]any)
	encoded, _ := subject["encodedList"].(string)
	bits, err := credential.DecodeBitstring(encoded)
	if err != nil {
		return false, false, fmt.Errorf("status list %s: %w", id, err)
	}
	return bits.Get(index), signed, nil
}
