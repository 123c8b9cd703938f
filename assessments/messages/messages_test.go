package messages

import (
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/goccy/go-yaml"
)

// Every catalogue has exactly the keys of the English one, with the same
// placeholders: a missing translation fails the build.
func TestCataloguesAreComplete(t *testing.T) {
	c := MustLoad()
	english := set(c.Keys(Default))
	if len(english) < 100 {
		t.Fatalf("English catalogue has only %d keys", len(english))
	}
	for _, lang := range c.Languages() {
		keys := set(c.Keys(lang))
		var missing, extra []string
		for k := range english {
			if !keys[k] {
				missing = append(missing, k)
			}
		}
		for k := range keys {
			if !english[k] {
				extra = append(extra, k)
			}
		}
		sort.Strings(missing)
		sort.Strings(extra)
		if len(missing) > 0 || len(extra) > 0 {
			t.Errorf("%s: missing %v, extra %v", lang, missing, extra)
		}
	}
}

var placeholder = regexp.MustCompile(`{{\s*\.(\w+)\s*}}`)

func TestPlaceholdersMatchEnglish(t *testing.T) {
	raw := map[string]map[string]any{}
	files, err := fs.Glob(localeFiles, "locales/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		data, err := localeFiles.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]any{}
		if err := yaml.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		lang := langOf(name)
		if raw[lang] == nil {
			raw[lang] = map[string]any{}
		}
		for k, v := range m {
			raw[lang][k] = v
		}
	}
	for lang, m := range raw {
		for key, v := range m {
			want, got := names(raw[Default][key]), names(v)
			// Plural forms like Polish "few" may omit .Count; others must match.
			if strings.Join(want, ",") != strings.Join(got, ",") {
				t.Errorf("%s %s: placeholders %v, English has %v", lang, key, got, want)
			}
		}
	}
}

func names(v any) []string {
	var text string
	switch x := v.(type) {
	case string:
		text = x
	case map[string]any:
		for _, form := range x {
			text += " " + form.(string)
		}
	}
	seen := map[string]bool{}
	var out []string
	for _, m := range placeholder.FindAllStringSubmatch(text, -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			out = append(out, m[1])
		}
	}
	sort.Strings(out)
	return out
}

func set(keys []string) map[string]bool {
	m := map[string]bool{}
	for _, k := range keys {
		m[k] = true
	}
	return m
}

func TestMatchAndPlurals(t *testing.T) {
	c := MustLoad()
	cases := []struct {
		prefs []string
		want  string
	}{
		{[]string{"", "fr-CA,fr;q=0.9"}, "fr"},
		{[]string{"fr", "en"}, "fr"},
		{[]string{"", "", "de-DE,de;q=0.9"}, "de"},
		{[]string{"", "ja-JP,ja;q=0.9"}, "en"},
		{[]string{"xx"}, "en"},
	}
	for _, tc := range cases {
		if got := c.Match(tc.prefs...); got != tc.want {
			t.Errorf("Match(%q) = %q, want %q", tc.prefs, got, tc.want)
		}
	}
	en := c.Localizer("en")
	if got := en.N("hotlines.count", 1); got != "1 hotline" {
		t.Errorf("singular: %q", got)
	}
	if got := en.N("hotlines.count", 5); got != "5 hotlines" {
		t.Errorf("plural: %q", got)
	}
	if got := en.T("no.such.key"); got != "no.such.key" {
		t.Errorf("missing key shows %q", got)
	}
}

// Polish has three plural forms for whole numbers; each must be right.
func TestPolishPlurals(t *testing.T) {
	pl := MustLoad().Localizer("pl")
	forms := map[int]string{}
	for _, n := range []int{1, 2, 3, 4, 5, 12, 21, 22, 25, 0} {
		forms[n] = pl.N("hotlines.count", n)
	}
	same := func(a, b int) bool {
		return strings.TrimPrefix(forms[a], fmt.Sprint(a)) == strings.TrimPrefix(forms[b], fmt.Sprint(b))
	}
	if same(1, 2) || same(2, 5) || same(1, 5) {
		t.Fatalf("Polish plural forms are not distinct: %v", forms)
	}
	for _, group := range [][]int{{2, 3, 4, 22}, {5, 12, 21, 25, 0}} {
		for _, n := range group[1:] {
			if !same(group[0], n) {
				t.Errorf("%d and %d should share a form: %q vs %q", group[0], n, forms[group[0]], forms[n])
			}
		}
	}
}

