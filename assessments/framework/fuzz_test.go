package framework

import (
	"errors"
	"strings"
	"testing"
)

// FuzzParse checks that no input makes Parse panic, and that every failure
// is a *ParseError whose problems all carry a line.
func FuzzParse(f *testing.F) {
	f.Add(DefaultYAML())
	f.Add([]byte(validFile))
	f.Add([]byte(strings.Replace(validFile, "channels: [chat, sms]", "channels: [chat, fax]", 1)))
	f.Add([]byte(strings.Replace(validFile, "title: {en: Legal, fr: Juridique}", "title: {en: Legal", 1)))
	f.Add([]byte(strings.Replace(validFile, "score: 4", "score: 99999999999999999999999", 1)))
	f.Add([]byte("a: &x [1, 2]\nb: *x\n<<: *x\n"))
	f.Add([]byte("code: x\n---\ncode: y\n"))
	f.Add([]byte(`{"code": "x", "sections": [{"criteria": [{"channels": [1, null]}]}]}`))
	f.Add([]byte("- - - [\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		fw, err := Parse(data)
		if err == nil {
			if fw == nil || len(fw.Criteria()) == 0 {
				t.Fatalf("Parse succeeded without criteria")
			}
			return
		}
		var pe *ParseError
		if !errors.As(err, &pe) || len(pe.Problems) == 0 {
			t.Fatalf("err = %#v, want *ParseError with problems", err)
		}
		for _, p := range pe.Problems {
			if p.Line < 1 || p.Message == "" {
				t.Fatalf("problem without line or message: %+v", p)
			}
		}
		_ = err.Error()
	})
}
