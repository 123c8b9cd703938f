package framework

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Translation statuses. A translation is a draft until the secretariat has
// had it checked; the texts of a framework's own languages are reviewed.
const (
	Draft    = "draft"
	Reviewed = "reviewed"
	// Fallback marks a criterion shown in English because the requested
	// language has no text for it.
	Fallback = "fallback"
)

// Unit is one translatable text of a framework, named by a stable ID
// ("criterion.LEG-01.title") so a translator's file can be matched back to
// it whatever the order.
type Unit struct {
	ID     string
	Source Text
}

// Units lists every translatable text of f in reading order: the title,
// the scoring scale, then each section and its criteria.
func (f *Framework) Units() []Unit {
	units := []Unit{{"title", f.Title}}
	for _, l := range f.Scale {
		p := "scale." + strconv.Itoa(l.Score) + "."
		units = append(units, Unit{p + "label", l.Label}, Unit{p + "descriptor", l.Descriptor})
	}
	for _, s := range f.Sections {
		units = append(units, Unit{"section." + s.Code + ".title", s.Title})
		for _, c := range s.Criteria {
			p := "criterion." + c.Code + "."
			units = append(units, Unit{p + "title", c.Title}, Unit{p + "guidance", c.Guidance}, Unit{p + "evidence", c.Evidence})
		}
	}
	return units
}

// Original tells whether lang is one of the languages the framework file
// itself is written in; those texts are reviewed by definition and are
// never replaced by a translation.
func (f *Framework) Original(lang string) bool {
	for _, l := range f.Languages {
		if l == lang {
			return true
		}
	}
	return lang == English
}

// TranslatedText is one unit's text in one language, with its status.
type TranslatedText struct {
	Text   string
	Status string
}

// Translated returns a copy of f whose texts in lang are taken from texts
// (unit ID to text) wherever the file itself has none, and the status of
// each criterion in lang: reviewed when all its texts are original or
// reviewed, draft when any is a draft, fallback when its title is not
// translated. f itself is shared and never changed.
func (f *Framework) Translated(lang string, texts map[string]TranslatedText) (*Framework, map[string]string) {
	out := *f
	status := map[string]string{}
	pick := func(id string, t Text) (Text, string) {
		if s, ok := t[lang]; ok && strings.TrimSpace(s) != "" {
			return t, Reviewed
		}
		tr, ok := texts[id]
		if !ok || strings.TrimSpace(tr.Text) == "" {
			return t, Fallback
		}
		c := make(Text, len(t)+1)
		for k, v := range t {
			c[k] = v
		}
		c[lang] = tr.Text
		return c, tr.Status
	}
	out.Title, _ = pick("title", f.Title)
	out.Scale = make([]Level, len(f.Scale))
	for i, l := range f.Scale {
		p := "scale." + strconv.Itoa(l.Score) + "."
		l.Label, _ = pick(p+"label", l.Label)
		l.Descriptor, _ = pick(p+"descriptor", l.Descriptor)
		out.Scale[i] = l
	}
	out.Sections = make([]Section, len(f.Sections))
	for i, s := range f.Sections {
		s.Title, _ = pick("section."+s.Code+".title", s.Title)
		crits := make([]Criterion, len(s.Criteria))
		for j, c := range s.Criteria {
			p := "criterion." + c.Code + "."
			var st [3]string
			c.Title, st[0] = pick(p+"title", c.Title)
			c.Guidance, st[1] = pick(p+"guidance", c.Guidance)
			c.Evidence, st[2] = pick(p+"evidence", c.Evidence)
			status[c.Code] = criterionStatus(st, c)
			crits[j] = c
		}
		s.Criteria = crits
		out.Sections[i] = s
	}
	return &out, status
}

// criterionStatus sums up a criterion's texts: its title decides whether it
// is translated at all; a draft anywhere makes the whole criterion a draft.
func criterionStatus(st [3]string, c Criterion) string {
	if st[0] == Fallback {
		return Fallback
	}
	for i, s := range st {
		empty := [3]Text{c.Title, c.Guidance, c.Evidence}[i][English] == ""
		if s == Draft || (s == Fallback && !empty) {
			return Draft
		}
	}
	return Reviewed
}

// XLIFF 2.0 (OASIS, core only): what translators' tools read and write.
const xliffNamespace = "urn:oasis:names:tc:xliff:document:2.0"

