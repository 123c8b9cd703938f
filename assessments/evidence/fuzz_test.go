package evidence

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzInspect checks that no input makes Inspect panic, that every
// accepted file has a kind and content type from the allow-list, and that
// refusals are ErrTypeNotAllowed (a bytes.Reader never fails).
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
	})
}

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
