package framework

import (
	"embed"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"
)

//go:embed default.yaml
var defaultYAML []byte

var (
	defaultOnce      sync.Once
	defaultFramework *Framework
	defaultErr       error
)

// Default returns the 116 000 hotline framework that ships with the portal,
// so a fresh installation can run assessments before the secretariat imports
// anything. The file is parsed once; each call returns a separate copy that
// the caller may change freely.
func Default() (*Framework, error) {
	defaultOnce.Do(func() {
		defaultFramework, defaultErr = Parse(defaultYAML)
	})
	if defaultErr != nil {
		return nil, defaultErr
	}
	return defaultFramework.clone(), nil
}

// DefaultYAML returns the source of the default framework, for download as a
// starting point for a new version.
func DefaultYAML() []byte {
	return slices.Clone(defaultYAML)
}

// clone makes a deep copy, so the cached default cannot be changed through
// a returned value.
func (f *Framework) clone() *Framework {
	c := *f
	c.Title = maps.Clone(f.Title)
	c.Languages = slices.Clone(f.Languages)
	c.Scale = make([]Level, len(f.Scale))
	for i, l := range f.Scale {
		c.Scale[i] = Level{Score: l.Score, Label: maps.Clone(l.Label), Descriptor: maps.Clone(l.Descriptor)}
	}
	c.Sections = make([]Section, len(f.Sections))
	for i, s := range f.Sections {
		c.Sections[i] = Section{Code: s.Code, Title: maps.Clone(s.Title), Criteria: make([]Criterion, len(s.Criteria))}
		for j, cr := range s.Criteria {
			c.Sections[i].Criteria[j] = cr.clone()
		}
	}
	return &c
}

func (c Criterion) clone() Criterion {
	c.Title = maps.Clone(c.Title)
	c.Guidance = maps.Clone(c.Guidance)
	c.Evidence = maps.Clone(c.Evidence)
	c.Channels = slices.Clone(c.Channels)
	return c
}

//go:embed translations
var defaultTranslations embed.FS

// DefaultTranslations returns the draft translations shipped with the
// default framework, XLIFF 2.0 files by language code.
func DefaultTranslations() map[string][]byte {
	out := map[string][]byte{}
	names, _ := fs.Glob(defaultTranslations, "translations/*.xlf")
	for _, name := range names {
		data, err := defaultTranslations.ReadFile(name)
		if err == nil {
			out[strings.TrimSuffix(path.Base(name), ".xlf")] = data
		}
	}
	return out
}

// DefaultCode is the code of the default framework, whose versions the
// shipped translations may fit.
func DefaultCode() string {
	f, err := Default()
	if err != nil {
		return ""
	}
	return f.Code
}
