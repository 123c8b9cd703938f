package models_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"hotlineportal/models"
)

// A backup taken while writes go on is consistent, holds the evidence
// files its rows refer to, and restores into a working database.
func TestBackupAndRestoreDuringWrites(t *testing.T) {
	ctx := context.Background()
	dataDir := t.TempDir()
	db, err := models.Open(models.OpenOptions{DataDir: dataDir})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.MigrateUp(ctx); err != nil {
		t.Fatal(err)
	}
	evidenceDir := filepath.Join(dataDir, "evidence")
	if err := os.MkdirAll(evidenceDir, 0o700); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var written atomic.Int64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if err := models.InsertAudit(ctx, db, &models.AuditEntry{Action: "test.write", Detail: "during backup"}); err != nil {
				t.Error(err)
				return
			}
			written.Add(1)
		}
	}()
	time.Sleep(50 * time.Millisecond)
	backupDir := filepath.Join(t.TempDir(), "backup")
	rep, err := db.Backup(ctx, evidenceDir, backupDir)
	time.Sleep(50 * time.Millisecond)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	snap, err := models.Open(models.OpenOptions{DataDir: backupDir})
	if err != nil {
		t.Fatal(err)
	}
	var check string
	snap.Raw("PRAGMA integrity_check").Scan(&check)
	var inBackup int64
	snap.Model(&models.AuditEntry{}).Count(&inBackup)
	snap.Close()
	if check != "ok" || inBackup == 0 || inBackup > written.Load() {
		t.Fatalf("backup integrity %q with %d of %d rows", check, inBackup, written.Load())
	}
	if _, err := db.Backup(ctx, evidenceDir, backupDir); err == nil {
		t.Fatal("a backup overwrote an existing folder")
	}
	restoredDir := t.TempDir()
	if err := models.Restore(backupDir, restoredDir); err != nil {
		t.Fatalf("restore: %v", err)
	}
	restored, err := models.Open(models.OpenOptions{DataDir: restoredDir})
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	var n int64
	restored.Model(&models.AuditEntry{}).Count(&n)
	if n != inBackup {
		t.Fatalf("restored %d rows, backup had %d", n, inBackup)
	}
	if v, err := restored.SchemaVersion(ctx); err != nil || v < 1 {
		t.Fatalf("restored schema version %d: %v", v, err)
	}
	_ = rep
}
