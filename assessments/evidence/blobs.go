package evidence

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"math"
	"os"
	"time"
)

// Blobs is where the portal keeps files: evidence, appeal files and issued
// certificate PDFs. Store keeps them on the local disk (the default); S3
// keeps them in an S3-compatible bucket, so that several instances serve
// every file. Keys are 32 random hex digits chosen by the store, never a
// name a user sent. Implementations are safe for concurrent use.
type Blobs interface {
	// SaveNamed streams an upload in: at most maxBytes (ErrTooLarge past
	// it), its type checked on the content by Inspect, its SHA-256 computed
	// on the way. Nothing is left behind on a failure.
	SaveNamed(ctx context.Context, r io.Reader, maxBytes int64, filename string) (Saved, error)
	// Put stores content the portal made itself (a certificate PDF), with
	// no type check.
	Put(ctx context.Context, r io.Reader) (Saved, error)
	// Import stores content under a key it already has elsewhere (moving
	// files between stores), refusing it unless its SHA-256 is wantSHA256.
	Import(ctx context.Context, key string, r io.Reader, wantSHA256 string) error
	// Open reads a stored file. A missing file matches os.ErrNotExist.
	Open(ctx context.Context, key string) (io.ReadCloser, error)
	// Stat describes a stored file; SHA256 is empty where the store does
	// not keep it. A missing file matches os.ErrNotExist.
	Stat(ctx context.Context, key string) (ObjectInfo, error)
	// Remove deletes a stored file; one already gone is not an error.
	Remove(ctx context.Context, key string) error
	// Walk calls fn for every stored file, for the sweep of files no row
	// refers to and for migrations. An error from fn stops the walk.
	Walk(ctx context.Context, fn func(ObjectInfo) error) error
	// Kind names the store in logs and reports: "disk" or "s3".
	Kind() string
}

// ObjectInfo describes a stored file.
type ObjectInfo struct {
	Key      string
	Size     int64
	SHA256   string
	Modified time.Time
}

// ErrUnavailable matches every failure to reach the file store (a bucket
// that does not answer, refuses or times out): the request answers 503
// and can be tried again; nothing was stored.
var ErrUnavailable = errors.New("evidence: file storage unavailable")

// ErrCorrupt is returned while reading a stored file whose content no
// longer has the size or SHA-256 recorded when it was stored. The reader
// returns it instead of the file's last bytes, so a client never receives
// a complete-looking copy of a damaged file.
var ErrCorrupt = errors.New("evidence: stored file does not match its recorded hash")

// receive copies at most maxBytes of r into f, hashing on the way; with
// inspect it also checks the type on the content. f is left synced.
func receive(f *os.File, r io.Reader, maxBytes int64, filename string, inspect bool) (Saved, error) {
	maxBytes = max(maxBytes, 0)
	limit := maxBytes
	if limit < math.MaxInt64 {
		limit++ // read one byte more to tell "exactly the limit" from "over"
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), io.LimitReader(r, limit))
	if err != nil {
		return Saved{}, fmt.Errorf("evidence: receive file: %w", err)
	}
	if n > maxBytes {
		return Saved{}, ErrTooLarge
	}
	var info Info
	if inspect {
		if info, err = Inspect(f, n, filename); err != nil {
			return Saved{}, err
		}
	}
	if err := f.Sync(); err != nil {
		return Saved{}, fmt.Errorf("evidence: write file: %w", err)
	}
	return Saved{Size: n, SHA256: hex.EncodeToString(h.Sum(nil)), Info: info}, nil
}

// NewVerifyingReader wraps a stored file's content so that it is checked
// against the size and SHA-256 recorded when it was stored. The last bytes
// are only handed on once the whole content has been hashed and matches;
// otherwise Read returns ErrCorrupt, and a download ends short of its
// announced length instead of delivering a damaged file as if whole.
func NewVerifyingReader(rc io.ReadCloser, size int64, sha256Hex string) io.ReadCloser {
	return &verifyingReader{rc: rc, left: size, want: sha256Hex, h: sha256.New()}
}

type verifyingReader struct {
	rc   io.ReadCloser
	left int64
	want string
	h    hash.Hash
	done bool
}

func (v *verifyingReader) Read(p []byte) (int, error) {
	if v.done {
		return 0, io.EOF
	}
	if len(p) == 0 {
		return 0, nil
	}
	n, err := v.rc.Read(p)
	if int64(n) > v.left {
		return 0, ErrCorrupt
	}
	v.left -= int64(n)
	v.h.Write(p[:n])
	if v.left > 0 {
		if errors.Is(err, io.EOF) {
			return 0, ErrCorrupt
		}
		return n, err
	}
	// Every announced byte is here: the file must end now and match.
	if err == nil {
		var one [1]byte
		if m, _ := io.ReadFull(v.rc, one[:]); m > 0 {
			return 0, ErrCorrupt
		}
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return 0, err
	}
	if hex.EncodeToString(v.h.Sum(nil)) != v.want {
		return 0, ErrCorrupt
	}
	v.done = true
	return n, nil
}

func (v *verifyingReader) Close() error { return v.rc.Close() }
