package framework

import (
	"regexp"
	"slices"
	"strings"
)

// seenCode remembers where a code was first used, to explain duplicates.
type seenCode struct {
	path string
	line int
}

func (r *report) checkSections(sections []Section, langs languages) {
	if len(sections) == 0 {
		r.at("sections", "at least one section with at least one criterion is required")
	}
	sectionCodes := map[string]seenCode{}
	criterionCodes := map[string]seenCode{}
	for i, s := range sections {
		p := indexPath("sections", i)
		r.checkCode(childPath(p, "code"), s.Code, "section", sectionCodeRe, "upper-case letters, for example LEG", sectionCodes)
		r.checkText(childPath(p, "title"), s.Title, langs, true)
		if len(s.Criteria) == 0 {
			r.at(childPath(p, "criteria"), "a section needs at least one criterion")
		}
		for j, c := range s.Criteria {
			cp := indexPath(childPath(p, "criteria"), j)
			r.checkCriterion(cp, c, s.Code, langs, criterionCodes)
		}
	}
}

func (r *report) checkCriterion(p string, c Criterion, section string, langs languages, seen map[string]seenCode) {
	codePath := childPath(p, "code")
	if r.checkCode(codePath, c.Code, "criterion", criterionCodeRe, "the section code, a hyphen and two digits, for example LEG-01", seen) {
		if prefix, _, _ := strings.Cut(c.Code, "-"); section != "" && prefix != section {
			r.at(codePath, "criterion %s is in section %s; its code must start with %s-", c.Code, section, section)
		}
	}
	r.checkText(childPath(p, "title"), c.Title, langs, true)
	r.checkText(childPath(p, "guidance"), c.Guidance, langs, false)
	r.checkText(childPath(p, "evidence"), c.Evidence, langs, false)
	r.checkChannels(childPath(p, "channels"), c.Channels)
	if c.Critical && !c.Mandatory && !r.covered(childPath(p, "mandatory")) {
		r.at(childPath(p, "critical"), "criterion %s is critical but not mandatory; a critical criterion must also be mandatory", c.Code)
	}
}

// checkCode checks a section or criterion code's format and uniqueness; it
// reports whether the code is well formed.
func (r *report) checkCode(path, code, what string, re *regexp.Regexp, form string, seen map[string]seenCode) bool {
	switch {
	case code == "":
		r.at(path, "a %s code is required: %s", what, form)
		return false
	case !re.MatchString(code):
		r.at(path, "%q is not a valid %s code; use %s", code, what, form)
		return false
	}
	if first, dup := seen[code]; dup {
		r.at(path, "%s code %s is already used at %s (line %d); codes must be unique", what, code, first.path, first.line)
		return true
	}
	seen[code] = seenCode{path: parentPath(path), line: r.lineOf(path)}
	return true
}

func (r *report) checkChannels(path string, channels []string) {
	if len(channels) == 0 {
		r.at(path, "list at least one channel (%s), or [all] when the criterion applies to every hotline", strings.Join(hotlineChannels, ", "))
		return
	}
	for i, ch := range channels {
		p := indexPath(path, i)
		switch {
		case !isCriterionChannel(ch):
			r.at(p, "unknown channel %q; use one of %s, or all", ch, strings.Join(hotlineChannels, ", "))
		case slices.Index(channels, ch) < i:
			r.at(p, "channel %q is listed twice", ch)
		case ch == ChannelAll && len(channels) > 1:
			r.at(p, "all already covers every channel; write [all] on its own")
		}
	}
}
