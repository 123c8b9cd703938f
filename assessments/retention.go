package assessments

import (
	"context"
	"errors"
	"fmt"
	"time"

	"hotlineportal/models"
)

// RetentionJob is the name the daily retention run is claimed under in
// job_runs, once a day across every instance.
const RetentionJob = "retention"

// purgeBatch bounds the files purged in one transaction.
const purgeBatch = 200

// RetentionReport says what one run of the retention job did.
type RetentionReport struct {
	// Skipped is true when another instance had already run the job today.
	Skipped bool
	// EvidenceFiles and AppealFiles count the records marked purged;
	// StoredFiles the files deleted from the store (fewer when a newer
	// cycle still uses one).
	EvidenceFiles, AppealFiles, StoredFiles int
	// Sessions, Tokens, Links and Failures count the expired sessions, API
	// tokens, spent one-time links and old failed sign-ins deleted.
	Sessions, Tokens, Links, Failures int64
	// Unrecorded counts stored files that no row named (left by a crash
	// or by the file store failing mid-upload), swept with the rest.
	Unrecorded int
}

// Purged is how many files the run removed, which is worth an audit entry.
func (r RetentionReport) Purged() int { return r.EvidenceFiles + r.AppealFiles }

// PurgedError answers a download of a file the retention job removed
// (410 Gone): its name and hash are kept, and when it went.
type PurgedError struct {
	Filename string
	SHA256   string
	PurgedAt time.Time
}

func (e *PurgedError) Error() string { return "evidence file removed under the retention policy" }

// RetentionCutoff is the instant before which a decision's evidence is
// purged: RetentionYears (at least one) before now.
func (s *Service) RetentionCutoff() time.Time {
	return s.now().AddDate(-max(s.opts.RetentionYears, 1), 0, 0)
}

// DailyRetention is the background workers' daily run: the first instance
// to claim the day runs it, the others report Skipped.
func (s *Service) DailyRetention(ctx context.Context) (RetentionReport, error) {
	ok, err := s.claimJob(ctx, RetentionJob, s.now().Format("2006-01-02"))
	if err != nil || !ok {
		return RetentionReport{Skipped: true}, err
	}
	return s.RunRetention(ctx)
}

// RunRetention purges the files whose retention period is over and
// deletes the expired sign-in records, now (`portal jobs run`; the daily
// run after its claim). Running it again, or on two instances at once,
// does nothing more: each record is marked purged once.
func (s *Service) RunRetention(ctx context.Context) (RetentionReport, error) {
	var rep RetentionReport
	cutoff := s.RetentionCutoff()
	if err := s.purgeAll(ctx, cutoff, &rep, false); err != nil {
		return rep, err
	}
	if err := s.purgeAll(ctx, cutoff, &rep, true); err != nil {
		return rep, err
	}
	if err := s.deleteExpiredRecords(ctx, &rep); err != nil {
		return rep, err
	}
	n, err := s.SweepUnrecordedFiles(ctx)
	rep.Unrecorded = n
	if err != nil {
		// The file store may be down today; the next run sweeps.
		s.log.Warn("retention: sweep of unrecorded files", "err", err)
	}
	if rep.Purged() > 0 {
		detail := fmt.Sprintf("evidence files %d, appeal files %d, stored files deleted %d (decided before %s)",
			rep.EvidenceFiles, rep.AppealFiles, rep.StoredFiles, cutoff.Format("2006-01-02"))
		if err := s.tx(ctx, func(tx *models.DB) error {
			return s.audit(ctx, tx, Actor{IP: "scheduler"}, "retention.purge", "", "", detail)
		}); err != nil {
			return rep, err
		}
	}
	return rep, nil
}

