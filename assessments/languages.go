package assessments

import "golang.org/x/text/language"

// validLanguageCode tells whether s is a plain language code such as "el"
// or "pt-BR", for the languages a hotline answers in.
func validLanguageCode(s string) bool {
	if len(s) < 2 || len(s) > 12 {
		return false
	}
	tag, err := language.Parse(s)
	if err != nil {
		return false
	}
	base, conf := tag.Base()
	return conf != language.No && base.String() != "und"
}
