package assessments_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"testing"

	"hotlineportal/assessments"
	"hotlineportal/assessments/domaintest"
	"hotlineportal/assessments/evidence"
	"hotlineportal/models"
)

func TestUploadLimit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                   string
		maxUpload, quota, used int64
		limit                  int64
		quotaBound             bool
	}{
		{"empty assessment", 100, 1000, 0, 100, false},
		{"room for a full file", 100, 1000, 900, 100, false},
		{"less room than a file", 100, 1000, 950, 50, true},
		{"quota reached", 100, 1000, 1000, 0, true},
		{"over the quota (a smaller quota set later)", 100, 1000, 1200, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			limit, quotaBound := assessments.UploadLimit(tt.maxUpload, tt.quota, tt.used)
			if limit != tt.limit || quotaBound != tt.quotaBound {
				t.Errorf("uploadLimit = %d, %v; want %d, %v", limit, quotaBound, tt.limit, tt.quotaBound)
			}
		})
	}
}

func TestCheckLink(t *testing.T) {
	t.Parallel()
	long := "https://example.org/" + strings.Repeat("a", 2000)
	tests := []struct {
		name, url, title string
		wantURL          string
		wantTitle        string
		wantFields       map[string]string
	}{
		{"https with a title", " https://116000.eu/report ", " Annual report ", "https://116000.eu/report", "Annual report", nil},
		{"http, no title", "http://example.org", "", "http://example.org", "http://example.org", nil},
		{"a Greek title", "https://example.gr", "Ετήσια έκθεση", "https://example.gr", "Ετήσια έκθεση", nil},
		{"no address", "", "", "", "", map[string]string{"url": "error.url"}},
		{"javascript", "javascript:alert(1)", "", "", "", map[string]string{"url": "error.url"}},
		{"ftp", "ftp://example.org/x", "", "", "", map[string]string{"url": "error.url"}},
		{"no host", "https://", "", "", "", map[string]string{"url": "error.url"}},
		{"address too long", long, "", "", "", map[string]string{"url": "error.url"}},
		{"title too long", "https://example.org", strings.Repeat("ω", 201), "", "", map[string]string{"title": "error.too_long"}},
		{"both wrong", "mailto:x@example.org", strings.Repeat("ω", 201), "", "", map[string]string{"url": "error.url", "title": "error.too_long"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url, title, err := assessments.CheckLink(tt.url, tt.title)
			if tt.wantFields == nil {
				if err != nil || url != tt.wantURL || title != tt.wantTitle {
					t.Errorf("checkLink = %q, %q, %v; want %q, %q", url, title, err, tt.wantURL, tt.wantTitle)
				}
				return
			}
			got := fieldKeys(t, err)
			if len(got) != len(tt.wantFields) {
				t.Errorf("fields %v, want %v", got, tt.wantFields)
			}
			for f, k := range tt.wantFields {
				if got[f] != k {
					t.Errorf("field %s: %q, want %q", f, got[f], k)
				}
			}
		})
	}
}

