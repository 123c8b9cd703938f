package assessments

import (
	"net/url"
	"strings"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/language"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

var folder = cases.Fold()

// SearchKey folds s for case- and accent-insensitive search in every
// script: "ΧΑΜΌΓΕΛΟ", "Χαμόγελο" and "χαμογελο" share one key, as do
// "Dingusių" and "dingusiu". Final sigma folds to sigma.
func SearchKey(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	stripped, _, err := transform.String(t, s)
	if err != nil {
		stripped = s
	}
	return strings.Join(strings.Fields(folder.String(stripped)), " ")
}

// NormalizeEmail lower-cases and trims an address so that uniqueness does
// not depend on case.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// ValidCountry tells whether code is an ISO 3166-1 alpha-2 country code
// (UK, exceptionally reserved for the United Kingdom, is accepted).
func ValidCountry(code string) bool {
	if len(code) != 2 || strings.ToUpper(code) != code {
		return false
	}
	r, err := language.ParseRegion(code)
	return err == nil && r.IsCountry() && r.String() == code
}

// validWebURL tells whether s is an absolute http(s) address.
func validWebURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// normaliseList trims, lower-cases and de-duplicates words, keeping order.
func normaliseList(words []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range words {
		w = strings.ToLower(strings.TrimSpace(w))
		if w != "" && !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}
