package assessments_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"hotlineportal/assessments"
	"hotlineportal/assessments/domaintest"
	"hotlineportal/assessments/messages"
	"hotlineportal/models"
)

// retentionCycle is a decided assessment of its own hotline with one
// evidence file, decided at a given time (set in the database).
type retentionCycle struct {
	hotline  *models.Hotline
	manager  assessments.Actor
	id       string
	decision string
	file     *models.Evidence
}

// newRetentionCycle makes a hotline with a manager, an assessment with a
// file, and a decision taken at decidedAt.
func newRetentionCycle(t *testing.T, env *domaintest.Env, name string, decidedAt time.Time) *retentionCycle {
	t.Helper()
	sys := domaintest.SystemActor()
	h, err := env.Svc.CreateHotline(ctx, sys, assessments.HotlineInput{Name: name, Country: "IE", Channels: []string{"phone"}, Languages: []string{"en"}})
	if err != nil {
		t.Fatal(err)
	}
	email := strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@test.example"
	u := newUser(t, env, assessments.UserInput{Email: email, Name: "Manager of " + name, Role: "manager", HotlineID: h.ID, Country: "IE"})
	c := &retentionCycle{hotline: h, manager: actorOf(u)}
	as, err := env.Svc.StartAssessment(ctx, c.manager, h.ID)
	if err != nil {
		t.Fatal(err)
	}
	c.id = as.ID
	if c.file, err = env.Svc.AddEvidenceFile(ctx, c.manager, as.ID, "LEG-01", name+" licence.txt", strings.NewReader("Licence of "+name+".\n")); err != nil {
		t.Fatal(err)
	}
	c.decide(t, env, decidedAt)
	return c
}

// decide marks the cycle's assessment decided at decidedAt.
func (c *retentionCycle) decide(t *testing.T, env *domaintest.Env, decidedAt time.Time) {
	t.Helper()
	c.decision = models.NewID()
	if err := env.DB.Model(&models.Assessment{}).Where("id = ?", c.id).Update("status", models.StatusDecided).Error; err != nil {
		t.Fatal(err)
	}
	d := &models.Decision{ID: c.decision, AssessmentID: c.id, Outcome: models.OutcomeAccredited, ProposedOutcome: models.OutcomeAccredited,
		Rationale: "All met.", DecidedBy: env.Users[domaintest.Secretariat].ID, DecidedAt: decidedAt.UTC()}
	if err := env.DB.Create(d).Error; err != nil {
		t.Fatal(err)
	}
}

// appeal lodges an appeal in a status against the cycle's decision, with
// one attached file; it returns the file's record id.
func (c *retentionCycle) appeal(t *testing.T, env *domaintest.Env, status string) (string, string) {
	t.Helper()
	now := env.Clock.Now().UTC()
	id := models.NewID()
	if err := env.DB.Exec(`INSERT INTO appeals (id, assessment_id, hotline_id, decision_id, status, grounds, lodged_by, lodged_at, previous_outcome)
 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, c.id, c.hotline.ID, c.decision, status, "The scores ignore our evidence.", c.manager.User.ID, now, models.OutcomeAccredited).Error; err != nil {
		t.Fatal(err)
	}
	store := env.Svc.Files()
	saved, err := store.SaveNamed(context.Background(), strings.NewReader("Appeal annex.\n"), 1<<20, "annex.txt")
	if err != nil {
		t.Fatal(err)
	}
	fid := models.NewID()
	if err := env.DB.Exec(`INSERT INTO appeal_files (id, appeal_id, filename, storage_key, size, sha256, content_type, created_by, created_at)
 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, fid, id, "annex.txt", saved.Key, saved.Size, saved.SHA256, "text/plain", c.manager.User.ID, now).Error; err != nil {
		t.Fatal(err)
	}
	return fid, saved.Key
}

// stored tells whether the evidence store still holds a key's file.
func stored(env *domaintest.Env, key string) bool {
	_, err := env.Svc.Files().Stat(context.Background(), key)
	return err == nil
}

// evidenceRow reloads an evidence record.
func evidenceRow(t *testing.T, env *domaintest.Env, id string) models.Evidence {
	t.Helper()
	var e models.Evidence
	if err := env.DB.Where("id = ?", id).Take(&e).Error; err != nil {
		t.Fatal(err)
	}
	return e
}

