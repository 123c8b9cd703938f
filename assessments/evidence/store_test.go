package evidence

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"testing/iotest"
)

// bg is the context of calls that no test cancels.
var bg = context.Background()

func newTestStore(t *testing.T) (*Store, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "evidence", "files")
	s, err := NewStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	return s, dir
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

var keyPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)

func TestNewStoreCreatesPrivateDir(t *testing.T) {
	_, dir := newTestStore(t)
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o700 {
		t.Errorf("dir mode = %v, want 0700", fi.Mode().Perm())
	}
	if _, err := NewStore(dir); err != nil {
		t.Errorf("reopening an existing store: %v", err)
	}
	if _, err := NewStore(""); err == nil {
		t.Error("empty dir accepted")
	}
	file := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := NewStore(file); err == nil {
		t.Error("a regular file accepted as store directory")
	}
}

func TestSaveOpenRemove(t *testing.T) {
	s, dir := newTestStore(t)
	data := []byte(samplePDF)
	saved, err := s.SaveNamed(bg, bytes.NewReader(data), int64(len(data)), "")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	if saved.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("SHA256 = %s, want %x", saved.SHA256, sum)
	}
	if saved.Size != int64(len(data)) {
		t.Errorf("Size = %d, want %d", saved.Size, len(data))
	}
	if !keyPattern.MatchString(saved.Key) {
		t.Errorf("Key = %q", saved.Key)
	}
	if saved.Info != infoFor(KindPDF) {
		t.Errorf("Info = %+v", saved.Info)
	}
	if got := listDir(t, dir); len(got) != 1 || got[0] != saved.Key {
		t.Errorf("dir holds %q, want only the key", got)
	}
	p, ok := s.path(saved.Key)
	if !ok {
		t.Fatal("path refused a fresh key")
	}
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("file mode = %v, want 0600", fi.Mode().Perm())
	}

	f, err := s.Open(bg, saved.Key)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(f) // the Root used to open it is closed by now
	f.Close()
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("read back %q, %v", got, err)
	}

	if err := s.Remove(bg, saved.Key); err != nil {
		t.Fatal(err)
	}
	if err := s.Remove(bg, saved.Key); err != nil {
		t.Errorf("removing a missing file: %v", err)
	}
	if _, err := s.Open(bg, saved.Key); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Open after Remove: %v", err)
	}
	if got := listDir(t, dir); len(got) != 0 {
		t.Errorf("dir not empty: %q", got)
	}
}

func TestSaveNamedCSV(t *testing.T) {
	s, _ := newTestStore(t)
	data := []byte("id\n1\n2\n") // one column: only the name makes it CSV
	saved, err := s.SaveNamed(bg, bytes.NewReader(data), 100, "list.csv")
	if err != nil || saved.Info.Kind != KindCSV {
		t.Fatalf("SaveNamed = %+v, %v", saved, err)
	}
	saved, err = s.SaveNamed(bg, bytes.NewReader(data), 100, "")
	if err != nil || saved.Info.Kind != KindText {
		t.Fatalf("SaveNamed = %+v, %v", saved, err)
	}
}

func TestSaveSizeLimit(t *testing.T) {
	data := []byte(sampleGreek)
	n := int64(len(data))
	tests := []struct {
		name    string
		data    []byte
		max     int64
		wantErr error
	}{
		{"exactly at the limit", data, n, nil},
		{"one byte under the limit", data, n + 1, nil},
		{"one byte over the limit", data, n - 1, ErrTooLarge},
		{"limit zero (quota used up)", data, 0, ErrTooLarge},
		{"negative limit", data, -5, ErrTooLarge},
		{"empty file, limit zero", nil, 0, ErrTypeNotAllowed},
		{"huge limit", data, 1<<63 - 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, dir := newTestStore(t)
			saved, err := s.SaveNamed(bg, bytes.NewReader(tt.data), tt.max, "")
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				if saved != (Saved{}) {
					t.Errorf("failed SaveNamed returned %+v", saved)
				}
				if got := listDir(t, dir); len(got) != 0 {
					t.Errorf("temp file left behind: %q", got)
				}
				return
			}
			if err != nil || saved.Size != n {
				t.Fatalf("SaveNamed = %+v, %v", saved, err)
			}
		})
	}
}

// countingReader counts how much SaveNamed pulled from the client.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// SaveNamed must stop reading right after the limit, not drain a huge body.
func TestSaveStopsReadingOverLimit(t *testing.T) {
	s, dir := newTestStore(t)
	cr := &countingReader{r: io.LimitReader(neverEnding('a'), 1<<30)}
	_, err := s.SaveNamed(bg, cr, 1000, "")
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v", err)
	}
	if cr.n > 1001 {
		t.Errorf("read %d bytes for a 1000-byte limit", cr.n)
	}
	if got := listDir(t, dir); len(got) != 0 {
		t.Errorf("temp file left behind: %q", got)
	}
}

type neverEnding byte

func (b neverEnding) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(b)
	}
	return len(p), nil
}

