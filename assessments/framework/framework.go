package framework

import "strings"

// Framework is one published version of a criteria framework. Assessments
// keep a reference to Code and Version so their questions never shift under
// them when a newer version is published.
type Framework struct {
	Code      string    `yaml:"code" json:"code"`
	Version   string    `yaml:"version" json:"version"`
	Title     Text      `yaml:"title" json:"title"`
	Languages []string  `yaml:"languages" json:"languages"`
	Scale     []Level   `yaml:"scale" json:"scale"`
	Rules     Rules     `yaml:"rules" json:"rules"`
	Sections  []Section `yaml:"sections" json:"sections"`
}

// Section groups related criteria so that forms and reports can be read
// theme by theme (legal conditions, chat, data protection, ...).
type Section struct {
	Code     string      `yaml:"code" json:"code"`
	Title    Text        `yaml:"title" json:"title"`
	Criteria []Criterion `yaml:"criteria" json:"criteria"`
}

// Criterion is one requirement a hotline is assessed against. Mandatory and
// Critical feed the decision rules; Channels decide whether it applies to a
// given hotline at all.
type Criterion struct {
	Code      string   `yaml:"code" json:"code"`
	Title     Text     `yaml:"title" json:"title"`
	Guidance  Text     `yaml:"guidance" json:"guidance"`
	Evidence  Text     `yaml:"evidence" json:"evidence"`
	Mandatory bool     `yaml:"mandatory" json:"mandatory"`
	Critical  bool     `yaml:"critical" json:"critical"`
	Channels  []string `yaml:"channels" json:"channels"`
}

// Level describes one point of the reviewer scoring scale, so that reviewers
// in different countries read a score the same way.
type Level struct {
	Score      int  `yaml:"score" json:"score"`
	Label      Text `yaml:"label" json:"label"`
	Descriptor Text `yaml:"descriptor" json:"descriptor"`
}

// Rules holds the decision-rule parameters of a framework version. They live
// in the file rather than in code so that a new version can tighten them
// without a release.
type Rules struct {
	// PassScore is the lowest score at which a critical or mandatory
	// criterion counts as met.
	PassScore int `yaml:"pass_score" json:"pass_score"`
	// ConditionalScore is the score at which a mandatory criterion may still
	// be accepted with a condition and a deadline.
	ConditionalScore int `yaml:"conditional_score" json:"conditional_score"`
	// MaxConditionalMandatory caps how many mandatory criteria may be
	// accepted with conditions.
	MaxConditionalMandatory int `yaml:"max_conditional_mandatory" json:"max_conditional_mandatory"`
	// DesirableThresholdPercent is the share of desirable points needed for
	// full accreditation.
	DesirableThresholdPercent int `yaml:"desirable_threshold_percent" json:"desirable_threshold_percent"`
	// DisagreementGap is the score difference between reviewers that raises
	// a disagreement flag.
	DisagreementGap int `yaml:"disagreement_gap" json:"disagreement_gap"`
}

// Text is a string in several languages, keyed by language code ("en",
// "fr"). Frameworks are written once and read across ~30 countries, so every
// user-facing string is translatable.
type Text map[string]string

// English is the language every framework must provide in full; other
// languages fall back to it.
const English = "en"

// In returns the text in lang, trying the base language of a regional tag
// ("fr" for "fr-BE") and then English. usedLang says which language was
// returned so a page can mark untranslated text; it is "" when there is none.
func (t Text) In(lang string) (text, usedLang string) {
	base, _, _ := strings.Cut(lang, "-")
	for _, l := range []string{lang, base, English} {
		if s := t[l]; strings.TrimSpace(s) != "" {
			return s, l
		}
	}
	return "", ""
}

// Criteria lists every criterion in file order, section by section, for
// screens and reports that do not group by section.
func (f *Framework) Criteria() []Criterion {
	var out []Criterion
	for _, s := range f.Sections {
		out = append(out, s.Criteria...)
	}
	return out
}

// Criterion finds a criterion by its code, as stored with answers and scores.
func (f *Framework) Criterion(code string) (Criterion, bool) {
	for _, s := range f.Sections {
		for _, c := range s.Criteria {
			if c.Code == code {
				return c, true
			}
		}
	}
	return Criterion{}, false
}

// Level returns the scale entry for a reviewer score, so that pages can show
// its label and descriptor; false when the score is not on the scale.
func (f *Framework) Level(score int) (Level, bool) {
	for _, l := range f.Scale {
		if l.Score == score {
			return l, true
		}
	}
	return Level{}, false
}

// AppliesTo reports whether the criterion concerns a hotline running the
// given channels. A criterion that does not apply is shown as not
// applicable rather than as missing.
func (c Criterion) AppliesTo(hotlineChannels []string) bool {
	for _, ch := range c.Channels {
		if ch == ChannelAll {
			return true
		}
		for _, h := range hotlineChannels {
			if h == ch {
				return true
			}
		}
	}
	return false
}