// The purge, case by case: past the retention period and with no appeal
// running the file goes and its record stays with its name, size and
// hash; otherwise, or while a newer cycle still uses the file, it stays.
func TestRetentionPurge(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	now := env.Clock.Now()
	old, recent := now.AddDate(-11, 0, 0), now.AddDate(-9, 0, 0)
	type appealFile struct{ id, key string }
	cases := []struct {
		name       string
		decided    time.Time
		appeal     string // status of an appeal with a file, "" for none
		renew      bool   // a newer cycle carries the file over
		wantPurged bool
		wantStored bool
	}{
		{"decided more than 10 years ago", old, "", false, true, false},
		{"decided less than 10 years ago", recent, "", false, false, true},
		{"an appeal lodged", old, models.AppealLodged, false, false, true},
		{"an appeal before its panel", old, models.AppealPanel, false, false, true},
		{"an appeal upheld", old, models.AppealUpheld, false, true, false},
		{"an appeal withdrawn", old, models.AppealWithdrawn, false, true, false},
		{"the file carried over into a renewal", old, "", true, true, true},
	}
	cycles := make([]*retentionCycle, len(cases))
	appeals := make([]appealFile, len(cases))
	for i, tc := range cases {
		cycles[i] = newRetentionCycle(t, env, "Retention hotline "+string(rune('A'+i)), tc.decided)
		if tc.appeal != "" {
			appeals[i].id, appeals[i].key = cycles[i].appeal(t, env, tc.appeal)
		}
		if tc.renew {
			if _, err := env.Svc.StartAssessment(ctx, cycles[i].manager, cycles[i].hotline.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	rep, err := env.Svc.RunRetention(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.EvidenceFiles != 4 || rep.AppealFiles != 2 || rep.StoredFiles != 5 {
		t.Errorf("report %+v, want 4 evidence files, 2 appeal files, 5 stored files deleted", rep)
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := cycles[i]
			e := evidenceRow(t, env, c.file.ID)
			if (e.PurgedAt != nil) != tc.wantPurged {
				t.Errorf("purged at %v, want purged %v", e.PurgedAt, tc.wantPurged)
			}
			if e.Filename != c.file.Filename || e.Size != c.file.Size || e.SHA256 != c.file.SHA256 {
				t.Errorf("record %+v lost its name, size or hash (was %+v)", e, c.file)
			}
			if got := stored(env, c.file.StorageKey); got != tc.wantStored {
				t.Errorf("stored file kept %v, want %v", got, tc.wantStored)
			}
			_, f, err := env.Svc.OpenEvidence(ctx, c.manager, c.file.ID)
			if f != nil {
				f.Close()
			}
			if p, gone := assessments.IsPurged(err); gone != tc.wantPurged || gone && (p.Filename != c.file.Filename || p.SHA256 != c.file.SHA256) {
				t.Errorf("download: %v (purged %+v), want purged %v", err, p, tc.wantPurged)
			}
			if tc.appeal != "" {
				var row struct{ PurgedAt *time.Time }
				if err := env.DB.Raw("SELECT purged_at FROM appeal_files WHERE id = ?", appeals[i].id).Scan(&row).Error; err != nil {
					t.Fatal(err)
				}
				purgedAt := row.PurgedAt
				if (purgedAt != nil) != tc.wantPurged || stored(env, appeals[i].key) == tc.wantPurged {
					t.Errorf("appeal file purged at %v, stored %v; want purged %v", purgedAt, stored(env, appeals[i].key), tc.wantPurged)
				}
			}
		})
	}
	// The renewal's copy still downloads.
	renewal := cycles[len(cases)-1]
	var copyRow models.Evidence
	if err := env.DB.Where("storage_key = ? AND purged_at IS NULL", renewal.file.StorageKey).Take(&copyRow).Error; err != nil {
		t.Fatal(err)
	}
	if _, f, err := env.Svc.OpenEvidence(ctx, renewal.manager, copyRow.ID); err != nil {
		t.Errorf("the renewal's copy: %v", err)
	} else {
		f.Close()
	}
	// A second run finds nothing more to do, and audits nothing more.
	again, err := env.Svc.RunRetention(ctx)
	if err != nil || again.Purged() != 0 || again.StoredFiles != 0 {
		t.Errorf("second run: %+v %v", again, err)
	}
	if n := env.AuditCount("retention.purge"); n != 1 {
		t.Errorf("%d retention.purge entries, want 1", n)
	}
}

// The clean-up of expired sessions and tokens, spent links (those of the
// last hour stay: they bound reset emails) and old failed sign-ins.
func TestRetentionDeletesExpiredRecords(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	now := time.Now().UTC()
	uid := env.Users[domaintest.Reviewer1].ID
	exec := func(sql string, args ...any) {
		t.Helper()
		if err := env.DB.Exec(sql, args...).Error; err != nil {
			t.Fatal(err)
		}
	}
	exec(`DELETE FROM one_time_links`)
	rows := []struct {
		table, keep string
		insert      func(id string)
	}{
		{"sessions", "no", func(id string) {
			exec(`INSERT INTO sessions (token, data, expiry) VALUES (?, '', ?)`, id, now.Add(-time.Minute))
		}},
		{"sessions", "yes", func(id string) {
			exec(`INSERT INTO sessions (token, data, expiry) VALUES (?, '', ?)`, id, now.Add(time.Hour))
		}},
		{"api_tokens", "no", func(id string) {
			exec(`INSERT INTO api_tokens (id, user_id, token_hash, expires_at, created_at) VALUES (?, ?, ?, ?, ?)`, id, uid, id, now.Add(-time.Minute), now.Add(-25*time.Hour))
		}},
		{"api_tokens", "yes", func(id string) {
			exec(`INSERT INTO api_tokens (id, user_id, token_hash, expires_at, created_at) VALUES (?, ?, ?, ?, ?)`, id, uid, id, now.Add(time.Hour), now)
		}},
		{"one_time_links", "no", func(id string) { // used
			exec(`INSERT INTO one_time_links (id, user_id, purpose, token_hash, expires_at, used_at, created_at) VALUES (?, ?, 'reset', ?, ?, ?, ?)`, id, uid, id, now.Add(time.Hour), now.Add(-2*time.Hour), now.Add(-3*time.Hour))
		}},
		{"one_time_links", "no", func(id string) { // expired
			exec(`INSERT INTO one_time_links (id, user_id, purpose, token_hash, expires_at, created_at) VALUES (?, ?, 'invitation', ?, ?, ?)`, id, uid, id, now.Add(-time.Hour), now.Add(-8*24*time.Hour))
		}},
		{"one_time_links", "yes", func(id string) { // used, but within the hour
			exec(`INSERT INTO one_time_links (id, user_id, purpose, token_hash, expires_at, used_at, created_at) VALUES (?, ?, 'reset', ?, ?, ?, ?)`, id, uid, id, now.Add(time.Hour), now.Add(-5*time.Minute), now.Add(-10*time.Minute))
		}},
		{"one_time_links", "yes", func(id string) { // still usable
			exec(`INSERT INTO one_time_links (id, user_id, purpose, token_hash, expires_at, created_at) VALUES (?, ?, 'invitation', ?, ?, ?)`, id, uid, id, now.Add(24*time.Hour), now.Add(-2*time.Hour))
		}},
		{"login_failures", "no", func(id string) {
			exec(`INSERT INTO login_failures (id, bucket, created_at) VALUES (?, 'ip:192.0.2.1', ?)`, id, now.Add(-16*time.Minute))
		}},
		{"login_failures", "yes", func(id string) {
			exec(`INSERT INTO login_failures (id, bucket, created_at) VALUES (?, 'ip:192.0.2.1', ?)`, id, now.Add(-time.Minute))
		}},
	}
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = models.NewID()
		r.insert(ids[i])
	}
	rep, err := env.Svc.RunRetention(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Sessions < 1 || rep.Tokens != 1 || rep.Links != 2 || rep.Failures < 1 {
		t.Errorf("report %+v", rep)
	}
	for i, r := range rows {
		key := map[string]string{"sessions": "token"}[r.table]
		if key == "" {
			key = "id"
		}
		var n int64
		if err := env.DB.Table(r.table).Where(key+" = ?", ids[i]).Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		if (n == 1) != (r.keep == "yes") {
			t.Errorf("%s row %d: %d left, want kept %s", r.table, i, n, r.keep)
		}
	}
}

// Two instances on one database: the daily run is claimed once, so it
// runs once; the next call that day does nothing.
func TestRetentionRunsOnceAcrossInstances(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	c := newRetentionCycle(t, env, "Twin instances", env.Clock.Now().AddDate(-12, 0, 0))
	other, err := assessments.NewService(env.DB, messages.MustLoad(), slog.New(slog.NewTextHandler(io.Discard, nil)), env.Svc.Options())
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	reps := make([]assessments.RetentionReport, 2)
	errs := make([]error, 2)
	for i, svc := range []*assessments.Service{env.Svc, other} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			reps[i], errs[i] = svc.DailyRetention(context.Background())
		}()
	}
	wg.Wait()
	ran := 0
	for i := range reps {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if !reps[i].Skipped {
			ran++
			if reps[i].EvidenceFiles != 1 {
				t.Errorf("the run purged %+v", reps[i])
			}
		}
	}
	if ran != 1 {
		t.Fatalf("%d runs, want 1: %+v", ran, reps)
	}
	if rep, err := other.DailyRetention(ctx); err != nil || !rep.Skipped {
		t.Errorf("again the same day: %+v %v", rep, err)
	}
	if e := evidenceRow(t, env, c.file.ID); e.PurgedAt == nil {
		t.Error("not purged")
	}
	if n := env.AuditCount("retention.purge"); n != 1 {
		t.Errorf("%d audit entries", n)
	}
}