// storedFiles counts the files in the evidence folder.
func storedFiles(t *testing.T, env *domaintest.Env) int {
	t.Helper()
	n := 0
	err := env.Svc.Files().Walk(context.Background(), func(evidence.ObjectInfo) error { n++; return nil })
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// Uploads: the size limit, the quota, the type on the content, the
// criterion, and who may; a refusal keeps neither a record nor a file.
func TestAddEvidenceFile(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil, func(o *assessments.Options) {
		o.MaxUploadBytes, o.AssessmentQuotaBytes = 100, 150
	})
	c := start(t, env)
	code := c.firstApplicable()
	text := strings.Repeat("rota\n", 12) // 60 bytes
	tests := []struct {
		name     string
		key      string
		code     string
		filename string
		body     io.Reader
		check    func(t *testing.T, e *models.Evidence, err error)
	}{
		{"over the size limit", domaintest.ManagerA, code, "big.txt", strings.NewReader(strings.Repeat("a", 101)), tooLarge("error.evidence_too_large")},
		{"a text file", domaintest.ManagerA, code, "../rota.txt", strings.NewReader(text), func(t *testing.T, e *models.Evidence, err error) {
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256([]byte(text))
			if e.Size != 60 || e.SHA256 != hex.EncodeToString(sum[:]) || e.Filename != "rota.txt" ||
				e.ContentType != "text/plain; charset=utf-8" || e.Kind != models.EvidenceFile || e.StorageKey == "" {
				t.Errorf("stored %+v", e)
			}
		}},
		{"over the quota", domaintest.ManagerA, code, "more.txt", strings.NewReader(strings.Repeat("b", 91)), tooLarge("error.evidence_quota")},
		{"a page dressed as text", domaintest.ManagerA, code, "notes.txt", strings.NewReader("<html><script>alert(1)</script>"),
			func(t *testing.T, _ *models.Evidence, err error) {
				if !errors.Is(err, assessments.ErrUnsupportedType) {
					t.Errorf("got %v, want unsupported type", err)
				}
			}},
		{"no file", domaintest.ManagerA, code, "", nil, fieldErr("file", "error.file_required")},
		{"unknown criterion", domaintest.ManagerA, "XXX-99", "a.txt", strings.NewReader("a"), fieldErr("criterion", "error.criterion_unknown")},
		{"secretariat", domaintest.Secretariat, code, "a.txt", strings.NewReader("a"), evidenceErr(assessments.ErrForbidden)},
		{"another hotline's manager", domaintest.ManagerB, code, "a.txt", strings.NewReader("a"), evidenceErr(assessments.ErrNotFound)},
		{"unassigned reviewer", domaintest.Reviewer1, code, "a.txt", strings.NewReader("a"), evidenceErr(assessments.ErrNotFound)},
		{"what is left of the quota", domaintest.ManagerA, code, "rest.txt", strings.NewReader(strings.Repeat("c", 90)), func(t *testing.T, _ *models.Evidence, err error) {
			if err != nil {
				t.Fatal(err)
			}
		}},
		{"the quota is full", domaintest.ManagerA, code, "one.txt", strings.NewReader("d"), tooLarge("error.evidence_quota")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &cycle{t: t, env: env, as: c.as}
			before, files := c.fingerprint(), storedFiles(t, env)
			e, err := env.Svc.AddEvidenceFile(t.Context(), env.Actor(tt.key), c.as.ID, tt.code, tt.filename, tt.body)
			tt.check(t, e, err)
			if err != nil {
				if after := c.fingerprint(); after != before || storedFiles(t, env) != files {
					t.Errorf("a refused upload left something behind")
				}
			} else if storedFiles(t, env) != files+1 {
				t.Errorf("%d files stored, want %d", storedFiles(t, env), files+1)
			}
		})
	}
}

func tooLarge(key string) func(t *testing.T, _ *models.Evidence, err error) {
	return func(t *testing.T, _ *models.Evidence, err error) {
		t.Helper()
		var big *assessments.ErrTooLarge
		if !errors.As(err, &big) || big.Key != key {
			t.Errorf("got %v, want %s", err, key)
		}
	}
}

func fieldErr(field, key string) func(t *testing.T, _ *models.Evidence, err error) {
	return func(t *testing.T, _ *models.Evidence, err error) {
		t.Helper()
		if got := fieldKeys(t, err); got[field] != key {
			t.Errorf("fields %v, want %s: %s", got, field, key)
		}
	}
}

func evidenceErr(target error) func(t *testing.T, _ *models.Evidence, err error) {
	return func(t *testing.T, _ *models.Evidence, err error) {
		t.Helper()
		if !errors.Is(err, target) {
			t.Errorf("got %v, want %v", err, target)
		}
	}
}