// Dates are written in each language's own way.
func TestDatesPerLanguage(t *testing.T) {
	cases := map[string]string{"en": "28 November 2026", "fr": "28 novembre 2026", "de": "28. November 2026", "pl": "28 listopada 2026", "el": "28 Νοεμβρίου 2026",
		"uk": "28 листопада 2026 р.", "hr": "28. studenoga 2026.", "cs": "28. listopadu 2026", "lt": "2026 m. lapkričio 28 d.",
		"fi": "28. marraskuuta 2026", "hu": "2026. november 28.", "pt": "28 de novembro de 2026", "sv": "28 november 2026"}
	for lang, want := range cases {
		l := MustLoad().Localizer(lang)
		got := l.T("date.long", "Day", 28, "Month", l.T("month.11"), "Year", 2026)
		if got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
}

// An area's messages may sit in their own file per language
// ("appeals.fr.yaml"); they join that language's catalogue.
func TestAreaFilesJoinTheirLanguage(t *testing.T) {
	fsys := fstest.MapFS{
		"locales/en.yaml":         {Data: []byte("a: A\n")},
		"locales/fr.yaml":         {Data: []byte("a: A-fr\n")},
		"locales/appeals.en.yaml": {Data: []byte("b: B\n")},
		"locales/appeals.fr.yaml": {Data: []byte("b: B-fr\n")},
	}
	c, err := parse(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(c.Languages(), ","); got != "en,fr" {
		t.Errorf("languages %s, want en,fr", got)
	}
	for _, tc := range []struct{ lang, key, want string }{{"en", "b", "B"}, {"fr", "b", "B-fr"}, {"fr", "a", "A-fr"}} {
		if got := c.Localizer(tc.lang).T(tc.key); got != tc.want {
			t.Errorf("%s %s = %q, want %q", tc.lang, tc.key, got, tc.want)
		}
	}
	if got := strings.Join(c.Keys("fr"), ","); got != "a,b" {
		t.Errorf("fr keys %s, want a,b", got)
	}
}

// Every plural message has, in every language, the form that language's
// plural rule picks for each whole number a page may show (a missing form
// would print the message's key instead).
func TestPluralFormsForEveryCount(t *testing.T) {
	plural := map[string]bool{}
	files, _ := fs.Glob(localeFiles, "locales/*.yaml")
	for _, name := range files {
		if langOf(name) != Default {
			continue
		}
		data, _ := localeFiles.ReadFile(name)
		m := map[string]any{}
		if err := yaml.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		for k, v := range m {
			if _, ok := v.(map[string]any); ok {
				plural[k] = true
			}
		}
	}
	if len(plural) < 10 {
		t.Fatalf("only %d plural messages found", len(plural))
	}
	c := MustLoad()
	for _, lang := range c.Languages() {
		l := c.Localizer(lang)
		for id := range plural {
			for _, n := range []int{0, 1, 2, 3, 4, 5, 6, 7, 10, 11, 12, 14, 19, 20, 21, 22, 25, 100, 101, 102, 111, 1000} {
				if got := l.N(id, n); got == id || strings.TrimSpace(got) == "" {
					t.Errorf("%s %s: no form for %d", lang, id, n)
					break
				}
			}
		}
	}
}

// The network's languages are all spoken: the 24 official languages of
// the EU and Ukrainian.
func TestEveryLanguageOfTheNetwork(t *testing.T) {
	want := []string{"bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "it", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv", "uk"}
	c := MustLoad()
	for _, lang := range want {
		if !c.Supported(lang) {
			t.Errorf("%s has no catalogue", lang)
		}
	}
}
