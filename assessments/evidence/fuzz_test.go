package evidence

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzInspect checks that no input makes Inspect or Sniff panic, that every
// accepted file has a kind and content type from the allow-list, that
// refusals are ErrTypeNotAllowed (a bytes.Reader never fails), and that
// Sniff agrees with Inspect when it sees the whole file.
func FuzzInspect(f *testing.F) {
	for _, s := range append(acceptedSamples(f), refusedSamples(f)...) {
		f.Add(s.data, s.filename)
	}
	f.Fuzz(func(t *testing.T, data []byte, filename string) {
		info, err := Inspect(bytes.NewReader(data), int64(len(data)), filename)
		if err != nil {
			if !errors.Is(err, ErrTypeNotAllowed) {
				t.Fatalf("unexpected error: %v", err)
			}
			if info != (Info{}) {
				t.Fatalf("refused with Info %+v", info)
			}
		} else {
			k, ok := kindInfo[info.Kind]
			if !ok || info.ContentType != k.contentType {
				t.Fatalf("accepted as %+v, not on the allow-list", info)
			}
		}
		ct, ok := Sniff(data, filename)
		if ok {
			if _, allowed := kindByContentType[ct]; !allowed {
				t.Fatalf("Sniff accepted as %q, not on the allow-list", ct)
			}
		} else if ct != "" {
			t.Fatalf("Sniff refused with content type %q", ct)
		}
		if len(data) < SniffLen && (ok != (err == nil) || ct != info.ContentType) {
			t.Fatalf("Sniff = %q, %v; Inspect = %+v, %v", ct, ok, info, err)
		}
	})
}

var kindByContentType = func() map[string]string {
	m := map[string]string{}
	for kind, k := range kindInfo {
		m[k.contentType] = kind
	}
	return m
}()

// FuzzCleanFilename checks that every result is a non-empty, valid name of
// at most MaxFilenameRunes characters with no separators, control or
// invisible format characters, and that cleaning is idempotent.
func FuzzCleanFilename(f *testing.F) {
	for _, s := range []string{
		"report.pdf", "Απόφαση ΕΕΤΤ.pdf", "Отчёт.docx", "../../etc/passwd", `C:\Users\x\evil.pdf`,
		"invoice\u202Efdp.exe", "\u2066a\u2069.txt", "a\x00b", "...", "", "CON.pdf", "caf\xe9",
		"Απο\u0301φαση", "a\uFF0Fb", string(make([]byte, 300)),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		checkCleanName(t, name, CleanFilename(name))
	})
}
