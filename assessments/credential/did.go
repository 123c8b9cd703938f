package credential

import (
	"crypto/ed25519"
	"fmt"
	"net/url"
	"strings"
)

// DIDWeb is the did:web of a portal served at the root of baseURL's host:
// "did:web:" and the host, a port written "%3A8080".
func DIDWeb(baseURL string) (string, error) {
	u, err := url.Parse(baseURL)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("credential: base URL %q has no host", baseURL)
	}
	return "did:web:" + strings.ReplaceAll(strings.ToLower(u.Host), ":", "%3A"), nil
}

// PublicKey is one of the portal's signing keys as the DID document lists
// it; retired keys stay so that older credentials still verify.
type PublicKey struct {
	ID  string // the fragment, "key-1"
	Key ed25519.PublicKey
}

// DIDDocument is the DID document of did, listing every key as a Multikey
// verification method usable for assertions.
func DIDDocument(did string, keys []PublicKey) Document {
	methods := make([]any, 0, len(keys))
	assertion := make([]any, 0, len(keys))
	for _, k := range keys {
		id := did + "#" + k.ID
		methods = append(methods, Document{
			"id": id, "type": "Multikey", "controller": did, "publicKeyMultibase": EncodeMultikey(k.Key),
		})
		assertion = append(assertion, id)
	}
	return Document{
		"@context":           []any{ContextDIDv1, ContextMultikeyV1},
		"id":                 did,
		"verificationMethod": methods,
		"assertionMethod":    assertion,
	}
}

// KeyResolver answers a proof's verification method from the portal's own
// keys: only absolute ids of did listed in keys.
func KeyResolver(did string, keys []PublicKey) func(string) (ed25519.PublicKey, error) {
	return func(vm string) (ed25519.PublicKey, error) {
		for _, k := range keys {
			if vm == did+"#"+k.ID {
				return k.Key, nil
			}
		}
		return nil, ErrUnknownKey
	}
}
