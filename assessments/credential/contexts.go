package credential

import (
	"embed"
	"encoding/json"
	"fmt"

	"github.com/piprate/json-gold/ld"
)

// Context URLs of the documents the portal issues. Each is pinned: the
// bytes served for it come from the files in contexts/, copied from the
// npm packages the independent verifier uses (contexts/README.md).
const (
	ContextCredentialsV2 = "https://www.w3.org/ns/credentials/v2"
	ContextOpenBadges303 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
	ContextDIDv1         = "https://www.w3.org/ns/did/v1"
	ContextMultikeyV1    = "https://w3id.org/security/multikey/v1"
)

//go:embed contexts/*.json contexts/*.jsonld
var contextFiles embed.FS

var contextPaths = map[string]string{
	ContextCredentialsV2: "contexts/credentials-v2.jsonld",
	ContextOpenBadges303: "contexts/ob-v3p0-context-3.0.3.json",
	ContextDIDv1:         "contexts/did-v1.jsonld",
	ContextMultikeyV1:    "contexts/multikey-v1.jsonld",
}

// pinnedLoader serves the embedded contexts and refuses every other URL,
// so canonicalisation never reaches the network.
type pinnedLoader struct{ docs map[string]any }

var loader = mustLoadContexts()

func mustLoadContexts() *pinnedLoader {
	l := &pinnedLoader{docs: map[string]any{}}
	for url, path := range contextPaths {
		b, err := contextFiles.ReadFile(path)
		if err != nil {
			panic("credential: embedded context " + path + ": " + err.Error())
		}
		var doc any
		if err := json.Unmarshal(b, &doc); err != nil {
			panic("credential: embedded context " + path + ": " + err.Error())
		}
		l.docs[url] = doc
	}
	return l
}

// LoadDocument implements ld.DocumentLoader.
func (l *pinnedLoader) LoadDocument(url string) (*ld.RemoteDocument, error) {
	doc, ok := l.docs[url]
	if !ok {
		return nil, ld.NewJsonLdError(ld.LoadingDocumentFailed, fmt.Sprintf("context %s is not pinned", url))
	}
	return &ld.RemoteDocument{DocumentURL: url, Document: doc}, nil
}
