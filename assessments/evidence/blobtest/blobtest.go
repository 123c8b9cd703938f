// Package blobtest gives tests the file stores to run against: the local
// disk always, and an S3-compatible server (versitygw in CI) when
// PORTAL_TEST_S3_ENDPOINT names one. Each test gets a bucket of its own.
package blobtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hotlineportal/assessments/evidence"
)

// S3Configured tells whether the tests have an S3 server to use.
func S3Configured() bool { return os.Getenv("PORTAL_TEST_S3_ENDPOINT") != "" }

// UseS3 tells whether every test app keeps its files in S3 rather than on
// disk (PORTAL_TEST_BLOB_STORE=s3, set by .ci/run for one of its runs).
func UseS3() bool { return S3Configured() && os.Getenv("PORTAL_TEST_BLOB_STORE") == "s3" }

// S3Config is the configuration of a fresh, empty bucket on the test
// server; the test is skipped when there is none.
func S3Config(t testing.TB) evidence.S3Config {
	t.Helper()
	if !S3Configured() {
		t.Skip("no S3 server: set PORTAL_TEST_S3_ENDPOINT (see README)")
	}
	return evidence.S3Config{
		Endpoint:        os.Getenv("PORTAL_TEST_S3_ENDPOINT"),
		Bucket:          "test-" + randomName(),
		Region:          "us-east-1",
		AccessKeyID:     envOr("PORTAL_TEST_S3_ACCESS_KEY_ID", "portaltest"),
		SecretAccessKey: envOr("PORTAL_TEST_S3_SECRET_ACCESS_KEY", "portaltestsecret"),
		PathStyle:       true,
		SpoolDir:        t.TempDir(),
	}
}

// NewS3 opens a store on a fresh bucket (created now) of the test server.
func NewS3(t testing.TB) *evidence.S3 {
	t.Helper()
	return Open(t, S3Config(t))
}

// Open opens a store on cfg's bucket, creating the bucket.
func Open(t testing.TB, cfg evidence.S3Config) *evidence.S3 {
	t.Helper()
	s, err := evidence.NewS3(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := s.Check(ctx); err != nil {
		t.Fatalf("S3 test bucket: %v", err)
	}
	return s
}

// Stores returns the stores a storage test runs on, by name: always
// "disk", and "s3" when a server is configured.
func Stores(t testing.TB) map[string]evidence.Blobs {
	t.Helper()
	disk, err := evidence.NewStore(filepath.Join(t.TempDir(), "evidence"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]evidence.Blobs{"disk": disk}
	if S3Configured() {
		out["s3"] = NewS3(t)
	}
	return out
}

// Gateway is an S3 server of a test's own (versitygw on a folder), which
// the test may stop and start again on the same address.
type Gateway struct {
	t    testing.TB
	Addr string
	dir  string
	cmd  *exec.Cmd
}

// StartGateway runs versitygw (PORTAL_TEST_VERSITYGW or versitygw on the
// PATH) on a free local port; the test is skipped when it is not there.
func StartGateway(t testing.TB, addr string) *Gateway {
	t.Helper()
	bin := os.Getenv("PORTAL_TEST_VERSITYGW")
	if bin == "" {
		var err error
		if bin, err = exec.LookPath("versitygw"); err != nil {
			t.Skip("versitygw not found: set PORTAL_TEST_VERSITYGW (see README)")
		}
	}
	g := &Gateway{t: t, Addr: addr, dir: t.TempDir()}
	g.Start(bin)
	t.Cleanup(g.Stop)
	return g
}

// Start starts the gateway and waits until it answers.
func (g *Gateway) Start(bin string) {
	g.t.Helper()
	if bin == "" {
		bin = g.cmd.Path
	}
	g.cmd = exec.Command(bin, "--access", "portaltest", "--secret", "portaltestsecret", "--port", g.Addr, "--quiet", "posix", g.dir)
	if err := g.cmd.Start(); err != nil {
		g.t.Fatalf("start versitygw: %v", err)
	}
	cfg := g.Config("probe")
	s, _ := evidence.NewS3(cfg)
	deadline := time.Now().Add(20 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		err := s.Check(ctx)
		cancel()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			g.t.Fatalf("versitygw at %s did not answer: %v", g.Addr, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Stop kills the gateway (as a crash would) and waits for it to exit.
func (g *Gateway) Stop() {
	if g.cmd == nil || g.cmd.Process == nil || g.cmd.ProcessState != nil {
		return
	}
	_ = g.cmd.Process.Kill()
	_ = g.cmd.Wait()
}

// Config is the configuration of a bucket on this gateway.
func (g *Gateway) Config(bucket string) evidence.S3Config {
	return evidence.S3Config{
		Endpoint: "http://" + g.Addr, Bucket: bucket, Region: "us-east-1",
		AccessKeyID: "portaltest", SecretAccessKey: "portaltestsecret", PathStyle: true,
		SpoolDir: g.t.TempDir(),
	}
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

func randomName() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return strings.ToLower(hex.EncodeToString(b[:]))
}
