package framework

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// The draft translations shipped with the default framework read back
// whole: every text of the framework, each a draft, none left English.
func TestShippedTranslationsAreWholeDrafts(t *testing.T) {
	f, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, u := range f.Units() {
		if u.Source[English] != "" {
			want++
		}
	}
	shipped := DefaultTranslations()
	for _, lang := range []string{"bg", "cs", "de", "el", "es", "hr", "hu", "it", "lt", "pl", "pt", "ro", "uk"} {
		data, ok := shipped[lang]
		if !ok {
			t.Errorf("no shipped %s translation", lang)
			continue
		}
		target, texts, err := f.ReadXLIFF(bytes.NewReader(data))
		if err != nil || target != lang {
			t.Errorf("%s: target %q, %v", lang, target, err)
			continue
		}
		if len(texts) != want {
			t.Errorf("%s: %d texts, want %d", lang, len(texts), want)
		}
		for id, tr := range texts {
			if tr.Status != Draft {
				t.Errorf("%s %s: status %s, want draft", lang, id, tr.Status)
			}
		}
		if tr := texts["criterion.LEG-01.title"]; tr.Text == f.Sections[0].Criteria[0].Title[English] {
			t.Errorf("%s: LEG-01's title is the English one", lang)
		}
	}
}

// A translation round trip: what WriteXLIFF writes, ReadXLIFF reads back
// with its statuses; a file that does not match the framework is refused
// with the reason.
func TestXLIFFRoundTrip(t *testing.T) {
	f, _ := Default()
	texts := map[string]TranslatedText{
		"criterion.LEG-01.title": {Text: "Titolo", Status: Reviewed},
		"title":                  {Text: "Criteri", Status: Draft},
	}
	var buf bytes.Buffer
	if err := f.WriteXLIFF(&buf, "it", texts); err != nil {
		t.Fatal(err)
	}
	lang, got, err := f.ReadXLIFF(bytes.NewReader(buf.Bytes()))
	if err != nil || lang != "it" || len(got) != 2 || got["criterion.LEG-01.title"] != texts["criterion.LEG-01.title"] || got["title"] != texts["title"] {
		t.Fatalf("round trip: %s %v %v", lang, got, err)
	}
	doc := buf.String()
	cases := []struct {
		name, doc string
		want      any
	}{
		{"not XML", "hello", ErrXLIFF},
		{"XLIFF 1.2", strings.Replace(doc, `version="2.0"`, `version="1.2"`, 1), ErrXLIFF},
		{"unknown unit", strings.Replace(doc, `id="title"`, `id="criterion.ZZZ-01.title"`, 1), &UnknownUnitError{}},
		{"changed source", strings.Replace(doc, "<source>116 000 hotline quality criteria</source>", "<source>Other</source>", 1), &ChangedSourceError{}},
		{"nothing translated", func() string { var b bytes.Buffer; _ = f.WriteXLIFF(&b, "it", nil); return b.String() }(), ErrXLIFFEmpty},
	}
	for _, c := range cases {
		_, _, err := f.ReadXLIFF(strings.NewReader(c.doc))
		switch w := c.want.(type) {
		case error:
			if !errors.Is(err, w) {
				if _, ok := w.(*UnknownUnitError); ok {
					var u *UnknownUnitError
					if errors.As(err, &u) {
						continue
					}
				}
				if _, ok := w.(*ChangedSourceError); ok {
					var ch *ChangedSourceError
					if errors.As(err, &ch) {
						continue
					}
				}
				t.Errorf("%s: %v, want %v", c.name, err, w)
			}
		}
	}
}

// A translated copy leaves the shared framework untouched and gives each
// criterion its status.
func TestTranslatedLeavesTheSourceAlone(t *testing.T) {
	f, _ := Default()
	code := f.Sections[0].Criteria[0].Code
	tr, status := f.Translated("mt", map[string]TranslatedText{"criterion." + code + ".title": {Text: "Titlu", Status: Reviewed}})
	if tr.Sections[0].Criteria[0].Title["mt"] != "Titlu" || f.Sections[0].Criteria[0].Title["mt"] != "" {
		t.Fatal("the translation changed the shared framework, or was not applied")
	}
	if status[code] != Draft {
		t.Errorf("title reviewed, guidance in English: %q, want draft", status[code])
	}
	if status[f.Sections[0].Criteria[1].Code] != Fallback {
		t.Errorf("untranslated: %q", status[f.Sections[0].Criteria[1].Code])
	}
	if _, st := f.Translated("fr", nil); st[code] != Reviewed {
		t.Errorf("French, the file's own: %q", st[code])
	}
}
