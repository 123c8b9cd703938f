package credential

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/multiformats/go-multibase"
	"github.com/piprate/json-gold/ld"
)

// Proof fields of the eddsa-rdfc-2022 cryptosuite.
const (
	ProofType   = "DataIntegrityProof"
	Cryptosuite = "eddsa-rdfc-2022"
	purpose     = "assertionMethod"
)

// Errors of a check, so callers can tell a forged document from one they
// could not read.
var (
	ErrNoProof      = errors.New("credential: no proof")
	ErrBadProof     = errors.New("credential: proof does not match the document")
	ErrUnknownKey   = errors.New("credential: unknown verification method")
	ErrUnsupported  = errors.New("credential: unsupported proof")
	ErrNotCanonical = errors.New("credential: document cannot be canonicalised")
)

// Document is a JSON-LD document as decoded from JSON.
type Document = map[string]any

// Sign returns a copy of doc with an embedded DataIntegrityProof made with
// key, named by the absolute verification method id vm.
func Sign(doc Document, key ed25519.PrivateKey, vm string, created time.Time) (Document, error) {
	unsigned := withoutProof(doc)
	options := Document{
		"type": ProofType, "cryptosuite": Cryptosuite, "created": created.UTC().Format(time.RFC3339),
		"verificationMethod": vm, "proofPurpose": purpose,
	}
	data, err := hashData(unsigned, options)
	if err != nil {
		return nil, err
	}
	value, err := multibase.Encode(multibase.Base58BTC, ed25519.Sign(key, data))
	if err != nil {
		return nil, fmt.Errorf("credential: encode proof: %w", err)
	}
	options["proofValue"] = value
	unsigned["proof"] = options
	return unsigned, nil
}

// Verify checks doc's proof with the public key that keyOf returns for
// its verification method, and returns that method's id.
func Verify(doc Document, keyOf func(vm string) (ed25519.PublicKey, error)) (string, error) {
	proof, ok := doc["proof"].(map[string]any)
	if !ok {
		return "", ErrNoProof
	}
	if proof["type"] != ProofType || proof["cryptosuite"] != Cryptosuite || proof["proofPurpose"] != purpose {
		return "", ErrUnsupported
	}
	vm, _ := proof["verificationMethod"].(string)
	key, err := keyOf(vm)
	if err != nil || len(key) != ed25519.PublicKeySize {
		return vm, ErrUnknownKey
	}
	value, _ := proof["proofValue"].(string)
	enc, sig, err := multibase.Decode(value)
	if err != nil || enc != multibase.Base58BTC || len(sig) != ed25519.SignatureSize {
		return vm, ErrBadProof
	}
	options := Document{}
	for k, v := range proof {
		if k != "proofValue" {
			options[k] = v
		}
	}
	data, err := hashData(withoutProof(doc), options)
	if err != nil {
		return vm, err
	}
	if !ed25519.Verify(key, data, sig) {
		return vm, ErrBadProof
	}
	return vm, nil
}

// hashData is what eddsa-rdfc-2022 signs: the SHA-256 of the canonical
// proof options (under the document's contexts) followed by the SHA-256
// of the canonical document.
func hashData(unsigned, options Document) ([]byte, error) {
	config := Document{"@context": unsigned["@context"]}
	for k, v := range options {
		config[k] = v
	}
	configHash, err := canonicalHash(config)
	if err != nil {
		return nil, err
	}
	docHash, err := canonicalHash(unsigned)
	if err != nil {
		return nil, err
	}
	return append(configHash, docHash...), nil
}

// canonicalHash is the SHA-256 of a document's RDFC-1.0 canonical
// N-Quads, in JSON-LD safe mode: a term no pinned context defines is an
// error, not silently dropped.
func canonicalHash(doc Document) ([]byte, error) {
	// The processor reads a plain JSON tree: round-trip typed values
	// (time.Time, structs) into one.
	b, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotCanonical, err)
	}
	var tree any
	if err := json.Unmarshal(b, &tree); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotCanonical, err)
	}
	opts := ld.NewJsonLdOptions("")
	opts.Algorithm = ld.AlgorithmURDNA2015
	opts.Format = "application/n-quads"
	opts.DocumentLoader = loader
	opts.SafeMode = true
	// Normalize does not apply safe mode on its own: expand first, which
	// does, then canonicalise the expanded form.
	proc := ld.NewJsonLdProcessor()
	expanded, err := proc.Expand(tree, opts)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotCanonical, err)
	}
	nquads, err := proc.Normalize(expanded, opts)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotCanonical, err)
	}
	s, _ := nquads.(string)
	if s == "" {
		return nil, fmt.Errorf("%w: no statements", ErrNotCanonical)
	}
	sum := sha256.Sum256([]byte(s))
	return sum[:], nil
}

// withoutProof is a shallow copy of doc without its proof.
func withoutProof(doc Document) Document {
	out := make(Document, len(doc))
	for k, v := range doc {
		if k != "proof" {
			out[k] = v
		}
	}
	return out
}
