package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"time"

	"hotlineportal/assessments"
	"hotlineportal/assessments/evidence"
)

// checkFileStore reaches an S3 bucket at start, before anything is stored
// (the demo's certificates, say), creating it when missing, so a wrong
// address or key shows in the log at once. A bucket that does
// not answer does not stop the portal: uploads and downloads answer 503
// until it does.
func checkFileStore(ctx context.Context, svc *assessments.Service, log *slog.Logger) {
	bucket, ok := svc.Files().(*evidence.S3)
	if !ok {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := bucket.Check(ctx); err != nil {
		log.Warn("file store not reachable now; uploads and downloads answer 503 until it is", "err", err)
	}
}

// cmdStorage runs `portal storage migrate`.
func cmdStorage(args []string, _ io.Reader, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "migrate" {
		return fmt.Errorf("%w: storage migrate [--from DIR]", errUsage)
	}
	fs := flag.NewFlagSet("storage migrate", flag.ContinueOnError)
	from := fs.String("from", "", "folder the files are in now (default: the data folder's evidence folder)")
	if err := fs.Parse(args[1:]); err != nil {
		return errUsage
	}
	cfg, _, svc, err := setup(io.Discard)
	if err != nil {
		return err
	}
	defer svc.DB().Close()
	if cfg.BlobStore != "s3" {
		return errors.New("the files already live on this disk: set PORTAL_BLOB_STORE=s3 and the PORTAL_S3_* settings of the bucket to move them to")
	}
	dir := *from
	if dir == "" {
		dir = filepath.Join(cfg.DataDir, "evidence")
	}
	source, err := evidence.NewStore(dir)
	if err != nil {
		return err
	}
	ctx := context.Background()
	rep, err := svc.MigrateFiles(ctx, source, func(line string) { fmt.Fprintln(stdout, line) })
	fmt.Fprintf(stdout, "storage migrate: %d files copied, %d already in the bucket, %d missing on the disk, %d with a hash that differs (not copied); %d certificate PDFs moved out of the database\n",
		rep.Copied, rep.AlreadyThere, rep.Missing, rep.Mismatched, rep.CertificatesMoved)
	if err != nil {
		return fmt.Errorf("stopped (run it again to resume): %w", err)
	}
	if rep.Missing+rep.Mismatched > 0 {
		return errors.New("some files could not be copied: see above")
	}
	fmt.Fprintf(stdout, "done: every file is in bucket %s; the copies in %s may be deleted once you have checked the portal\n", cfg.S3.Bucket, dir)
	return nil
}
