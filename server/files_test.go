package server_test

import (
	"bytes"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hotlineportal/assessments"
	"hotlineportal/assessments/evidence/blobtest"
	"hotlineportal/models"
	"hotlineportal/server/servertest"
)

// uploadEvidence attaches servertest.PDF to a criterion through the API
// and returns the evidence id.
func uploadEvidence(t *testing.T, c *servertest.Client, assessmentID, criterion string) string {
	t.Helper()
	r := c.Upload("/api/v1/assessments/"+assessmentID+"/evidence", map[string]string{"criterion": criterion}, "licence.pdf", servertest.PDF)
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("upload: %d %s", r.StatusCode, r.Body)
	}
	var out struct{ ID string }
	r.Decode(&out)
	return out.ID
}

// Two instances on one database and one bucket, as behind a load
// balancer: a file uploaded through one is downloaded through the other,
// which also decides and issues the certificate; its PDF is the same
// document from both, and nothing is written to either one's disk.
func TestTwoInstancesShareOneBucket(t *testing.T) {
	cfg := blobtest.S3Config(t)
	one := servertest.New(t, servertest.Options{Configure: func(o *assessments.Options) { o.Files = blobtest.Open(t, cfg) }})
	two := one.SecondInstance(blobtest.Open(t, cfg))

	mgr := one.APIClient(servertest.ManagerA)
	as := startAPI(t, mgr, one.HotlineA.ID)
	evidenceID := uploadEvidence(t, mgr, as.ID, "LEG-01")
	for _, a := range getAssessment(t, mgr, as.ID).Answers {
		if r := saveAnswer(mgr, as.ID, a.Criterion, "met", "Answered on instance one: "+a.Criterion, 0); r.StatusCode != 200 {
			t.Fatalf("save %s: %d", a.Criterion, r.StatusCode)
		}
	}
	if r := mgr.JSON("POST", "/api/v1/assessments/"+as.ID+"/submit", nil); r.StatusCode != 200 {
		t.Fatalf("submit: %d %s", r.StatusCode, r.Body)
	}

	reviewAll(t, two, as.ID, 4, nil)
	reviewer := two.APIClient(servertest.Reviewer1)
	if r := reviewer.Get("/api/v1/evidence/" + evidenceID); r.StatusCode != 200 || r.Body != string(servertest.PDF) {
		t.Fatalf("download through the second instance: %d, %d bytes", r.StatusCode, len(r.Body))
	}
	sec := two.APIClient(servertest.Secretariat)
	r := sec.JSON("POST", "/api/v1/assessments/"+as.ID+"/decision", map[string]any{"outcome": "accredited", "rationale": "Every criterion met.", "conditions": []any{}})
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("decide through the second instance: %d %s", r.StatusCode, r.Body)
	}
	var decided struct{ Certificate struct{ Number string } }
	r.Decode(&decided)
	fromTwo := sec.Get("/api/v1/certificates/" + decided.Certificate.Number + "/pdf")
	fromOne := one.APIClient(servertest.ManagerA).Get("/api/v1/certificates/" + decided.Certificate.Number + "/pdf")
	if fromTwo.StatusCode != 200 || fromOne.StatusCode != 200 || !strings.HasPrefix(fromOne.Body, "%PDF") || fromOne.Body != fromTwo.Body {
		t.Fatalf("certificate PDF: %d and %d, same document %v", fromOne.StatusCode, fromTwo.StatusCode, fromOne.Body == fromTwo.Body)
	}
	var doc models.CertificateDocument
	if err := one.DB.Take(&doc).Error; err != nil || doc.StorageKey == "" || len(doc.PDF) != 0 {
		t.Fatalf("certificate record: key %q, %d bytes inline, %v", doc.StorageKey, len(doc.PDF), err)
	}
	if entries, _ := os.ReadDir(filepath.Join(one.Config.DataDir, "evidence")); len(entries) != 0 {
		t.Errorf("%d files written to the data folder's evidence folder", len(entries))
	}
}

// The bucket stops and starts again: meanwhile uploads and downloads
// answer 503 with Retry-After within seconds (the question page shows the
// reason on the file field), nothing is recorded for the refused upload,
// and once the bucket is back everything works with no restart.
func TestFileStoreDownAndBack(t *testing.T) {
	gw := blobtest.StartGateway(t, freeAddr(t))
	app := servertest.New(t, servertest.Options{Configure: func(o *assessments.Options) { o.Files = blobtest.Open(t, gw.Config("portal")) }})
	mgr := app.APIClient(servertest.ManagerA)
	web := app.SignIn(servertest.ManagerA)
	as := startAPI(t, mgr, app.HotlineA.ID)
	kept := uploadEvidence(t, mgr, as.ID, "LEG-01")

	gw.Stop()
	start := time.Now()
	tests := []struct {
		name string
		do   func() *servertest.Response
	}{
		{"API upload", func() *servertest.Response {
			return mgr.Upload("/api/v1/assessments/"+as.ID+"/evidence", map[string]string{"criterion": "LEG-01"}, "b.pdf", servertest.PDF)
		}},
		{"API download", func() *servertest.Response { return mgr.Get("/api/v1/evidence/" + kept) }},
		{"page upload", func() *servertest.Response {
			return web.Upload("/assessments/"+as.ID+"/criteria/LEG-01/evidence", nil, "b.pdf", servertest.PDF)
		}},
		{"page download", func() *servertest.Response { return web.Get("/evidence/" + kept) }},
	}
	for _, tt := range tests {
		r := tt.do()
		if r.StatusCode != http.StatusServiceUnavailable || r.Header.Get("Retry-After") == "" {
			t.Errorf("%s with the bucket down: %d, Retry-After %q", tt.name, r.StatusCode, r.Header.Get("Retry-After"))
		}
		if !strings.Contains(r.Body, "file storage cannot be reached") {
			t.Errorf("%s: the answer does not say why: %s", tt.name, r.Body)
		}
	}
	if took := time.Since(start); took > 40*time.Second {
		t.Errorf("four refusals took %v", took)
	}
	var rows int64
	app.DB.Model(&models.Evidence{}).Where("assessment_id = ?", as.ID).Count(&rows)
	if rows != 1 {
		t.Fatalf("%d evidence rows after refused uploads, want the 1 stored before", rows)
	}

	gw.Start("")
	again := uploadEvidence(t, mgr, as.ID, "LEG-02")
	for _, id := range []string{kept, again} {
		if r := mgr.Get("/api/v1/evidence/" + id); r.StatusCode != 200 || !bytes.Equal([]byte(r.Body), servertest.PDF) {
			t.Errorf("download %s after the bucket came back: %d", id, r.StatusCode)
		}
	}
}

// freeAddr is a local address nothing listens on now.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}
