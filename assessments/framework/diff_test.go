package framework

import (
	"slices"
	"testing"
)

func TestDiffSameIsEmpty(t *testing.T) {
	t.Parallel()
	a, b := mustDefault(t), mustDefault(t)
	// Reordering channels carries no meaning and is not a change.
	c := &b.Sections[0].Criteria[2]
	slices.Reverse(c.Channels)
	if ch := Diff(a, b); !ch.Empty() {
		t.Errorf("Diff of equal frameworks = %+v", ch)
	}
}

func TestDiff(t *testing.T) {
	t.Parallel()
	old, new := mustDefault(t), mustDefault(t)
	leg := &new.Sections[0]
	leg.Criteria[0].Title["en"] = "Right to run 116 000"
	leg.Criteria[0].Channels = []string{"all"}
	leg.Criteria[1].Critical = false
	leg.Criteria = append(leg.Criteria, Criterion{Code: "LEG-07", Title: Text{"en": "New"}, Channels: []string{"all"}})
	awr := &new.Sections[len(new.Sections)-1]
	awr.Criteria = nil // removes AWR-01
	new.Rules.DesirableThresholdPercent = 70

	ch := Diff(old, new)
	if codes(ch.Added) != "LEG-07" || codes(ch.Removed) != "AWR-01" {
		t.Errorf("added %s, removed %s", codes(ch.Added), codes(ch.Removed))
	}
	want := []CriterionChange{
		{Code: "LEG-01", Fields: []string{"title.en", "channels"}},
		{Code: "LEG-02", Fields: []string{"critical"}},
	}
	if len(ch.Changed) != len(want) {
		t.Fatalf("changed = %+v", ch.Changed)
	}
	for i, w := range want {
		got := ch.Changed[i]
		if got.Code != w.Code || !slices.Equal(got.Fields, w.Fields) {
			t.Errorf("change %d = %s %v, want %s %v", i, got.Code, got.Fields, w.Code, w.Fields)
		}
	}
	if ch.Changed[0].Old.Title["en"] == ch.Changed[0].New.Title["en"] {
		t.Error("change does not carry old and new criterion")
	}
	if !ch.RulesChanged || ch.ScaleChanged {
		t.Errorf("rules changed %v, scale changed %v", ch.RulesChanged, ch.ScaleChanged)
	}
}

func TestDiffScaleAndNil(t *testing.T) {
	t.Parallel()
	old, new := mustDefault(t), mustDefault(t)
	new.Scale[2].Descriptor["fr"] = "Autre"
	if ch := Diff(old, new); !ch.ScaleChanged || ch.RulesChanged || len(ch.Changed) != 0 {
		t.Errorf("Diff = %+v", ch)
	}
	if ch := Diff(nil, old); len(ch.Added) != 50 || len(ch.Removed) != 0 {
		t.Errorf("Diff(nil, default) added %d removed %d", len(ch.Added), len(ch.Removed))
	}
	if ch := Diff(old, nil); len(ch.Removed) != 50 {
		t.Errorf("Diff(default, nil) removed %d", len(ch.Removed))
	}
}

func codes(cs []Criterion) string {
	var out string
	for i, c := range cs {
		if i > 0 {
			out += ","
		}
		out += c.Code
	}
	return out
}
