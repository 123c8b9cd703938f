package credential

import (
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

const testBase = "http://127.0.0.1:8080"

func testKey(t *testing.T) (ed25519.PublicKey, ed25519.PrivateKey) {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	return pub, priv
}

func testBadge() Badge {
	at := time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)
	return Badge{
		ID: testBase + "/api/v1/public/certificates/MCE-2026-GR-0001/credential", Issuer: "did:web:127.0.0.1%3A8080",
		IssuerName: "Secretariat", Subject: testBase + "/verify/MCE-2026-GR-0001", Name: "116 000 hotline accreditation",
		Achievement: Achievement{ID: "urn:116000:achievement:mce-qf:1.0:accredited", Name: "Accredited", Description: "d", Criteria: "c"},
		ValidFrom:   at, ValidUntil: at.AddDate(3, 0, 0), DossierSHA256: strings.Repeat("ab", 32),
		Status: []StatusEntry{
			{PurposeRevocation, testBase + "/api/v1/public/status/revocation-1", 7},
			{PurposeSuspension, testBase + "/api/v1/public/status/suspension-1", 99},
		},
	}
}

// roundTrip is a signed document as a verifier receives it: JSON.
func roundTrip(t *testing.T, d Document) Document {
	t.Helper()
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var out Document
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSignAndVerify(t *testing.T) {
	pub, priv := testKey(t)
	otherPub, _ := testKey(t)
	did := "did:web:127.0.0.1%3A8080"
	keys := KeyResolver(did, []PublicKey{{ID: "key-1", Key: pub}, {ID: "key-2", Key: otherPub}})
	signed, err := Sign(testBadge().Document(), priv, did+"#key-1", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		change func(Document)
		want   error
	}{
		{"untouched", func(Document) {}, nil},
		{"later expiry", func(d Document) { d["validUntil"] = "2099-01-01T00:00:00Z" }, ErrBadProof},
		{"other subject", func(d Document) {
			d["credentialSubject"].(map[string]any)["id"] = testBase + "/verify/MCE-2026-GR-0002"
		}, ErrBadProof},
		{"other status index", func(d Document) {
			d["credentialStatus"].([]any)[1].(map[string]any)["statusListIndex"] = "100"
		}, ErrBadProof},
		{"no proof", func(d Document) { delete(d, "proof") }, ErrNoProof},
		{"other key", func(d Document) { d["proof"].(map[string]any)["verificationMethod"] = did + "#key-2" }, ErrBadProof},
		{"unknown key", func(d Document) { d["proof"].(map[string]any)["verificationMethod"] = did + "#key-9" }, ErrUnknownKey},
		{"other suite", func(d Document) { d["proof"].(map[string]any)["cryptosuite"] = "ecdsa-rdfc-2019" }, ErrUnsupported},
		{"garbled value", func(d Document) { d["proof"].(map[string]any)["proofValue"] = "zzz" }, ErrBadProof},
		{"undefined term", func(d Document) { d["homepage"] = "x" }, ErrNotCanonical},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := roundTrip(t, signed)
			tc.change(d)
			_, err := Verify(d, keys)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Verify = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestCanonicalisationRefusesUnpinnedContexts(t *testing.T) {
	_, priv := testKey(t)
	d := testBadge().Document()
	d["@context"] = []any{ContextCredentialsV2, "https://example.org/evil-context.json"}
	if _, err := Sign(d, priv, "did:web:x#key-1", time.Now()); !errors.Is(err, ErrNotCanonical) {
		t.Fatalf("Sign with an unpinned context = %v, want ErrNotCanonical", err)
	}
}

func TestStatusListSignsAndReads(t *testing.T) {
	pub, priv := testKey(t)
	bits := NewBitstring(StatusListSize)
	bits.Set(12345, true)
	l := StatusList{URL: testBase + "/api/v1/public/status/suspension-1", Issuer: "did:web:127.0.0.1%3A8080", Purpose: PurposeSuspension, ValidFrom: time.Now(), Bits: bits}
	signed, err := Sign(l.Document(), priv, l.Issuer+"#key-1", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	d := roundTrip(t, signed)
	if _, err := Verify(d, KeyResolver(l.Issuer, []PublicKey{{ID: "key-1", Key: pub}})); err != nil {
		t.Fatal(err)
	}
	got, err := DecodeBitstring(d["credentialSubject"].(map[string]any)["encodedList"].(string))
	if err != nil {
		t.Fatal(err)
	}
	if len(got)*8 != StatusListSize || !got.Get(12345) || got.Get(12344) || got.Get(12346) {
		t.Fatalf("decoded list: %d bits, bit 12345 %v", len(got)*8, got.Get(12345))
	}
}

func TestBitstring(t *testing.T) {
	cases := []struct {
		index     int
		byteAt    int
		wantValue byte
	}{
		{0, 0, 0x80}, {7, 0, 0x01}, {8, 1, 0x80}, {131071, 16383, 0x01},
	}
	for _, tc := range cases {
		b := NewBitstring(StatusListSize)
		b.Set(tc.index, true)
		if b[tc.byteAt] != tc.wantValue || !b.Get(tc.index) {
			t.Errorf("Set(%d): byte %d = %#x, want %#x", tc.index, tc.byteAt, b[tc.byteAt], tc.wantValue)
		}
		b.Set(tc.index, false)
		if b.Get(tc.index) || b[tc.byteAt] != 0 {
			t.Errorf("clear(%d) left the bit set", tc.index)
		}
	}
	for _, bad := range []string{"", "zabc", "u!!", "u" + "AAAA"} {
		if _, err := DecodeBitstring(bad); err == nil {
			t.Errorf("DecodeBitstring(%q) accepted", bad)
		}
	}
}

func TestDIDWeb(t *testing.T) {
	cases := []struct{ base, want string }{
		{"https://portal.116000.eu", "did:web:portal.116000.eu"},
		{"https://Portal.116000.eu/", "did:web:portal.116000.eu"},
		{"http://127.0.0.1:8080", "did:web:127.0.0.1%3A8080"},
		{"http://localhost:18080/", "did:web:localhost%3A18080"},
	}
	for _, tc := range cases {
		got, err := DIDWeb(tc.base)
		if err != nil || got != tc.want {
			t.Errorf("DIDWeb(%q) = %q, %v; want %q", tc.base, got, err, tc.want)
		}
	}
	if _, err := DIDWeb("not a url"); err == nil {
		t.Error("DIDWeb accepted a base URL without a host")
	}
}

func TestMultikey(t *testing.T) {
	pub, _ := testKey(t)
	s := EncodeMultikey(pub)
	if !strings.HasPrefix(s, "z6Mk") {
		t.Fatalf("an Ed25519 Multikey starts with z6Mk, got %s", s)
	}
	back, err := DecodeMultikey(s)
	if err != nil || !back.Equal(pub) {
		t.Fatalf("DecodeMultikey = %v, %v", back, err)
	}
	for _, bad := range []string{"", "z6Mk", "uAAAA", s[:len(s)-2]} {
		if _, err := DecodeMultikey(bad); err == nil {
			t.Errorf("DecodeMultikey(%q) accepted", bad)
		}
	}
}

func TestDIDDocumentListsEveryKey(t *testing.T) {
	k1, _ := testKey(t)
	k2, _ := testKey(t)
	did := "did:web:portal.116000.eu"
	doc := roundTrip(t, DIDDocument(did, []PublicKey{{"key-1", k1}, {"key-2", k2}}))
	if doc["id"] != did {
		t.Fatalf("id = %v", doc["id"])
	}
	vms := doc["verificationMethod"].([]any)
	am := doc["assertionMethod"].([]any)
	if len(vms) != 2 || len(am) != 2 || am[1] != did+"#key-2" {
		t.Fatalf("methods %v, assertion %v", vms, am)
	}
	if _, err := canonicalHash(doc); err != nil {
		t.Fatalf("the DID document is not valid JSON-LD under its contexts: %v", err)
	}
}
