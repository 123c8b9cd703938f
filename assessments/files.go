package assessments

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"time"

	"hotlineportal/assessments/evidence"
	"hotlineportal/models"
)

// orphanGrace is how old a stored file must be before the sweep may take
// it for one no row names: an upload whose row is being written now is
// younger.
const orphanGrace = time.Hour

// Files is the file store, for the commands that move or back up files.
func (s *Service) Files() evidence.Blobs { return s.store }

// removeUnrecorded deletes a file stored for a row that was not written
// (the transaction failed, or another request recorded its own first).
// If the store refuses now, the daily sweep takes it later.
func (s *Service) removeUnrecorded(ctx context.Context, key string) {
	if err := s.store.Remove(context.WithoutCancel(ctx), key); err != nil {
		s.log.Warn("remove unrecorded file (the daily sweep will)", "key", key, "err", err)
	}
}

// SweepUnrecordedFiles deletes stored files that no evidence, appeal file
// or certificate names and that are older than an hour: what a crash or a
// store failing between storing a file and writing its row leaves behind.
// It returns how many went.
func (s *Service) SweepUnrecordedFiles(ctx context.Context) (int, error) {
	cutoff := s.now().Add(-orphanGrace)
	var batch []string
	removed := 0
	flush := func() error {
		used, err := models.StorageKeysInUse(ctx, s.db, batch)
		if err != nil {
			return fmt.Errorf("find stored files in use: %w", err)
		}
		for _, k := range batch {
			if used[k] {
				continue
			}
			if err := s.store.Remove(ctx, k); err != nil {
				return fmt.Errorf("remove unrecorded file %s: %w", k, err)
			}
			removed++
		}
		batch = batch[:0]
		return nil
	}
	err := s.store.Walk(ctx, func(o evidence.ObjectInfo) error {
		if o.Modified.After(cutoff) {
			return nil
		}
		if batch = append(batch, o.Key); len(batch) == purgeBatch {
			return flush()
		}
		return nil
	})
	if err == nil && len(batch) > 0 {
		err = flush()
	}
	return removed, err
}

// MigrationReport counts what MigrateFiles did.
type MigrationReport struct {
	Copied, AlreadyThere, Missing, Mismatched int
	CertificatesMoved                         int
}

// MigrateFiles copies every file the database names from one store (the
// disk) to another (the bucket the portal now uses), and moves the
// certificate PDFs still held in the database into it. Each copy is
// checked against the SHA-256 recorded at upload; a file already at the
// destination with that hash (or, where the store keeps none, that size
// and content) is skipped, so an interrupted migration resumes where it
// stopped. Files are never deleted from the source.
func (s *Service) MigrateFiles(ctx context.Context, from evidence.Blobs, progress func(string)) (MigrationReport, error) {
	var rep MigrationReport
	err := models.EachStoredFile(ctx, s.db, func(f models.StoredFile) error {
		return s.migrateFile(ctx, from, f, &rep, progress)
	})
	if err != nil {
		return rep, err
	}
	err = s.moveInlineCertificates(ctx, &rep)
	return rep, err
}

func (s *Service) migrateFile(ctx context.Context, from evidence.Blobs, f models.StoredFile, rep *MigrationReport, progress func(string)) error {
	if there, err := holds(ctx, s.store, f); err != nil {
		return err
	} else if there {
		rep.AlreadyThere++
		return nil
	}
	rc, err := from.Open(ctx, f.Key)
	if errors.Is(err, fs.ErrNotExist) {
		rep.Missing++
		progress(fmt.Sprintf("missing at the source: %s (%s)", f.Key, f.Filename))
		return nil
	} else if err != nil {
		return fmt.Errorf("open %s at the source: %w", f.Key, err)
	}
	defer rc.Close()
	err = s.store.Import(ctx, f.Key, rc, f.SHA256)
	if errors.Is(err, evidence.ErrCorrupt) {
		rep.Mismatched++
		progress(fmt.Sprintf("hash differs from the one recorded, not copied: %s (%s)", f.Key, f.Filename))
		return nil
	} else if err != nil {
		return fmt.Errorf("copy %s: %w", f.Key, err)
	}
	rep.Copied++
	return nil
}

// holds tells whether store already has f whole: the hash it keeps, or,
// where it keeps none, the content read back and hashed.
func holds(ctx context.Context, store evidence.Blobs, f models.StoredFile) (bool, error) {
	info, err := store.Stat(ctx, f.Key)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	} else if err != nil {
		return false, fmt.Errorf("look for %s at the destination: %w", f.Key, err)
	}
	if info.Size != f.Size {
		return false, nil
	}
	if info.SHA256 != "" {
		return info.SHA256 == f.SHA256, nil
	}
	rc, err := store.Open(ctx, f.Key)
	if err != nil {
		return false, fmt.Errorf("read %s at the destination: %w", f.Key, err)
	}
	defer rc.Close()
	_, err = io.Copy(io.Discard, evidence.NewVerifyingReader(rc, f.Size, f.SHA256))
	return err == nil, nil
}

// moveInlineCertificates puts the certificate PDFs kept in the database
// before the file store into it, a batch at a time.
func (s *Service) moveInlineCertificates(ctx context.Context, rep *MigrationReport) error {
	after := ""
	for {
		docs, err := models.InlineCertificateDocuments(ctx, s.db, after, purgeBatch)
		if err != nil || len(docs) == 0 {
			return err
		}
		for _, d := range docs {
			after = d.CertificateID
			saved, err := s.store.Put(ctx, bytes.NewReader(d.PDF))
			if err != nil {
				return fmt.Errorf("store certificate PDF %s: %w", d.CertificateID, err)
			}
			if err := models.MoveCertificateDocument(ctx, s.db, d.CertificateID, saved.Key, saved.Size, saved.SHA256); err != nil {
				s.removeUnrecorded(ctx, saved.Key)
				return fmt.Errorf("record certificate PDF %s: %w", d.CertificateID, err)
			}
			rep.CertificatesMoved++
		}
	}
}