// Links, and the bound on what one answer may carry.
func TestAddEvidenceLink(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	c := start(t, env)
	code := c.firstApplicable()
	e, err := env.Svc.AddEvidenceLink(t.Context(), env.Actor(domaintest.ManagerA), c.as.ID, code, " https://example.org/rota ", "")
	if err != nil || e.Kind != models.EvidenceLink || e.URL != "https://example.org/rota" || e.Filename != e.URL {
		t.Fatalf("link %+v, %v", e, err)
	}
	if _, err := env.Svc.AddEvidenceLink(t.Context(), env.Actor(domaintest.ManagerA), c.as.ID, code, "javascript:alert(1)", ""); fieldKeys(t, err)["url"] != "error.url" {
		t.Errorf("a javascript link: %v", err)
	}
	if _, err := env.Svc.AddEvidenceLink(t.Context(), env.Actor(domaintest.Secretariat), c.as.ID, code, "https://example.org", ""); !errors.Is(err, assessments.ErrForbidden) {
		t.Errorf("secretariat: %v", err)
	}
	for i := 1; i < assessments.MaxEvidencePerCriterion; i++ {
		if _, err := env.Svc.AddEvidenceLink(t.Context(), env.Actor(domaintest.ManagerA), c.as.ID, code, "https://example.org/"+strings.Repeat("x", i), ""); err != nil {
			t.Fatal(err)
		}
	}
	var conflict *assessments.ConflictError
	if _, err := env.Svc.AddEvidenceLink(t.Context(), env.Actor(domaintest.ManagerA), c.as.ID, code, "https://example.org/one-more", ""); !errors.As(err, &conflict) || conflict.Key != "error.evidence_too_many" {
		t.Errorf("link %d: %v, want error.evidence_too_many", assessments.MaxEvidencePerCriterion+1, err)
	}
	if _, err := env.Svc.AddEvidenceFile(t.Context(), env.Actor(domaintest.ManagerA), c.as.ID, code, "a.txt", strings.NewReader("a")); !errors.As(err, &conflict) || conflict.Key != "error.evidence_too_many" {
		t.Errorf("file %d: %v, want error.evidence_too_many", assessments.MaxEvidencePerCriterion+1, err)
	}
}

// Evidence changes only while its answer may: not once submitted, and
// after a clarification request only on the reopened criteria.
func TestEvidenceFollowsTheAnswer(t *testing.T) {
	t.Parallel()
	for _, st := range states {
		t.Run(string(st), func(t *testing.T) {
			t.Parallel()
			env, c := reach(t, st)
			reopened := c.firstApplicable()
			for _, it := range c.load(domaintest.ManagerA).Items() {
				if !it.Applicable {
					continue
				}
				editable := st == models.StatusDraft || (st == models.StatusChangesRequested && it.Criterion.Code == reopened)
				_, err := env.Svc.AddEvidenceLink(t.Context(), env.Actor(domaintest.ManagerA), c.as.ID, it.Criterion.Code, "https://example.org", "")
				if editable && err != nil {
					t.Errorf("%s: refused: %v", it.Criterion.Code, err)
				}
				var conflict *assessments.ConflictError
				if !editable && (!errors.As(err, &conflict) || conflict.Key != "error.not_editable") {
					t.Errorf("%s: got %v, want error.not_editable", it.Criterion.Code, err)
				}
			}
		})
	}
}

