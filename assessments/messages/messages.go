// Package messages is the portal's message catalogue: every string a person
// reads, in every supported language, for pages and emails alike.
package messages

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"

	"github.com/goccy/go-yaml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed locales/*.yaml
var localeFiles embed.FS

// Default is the language used when nothing better matches, and the one
// every other catalogue falls back to.
const Default = "en"

// Catalog holds the parsed catalogues and one localizer per language.
type Catalog struct {
	bundle     *i18n.Bundle
	languages  []string
	tags       []language.Tag
	matcher    language.Matcher
	localizers map[string]*Localizer
	keys       map[string][]string
}

var (
	loadOnce sync.Once
	loaded   *Catalog
	loadErr  error
)

// Load parses the embedded catalogues once and returns them.
func Load() (*Catalog, error) {
	loadOnce.Do(func() { loaded, loadErr = parse(localeFiles) })
	return loaded, loadErr
}

// MustLoad is Load for start-up code, where a broken catalogue is a bug.
func MustLoad() *Catalog {
	c, err := Load()
	if err != nil {
		panic(err)
	}
	return c
}

func parse(fsys fs.FS) (*Catalog, error) {
	bundle := i18n.NewBundle(language.English)
	bundle.RegisterUnmarshalFunc("yaml", yaml.Unmarshal)
	names, err := fs.Glob(fsys, "locales/*.yaml")
	if err != nil {
		return nil, err
	}
	c := &Catalog{bundle: bundle, localizers: map[string]*Localizer{}, keys: map[string][]string{}}
	sort.Slice(names, func(i, j int) bool {
		li, lj := langOf(names[i]), langOf(names[j])
		if li != lj {
			return li == Default || (lj != Default && li < lj)
		}
		return names[i] < names[j]
	})
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		mf, err := bundle.ParseMessageFileBytes(data, name)
		if err != nil {
			return nil, fmt.Errorf("message catalogue %s: %w", name, err)
		}
		lang := langOf(name)
		if _, seen := c.keys[lang]; !seen {
			c.languages = append(c.languages, lang)
			c.tags = append(c.tags, mf.Tag)
			c.keys[lang] = []string{}
		}
		for _, m := range mf.Messages {
			c.keys[lang] = append(c.keys[lang], m.ID)
		}
		sort.Strings(c.keys[lang])
	}
	c.matcher = language.NewMatcher(c.tags)
	for _, lang := range c.languages {
		c.localizers[lang] = &Localizer{Lang: lang, l: i18n.NewLocalizer(bundle, lang, Default)}
	}
	return c, nil
}

// langOf is the language of a catalogue file: "en.yaml", or for the
// messages of one area kept apart, "appeals.en.yaml".
func langOf(path string) string {
	base := strings.TrimSuffix(path[strings.LastIndex(path, "/")+1:], ".yaml")
	return base[strings.LastIndex(base, ".")+1:]
}

// Languages lists the supported language codes, English first.
func (c *Catalog) Languages() []string { return c.languages }

// Keys lists the message IDs a language's catalogue defines; the
// completeness test compares them.
func (c *Catalog) Keys(lang string) []string { return c.keys[lang] }

// Supported tells whether lang has a catalogue.
func (c *Catalog) Supported(lang string) bool {
	_, ok := c.localizers[lang]
	return ok
}

// Match picks the best supported language for the given preferences, each
// either a language code or an Accept-Language header; the first usable
// one wins.
func (c *Catalog) Match(prefs ...string) string {
	for _, p := range prefs {
		if p == "" {
			continue
		}
		if c.Supported(p) {
			return p
		}
		tags, _, err := language.ParseAcceptLanguage(p)
		if err != nil || len(tags) == 0 {
			continue
		}
		if _, idx, conf := c.matcher.Match(tags...); conf != language.No {
			return c.languages[idx]
		}
	}
	return Default
}

// Localizer returns the localizer of lang, or of the default language.
func (c *Catalog) Localizer(lang string) *Localizer {
	if l, ok := c.localizers[lang]; ok {
		return l
	}
	return c.localizers[Default]
}

// Localizer translates messages into one language. It is safe for
// concurrent use, so pages carry it in their data rather than binding a
// per-request function on a shared template.
type Localizer struct {
	Lang string
	l    *i18n.Localizer
}

// T translates a message; args are either one map of template data or
// alternating names and values ("Name", name).
func (l *Localizer) T(id string, args ...any) string {
	return l.localize(id, nil, args)
}

// N translates a message with plural forms chosen by count (CLDR rules, so
// Polish gets its three forms). Count is also available as .Count.
func (l *Localizer) N(id string, count int, args ...any) string {
	return l.localize(id, count, args)
}

func (l *Localizer) localize(id string, count any, args []any) string {
	data := templateData(args)
	if count != nil {
		if data == nil {
			data = map[string]any{}
		}
		data["Count"] = count
	}
	s, err := l.l.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: count})
	if err != nil && s == "" {
		return id
	}
	return s
}

func templateData(args []any) map[string]any {
	if len(args) == 1 {
		if m, ok := args[0].(map[string]any); ok {
			return m
		}
	}
	if len(args) == 0 {
		return nil
	}
	data := make(map[string]any, len(args)/2)
	for i := 0; i+1 < len(args); i += 2 {
		if k, ok := args[i].(string); ok {
			data[k] = args[i+1]
		}
	}
	return data
}
