package evidence

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestInspect(t *testing.T) {
	for _, s := range append(acceptedSamples(t), refusedSamples(t)...) {
		t.Run(s.name, func(t *testing.T) {
			info, err := Inspect(bytes.NewReader(s.data), int64(len(s.data)), s.filename)
			if s.kind == "" {
				if !errors.Is(err, ErrTypeNotAllowed) {
					t.Fatalf("Inspect = %+v, %v; want ErrTypeNotAllowed", info, err)
				}
				if info != (Info{}) {
					t.Errorf("refused file has Info %+v", info)
				}
				t.Log(err)
				return
			}
			if err != nil {
				t.Fatalf("Inspect: %v", err)
			}
			if info.Kind != s.kind {
				t.Errorf("Kind = %q, want %q", info.Kind, s.kind)
			}
			if want := kindInfo[s.kind].contentType; info.ContentType != want {
				t.Errorf("ContentType = %q, want %q", info.ContentType, want)
			}
		})
	}
}

type failingReaderAt struct{}

func (failingReaderAt) ReadAt([]byte, int64) (int, error) { return 0, io.ErrClosedPipe }

// A read failure is not a verdict on the type.
func TestInspectReadError(t *testing.T) {
	_, err := Inspect(failingReaderAt{}, 100, "a.pdf")
	if err == nil || errors.Is(err, ErrTypeNotAllowed) || !errors.Is(err, io.ErrClosedPipe) {
		t.Fatalf("err = %v", err)
	}
	// A size larger than the data (a file that shrank) is a read error too.
	_, err = Inspect(strings.NewReader("%PDF-1.4"), 100, "a.pdf")
	if err == nil || errors.Is(err, ErrTypeNotAllowed) || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("err = %v", err)
	}
}

// The full content is checked for text: a NUL far into a large file is found.
func TestInspectWholeText(t *testing.T) {
	big := bytes.Repeat([]byte("Καλημέρα, κόσμε! "), 20000) // > 64 KiB buffer, characters cross chunk borders
	if _, err := Inspect(bytes.NewReader(big), int64(len(big)), "big.txt"); err != nil {
		t.Fatalf("valid large text refused: %v", err)
	}
	for _, bad := range []string{"\x00", "\xff", "\xce"} {
		b := append(append([]byte{}, big...), bad...)
		if _, err := Inspect(bytes.NewReader(b), int64(len(b)), "big.txt"); !errors.Is(err, ErrTypeNotAllowed) {
			t.Errorf("large text ending in %q accepted (%v)", bad, err)
		}
	}
}
