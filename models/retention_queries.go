package models

import (
	"context"
	"time"
)

// The retention job's queries (issue 16): evidence and appeal files of
// assessments decided before a cutoff and with no appeal running, and
// the expired or spent records of signing in.

// PurgeCandidate is a stored file the retention job may remove: its
// record (evidence or appeal file) and its key in the evidence store.
type PurgeCandidate struct {
	ID         string
	StorageKey string
}

// expiredAssessments is the subquery of assessments decided before the
// cutoff.
const expiredAssessments = `SELECT d.assessment_id FROM decisions d WHERE d.decided_at < ?`

// noOpenAppeal is the condition that none of the appeals of the
// assessment in column runs (its parameter: AppealOpenStates).
func noOpenAppeal(column string) string {
	return `NOT EXISTS (SELECT 1 FROM appeals o WHERE o.assessment_id = ` + column + ` AND o.status IN ?)`
}

// ExpiredEvidenceFiles lists up to limit evidence files not yet purged of
// assessments decided before cutoff, none of whose appeals is running.
func ExpiredEvidenceFiles(ctx context.Context, db *DB, cutoff time.Time, limit int) ([]PurgeCandidate, error) {
	var out []PurgeCandidate
	err := db.WithContext(ctx).Raw(`SELECT e.id, e.storage_key FROM evidence e
 WHERE e.kind = ? AND e.purged_at IS NULL AND e.assessment_id IN (`+expiredAssessments+`)
   AND `+noOpenAppeal("e.assessment_id")+`
 ORDER BY e.id LIMIT ?`, EvidenceFile, cutoff, AppealOpenStates, limit).Scan(&out).Error
	return out, translate(err)
}

// MarkEvidencePurged records that the files of ids are removed at now,
// keeping their names, sizes and hashes and clearing their storage keys.
// The rule is checked again, so an appeal lodged meanwhile keeps them; it
// returns how many were marked (none when another instance did it).
func MarkEvidencePurged(ctx context.Context, tx *DB, ids []string, cutoff, now time.Time) (int64, error) {
	res := tx.WithContext(ctx).Exec(`UPDATE evidence SET purged_at = ?, storage_key = ''
 WHERE id IN ? AND purged_at IS NULL AND assessment_id IN (`+expiredAssessments+`)
   AND `+noOpenAppeal("evidence.assessment_id"), now, ids, cutoff, AppealOpenStates)
	return res.RowsAffected, translate(res.Error)
}

// ExpiredAppealFiles lists up to limit files attached to appeals of
// assessments decided before cutoff, once none of their appeals runs.
func ExpiredAppealFiles(ctx context.Context, db *DB, cutoff time.Time, limit int) ([]PurgeCandidate, error) {
	var out []PurgeCandidate
	err := db.WithContext(ctx).Raw(`SELECT f.id, f.storage_key FROM appeal_files f JOIN appeals ap ON ap.id = f.appeal_id
 WHERE f.purged_at IS NULL AND ap.assessment_id IN (`+expiredAssessments+`)
   AND `+noOpenAppeal("ap.assessment_id")+`
 ORDER BY f.id LIMIT ?`, cutoff, AppealOpenStates, limit).Scan(&out).Error
	return out, translate(err)
}

// MarkAppealFilesPurged is MarkEvidencePurged for appeals' files.
func MarkAppealFilesPurged(ctx context.Context, tx *DB, ids []string, cutoff, now time.Time) (int64, error) {
	res := tx.WithContext(ctx).Exec(`UPDATE appeal_files SET purged_at = ?, storage_key = ''
 WHERE id IN ? AND purged_at IS NULL AND appeal_id IN (SELECT ap.id FROM appeals ap
   WHERE ap.assessment_id IN (`+expiredAssessments+`) AND `+noOpenAppeal("ap.assessment_id")+`)`,
		now, ids, cutoff, AppealOpenStates)
	return res.RowsAffected, translate(res.Error)
}

// StorageKeysInUse tells which of the keys a record not purged still
// refers to (a renewal's carried-over evidence shares the previous
// cycle's files): those stored files must stay.
func StorageKeysInUse(ctx context.Context, db *DB, keys []string) (map[string]bool, error) {
	used := map[string]bool{}
	if len(keys) == 0 {
		return used, nil
	}
	var found []string
	err := db.WithContext(ctx).Raw(`SELECT storage_key FROM evidence WHERE storage_key IN ? AND purged_at IS NULL
 UNION SELECT storage_key FROM appeal_files WHERE storage_key IN ? AND purged_at IS NULL
 UNION SELECT storage_key FROM certificate_documents WHERE storage_key IN ?`, keys, keys, keys).Scan(&found).Error
	for _, k := range found {
		used[k] = true
	}
	return used, translate(err)
}

// DeleteExpiredTokens deletes the API tokens expired at now.
func DeleteExpiredTokens(ctx context.Context, tx *DB, now time.Time) (int64, error) {
	res := tx.WithContext(ctx).Where("expires_at <= ?", now).Delete(&APIToken{})
	return res.RowsAffected, translate(res.Error)
}

// DeleteSpentLinks deletes the one-time links used or expired at now and
// made at or before keepSince: the newer ones still count towards the
// limit on reset emails (CountLinksSince).
func DeleteSpentLinks(ctx context.Context, tx *DB, now, keepSince time.Time) (int64, error) {
	res := tx.WithContext(ctx).Where("(used_at IS NOT NULL OR expires_at <= ?) AND created_at <= ?", now, keepSince).Delete(&OneTimeLink{})
	return res.RowsAffected, translate(res.Error)
}
