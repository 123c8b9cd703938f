package evidence_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"hotlineportal/assessments/evidence"
	"hotlineportal/assessments/evidence/blobtest"
)

var pdf = []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// Every store keeps the same promises: the contract below runs on the
// disk and, when a server is configured, on S3.
func TestBlobStoreContract(t *testing.T) {
	for name, store := range blobtest.Stores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			saved, err := store.SaveNamed(ctx, bytes.NewReader(pdf), 1<<20, "a.pdf")
			if err != nil {
				t.Fatal(err)
			}
			if saved.SHA256 != sum(pdf) || saved.Size != int64(len(pdf)) || saved.Info.ContentType != "application/pdf" {
				t.Fatalf("saved = %+v", saved)
			}
			readBack(t, store, saved.Key, pdf)
			info, err := store.Stat(ctx, saved.Key)
			if err != nil || info.Size != int64(len(pdf)) || (info.SHA256 != "" && info.SHA256 != saved.SHA256) {
				t.Fatalf("stat = %+v, %v", info, err)
			}

			refusals := []struct {
				name string
				data []byte
				max  int64
				want error
			}{
				{"over the limit", bytes.Repeat([]byte("a"), 101), 100, evidence.ErrTooLarge},
				{"type refused", []byte("<html><script>alert(1)</script>"), 1 << 20, evidence.ErrTypeNotAllowed},
			}
			for _, r := range refusals {
				if _, err := store.SaveNamed(ctx, bytes.NewReader(r.data), r.max, "x.txt"); !errors.Is(err, r.want) {
					t.Errorf("%s: err = %v, want %v", r.name, err, r.want)
				}
			}

			own, err := store.Put(ctx, bytes.NewReader([]byte("made by the portal")))
			if err != nil {
				t.Fatal(err)
			}
			const imported = "0123456789abcdef0123456789abcdef"
			if err := store.Import(ctx, imported, strings.NewReader("moved"), sum([]byte("other"))); !errors.Is(err, evidence.ErrCorrupt) {
				t.Errorf("import with a wrong hash: %v", err)
			}
			if err := store.Import(ctx, imported, strings.NewReader("moved"), sum([]byte("moved"))); err != nil {
				t.Fatal(err)
			}
			readBack(t, store, imported, []byte("moved"))

			var keys []string
			if err := store.Walk(ctx, func(o evidence.ObjectInfo) error { keys = append(keys, o.Key); return nil }); err != nil {
				t.Fatal(err)
			}
			if len(keys) != 3 || !contains(keys, saved.Key) || !contains(keys, own.Key) || !contains(keys, imported) {
				t.Errorf("walk = %v, want the three stored files and nothing refused", keys)
			}
			for _, k := range keys {
				if err := store.Remove(ctx, k); err != nil {
					t.Fatal(err)
				}
			}
			if err := store.Remove(ctx, saved.Key); err != nil {
				t.Errorf("removing twice: %v", err)
			}
			if _, err := store.Open(ctx, saved.Key); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("open after remove: %v", err)
			}
			if _, err := store.Open(ctx, "../../etc/passwd"); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("open of a bad key: %v", err)
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func readBack(t *testing.T, store evidence.Blobs, key string, want []byte) {
	t.Helper()
	rc, err := store.Open(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	got, err := io.ReadAll(evidence.NewVerifyingReader(rc, int64(len(want)), sum(want)))
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("read back %q, %v; want %q", got, err, want)
	}
}

// A bucket that does not answer fails every operation with ErrUnavailable
// within seconds, and an upload leaves nothing in the spool folder.
func TestS3UnreachableIsUnavailable(t *testing.T) {
	spool := t.TempDir()
	store, err := evidence.NewS3(evidence.S3Config{
		Endpoint: "http://127.0.0.1:1", Bucket: "gone", AccessKeyID: "k", SecretAccessKey: "s", PathStyle: true, SpoolDir: spool,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	start := time.Now()
	_, err = store.SaveNamed(ctx, bytes.NewReader(pdf), 1<<20, "a.pdf")
	if !errors.Is(err, evidence.ErrUnavailable) {
		t.Fatalf("save: %v", err)
	}
	if _, err := store.Open(ctx, "0123456789abcdef0123456789abcdef"); !errors.Is(err, evidence.ErrUnavailable) {
		t.Errorf("open: %v", err)
	}
	if took := time.Since(start); took > 20*time.Second {
		t.Errorf("failing took %v", took)
	}
	if entries, _ := os.ReadDir(spool); len(entries) != 0 {
		t.Errorf("spool folder keeps %d files", len(entries))
	}
}

// The verifying reader hands on the last bytes only when the whole content
// matches what was recorded.
func TestVerifyingReader(t *testing.T) {
	content := []byte(strings.Repeat("evidence ", 10000))
	tests := []struct {
		name    string
		stored  []byte
		size    int64
		wantErr error
	}{
		{"intact", content, int64(len(content)), nil},
		{"one byte changed", append([]byte("E"), content[1:]...), int64(len(content)), evidence.ErrCorrupt},
		{"truncated", content[:len(content)-1], int64(len(content)), evidence.ErrCorrupt},
		{"longer", append(append([]byte{}, content...), '!'), int64(len(content)), evidence.ErrCorrupt},
		{"empty", nil, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := sum(content)
			if tt.size == 0 {
				want = sum(nil)
			}
			r := evidence.NewVerifyingReader(io.NopCloser(bytes.NewReader(tt.stored)), tt.size, want)
			got, err := io.ReadAll(r)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if tt.wantErr != nil && int64(len(got)) >= tt.size {
				t.Errorf("a damaged file was delivered whole (%d bytes)", len(got))
			}
		})
	}
}
