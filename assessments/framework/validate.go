package framework

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

var (
	frameworkCodeRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	versionRe       = regexp.MustCompile(`^[0-9A-Za-z]+([._-][0-9A-Za-z]+)*$`)
	languageRe      = regexp.MustCompile(`^[a-z]{2,3}(-[A-Z]{2})?$`)
	sectionCodeRe   = regexp.MustCompile(`^[A-Z]{2,5}$`)
	criterionCodeRe = regexp.MustCompile(`^([A-Z]{2,5})-[0-9]{2,3}$`)
)

// scaleTop is the highest reviewer score; the scale runs 0..scaleTop.
const scaleTop = 4

// languages is the set of languages a file declares, in file order.
type languages struct {
	list []string
	set  map[string]bool
}

// validate checks the meaning of a decoded framework: formats, uniqueness,
// translations, scale and rules.
func (r *report) validate(f *Framework) {
	r.checkIdentity(f)
	langs := r.checkLanguages(f.Languages)
	r.checkText("title", f.Title, langs, true)
	r.checkScale(f.Scale, langs)
	r.checkRules(f.Rules)
	r.checkSections(f.Sections, langs)
}

func (r *report) checkIdentity(f *Framework) {
	switch {
	case f.Code == "":
		r.at("code", "a framework code is required, for example mce-116000")
	case len(f.Code) > 64 || !frameworkCodeRe.MatchString(f.Code):
		r.at("code", "%q is not a valid framework code; use lower-case letters, digits and hyphens, for example mce-116000", f.Code)
	}
	switch {
	case f.Version == "":
		r.at("version", `a version is required, for example "2026.1"`)
	case len(f.Version) > 32 || !versionRe.MatchString(f.Version):
		r.at("version", `%q is not a valid version; use letters and digits separated by dots, for example "2026.1"`, f.Version)
	}
}

// checkLanguages checks the declared languages and returns those that are
// usable. English is always required because other languages fall back to it.
func (r *report) checkLanguages(list []string) languages {
	langs := languages{set: map[string]bool{}}
	if len(list) == 0 {
		r.at("languages", "list the languages of this file, for example [en, fr]")
	}
	for i, l := range list {
		p := indexPath("languages", i)
		switch {
		case !languageRe.MatchString(l):
			r.at(p, "%q is not a language code; use a lower-case code such as en, fr or pt-BR", l)
		case langs.set[l]:
			r.at(p, "%q is listed twice", l)
		default:
			langs.set[l] = true
			langs.list = append(langs.list, l)
		}
	}
	if len(list) > 0 && !langs.set[English] {
		r.at("languages", "must include en (English), which every other language falls back to")
	}
	return langs
}

// checkText checks a translated text: its languages must be declared, and
// English (or, when all is set, every declared language) must be present.
func (r *report) checkText(path string, t Text, langs languages, all bool) {
	keys := make([]string, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if k != English && len(langs.set) > 0 && !langs.set[k] {
			r.at(childPath(path, k), "language %q is not listed in languages (%s)", k, strings.Join(langs.list, ", "))
		}
	}
	need := []string{English}
	if all {
		for _, l := range langs.list {
			if l != English {
				need = append(need, l)
			}
		}
	}
	for _, l := range need {
		if _, ok := t[l]; !ok {
			r.at(childPath(path, l), "%s is required", textName(l))
		}
	}
}

func textName(lang string) string {
	if lang == English {
		return "English text"
	}
	return fmt.Sprintf("text in %q (every listed language needs titles and labels)", lang)
}

func (r *report) checkScale(scale []Level, langs languages) {
	if len(scale) != scaleTop+1 {
		r.at("scale", "the scale must have exactly %d levels, for scores 0 to %d; found %d", scaleTop+1, scaleTop, len(scale))
	}
	for i, l := range scale {
		p := indexPath("scale", i)
		if len(scale) == scaleTop+1 && l.Score != i {
			r.at(childPath(p, "score"), "expected score %d here; list the levels in order 0, 1, 2, 3, 4", i)
		}
		r.checkText(childPath(p, "label"), l.Label, langs, true)
		r.checkText(childPath(p, "descriptor"), l.Descriptor, langs, false)
	}
}

func (r *report) checkRules(rules Rules) {
	r.checkRange("rules.pass_score", rules.PassScore, 1, scaleTop)
	condMax := scaleTop - 1
	if rules.PassScore >= 1 && rules.PassScore <= scaleTop {
		condMax = rules.PassScore - 1
	}
	if rules.ConditionalScore < 1 || rules.ConditionalScore > condMax {
		r.at("rules.conditional_score", "must be at least 1 and below pass_score (%d); found %d", rules.PassScore, rules.ConditionalScore)
	}
	r.checkRange("rules.max_conditional_mandatory", rules.MaxConditionalMandatory, 0, 100)
	r.checkRange("rules.desirable_threshold_percent", rules.DesirableThresholdPercent, 0, 100)
	r.checkRange("rules.disagreement_gap", rules.DisagreementGap, 1, scaleTop)
}

func (r *report) checkRange(path string, v, lo, hi int) {
	if v < lo || v > hi {
		r.at(path, "must be between %d and %d; found %d", lo, hi, v)
	}
}