type xliffDoc struct {
	XMLName xml.Name    `xml:"urn:oasis:names:tc:xliff:document:2.0 xliff"`
	Version string      `xml:"version,attr"`
	SrcLang string      `xml:"srcLang,attr"`
	TrgLang string      `xml:"trgLang,attr"`
	Files   []xliffFile `xml:"file"`
}

type xliffFile struct {
	ID    string      `xml:"id,attr"`
	Units []xliffUnit `xml:"unit"`
}

type xliffUnit struct {
	ID       string         `xml:"id,attr"`
	Segments []xliffSegment `xml:"segment"`
}

type xliffSegment struct {
	State  string `xml:"state,attr,omitempty"`
	Source string `xml:"source"`
	Target string `xml:"target"`
}

// WriteXLIFF writes f's texts for translation into lang as an XLIFF 2.0
// document: English sources, and as targets the texts already known
// (texts), their state "final" when reviewed and "translated" when a draft.
func (f *Framework) WriteXLIFF(w io.Writer, lang string, texts map[string]TranslatedText) error {
	doc := xliffDoc{Version: "2.0", SrcLang: English, TrgLang: lang}
	file := xliffFile{ID: f.Code + "-" + f.Version}
	for _, u := range f.Units() {
		src := u.Source[English]
		if src == "" {
			continue
		}
		seg := xliffSegment{State: "initial", Source: src}
		if t, ok := u.Source[lang]; ok && lang != English {
			seg.Target, seg.State = t, "final"
		} else if tr, ok := texts[u.ID]; ok && tr.Text != "" {
			seg.Target, seg.State = tr.Text, "translated"
			if tr.Status == Reviewed {
				seg.State = "final"
			}
		}
		file.Units = append(file.Units, xliffUnit{ID: u.ID, Segments: []xliffSegment{seg}})
	}
	doc.Files = []xliffFile{file}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// XLIFF errors name what a translator has to fix in the file.
var (
	ErrXLIFF         = errors.New("not an XLIFF 2.0 document")
	ErrXLIFFLanguage = errors.New("the XLIFF target language is missing or not supported")
	ErrXLIFFEmpty    = errors.New("the XLIFF document has no translated text")
)

// UnknownUnitError reports a unit of a translator's file that the framework
// does not have, so nothing is imported against the wrong text.
type UnknownUnitError struct{ ID string }

func (e *UnknownUnitError) Error() string { return "unknown text " + e.ID }

// ChangedSourceError reports a unit whose source no longer matches the
// framework's English text: the translation is of another text.
type ChangedSourceError struct{ ID string }

func (e *ChangedSourceError) Error() string { return "the English text of " + e.ID + " has changed" }

// ReadXLIFF reads a translator's XLIFF 2.0 file for f: its target language
// and each translated unit with its status (reviewed for segments in state
// "reviewed" or "final", draft otherwise). Units without a target are left
// out; a unit f lacks, or whose source is not f's English text, is an error.
func (f *Framework) ReadXLIFF(r io.Reader) (string, map[string]TranslatedText, error) {
	var doc xliffDoc
	dec := xml.NewDecoder(io.LimitReader(r, 8<<20))
	if err := dec.Decode(&doc); err != nil {
		return "", nil, fmt.Errorf("%w: %v", ErrXLIFF, err)
	}
	if doc.XMLName.Space != xliffNamespace || !strings.HasPrefix(doc.Version, "2.") {
		return "", nil, ErrXLIFF
	}
	sources := map[string]string{}
	for _, u := range f.Units() {
		sources[u.ID] = u.Source[English]
	}
	out := map[string]TranslatedText{}
	for _, file := range doc.Files {
		for _, u := range file.Units {
			src, ok := sources[u.ID]
			if !ok {
				return "", nil, &UnknownUnitError{u.ID}
			}
			var source, target []string
			state := "final"
			for _, s := range u.Segments {
				source, target = append(source, s.Source), append(target, s.Target)
				if s.State != "final" && s.State != "reviewed" {
					state = s.State
				}
			}
			if normalizeSpace(strings.Join(source, "")) != normalizeSpace(src) {
				return "", nil, &ChangedSourceError{u.ID}
			}
			text := strings.TrimSpace(strings.Join(target, ""))
			if text == "" {
				continue
			}
			status := Draft
			if state == "final" || state == "reviewed" {
				status = Reviewed
			}
			out[u.ID] = TranslatedText{Text: text, Status: status}
		}
	}
	if len(out) == 0 {
		return doc.TrgLang, nil, ErrXLIFFEmpty
	}
	return doc.TrgLang, out, nil
}

func normalizeSpace(s string) string { return strings.Join(strings.Fields(s), " ") }
