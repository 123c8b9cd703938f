package framework

import (
	"reflect"
	"slices"
	"sort"
)

// Changes summarises what a new framework version changes compared with the
// previous one, so the secretariat can review it before publishing and
// renewals can flag the answers that need another look.
type Changes struct {
	// Added lists criteria only in the new version, in its file order.
	Added []Criterion `json:"added"`
	// Removed lists criteria only in the old version, in its file order.
	Removed []Criterion `json:"removed"`
	// Changed lists criteria in both versions that differ, in the new
	// version's file order.
	Changed []CriterionChange `json:"changed"`
	// ScaleChanged is set when any scale level (score, label or
	// descriptor) differs.
	ScaleChanged bool `json:"scale_changed"`
	// RulesChanged is set when any decision-rule parameter differs.
	RulesChanged bool `json:"rules_changed"`
}

// CriterionChange describes one criterion that exists in both versions but
// differs, naming the fields that changed.
type CriterionChange struct {
	Code string `json:"code"`
	// Fields names what changed, in a fixed order: "title.en",
	// "guidance.fr", "evidence.en", "mandatory", "critical", "channels".
	Fields []string  `json:"fields"`
	Old    Criterion `json:"old"`
	New    Criterion `json:"new"`
}

// Empty reports whether the two versions are the same for assessment
// purposes.
func (c Changes) Empty() bool {
	return len(c.Added) == 0 && len(c.Removed) == 0 && len(c.Changed) == 0 && !c.ScaleChanged && !c.RulesChanged
}

// Diff compares framework version from with version to, criterion by
// criterion, matching criteria by code. A nil framework counts as empty.
// The result is deterministic.
func Diff(from, to *Framework) Changes {
	if from == nil {
		from = &Framework{}
	}
	if to == nil {
		to = &Framework{}
	}
	var ch Changes
	for _, n := range to.Criteria() {
		o, ok := from.Criterion(n.Code)
		if !ok {
			ch.Added = append(ch.Added, n)
			continue
		}
		if fields := criterionDiff(o, n); len(fields) > 0 {
			ch.Changed = append(ch.Changed, CriterionChange{Code: n.Code, Fields: fields, Old: o, New: n})
		}
	}
	for _, o := range from.Criteria() {
		if _, ok := to.Criterion(o.Code); !ok {
			ch.Removed = append(ch.Removed, o)
		}
	}
	ch.ScaleChanged = !scaleEqual(from.Scale, to.Scale)
	ch.RulesChanged = from.Rules != to.Rules
	return ch
}

// criterionDiff lists the fields that differ between two criteria.
func criterionDiff(o, n Criterion) []string {
	var fields []string
	fields = append(fields, textDiff("title", o.Title, n.Title)...)
	fields = append(fields, textDiff("guidance", o.Guidance, n.Guidance)...)
	fields = append(fields, textDiff("evidence", o.Evidence, n.Evidence)...)
	if o.Mandatory != n.Mandatory {
		fields = append(fields, "mandatory")
	}
	if o.Critical != n.Critical {
		fields = append(fields, "critical")
	}
	if !sameSet(o.Channels, n.Channels) {
		fields = append(fields, "channels")
	}
	return fields
}

// textDiff lists "name.lang" for each language whose text differs, sorted.
func textDiff(name string, o, n Text) []string {
	var out []string
	for lang := range merged(o, n) {
		if o[lang] != n[lang] {
			out = append(out, name+"."+lang)
		}
	}
	sort.Strings(out)
	return out
}

func merged(a, b Text) map[string]bool {
	m := map[string]bool{}
	for k := range a {
		m[k] = true
	}
	for k := range b {
		m[k] = true
	}
	return m
}

// sameSet compares channel lists ignoring order, which carries no meaning.
func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}

func scaleEqual(a, b []Level) bool {
	return len(a) == len(b) && reflect.DeepEqual(normScale(a), normScale(b))
}

// normScale makes nil and empty texts compare equal.
func normScale(ls []Level) []Level {
	out := make([]Level, len(ls))
	for i, l := range ls {
		out[i] = Level{Score: l.Score, Label: nonNil(l.Label), Descriptor: nonNil(l.Descriptor)}
	}
	return out
}

func nonNil(t Text) Text {
	if t == nil {
		return Text{}
	}
	return t
}