// Who may see, download and remove evidence; a stored file goes with its
// last record, and a renewal's carried-over copies share the file.
func TestEvidenceAccessAndRemoval(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	ctx := t.Context()
	c := start(t, env)
	code := c.firstApplicable()
	file, err := env.Svc.AddEvidenceFile(ctx, env.Actor(domaintest.ManagerA), c.as.ID, code, "rota.txt", strings.NewReader("Rota for March.\n"))
	if err != nil {
		t.Fatal(err)
	}
	link, err := env.Svc.AddEvidenceLink(ctx, env.Actor(domaintest.ManagerA), c.as.ID, code, "https://example.org", "Site")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		key  string
		id   string
		want error
	}{
		{"the manager's file", domaintest.ManagerA, file.ID, nil},
		{"the secretariat", domaintest.Secretariat, file.ID, nil},
		{"another hotline's manager", domaintest.ManagerB, file.ID, assessments.ErrNotFound},
		{"an unassigned reviewer", domaintest.Reviewer1, file.ID, assessments.ErrNotFound},
		{"a link has nothing to download", domaintest.ManagerA, link.ID, assessments.ErrNotFound},
		{"a malformed id", domaintest.ManagerA, "../etc", assessments.ErrNotFound},
		{"an unknown id", domaintest.ManagerA, models.NewID(), assessments.ErrNotFound},
	} {
		t.Run("open: "+tt.name, func(t *testing.T) {
			_, f, err := env.Svc.OpenEvidence(ctx, env.Actor(tt.key), tt.id)
			if f != nil {
				f.Close()
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
	if n := env.AuditCount("evidence.download"); n != 2 {
		t.Errorf("%d downloads audited, want 2", n)
	}
	if _, err := env.Svc.RemoveEvidence(ctx, env.Actor(domaintest.Secretariat), link.ID); !errors.Is(err, assessments.ErrForbidden) {
		t.Errorf("secretariat removes: %v", err)
	}
	if _, err := env.Svc.RemoveEvidence(ctx, env.Actor(domaintest.ManagerB), link.ID); !errors.Is(err, assessments.ErrNotFound) {
		t.Errorf("another manager removes: %v", err)
	}
	if _, err := env.Svc.RemoveEvidence(ctx, env.Actor(domaintest.ManagerA), link.ID); err != nil {
		t.Fatal(err)
	}
	// The renewal after a decided cycle shares the file.
	c.answerAll()
	c.submit()
	if _, err := env.Svc.RemoveEvidence(ctx, env.Actor(domaintest.ManagerA), file.ID); !isConflict(err) {
		t.Errorf("removing after submission: %v, want a conflict", err)
	}
	c.assign(domaintest.Reviewer1)
	c.scoreAll(domaintest.Reviewer1)
	c.review(domaintest.Reviewer1)
	c.decide()
	renewal := start(t, env)
	q := renewal.load(domaintest.ManagerA)
	it, _ := q.Item(code)
	if len(it.Evidence) != 1 || !it.Evidence[0].CarriedOver || it.Evidence[0].StorageKey != file.StorageKey || it.Evidence[0].ID == file.ID {
		t.Fatalf("carried over evidence %+v", it.Evidence)
	}
	files := storedFiles(t, env)
	if _, err := env.Svc.RemoveEvidence(ctx, env.Actor(domaintest.ManagerA), it.Evidence[0].ID); err != nil {
		t.Fatal(err)
	}
	if storedFiles(t, env) != files {
		t.Error("removing the renewal's copy removed the file the decided cycle still refers to")
	}
	_, f, err := env.Svc.OpenEvidence(ctx, env.Actor(domaintest.Secretariat), file.ID)
	if err != nil {
		t.Fatalf("the decided cycle's file: %v", err)
	}
	f.Close()
}

// A file removed from a draft goes from the disk too.
func TestRemoveEvidenceRemovesTheFile(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	c := start(t, env)
	e, err := env.Svc.AddEvidenceFile(t.Context(), env.Actor(domaintest.ManagerA), c.as.ID, c.firstApplicable(), "a.txt", strings.NewReader("a\n"))
	if err != nil {
		t.Fatal(err)
	}
	files := storedFiles(t, env)
	if _, err := env.Svc.RemoveEvidence(t.Context(), env.Actor(domaintest.ManagerA), e.ID); err != nil {
		t.Fatal(err)
	}
	if storedFiles(t, env) != files-1 {
		t.Error("the stored file stayed")
	}
	if _, err := env.Svc.GetEvidence(t.Context(), env.Actor(domaintest.ManagerA), e.ID); !errors.Is(err, assessments.ErrNotFound) {
		t.Errorf("removed evidence: %v", err)
	}
	if n := env.AuditCount("evidence.remove"); n != 1 {
		t.Errorf("%d removals audited", n)
	}
}