// purgeAll purges the evidence files (or the appeals' files) past the
// cutoff, a batch at a time, until none is left.
func (s *Service) purgeAll(ctx context.Context, cutoff time.Time, rep *RetentionReport, appeals bool) error {
	list, mark := models.ExpiredEvidenceFiles, models.MarkEvidencePurged
	if appeals {
		list, mark = models.ExpiredAppealFiles, models.MarkAppealFilesPurged
	}
	for {
		batch, err := list(ctx, s.db, cutoff, purgeBatch)
		if err != nil {
			return fmt.Errorf("list files to purge: %w", err)
		}
		if len(batch) == 0 {
			return nil
		}
		marked, removable, err := s.purgeBatch(ctx, batch, cutoff, mark)
		if err != nil {
			return err
		}
		if appeals {
			rep.AppealFiles += int(marked)
		} else {
			rep.EvidenceFiles += int(marked)
		}
		rep.StoredFiles += s.removeStored(ctx, removable)
		if marked == 0 || len(batch) < purgeBatch {
			return nil
		}
	}
}

type markFunc func(context.Context, *models.DB, []string, time.Time, time.Time) (int64, error)

// purgeBatch marks a batch purged and, in the same transaction, finds
// which of its stored files no record still uses: those may go.
func (s *Service) purgeBatch(ctx context.Context, batch []models.PurgeCandidate, cutoff time.Time, mark markFunc) (int64, []string, error) {
	ids := make([]string, 0, len(batch))
	keys := make([]string, 0, len(batch))
	for _, c := range batch {
		ids = append(ids, c.ID)
		if c.StorageKey != "" {
			keys = append(keys, c.StorageKey)
		}
	}
	var marked int64
	var removable []string
	err := s.tx(ctx, func(tx *models.DB) error {
		var err error
		if marked, err = mark(ctx, tx, ids, cutoff, s.now()); err != nil {
			return fmt.Errorf("mark files purged: %w", err)
		}
		used, err := models.StorageKeysInUse(ctx, tx, keys)
		if err != nil {
			return fmt.Errorf("find stored files still used: %w", err)
		}
		seen := map[string]bool{}
		for _, k := range keys {
			if !used[k] && !seen[k] {
				seen[k] = true
				removable = append(removable, k)
			}
		}
		return nil
	})
	return marked, removable, err
}

// removeStored deletes stored files no record uses any more; a failure is
// logged (the record already says the file is gone) and the count says
// how many went.
func (s *Service) removeStored(ctx context.Context, keys []string) int {
	n := 0
	for _, k := range keys {
		if err := s.store.Remove(ctx, k); err != nil {
			s.log.Warn("retention: remove stored file", "key", k, "err", err)
			continue
		}
		n++
	}
	return n
}

// deleteExpiredRecords deletes expired sessions and API tokens, spent
// one-time links (keeping the last hour's, which bound reset emails) and
// failed sign-ins older than the window.
func (s *Service) deleteExpiredRecords(ctx context.Context, rep *RetentionReport) error {
	n, err := models.NewSessionStore(s.db).DeleteExpired(ctx)
	if err != nil {
		return fmt.Errorf("delete expired sessions: %w", err)
	}
	rep.Sessions = n
	now := s.now()
	return s.tx(ctx, func(tx *models.DB) error {
		var err error
		if rep.Tokens, err = models.DeleteExpiredTokens(ctx, tx, now); err != nil {
			return fmt.Errorf("delete expired tokens: %w", err)
		}
		if rep.Links, err = models.DeleteSpentLinks(ctx, tx, now, now.Add(-resetThrottleWindow)); err != nil {
			return fmt.Errorf("delete spent links: %w", err)
		}
		if rep.Failures, err = models.DeleteLoginFailuresBefore(ctx, tx, now.Add(-s.opts.FailureWindow)); err != nil {
			return fmt.Errorf("delete old failed sign-ins: %w", err)
		}
		return nil
	})
}

// purgedError is the 410 for a purged evidence record.
func purgedError(e *models.Evidence) error {
	if e.PurgedAt == nil {
		return nil
	}
	return &PurgedError{Filename: e.Filename, SHA256: e.SHA256, PurgedAt: *e.PurgedAt}
}

// IsPurged tells whether err is a download refused because the file was
// purged, and gives its details.
func IsPurged(err error) (*PurgedError, bool) {
	var p *PurgedError
	ok := errors.As(err, &p)
	return p, ok
}
