package evidence

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
)

// ErrTooLarge is returned by Store.SaveNamed when the upload has more
// bytes than allowed (the per-file limit or what is left of a quota).
// Reading stops at the first byte over the limit and nothing is kept.
var ErrTooLarge = errors.New("evidence: file too large")

// errBadKey is returned for keys that are not 32 lowercase hex digits. It is
// os.ErrNotExist to callers: such a key can name no stored file. The key is
// not echoed, as it may come from a request.
var errBadKey = fmt.Errorf("evidence: malformed storage key: %w", os.ErrNotExist)

// Saved describes a stored file: its Key in the store (the only handle to
// it, to be kept in the database), its Size in bytes, the hex SHA-256 of
// its content (for integrity checks and to show reviewers), and the type
// found by Inspect.
type Saved struct {
	Key    string
	Size   int64
	SHA256 string
	Info   Info
}

// Store keeps evidence files in one directory under random names, so that
// nothing a user sends ever becomes part of a path. The directory must be
// outside any folder the web server serves. All access goes through an
// os.Root, so even a symbolic link planted in the directory cannot lead a
// key outside it. A Store is safe for concurrent use.
type Store struct {
	dir string
}

// NewStore opens the store in dir, creating it (and parents) with mode 0700
// so that only the portal's user can list or read evidence. An existing
// directory is used as it is.
func NewStore(dir string) (*Store, error) {
	if dir == "" {
		return nil, errors.New("evidence: store directory not set")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("evidence: store directory: %w", err)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return nil, fmt.Errorf("evidence: store directory: %w", err)
	}
	root, err := os.OpenRoot(abs)
	if err != nil {
		return nil, fmt.Errorf("evidence: store directory: %w", err)
	}
	root.Close()
	return &Store{dir: abs}, nil
}

// SaveNamed streams r into the store. It fails with ErrTooLarge as soon
// as more than maxBytes have been read (a negative maxBytes counts as 0, so
// an exhausted quota refuses every non-empty file), and with an error
// matching ErrTypeNotAllowed when Inspect refuses the content; in every
// failure the partial file is removed. On success the file is renamed to a
// fresh random key and flushed to disk. The user's file name is passed to
// Inspect, where it serves only to call UTF-8 text with a ".csv" name CSV;
// it is never used for storage.
func (s *Store) SaveNamed(_ context.Context, r io.Reader, maxBytes int64, filename string) (Saved, error) {
	return s.save(r, maxBytes, filename, true, newKey(), "")
}

// Put stores content the portal made itself, with no type check.
func (s *Store) Put(_ context.Context, r io.Reader) (Saved, error) {
	return s.save(r, math.MaxInt64, "", false, newKey(), "")
}

// Import stores content under the key it has in another store, refusing it
// unless its SHA-256 is wantSHA256.
func (s *Store) Import(_ context.Context, key string, r io.Reader, wantSHA256 string) error {
	if !validKey(key) {
		return errBadKey
	}
	_, err := s.save(r, math.MaxInt64, "", false, key, wantSHA256)
	return err
}

// save writes r to a temporary file, then renames it to key. The
// temporary name can never be a valid key, so Open cannot serve a file
// that is still being written or was not inspected.
func (s *Store) save(r io.Reader, maxBytes int64, filename string, inspect bool, key, wantSHA256 string) (Saved, error) {
	root, err := os.OpenRoot(s.dir)
	if err != nil {
		return Saved{}, fmt.Errorf("evidence: open store: %w", err)
	}
	defer root.Close()
	tmpName := ".upload-" + newKey() + ".tmp"
	f, err := root.OpenFile(tmpName, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return Saved{}, fmt.Errorf("evidence: create file: %w", err)
	}
	saved, err := receive(f, r, maxBytes, filename, inspect)
	if cerr := f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("evidence: write file: %w", cerr)
	}
	if err == nil && wantSHA256 != "" && saved.SHA256 != wantSHA256 {
		err = ErrCorrupt
	}
	if err == nil {
		saved.Key = key
		if rerr := root.Rename(tmpName, key); rerr != nil {
			err = fmt.Errorf("evidence: store file: %w", rerr)
		}
	}
	if err != nil {
		// The error that matters is err; a temporary file left behind
		// (the disk failing twice) is only a file nobody refers to.
		_ = root.Remove(tmpName)
		return Saved{}, err
	}
	return saved, nil
}

// Open opens a stored file for reading. A key that is not exactly 32
// lowercase hex digits gives an error matching os.ErrNotExist, so no key,
// whatever its origin, can reach outside the store.
func (s *Store) Open(_ context.Context, key string) (io.ReadCloser, error) {
	return s.openFile(key)
}

func (s *Store) openFile(key string) (*os.File, error) {
	if !validKey(key) {
		return nil, errBadKey
	}
	root, err := os.OpenRoot(s.dir)
	if err != nil {
		return nil, fmt.Errorf("evidence: open store: %w", err)
	}
	defer root.Close()
	f, err := root.Open(key)
	if err != nil {
		return nil, err
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: key, Err: fs.ErrNotExist}
	}
	return f, nil
}

// Stat describes a stored file; the disk keeps no hash beside it, so
// SHA256 is empty.
func (s *Store) Stat(_ context.Context, key string) (ObjectInfo, error) {
	f, err := s.openFile(key)
	if err != nil {
		return ObjectInfo{}, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return ObjectInfo{}, err
	}
	return ObjectInfo{Key: key, Size: fi.Size(), Modified: fi.ModTime()}, nil
}

// Remove deletes a stored file. A file that is already gone is not an error
// (removal may be retried after a crash); a malformed key is, matching
// os.ErrNotExist as in Open.
func (s *Store) Remove(_ context.Context, key string) error {
	if !validKey(key) {
		return errBadKey
	}
	root, err := os.OpenRoot(s.dir)
	if err != nil {
		return fmt.Errorf("evidence: open store: %w", err)
	}
	defer root.Close()
	if err := root.Remove(key); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// Walk calls fn for every stored file (temporary files of uploads in
// progress are not stored files).
func (s *Store) Walk(ctx context.Context, fn func(ObjectInfo) error) error {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return fmt.Errorf("evidence: list store: %w", err)
	}
	for _, e := range entries {
		if !validKey(e.Name()) || !e.Type().IsRegular() {
			continue
		}
		fi, err := e.Info()
		if errors.Is(err, fs.ErrNotExist) {
			continue
		} else if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := fn(ObjectInfo{Key: e.Name(), Size: fi.Size(), Modified: fi.ModTime()}); err != nil {
			return err
		}
	}
	return nil
}

// Kind names the store in logs and reports.
func (s *Store) Kind() string { return "disk" }

// path is where a key's file lives, for tests and maintenance tools; ok is
// false for a malformed key.
func (s *Store) path(key string) (p string, ok bool) {
	if !validKey(key) {
		return "", false
	}
	return filepath.Join(s.dir, key), true
}

const keyLen = 32

// newKey returns 128 random bits as 32 lowercase hex digits. crypto/rand
// never fails (it aborts the program instead).
func newKey() string {
	var b [keyLen / 2]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func validKey(key string) bool {
	if len(key) != keyLen {
		return false
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// Dir is the folder the store keeps its files in, for maintenance tools
// and tests.
func (s *Store) Dir() string { return s.dir }
