package credential

import (
	"bytes"
	"crypto/ed25519"
	"errors"

	"github.com/multiformats/go-multibase"
)

// ed25519Multicodec is the multicodec prefix of an Ed25519 public key.
var ed25519Multicodec = []byte{0xed, 0x01}

// EncodeMultikey writes an Ed25519 public key as a Multikey's
// publicKeyMultibase: base58btc of the multicodec prefix and the key.
func EncodeMultikey(pub ed25519.PublicKey) string {
	s, _ := multibase.Encode(multibase.Base58BTC, append(append([]byte{}, ed25519Multicodec...), pub...))
	return s
}

// DecodeMultikey reads a publicKeyMultibase back into an Ed25519 key.
func DecodeMultikey(s string) (ed25519.PublicKey, error) {
	enc, b, err := multibase.Decode(s)
	if err != nil || enc != multibase.Base58BTC || !bytes.HasPrefix(b, ed25519Multicodec) || len(b) != 2+ed25519.PublicKeySize {
		return nil, errors.New("credential: not an Ed25519 Multikey")
	}
	return ed25519.PublicKey(b[2:]), nil
}