func TestSaveFailuresLeaveNothing(t *testing.T) {
	errBoom := errors.New("connection reset")
	tests := []struct {
		name    string
		r       io.Reader
		wantErr error
	}{
		{"html named nothing", strings.NewReader("<html><script>alert(1)</script>"), ErrTypeNotAllowed},
		{"plain zip", bytes.NewReader(mustZip(t, zipEntry{name: "a.txt", body: "x"})), ErrTypeNotAllowed},
		{"exe", bytes.NewReader(append([]byte("MZ\x90\x00"), make([]byte, 100)...)), ErrTypeNotAllowed},
		{"empty", strings.NewReader(""), ErrTypeNotAllowed},
		{"reader fails midway", io.MultiReader(strings.NewReader(samplePDF), iotest.ErrReader(errBoom)), errBoom},
		{"reader fails at once", iotest.ErrReader(errBoom), errBoom},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, dir := newTestStore(t)
			_, err := s.SaveNamed(bg, tt.r, 1<<20, "")
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if got := listDir(t, dir); len(got) != 0 {
				t.Errorf("temp file left behind: %q", got)
			}
		})
	}
}

func TestSaveAllAcceptedSamples(t *testing.T) {
	s, _ := newTestStore(t)
	for _, smp := range acceptedSamples(t) {
		saved, err := s.SaveNamed(bg, bytes.NewReader(smp.data), 1<<20, smp.filename)
		if err != nil || saved.Info.Kind != smp.kind {
			t.Errorf("%s: SaveNamed = %+v, %v", smp.name, saved.Info, err)
		}
	}
}

func TestKeysConfined(t *testing.T) {
	s, dir := newTestStore(t)
	// A file just outside the store that a traversal would reach.
	secret := filepath.Join(filepath.Dir(dir), "secret")
	if err := os.WriteFile(secret, []byte("secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	bad := []string{
		"", "../secret", "..", ".", "/etc/passwd", secret,
		"0123456789abcdef0123456789abcde",   // 31
		"0123456789abcdef0123456789abcdef0", // 33
		"0123456789ABCDEF0123456789ABCDEF",  // upper case
		"0123456789abcdef0123456789abcdeg",
		"../456789abcdef0123456789abcdef0",
		`..\456789abcdef0123456789abcdef0`,
		"0123456789abcdef0123456789abcde\x00",
		"0123456789abcdef0123456789abcd/.",
		".upload-0123456789abcdef0123456789abcdef.tmp",
		"αβγδεζηθικλμνξοπ", // 32 bytes, 16 runes
	}
	for _, key := range bad {
		if f, err := s.Open(bg, key); !errors.Is(err, os.ErrNotExist) {
			if f != nil {
				f.Close()
			}
			t.Errorf("Open(%q) err = %v, want ErrNotExist", key, err)
		}
		if err := s.Remove(bg, key); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("Remove(%q) err = %v, want ErrNotExist", key, err)
		}
		if _, ok := s.path(key); ok {
			t.Errorf("path(%q) accepted", key)
		}
	}
	if _, err := os.Stat(secret); err != nil {
		t.Errorf("file outside the store touched: %v", err)
	}
	// A well-formed key that is missing.
	if _, err := s.Open(bg, strings.Repeat("0", 32)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing key: %v", err)
	}
}

// Even a symbolic link planted in the store under a valid key cannot lead
// outside it, and a directory under a key is not served.
func TestOpenRefusesEscapingSymlinkAndDirectories(t *testing.T) {
	s, dir := newTestStore(t)
	secret := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(secret, []byte("secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := strings.Repeat("a", 32)
	if err := os.Symlink(secret, filepath.Join(dir, link)); err != nil {
		t.Skipf("symlinks not available: %v", err)
	}
	if f, err := s.Open(bg, link); err == nil {
		f.Close()
		t.Error("Open followed a symlink out of the store")
	}
	sub := strings.Repeat("b", 32)
	if err := os.Mkdir(filepath.Join(dir, sub), 0o700); err != nil {
		t.Fatal(err)
	}
	if f, err := s.Open(bg, sub); !errors.Is(err, os.ErrNotExist) {
		if f != nil {
			f.Close()
		}
		t.Errorf("Open of a directory: %v", err)
	}
}

func TestSaveConcurrent(t *testing.T) {
	s, dir := newTestStore(t)
	const n = 16
	keys := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			data := fmt.Sprintf("upload %d: %s", i, sampleGreek)
			saved, err := s.SaveNamed(bg, strings.NewReader(data), 1<<20, "")
			keys[i], errs[i] = saved.Key, err
		})
	}
	wg.Wait()
	seen := map[string]bool{}
	for i := range n {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if seen[keys[i]] {
			t.Fatalf("duplicate key %s", keys[i])
		}
		seen[keys[i]] = true
	}
	if got := listDir(t, dir); len(got) != n {
		t.Errorf("%d files in store, want %d", len(got), n)
	}
}
