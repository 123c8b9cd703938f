package assessments

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"hotlineportal/assessments/credential"
	"hotlineportal/models"
)

// signer is the key that signs now and every public key the DID document
// lists.
type signer struct {
	did     string
	keyID   string // absolute verification method id
	private ed25519.PrivateKey
	public  []credential.PublicKey
	now     func() time.Time
}

// EnsureSigningKey makes the portal's first Ed25519 key if it has none:
// at first start, once across instances (the key number is unique).
func (s *Service) EnsureSigningKey(ctx context.Context) error {
	_, err := s.signer(ctx)
	return err
}

// RotateSigningKey retires the signing key and makes a new one. Retired
// keys stay in the DID document, so older credentials still verify. The
// rotation is audited.
func (s *Service) RotateSigningKey(ctx context.Context, a Actor) (string, error) {
	var id string
	err := s.tx(ctx, func(tx *models.DB) error {
		keys, err := models.SigningKeys(ctx, tx)
		if err != nil {
			return fmt.Errorf("load signing keys: %w", err)
		}
		if err := models.RetireSigningKeys(ctx, tx, s.now()); err != nil {
			return fmt.Errorf("retire signing keys: %w", err)
		}
		k, err := s.insertSigningKey(ctx, tx, len(keys)+1)
		if err != nil {
			return err
		}
		id = k.ID
		return s.audit(ctx, tx, a, "signing_key.rotate", "signing_key", k.ID, "")
	})
	if err != nil {
		return "", err
	}
	did, _ := credential.DIDWeb(s.opts.BaseURL)
	return did + "#" + id, nil
}

// signer loads the keys, making the first one when there is none.
func (s *Service) signer(ctx context.Context) (*signer, error) {
	keys, err := models.SigningKeys(ctx, s.db)
	if err != nil {
		return nil, fmt.Errorf("load signing keys: %w", err)
	}
	if len(keys) == 0 {
		err := s.tx(ctx, func(tx *models.DB) error {
			_, err := s.insertSigningKey(ctx, tx, 1)
			return err
		})
		if err != nil && !errors.Is(err, models.ErrDuplicate) {
			return nil, err
		}
		if keys, err = models.SigningKeys(ctx, s.db); err != nil {
			return nil, fmt.Errorf("load signing keys: %w", err)
		}
	}
	sg, err := newSigner(s.opts.BaseURL, keys)
	if err != nil {
		return nil, err
	}
	sg.now = s.now
	return sg, nil
}

func (s *Service) insertSigningKey(ctx context.Context, tx *models.DB, seq int) (*models.SigningKey, error) {
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		return nil, fmt.Errorf("generate signing key: %w", err)
	}
	k := &models.SigningKey{ID: "key-" + strconv.Itoa(seq), Seq: seq, PublicKey: pub, PrivateKey: priv, CreatedAt: s.now()}
	if err := models.InsertSigningKey(ctx, tx, k); err != nil {
		return nil, fmt.Errorf("store signing key: %w", err)
	}
	return k, nil
}

// newSigner: the newest key not retired signs; every key is public.
func newSigner(baseURL string, keys []models.SigningKey) (*signer, error) {
	did, err := credential.DIDWeb(baseURL)
	if err != nil {
		return nil, err
	}
	sg := &signer{did: did}
	for _, k := range keys {
		sg.public = append(sg.public, credential.PublicKey{ID: k.ID, Key: ed25519.PublicKey(k.PublicKey)})
		if k.RetiredAt == nil && len(k.PrivateKey) == ed25519.PrivateKeySize {
			sg.keyID, sg.private = did+"#"+k.ID, ed25519.PrivateKey(k.PrivateKey)
		}
	}
	if sg.private == nil {
		return nil, errors.New("no signing key is active: run `portal rotate-key`")
	}
	return sg, nil
}

// signJSON signs a document with the active key and encodes it as
// stored and served.
func (sg *signer) signJSON(doc credential.Document) (string, error) {
	signed, err := credential.Sign(doc, sg.private, sg.keyID, sg.now())
	if err != nil {
		return "", err
	}
	b, err := json.Marshal(signed)
	return string(b), err
}

// DIDDocument is the portal's DID document: every key, retired ones
// included.
func (s *Service) DIDDocument(ctx context.Context) (credential.Document, error) {
	sg, err := s.signer(ctx)
	if err != nil {
		return nil, err
	}
	return credential.DIDDocument(sg.did, sg.public), nil
}
