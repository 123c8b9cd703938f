package assessments_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"hotlineportal/assessments"
	"hotlineportal/assessments/domaintest"
	"hotlineportal/assessments/evidence"
	"hotlineportal/assessments/evidence/blobtest"
	"hotlineportal/models"
)

// keys lists what a store holds.
func keys(t *testing.T, store evidence.Blobs) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	if err := store.Walk(context.Background(), func(o evidence.ObjectInfo) error { out[o.Key] = true; return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

// issueCertificate records a certificate (with no PDF yet) for the
// hotline of an assessment.
func issueCertificate(t *testing.T, env *domaintest.Env, assessmentID string) *models.Certificate {
	t.Helper()
	now := env.Clock.Now().UTC()
	cert := &models.Certificate{
		ID: models.NewID(), Number: "MCE-2026-GR-0" + models.NewID()[:3], AssessmentID: assessmentID, HotlineID: env.HotlineA.ID,
		HotlineName: env.HotlineA.Name, Country: "GR", FrameworkCode: "mce-116000", FrameworkVersion: "2026.1", Outcome: "accredited",
		ValidFrom: now, ValidUntil: now.AddDate(3, 0, 0), IssuedAt: now,
	}
	if err := env.DB.Create(cert).Error; err != nil {
		t.Fatal(err)
	}
	return cert
}

// The daily sweep deletes stored files that no row names once they are an
// hour old; an upload's file, a certificate's PDF and a younger stray
// stay.
func TestSweepUnrecordedFiles(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	ctx := context.Background()
	as := env.StartAssessment(domaintest.ManagerA)
	e, err := env.Svc.AddEvidenceFile(ctx, env.Actor(domaintest.ManagerA), as.ID, "LEG-01", "rota.txt", bytes.NewReader([]byte("Night rota.\n")))
	if err != nil {
		t.Fatal(err)
	}
	cert := issueCertificate(t, env, as.ID)
	if _, _, err := env.Svc.CertificatePDF(ctx, env.Actor(domaintest.Secretariat), cert.Number); err != nil {
		t.Fatal(err)
	}
	stray, err := env.Svc.Files().Put(ctx, bytes.NewReader([]byte("left by a crash")))
	if err != nil {
		t.Fatal(err)
	}
	if n, err := env.Svc.SweepUnrecordedFiles(ctx); err != nil || n != 0 {
		t.Fatalf("sweep of young files: %d, %v", n, err)
	}
	env.Clock.Advance(2 * time.Hour)
	if n, err := env.Svc.SweepUnrecordedFiles(ctx); err != nil || n != 1 {
		t.Fatalf("sweep: %d, %v", n, err)
	}
	left := keys(t, env.Svc.Files())
	if left[stray.Key] || !left[e.StorageKey] || len(left) != 2 {
		t.Fatalf("after the sweep the store holds %v (stray %s, evidence %s, and the certificate)", left, stray.Key, e.StorageKey)
	}
	if _, _, err := env.Svc.CertificatePDF(ctx, env.Actor(domaintest.Secretariat), cert.Number); err != nil {
		t.Fatalf("certificate after the sweep: %v", err)
	}
}

// portal storage migrate: every file named by a row is copied from the
// disk to the configured store with its hash checked, certificate PDFs
// held in the database move out, a second run finds everything there,
// and a file missing or changed on the disk is reported, not copied.
func TestMigrateFiles(t *testing.T) {
	t.Parallel()
	source, err := evidence.NewStore(filepath.Join(t.TempDir(), "evidence"))
	if err != nil {
		t.Fatal(err)
	}
	var dest evidence.Blobs
	if blobtest.S3Configured() {
		dest = blobtest.NewS3(t)
	} else if dest, err = evidence.NewStore(filepath.Join(t.TempDir(), "bucket")); err != nil {
		t.Fatal(err)
	}
	env := domaintest.New(t, nil, func(o *assessments.Options) { o.Files = dest })
	ctx := context.Background()
	as := env.StartAssessment(domaintest.ManagerA)
	var saved []evidence.Saved
	for i, content := range []string{"One.\n", "Two.\n", "Three, changed on the disk.\n", "Four, lost.\n"} {
		s, err := source.SaveNamed(ctx, bytes.NewReader([]byte(content)), 1<<20, "f.txt")
		if err != nil {
			t.Fatal(err)
		}
		saved = append(saved, s)
		e := &models.Evidence{ID: models.NewID(), AssessmentID: as.ID, Criterion: "LEG-01", Kind: models.EvidenceFile, Filename: "f.txt",
			StorageKey: s.Key, Size: s.Size, SHA256: s.SHA256, ContentType: "text/plain", CreatedBy: env.Users[domaintest.ManagerA].ID, CreatedAt: env.Clock.Now().UTC().Add(time.Duration(i) * time.Second)}
		if err := models.CreateEvidence(ctx, env.DB, e); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(source.Dir(), saved[2].Key), []byte("Three, changed on the disk!\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := source.Remove(ctx, saved[3].Key); err != nil {
		t.Fatal(err)
	}
	cert := issueCertificate(t, env, as.ID)
	inline := []byte("%PDF-1.4 rendered before the file store\n")
	if err := env.DB.Create(&models.CertificateDocument{CertificateID: cert.ID, PDF: inline, CreatedAt: env.Clock.Now()}).Error; err != nil {
		t.Fatal(err)
	}

	rep, err := env.Svc.MigrateFiles(ctx, source, func(string) {})
	want := assessments.MigrationReport{Copied: 2, Missing: 1, Mismatched: 1, CertificatesMoved: 1}
	if err != nil || rep != want {
		t.Fatalf("first run: %+v, %v; want %+v", rep, err, want)
	}
	rep, err = env.Svc.MigrateFiles(ctx, source, func(string) {})
	want = assessments.MigrationReport{AlreadyThere: 3, Missing: 1, Mismatched: 1} // the moved PDF is a stored file now
	if err != nil || rep != want {
		t.Fatalf("second run: %+v, %v; want %+v", rep, err, want)
	}
	held := keys(t, dest)
	if !held[saved[0].Key] || !held[saved[1].Key] || held[saved[2].Key] || held[saved[3].Key] || len(held) != 3 {
		t.Fatalf("destination holds %v", held)
	}
	pdf, _, err := env.Svc.CertificatePDF(ctx, env.Actor(domaintest.Secretariat), cert.Number)
	if err != nil || !bytes.Equal(pdf, inline) {
		t.Fatalf("moved certificate PDF: %q, %v", pdf, err)
	}
}
