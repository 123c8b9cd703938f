package assessments_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"hotlineportal/assessments"
	"hotlineportal/assessments/domaintest"
	"hotlineportal/assessments/framework"
	"hotlineportal/models"
)

// nextVersion is the default framework as version 2026.2, without its
// first criterion (LEG-01).
func nextVersion(t *testing.T) []byte {
	t.Helper()
	src := framework.DefaultYAML()
	from := bytes.Index(src, []byte("      # basis: F [S13][S7][O9][S58]\n      - code: LEG-01"))
	to := bytes.Index(src, []byte("      # basis: F [S1 Art 4(a)(c)]"))
	if from < 0 || to < from {
		t.Fatal("LEG-01 not found in the default framework")
	}
	out := append(append([]byte{}, src[:from]...), src[to:]...)
	return bytes.Replace(out, []byte(`version: "2026.1"`), []byte(`version: "2026.2"`), 1)
}

// lineOf is the 1-based line of the first occurrence of s in src.
func lineOf(t *testing.T, src []byte, s string) int {
	t.Helper()
	i := bytes.Index(src, []byte(s))
	if i < 0 {
		t.Fatalf("%q not in the file", s)
	}
	return bytes.Count(src[:i], []byte("\n")) + 1
}

// A bad framework file is refused with every problem located by line.
func TestPreviewFrameworkErrors(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	def := framework.DefaultYAML()
	tests := []struct {
		name string
		file []byte
		at   string // the text of the line a problem must point at
	}{
		{"not YAML at all", []byte("code: mce\nversion: [unclosed\n"), "version: [unclosed"},
		{"no version", bytes.Replace(def, []byte(`version: "2026.1"`), []byte(`version: ""`), 1), `version: ""`},
		{"an unknown channel", bytes.Replace(def, []byte("        channels: [phone]\n"), []byte("        channels: [fax]\n"), 1), "channels: [fax]"},
		{"a duplicate code", bytes.Replace(def, []byte("- code: LEG-02"), []byte("- code: LEG-01"), 1), "- code: LEG-01\n        title:\n          en: \"Service"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := env.Svc.PreviewFramework(t.Context(), env.Actor(domaintest.Secretariat), tt.file)
			var perr *framework.ParseError
			if !errors.As(err, &perr) || len(perr.Problems) == 0 {
				t.Fatalf("got %v, want a parse error", err)
			}
			want := lineOf(t, tt.file, tt.at)
			for _, p := range perr.Problems {
				if p.Line == want {
					return
				}
			}
			t.Errorf("no problem on line %d: %v", want, perr)
		})
	}
}

// Only the secretariat handles frameworks.
func TestFrameworksAreTheSecretariats(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	ctx := t.Context()
	current, _, err := env.Svc.CurrentFramework(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{domaintest.ManagerA, domaintest.Reviewer1} {
		a := env.Actor(key)
		if _, err := env.Svc.ListFrameworks(ctx, a); !errors.Is(err, assessments.ErrForbidden) {
			t.Errorf("%s lists: %v", key, err)
		}
		if _, err := env.Svc.PreviewFramework(ctx, a, nextVersion(t)); !errors.Is(err, assessments.ErrForbidden) {
			t.Errorf("%s previews: %v", key, err)
		}
		if _, err := env.Svc.ImportFramework(ctx, a, nextVersion(t)); !errors.Is(err, assessments.ErrForbidden) {
			t.Errorf("%s imports: %v", key, err)
		}
		if err := env.Svc.PublishFramework(ctx, a, current.ID); !errors.Is(err, assessments.ErrForbidden) {
			t.Errorf("%s publishes: %v", key, err)
		}
	}
}

// Import, preview and publish a new version: a version is imported once
// and published once, and an assessment stays on the version it started
// with.
func TestImportAndPublishFramework(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	ctx := t.Context()
	sec := env.Actor(domaintest.Secretariat)
	old, _, err := env.Svc.CurrentFramework(ctx)
	if err != nil {
		t.Fatal(err)
	}
	before := env.StartAssessment(domaintest.ManagerA)
	imp, err := env.Svc.PreviewFramework(ctx, sec, nextVersion(t))
	if err != nil {
		t.Fatal(err)
	}
	if imp.Current == nil || imp.Current.ID != old.ID || len(imp.Changes.Removed) != 1 || imp.Changes.Removed[0].Code != "LEG-01" || len(imp.Changes.Added) != 0 {
		t.Errorf("preview against %v: %+v", imp.Current, imp.Changes)
	}
	row, err := env.Svc.ImportFramework(ctx, sec, nextVersion(t))
	if err != nil {
		t.Fatal(err)
	}
	if row.Status != models.FrameworkDraft || row.Version != "2026.2" || row.CriteriaCount != 49 || row.CreatedBy != env.Users[domaintest.Secretariat].Email {
		t.Errorf("imported %+v", row)
	}
	if _, err := env.Svc.ImportFramework(ctx, sec, nextVersion(t)); fieldKeys(t, err)["file"] != "error.framework.version_exists" {
		t.Errorf("a second import: %v", err)
	}
	if cur, _, _ := env.Svc.CurrentFramework(ctx); cur.ID != old.ID {
		t.Error("an imported draft became current")
	}
	if err := env.Svc.PublishFramework(ctx, sec, row.ID); err != nil {
		t.Fatal(err)
	}
	var conflict *assessments.ConflictError
	if err := env.Svc.PublishFramework(ctx, sec, row.ID); !errors.As(err, &conflict) || conflict.Key != "error.framework.already_published" {
		t.Errorf("publishing twice: %v", err)
	}
	for _, id := range []string{models.NewID(), "not-an-id"} {
		if err := env.Svc.PublishFramework(ctx, sec, id); !errors.Is(err, assessments.ErrNotFound) {
			t.Errorf("publishing %s: %v", id, err)
		}
	}
	cur, f, err := env.Svc.CurrentFramework(ctx)
	if err != nil || cur.ID != row.ID || len(f.Criteria()) != 49 {
		t.Fatalf("current after publishing: %+v, %v", cur, err)
	}
	q, err := env.Svc.LoadQuestionnaire(ctx, env.Actor(domaintest.ManagerA), before.ID)
	if err != nil {
		t.Fatal(err)
	}
	if q.FrameworkRow.ID != old.ID || len(q.Items()) != 50 {
		t.Errorf("the assessment started before moved to %s (%d items)", q.FrameworkRow.Version, len(q.Items()))
	}
	after := env.StartAssessment(domaintest.ManagerB)
	if after.FrameworkID != row.ID {
		t.Errorf("a new assessment started on %s", after.FrameworkID)
	}
	rows, err := env.Svc.ListFrameworks(ctx, sec)
	if err != nil || len(rows) != 2 || rows[0].Source != "" {
		t.Errorf("list: %d rows, %v", len(rows), err)
	}
	if n := env.AuditCount("framework.import") + env.AuditCount("framework.publish"); n != 3 { // the default's publication too
		t.Errorf("%d framework changes audited, want 3", n)
	}
	if err := env.Svc.EnsureDefaultFramework(ctx); err != nil {
		t.Fatal(err)
	}
	if rows, _ := env.Svc.ListFrameworks(ctx, sec); len(rows) != 2 {
		t.Errorf("the default was stored again: %d versions", len(rows))
	}
	if !strings.Contains(string(nextVersion(t)), "LEG-02") {
		t.Error("the test's framework lost more than LEG-01")
	}
}
