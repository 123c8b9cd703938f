package server_test

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"hotlineportal/assessments/credential"
	"hotlineportal/server/servertest"
)

// trustPortal is a portal with one decided hotline and its certificate
// number.
func trustPortal(t *testing.T) (*servertest.App, servertest.Decided, string) {
	t.Helper()
	app := servertest.New(t)
	d := app.SeedDecidedHotlines(1, func(int) int { return 4 })[0]
	cert, err := app.Svc.CertificateForAssessment(context.Background(), app.Actor(servertest.Secretariat), d.Assessment)
	if err != nil || cert == nil {
		t.Fatalf("certificate of the decided hotline: %v", err)
	}
	return app, d, cert.Number
}

// didKeys reads the portal's keys from its DID document over HTTP.
func didKeys(t *testing.T, app *servertest.App) (string, func(string) (ed25519.PublicKey, error)) {
	t.Helper()
	r := app.Client().Get("/.well-known/did.json")
	if r.StatusCode != 200 {
		t.Fatalf("DID document: %d", r.StatusCode)
	}
	var doc struct {
		ID                 string   `json:"id"`
		AssertionMethod    []string `json:"assertionMethod"`
		VerificationMethod []struct {
			ID, Type, Controller, PublicKeyMultibase string
		} `json:"verificationMethod"`
	}
	r.Decode(&doc)
	var keys []credential.PublicKey
	for i, vm := range doc.VerificationMethod {
		k, err := credential.DecodeMultikey(vm.PublicKeyMultibase)
		if err != nil || vm.Type != "Multikey" || vm.Controller != doc.ID || doc.AssertionMethod[i] != vm.ID {
			t.Fatalf("verification method %+v: %v", vm, err)
		}
		keys = append(keys, credential.PublicKey{ID: strings.TrimPrefix(vm.ID, doc.ID+"#"), Key: k})
	}
	return doc.ID, credential.KeyResolver(doc.ID, keys)
}

// getDocument fetches a public JSON-LD document and checks its proof.
func getDocument(t *testing.T, app *servertest.App, path string, keys func(string) (ed25519.PublicKey, error)) (credential.Document, *servertest.Response) {
	t.Helper()
	r := app.Client().Get(path)
	if r.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s", path, r.StatusCode, r.Body)
	}
	var doc credential.Document
	r.Decode(&doc)
	if _, err := credential.Verify(doc, keys); err != nil {
		t.Fatalf("%s does not verify: %v", path, err)
	}
	return doc, r
}

// The certificate's dossier, credential, status lists and badge through
// HTTP, as the hotline, an integrator and a verifier use them.
func TestTrustThroughHTTP(t *testing.T) {
	t.Parallel()
	app, d, number := trustPortal(t)
	manager := app.APIClient(d.Manager)

	// The dossier: its hash on the certificate JSON, private and public.
	dossier := manager.JSON("GET", "/api/v1/certificates/"+number+"/dossier", nil)
	if dossier.StatusCode != 200 || !strings.HasPrefix(dossier.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("dossier: %d %s", dossier.StatusCode, dossier.Header.Get("Content-Type"))
	}
	sum := sha256.Sum256([]byte(dossier.Body))
	hash := hex.EncodeToString(sum[:])
	var private, public map[string]any
	manager.JSON("GET", "/api/v1/certificates/"+number, nil).Decode(&private)
	app.Client().Get("/api/v1/public/certificates/" + number).Decode(&public)
	if private["dossier_sha256"] != hash || public["dossier_sha256"] != hash {
		t.Fatalf("dossier_sha256 %v / %v, want the hash of the bytes %s", private["dossier_sha256"], public["dossier_sha256"], hash)
	}

	// The credential, in the shapes a verifier relies on.
	did, keys := didKeys(t, app)
	base := app.Config.BaseURL
	if want := "did:web:" + strings.ReplaceAll(mustHost(t, base), ":", "%3A"); did != want {
		t.Fatalf("DID %s, want %s", did, want)
	}
	cred, r := getDocument(t, app, "/api/v1/public/certificates/"+number+"/credential", keys)
	if r.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Error("the credential cannot be fetched from another site's page")
	}
	issuer := cred["issuer"].(map[string]any)
	subject := cred["credentialSubject"].(map[string]any)
	achievement := subject["achievement"].(map[string]any)
	proof := cred["proof"].(map[string]any)
	if issuer["id"] != did || issuer["name"] == "" || subject["id"] != base+"/verify/"+number ||
		proof["cryptosuite"] != "eddsa-rdfc-2022" || !strings.HasPrefix(proof["verificationMethod"].(string), did+"#") {
		t.Fatalf("issuer %v, subject %v, proof %v", issuer, subject["id"], proof)
	}
	for _, field := range []string{"id", "name", "description", "criteria"} {
		if achievement[field] == nil || achievement[field] == "" {
			t.Errorf("achievement lacks %s", field)
		}
	}
	entries := map[string]map[string]any{}
	for _, e := range cred["credentialStatus"].([]any) {
		entry := e.(map[string]any)
		entries[entry["statusPurpose"].(string)] = entry
		if _, isString := entry["statusListIndex"].(string); !isString || entry["type"] != "BitstringStatusListEntry" {
			t.Fatalf("status entry %v", entry)
		}
	}
	if len(entries) != 2 || entries["revocation"] == nil || entries["suspension"] == nil {
		t.Fatalf("status entries %v", entries)
	}

	// The status bits follow suspend, reinstate and revoke at once.
	sec := app.APIClient(servertest.Secretariat)
	bit := func(purpose string) bool {
		t.Helper()
		entry := entries[purpose]
		list, r := getDocument(t, app, strings.TrimPrefix(entry["statusListCredential"].(string), base), keys)
		if cc := r.Header.Get("Cache-Control"); !strings.Contains(cc, "max-age=") {
			t.Errorf("status list Cache-Control %q", cc)
		}
		if list["issuer"] != did {
			t.Fatalf("status list issued by %v", list["issuer"])
		}
		bits, err := credential.DecodeBitstring(list["credentialSubject"].(map[string]any)["encodedList"].(string))
		i, _ := strconv.Atoi(entry["statusListIndex"].(string))
		if err != nil || len(bits)*8 < credential.StatusListSize {
			t.Fatalf("list of %d bits: %v", len(bits)*8, err)
		}
		return bits.Get(i)
	}
	badge := func(lang, want string) {
		t.Helper()
		r := app.Client().Get("/verify/" + number + "/badge.svg?lang=" + lang)
		if r.StatusCode != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "image/svg+xml") || !strings.Contains(r.Body, want) {
			t.Fatalf("badge (%s): %d %s %s", lang, r.StatusCode, r.Header.Get("Content-Type"), r.Body)
		}
	}
	steps := []struct {
		name, action, badge string
		revoked, suspended  bool
	}{
		{"issued", "", ">valid<", false, false},
		{"suspended", "suspend", ">suspended<", false, true},
		{"reinstated", "reinstate", ">valid<", false, false},
		{"revoked", "revoke", ">revoked<", true, false},
	}
	for _, st := range steps {
		if st.action != "" {
			if r := sec.JSON("POST", "/api/v1/certificates/"+number+"/"+st.action, map[string]any{"reason": "Audit"}); r.StatusCode != 200 {
				t.Fatalf("%s: %d %s", st.action, r.StatusCode, r.Body)
			}
		}
		if bit("revocation") != st.revoked || bit("suspension") != st.suspended {
			t.Fatalf("%s: revoked %v suspended %v", st.name, bit("revocation"), bit("suspension"))
		}
		badge("en", st.badge)
		page := app.Client().Get("/verify/" + number)
		if !strings.Contains(page.Body, hash) || !strings.Contains(page.Body, "signature is valid") || !strings.Contains(page.Body, "agree with the record") {
			t.Fatalf("%s: the verify page does not show its own check", st.name)
		}
	}
	badge("fr", "116 000")
	if r := app.Client().Get("/verify/MCE-1999-XX-0001/badge.svg"); r.StatusCode != 404 || !strings.Contains(r.Body, "<svg") {
		t.Fatalf("badge of an unknown number: %d", r.StatusCode)
	}
}

