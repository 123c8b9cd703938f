package models

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
)

// BackupReport says what a backup holds.
type BackupReport struct {
	Database      string
	EvidenceFiles int
	Missing       []string // evidence rows whose file was gone
}

// Backup writes a consistent copy of a live SQLite database and its
// evidence files into dir (which must not exist yet). Evidence files are
// linked (or copied) first, so a file removed during the backup is kept;
// then VACUUM INTO snapshots the database while others keep writing; then
// any file the snapshot refers to and that arrived meanwhile is added.
func (db *DB) Backup(ctx context.Context, evidenceDir, dir string) (*BackupReport, error) {
	if db.Dialect != SQLite {
		return nil, errors.New("backup works on the embedded SQLite database; for PostgreSQL use pg_dump and copy the evidence folder")
	}
	if _, err := os.Stat(dir); err == nil {
		return nil, fmt.Errorf("%s already exists: choose a new folder", dir)
	}
	outEvidence := filepath.Join(dir, "evidence")
	if err := os.MkdirAll(outEvidence, 0o700); err != nil {
		return nil, err
	}
	if err := linkAll(evidenceDir, outEvidence); err != nil {
		return nil, fmt.Errorf("copy evidence: %w", err)
	}
	rep := &BackupReport{Database: SQLitePath(dir)}
	if err := db.WithContext(ctx).Exec("VACUUM INTO ?", rep.Database).Error; err != nil {
		return nil, fmt.Errorf("snapshot database: %w", err)
	}
	keys, err := evidenceKeys(rep.Database)
	if err != nil {
		return nil, err
	}
	for _, k := range keys {
		dst := filepath.Join(outEvidence, k)
		if _, err := os.Stat(dst); err == nil {
			rep.EvidenceFiles++
			continue
		}
		if err := copyFile(filepath.Join(evidenceDir, k), dst); err != nil {
			rep.Missing = append(rep.Missing, k)
			continue
		}
		rep.EvidenceFiles++
	}
	return rep, nil
}

// Restore puts a backup made by Backup in place of dataDir's database and
// evidence. The portal must be stopped.
func Restore(backupDir, dataDir string) error {
	src := SQLitePath(backupDir)
	if _, err := os.Stat(src); err != nil {
		return fmt.Errorf("%s is not a portal backup: %w", backupDir, err)
	}
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return err
	}
	dst := SQLitePath(dataDir)
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(dst + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	if err := copyFile(src, dst+".restoring"); err != nil {
		return err
	}
	if err := os.Rename(dst+".restoring", dst); err != nil {
		return err
	}
	evidence := filepath.Join(dataDir, "evidence")
	if err := os.MkdirAll(evidence, 0o700); err != nil {
		return err
	}
	return linkAll(filepath.Join(backupDir, "evidence"), evidence)
}

func evidenceKeys(path string) ([]string, error) {
	snap, err := gorm.Open(sqlite.Open("file:"+path+"?mode=ro"), &gorm.Config{})
	if err != nil {
		return nil, err
	}
	sqlDB, err := snap.DB()
	if err != nil {
		return nil, fmt.Errorf("open backup copy %s: %w", path, err)
	}
	defer sqlDB.Close()
	var keys []string
	err = snap.Table("evidence").Where("storage_key <> ''").Distinct("storage_key").Pluck("storage_key", &keys).Error
	return keys, err
}

// linkAll hard-links (or copies, across file systems) every regular file
// of src into dst, keeping files dst already has.
func linkAll(src, dst string) error {
	entries, err := os.ReadDir(src)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		from, to := filepath.Join(src, e.Name()), filepath.Join(dst, e.Name())
		if _, err := os.Stat(to); err == nil {
			continue
		}
		if os.Link(from, to) == nil {
			continue
		}
		if err := copyFile(from, to); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
