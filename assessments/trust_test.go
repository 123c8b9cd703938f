package assessments_test

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/gowebpki/jcs"

	"hotlineportal/assessments"
	"hotlineportal/assessments/credential"
	"hotlineportal/assessments/domaintest"
	"hotlineportal/models"
)

// decided is a reviewed assessment of hotline A decided "accredited",
// and its certificate.
func decided(t *testing.T, env *domaintest.Env) *models.Certificate {
	t.Helper()
	id := reviewed(t, env, 4, nil)
	_, cert, err := env.Svc.Decide(ctx, env.Actor(domaintest.Secretariat), id, assessments.DecisionInput{Outcome: models.OutcomeAccredited, Rationale: "All met."})
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

// The dossier is canonical JSON whose SHA-256 the certificate carries,
// names nobody, and is given only to those who may see the certificate.
func TestDossierFrozenAtDecision(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	cert := decided(t, env)
	sec := env.Actor(domaintest.Secretariat)
	d, _, err := env.Svc.Dossier(ctx, sec, cert.Number)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(d.Body)
	if hex.EncodeToString(sum[:]) != d.SHA256 {
		t.Fatalf("stored hash %s is not the SHA-256 of the stored bytes", d.SHA256)
	}
	canonical, err := jcs.Transform(d.Body)
	if err != nil || !bytes.Equal(canonical, d.Body) {
		t.Fatalf("the dossier is not RFC 8785 canonical JSON: %v", err)
	}
	pub, err := env.Svc.VerifyCertificate(ctx, cert.Number)
	if err != nil || pub.DossierSHA256 == nil || *pub.DossierSHA256 != d.SHA256 {
		t.Fatalf("public certificate's dossier hash %v, want %s (%v)", pub.DossierSHA256, d.SHA256, err)
	}
	body := string(d.Body)
	for _, want := range []string{`"reviewer-1"`, `"reviewer-2"`, `"decided_by":"secretariat-1"`, cert.Number, `"outcome":"accredited"`, `"comment":`} {
		if !strings.Contains(body, want) {
			t.Errorf("the dossier lacks %s", want)
		}
	}
	for _, key := range []string{domaintest.Secretariat, domaintest.Reviewer1, domaintest.Reviewer2, domaintest.ManagerA} {
		u := env.Users[key]
		for _, personal := range []string{u.Name, u.Email, u.ID} {
			if strings.Contains(body, personal) {
				t.Errorf("the dossier names %s (%q)", key, personal)
			}
		}
	}
	access := []struct {
		who  string
		want string
	}{
		{domaintest.ManagerA, ""}, {domaintest.ManagerB, "not found"}, {domaintest.Reviewer1, "not found"},
	}
	for _, a := range access {
		got, _, err := env.Svc.Dossier(ctx, env.Actor(a.who), cert.Number)
		expectErr(t, err, a.want)
		if err == nil && !bytes.Equal(got.Body, d.Body) {
			t.Errorf("%s got other bytes", a.who)
		}
	}

	// Whatever happens to the hotline's record afterwards, the dossier
	// stays the same bytes.
	h := env.HotlineA
	_, err = env.Svc.UpdateHotline(ctx, sec, h.ID, h.Version, assessments.HotlineInput{Name: "Renamed", Country: h.Country, Channels: h.Channels, Languages: h.Languages})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.Svc.Suspend(ctx, sec, cert.Number, "Audit", nil); err != nil {
		t.Fatal(err)
	}
	again, _, err := env.Svc.Dossier(ctx, sec, cert.Number)
	if err != nil || !bytes.Equal(again.Body, d.Body) || again.SHA256 != d.SHA256 {
		t.Fatal("the dossier changed after the decision")
	}
}

// checker reads the portal's documents as an outside verifier would: the
// keys from the DID document, the bits from signed status lists.
type checker struct {
	t   *testing.T
	env *domaintest.Env
}

func (c checker) keys() func(string) (ed25519.PublicKey, error) {
	c.t.Helper()
	doc, err := c.env.Svc.DIDDocument(ctx)
	if err != nil {
		c.t.Fatal(err)
	}
	doc = roundTrip(c.t, doc)
	did := doc["id"].(string)
	var keys []credential.PublicKey
	for _, m := range doc["verificationMethod"].([]any) {
		vm := m.(map[string]any)
		k, err := credential.DecodeMultikey(vm["publicKeyMultibase"].(string))
		if err != nil {
			c.t.Fatal(err)
		}
		keys = append(keys, credential.PublicKey{ID: strings.TrimPrefix(vm["id"].(string), did+"#"), Key: k})
	}
	return credential.KeyResolver(did, keys)
}

// credential fetches and verifies a certificate's credential and returns
// it with the key that signed it.
func (c checker) credential(number string) (credential.Document, string) {
	c.t.Helper()
	raw, err := c.env.Svc.PublicCredential(ctx, number)
	if err != nil {
		c.t.Fatal(err)
	}
	var doc credential.Document
	if err := json.Unmarshal(raw, &doc); err != nil {
		c.t.Fatal(err)
	}
	vm, err := credential.Verify(doc, c.keys())
	if err != nil {
		c.t.Fatalf("credential of %s does not verify: %v", number, err)
	}
	return doc, vm
}

// bits reads a credential's revocation and suspension bits from its
// signed lists.
func (c checker) bits(doc credential.Document) (revoked, suspended bool) {
	c.t.Helper()
	for _, e := range doc["credentialStatus"].([]any) {
		entry := e.(map[string]any)
		url := entry["statusListCredential"].(string)
		raw, err := c.env.Svc.StatusList(ctx, url[strings.LastIndex(url, "/")+1:])
		if err != nil {
			c.t.Fatal(err)
		}
		var list credential.Document
		if err := json.Unmarshal(raw, &list); err != nil {
			c.t.Fatal(err)
		}
		if _, err := credential.Verify(list, c.keys()); err != nil {
			c.t.Fatalf("status list %s does not verify: %v", url, err)
		}
		subject := list["credentialSubject"].(map[string]any)
		if subject["statusPurpose"] != entry["statusPurpose"] || len(list["validFrom"].(string)) == 0 {
			c.t.Fatalf("list %s is for %v, entry for %v", url, subject["statusPurpose"], entry["statusPurpose"])
		}
		bits, err := credential.DecodeBitstring(subject["encodedList"].(string))
		if err != nil || len(bits)*8 < credential.StatusListSize {
			c.t.Fatalf("list %s: %d bits, %v", url, len(bits)*8, err)
		}
		var index int
		if err := json.Unmarshal([]byte(entry["statusListIndex"].(string)), &index); err != nil {
			c.t.Fatal(err)
		}
		switch entry["statusPurpose"] {
		case credential.PurposeRevocation:
			revoked = bits.Get(index)
		case credential.PurposeSuspension:
			suspended = bits.Get(index)
		}
	}
	return revoked, suspended
}

// The credential says what the certificate says, and its status bits
// follow each change at once, a timed suspension's end included.
func TestCredentialStatusFollowsCertificate(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	cert := decided(t, env)
	c := checker{t, env}
	doc, _ := c.credential(cert.Number)
	subject := doc["credentialSubject"].(map[string]any)
	if subject["id"] != env.Svc.VerifyURL(cert.Number) || doc["validUntil"] != cert.ValidUntil.UTC().Truncate(time.Second).Format(time.RFC3339) {
		t.Fatalf("subject %v, validUntil %v", subject["id"], doc["validUntil"])
	}
	sec := env.Actor(domaintest.Secretariat)
	tomorrow := env.Clock.Now().Add(24 * time.Hour)
	steps := []struct {
		name               string
		do                 func() error
		revoked, suspended bool
	}{
		{"issued", func() error { return nil }, false, false},
		{"suspended", func() error { _, err := env.Svc.Suspend(ctx, sec, cert.Number, "Audit", nil); return err }, false, true},
		{"reinstated", func() error { _, err := env.Svc.Reinstate(ctx, sec, cert.Number, ""); return err }, false, false},
		{"suspended until tomorrow", func() error { _, err := env.Svc.Suspend(ctx, sec, cert.Number, "Audit", &tomorrow); return err }, false, true},
		{"the day after", func() error { env.Clock.Advance(48 * time.Hour); return nil }, false, false},
		{"revoked", func() error { _, err := env.Svc.Revoke(ctx, sec, cert.Number, "Closed"); return err }, true, false},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		revoked, suspended := c.bits(doc)
		if revoked != st.revoked || suspended != st.suspended {
			t.Fatalf("%s: revoked %v suspended %v, want %v %v", st.name, revoked, suspended, st.revoked, st.suspended)
		}
		check, err := env.Svc.CheckCredential(ctx, cert.Number)
		if err != nil || !check.OK() || check.Revoked != st.revoked || check.Suspended != st.suspended {
			t.Fatalf("%s: the verify page's check %+v, %v", st.name, check, err)
		}
	}
	again, _ := c.credential(cert.Number)
	if !bytes.Equal(mustJSON(t, again), mustJSON(t, doc)) {
		t.Fatal("the credential changed with the status: only the lists should")
	}
}

// A rotated key stays in the DID document: what it signed still
// verifies, and what is signed afterwards uses the new key.
func TestSigningKeyRotation(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	cert := decided(t, env)
	c := checker{t, env}
	doc, vm := c.credential(cert.Number)
	if !strings.HasSuffix(vm, "#key-1") {
		t.Fatalf("signed by %s", vm)
	}
	id, err := env.Svc.RotateSigningKey(ctx, domaintest.SystemActor())
	if err != nil || !strings.HasSuffix(id, "#key-2") {
		t.Fatalf("rotate: %s, %v", id, err)
	}
	if env.AuditCount("signing_key.rotate") != 1 {
		t.Error("the rotation is not audited")
	}
	if _, vm := c.credential(cert.Number); !strings.HasSuffix(vm, "#key-1") {
		t.Fatalf("the old credential now reads as signed by %s", vm)
	}
	if _, err := env.Svc.Suspend(ctx, env.Actor(domaintest.Secretariat), cert.Number, "Audit", nil); err != nil {
		t.Fatal(err)
	}
	if _, suspended := c.bits(doc); !suspended {
		t.Fatal("the list signed with the new key does not show the suspension")
	}
	didDoc := roundTrip(t, mustDID(t, env))
	if n := len(didDoc["assertionMethod"].([]any)); n != 2 {
		t.Fatalf("the DID document lists %d keys, want both", n)
	}
	if strings.Contains(string(mustJSON(t, didDoc)), "private") {
		t.Fatal("the DID document shows a private key")
	}
}

// Status bits: revoked sets the revocation bit; a running suspension the
// suspension bit, and the earliest end of a timed one is when the list
// must be signed again.
func TestStatusBits(t *testing.T) {
	t.Parallel()
	soon, later := t0.Add(time.Hour), t0.Add(48*time.Hour)
	entries := []models.StatusEntry{
		{RevocationIndex: 1, SuspensionIndex: 2, RevokedAt: timep(before)},
		{RevocationIndex: 3, SuspensionIndex: 4, SuspendedAt: timep(before)},
		{RevocationIndex: 5, SuspensionIndex: 6, SuspendedAt: timep(before), SuspendedUntil: &later},
		{RevocationIndex: 7, SuspensionIndex: 8, SuspendedAt: timep(before), SuspendedUntil: &soon},
		{RevocationIndex: 9, SuspensionIndex: 10, SuspendedAt: timep(before), SuspendedUntil: timep(before)},
	}
	revoked, suspended, next := assessments.StatusBits(entries, t0)
	for i, want := range map[int]bool{1: true, 3: false, 5: false} {
		if revoked.Get(i) != want {
			t.Errorf("revocation bit %d = %v", i, !want)
		}
	}
	for i, want := range map[int]bool{2: false, 4: true, 6: true, 8: true, 10: false} {
		if suspended.Get(i) != want {
			t.Errorf("suspension bit %d = %v", i, !want)
		}
	}
	if next == nil || !next.Equal(soon) {
		t.Errorf("next change %v, want %v", next, soon)
	}
}

func TestParseStatusListID(t *testing.T) {
	t.Parallel()
	cases := []struct {
		id      string
		purpose string
		n       int
		ok      bool
	}{
		{"revocation-1", "revocation", 1, true}, {"suspension-12", "suspension", 12, true},
		{"revocation-0", "", 0, false}, {"revocation-01", "", 0, false}, {"revocation-", "", 0, false},
		{"other-1", "", 0, false}, {"suspension-1x", "", 0, false}, {"", "", 0, false},
	}
	for _, tc := range cases {
		p, n, ok := assessments.ParseStatusListID(tc.id)
		if ok != tc.ok || (ok && (p != tc.purpose || n != tc.n)) {
			t.Errorf("%q: %s %d %v", tc.id, p, n, ok)
		}
	}
}

func roundTrip(t *testing.T, d credential.Document) credential.Document {
	t.Helper()
	var out credential.Document
	if err := json.Unmarshal(mustJSON(t, d), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustDID(t *testing.T, env *domaintest.Env) credential.Document {
	t.Helper()
	d, err := env.Svc.DIDDocument(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// A credential altered in the database no longer passes the verify
// page's own check.
func TestCheckCredentialNoticesTampering(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	cert := decided(t, env)
	if check, err := env.Svc.CheckCredential(ctx, cert.Number); err != nil || !check.OK() {
		t.Fatalf("untouched: %+v %v", check, err)
	}
	var doc string
	if err := env.DB.Raw("SELECT document FROM certificate_credentials").Scan(&doc).Error; err != nil {
		t.Fatal(err)
	}
	forged := strings.Replace(doc, `"validUntil":"`, `"validUntil":"2099-01-01T00:00:00Z","x":"`, 1)
	forged = strings.Replace(forged, `,"x":"`+doc[strings.Index(doc, `"validUntil":"`)+14:strings.Index(doc, `"validUntil":"`)+34]+`"`, "", 1)
	if forged == doc {
		t.Fatal("the test did not alter the credential")
	}
	if err := env.DB.Exec("UPDATE certificate_credentials SET document = ?", forged).Error; err != nil {
		t.Fatal(err)
	}
	check, err := env.Svc.CheckCredential(ctx, cert.Number)
	if err != nil || check.Signed || check.OK() {
		t.Fatalf("forged: %+v %v", check, err)
	}
}