// The PDF prints the dossier's hash and carries the signed credential.
func TestCertificatePDFCarriesProofs(t *testing.T) {
	t.Parallel()
	app, d, number := trustPortal(t)
	manager := app.APIClient(d.Manager)
	var cert map[string]any
	manager.JSON("GET", "/api/v1/certificates/"+number, nil).Decode(&cert)
	pdf := manager.JSON("GET", "/api/v1/certificates/"+number+"/pdf", nil)
	if pdf.StatusCode != 200 || !strings.Contains(pdf.Body, "/EmbeddedFile") {
		t.Fatalf("the PDF (%d) does not attach the credential", pdf.StatusCode)
	}
	if tool, err := exec.LookPath("pdfdetach"); err == nil {
		file := filepath.Join(t.TempDir(), "c.pdf")
		if err := os.WriteFile(file, []byte(pdf.Body), 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(tool, "-list", file).CombinedOutput()
		if err != nil || !strings.Contains(string(out), number+".credential.json") {
			t.Fatalf("pdfdetach -list: %s %v", out, err)
		}
	}
	if text, ok := pdfText(t, pdf.Body); ok && !strings.Contains(strings.ReplaceAll(text, " ", ""), cert["dossier_sha256"].(string)) {
		t.Fatalf("the PDF does not print the dossier hash: %s", text)
	}
	page := app.SignIn(d.Manager).Get("/certificates/" + number)
	for _, want := range []string{cert["dossier_sha256"].(string), "/certificates/" + number + "/dossier", "/credential?download=1", "badge.svg", "badge-code"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the certificate page lacks %s", want)
		}
	}
}

// A certificate issued before dossiers and credentials existed: its
// dossier hash is null, and its credential is made on first request.
func TestCertificateFromBeforeCredentials(t *testing.T) {
	t.Parallel()
	app, d, number := trustPortal(t)
	for _, table := range []string{"certificate_credentials", "dossiers"} {
		if err := app.DB.Exec("DELETE FROM " + table).Error; err != nil {
			t.Fatal(err)
		}
	}
	var public map[string]any
	app.Client().Get("/api/v1/public/certificates/" + number).Decode(&public)
	if v, ok := public["dossier_sha256"]; !ok || v != nil {
		t.Fatalf("dossier_sha256 = %v (present %v), want null", v, ok)
	}
	if r := app.APIClient(d.Manager).JSON("GET", "/api/v1/certificates/"+number+"/dossier", nil); r.StatusCode != 404 {
		t.Fatalf("dossier of an old certificate: %d", r.StatusCode)
	}
	_, keys := didKeys(t, app)
	first, _ := getDocument(t, app, "/api/v1/public/certificates/"+number+"/credential", keys)
	second, _ := getDocument(t, app, "/api/v1/public/certificates/"+number+"/credential", keys)
	if _, hasEvidence := first["evidence"]; hasEvidence || first["proof"].(map[string]any)["proofValue"] != second["proof"].(map[string]any)["proofValue"] {
		t.Fatal("the credential made on first request is not the one kept")
	}
}

func mustHost(t *testing.T, base string) string {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	return u.Host
}