// The hotline's manager sees downloads by role and pseudonym: reviewers
// as "Reviewer A", "Reviewer B" in the order they were assigned, whoever
// downloaded first; never a name or an id. The secretariat sees names too;
// reviewers never see the log, another hotline's manager nothing.
func TestEvidenceAccessPseudonyms(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	id := inReview(t, env)
	store := env.Svc.Files()
	saved, err := store.SaveNamed(context.Background(), strings.NewReader("Night rota.\n"), 1<<20, "rota.txt")
	if err != nil {
		t.Fatal(err)
	}
	file := &models.Evidence{ID: models.NewID(), AssessmentID: id, Criterion: "TEL-01", Kind: models.EvidenceFile, Filename: "rota.txt",
		StorageKey: saved.Key, Size: saved.Size, SHA256: saved.SHA256, ContentType: "text/plain", CreatedBy: env.Users[domaintest.ManagerA].ID, CreatedAt: env.Clock.Now().UTC()}
	if err := models.CreateEvidence(ctx, env.DB, file); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{domaintest.Reviewer2, domaintest.Reviewer1, domaintest.Secretariat, domaintest.ManagerA, domaintest.Reviewer2} {
		env.Clock.Advance(time.Second)
		_, f, err := env.Svc.OpenEvidence(ctx, env.Actor(key), file.ID)
		if err != nil {
			t.Fatalf("%s downloads: %v", key, err)
		}
		f.Close()
	}
	page := assessments.Page{Number: 1, Size: 25}
	entries, total, err := env.Svc.EvidenceAccessLog(ctx, env.Actor(domaintest.ManagerA), env.HotlineA.ID, page)
	if err != nil || total != 5 {
		t.Fatalf("%d entries, %v", total, err)
	}
	want := []assessments.Downloader{
		{Kind: assessments.DownloaderReviewer, Letter: "B"}, {Kind: assessments.DownloaderManager},
		{Kind: assessments.DownloaderSecretariat}, {Kind: assessments.DownloaderReviewer, Letter: "A"},
		{Kind: assessments.DownloaderReviewer, Letter: "B"},
	}
	for i, e := range entries {
		if e.Who != want[i] {
			t.Errorf("entry %d: %+v, want %+v", i, e.Who, want[i])
		}
		if e.UserID != "" || e.UserName != "" || e.Filename != "rota.txt" || e.Criterion != "TEL-01" || e.AssessmentID != id {
			t.Errorf("entry %d as the manager sees it: %+v", i, e)
		}
	}
	sec, _, err := env.Svc.EvidenceAccessLog(ctx, env.Actor(domaintest.Secretariat), env.HotlineA.ID, page)
	if err != nil || len(sec) != 5 || sec[3].UserName != env.Users[domaintest.Reviewer1].Name || sec[3].Who.Letter != "A" {
		t.Errorf("the secretariat's view: %+v %v", sec, err)
	}
	second, _, err := env.Svc.EvidenceAccessLog(ctx, env.Actor(domaintest.ManagerA), env.HotlineA.ID, assessments.Page{Number: 2, Size: 2})
	if err != nil || len(second) != 2 || second[0].Who != want[2] {
		t.Errorf("page 2: %+v %v", second, err)
	}
	for key, wantErr := range map[string]error{domaintest.Reviewer1: assessments.ErrForbidden, domaintest.ManagerB: assessments.ErrNotFound} {
		if _, _, err := env.Svc.EvidenceAccessLog(ctx, env.Actor(key), env.HotlineA.ID, page); !errors.Is(err, wantErr) {
			t.Errorf("%s: %v, want %v", key, err, wantErr)
		}
	}
	if _, _, err := env.Svc.EvidenceAccessLog(ctx, env.Actor(domaintest.Secretariat), models.NewID(), page); !errors.Is(err, assessments.ErrNotFound) {
		t.Errorf("an unknown hotline: %v", err)
	}
}

func TestReviewerLetter(t *testing.T) {
	t.Parallel()
	for i, want := range map[int]string{0: "A", 1: "B", 25: "Z", 26: "AA", 27: "AB", 51: "AZ", 52: "BA"} {
		if got := assessments.ReviewerLetter(i); got != want {
			t.Errorf("ReviewerLetter(%d) = %s, want %s", i, got, want)
		}
	}
}
