package framework

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"

	"github.com/goccy/go-yaml"
)

func TestDefaultContent(t *testing.T) {
	t.Parallel()
	f := mustDefault(t)
	if f.Code != "mce-116000" || f.Version != "2026.1" || f.Title["en"] != "116 000 hotline quality criteria" {
		t.Errorf("identity = %q %q %q", f.Code, f.Version, f.Title["en"])
	}
	wantSections := []string{"LEG", "GOV", "STF", "CAS", "COP", "TEL", "CHT", "EML", "WEB", "DAT", "MON", "AWR"}
	wantCounts := []int{6, 3, 3, 6, 3, 4, 11, 1, 5, 3, 4, 1}
	var gotSections []string
	var gotCounts []int
	for _, s := range f.Sections {
		gotSections = append(gotSections, s.Code)
		gotCounts = append(gotCounts, len(s.Criteria))
	}
	if !slices.Equal(gotSections, wantSections) || !slices.Equal(gotCounts, wantCounts) {
		t.Errorf("sections = %v %v, want %v %v", gotSections, gotCounts, wantSections, wantCounts)
	}
	if n := len(f.Criteria()); n != 50 {
		t.Errorf("criteria = %d, want 50", n)
	}
	want := Rules{PassScore: 3, ConditionalScore: 2, MaxConditionalMandatory: 5, DesirableThresholdPercent: 60, DisagreementGap: 2}
	if f.Rules != want {
		t.Errorf("rules = %+v, want %+v", f.Rules, want)
	}
}

func TestDefaultFlags(t *testing.T) {
	t.Parallel()
	f := mustDefault(t)
	wantCritical := []string{"LEG-02", "LEG-03", "LEG-05", "CAS-02", "CAS-03", "COP-01", "CHT-05", "CHT-06", "DAT-01"}
	wantDesirable := []string{"CHT-01", "CHT-10", "CHT-11", "WEB-02", "WEB-04", "AWR-01"}
	var critical, desirable []string
	for _, c := range f.Criteria() {
		if c.Critical {
			critical = append(critical, c.Code)
		}
		if !c.Mandatory {
			desirable = append(desirable, c.Code)
		}
	}
	if !slices.Equal(critical, wantCritical) {
		t.Errorf("critical = %v, want %v", critical, wantCritical)
	}
	if !slices.Equal(desirable, wantDesirable) {
		t.Errorf("desirable = %v, want %v", desirable, wantDesirable)
	}
}

// TestDefaultChannels pins the channels of every criterion that is not
// "all", as given in the researched table.
func TestDefaultChannels(t *testing.T) {
	t.Parallel()
	f := mustDefault(t)
	want := map[string][]string{
		"LEG-01": {"phone"}, "LEG-03": {"phone", "sms"}, "LEG-05": {"phone"},
		"TEL-01": {"phone"}, "TEL-02": {"phone"}, "TEL-03": {"phone"},
		"CHT-01": {"chat", "sms"}, "CHT-02": {"chat", "web"}, "CHT-03": {"chat"},
		"CHT-04": {"chat"}, "CHT-05": {"chat", "sms", "email"}, "CHT-06": {"chat", "email", "web"},
		"CHT-07": {"chat", "web"}, "CHT-08": {"chat", "email"}, "CHT-09": {"chat", "sms"},
		"CHT-10": {"chat"}, "CHT-11": {"chat", "sms"},
		"EML-01": {"email", "web"},
		"WEB-01": {"web"}, "WEB-02": {"web", "chat"}, "WEB-03": {"web", "chat"},
		"WEB-04": {"web"}, "WEB-05": {"web"},
	}
	for _, c := range f.Criteria() {
		w, ok := want[c.Code]
		if !ok {
			w = []string{"all"}
		}
		if !slices.Equal(c.Channels, w) {
			t.Errorf("%s channels = %v, want %v", c.Code, c.Channels, w)
		}
	}
}

func TestDefaultTranslations(t *testing.T) {
	t.Parallel()
	f := mustDefault(t)
	for _, c := range f.Criteria() {
		for name, text := range map[string]Text{"title": c.Title, "guidance": c.Guidance, "evidence": c.Evidence} {
			if text["en"] == "" || text["fr"] == "" {
				t.Errorf("%s %s: missing en or fr: %v", c.Code, name, text)
			}
			if text["en"] == text["fr"] {
				t.Errorf("%s %s: French is a copy of English", c.Code, name)
			}
		}
	}
	for _, l := range f.Scale {
		if l.Label["fr"] == "" || l.Descriptor["fr"] == "" || l.Descriptor["en"] == "" {
			t.Errorf("scale %d: missing text", l.Score)
		}
	}
}

func TestDefaultReturnsCopies(t *testing.T) {
	t.Parallel()
	a := mustDefault(t)
	a.Sections[0].Criteria[0].Title["en"] = "changed"
	a.Sections[0].Criteria[0].Channels[0] = "changed"
	a.Rules.PassScore = 1
	b := mustDefault(t)
	if b.Sections[0].Criteria[0].Title["en"] == "changed" || b.Sections[0].Criteria[0].Channels[0] == "changed" || b.Rules.PassScore != 3 {
		t.Error("changing one Default result changed the next")
	}
	y := DefaultYAML()
	y[0] = 'X'
	if bytes.Equal(y, DefaultYAML()) {
		t.Error("DefaultYAML returned shared bytes")
	}
}

// TestRoundTrip checks that an exported framework, as YAML or JSON, imports
// again unchanged.
func TestRoundTrip(t *testing.T) {
	t.Parallel()
	f := mustDefault(t)
	for name, marshal := range map[string]func(any) ([]byte, error){"yaml": yaml.Marshal, "json": json.Marshal} {
		data, err := marshal(f)
		if err != nil {
			t.Fatalf("%s: marshal: %v", name, err)
		}
		g, err := Parse(data)
		if err != nil {
			t.Fatalf("%s: Parse: %v", name, err)
		}
		if ch := Diff(f, g); !ch.Empty() || g.Code != f.Code || g.Version != f.Version {
			t.Errorf("%s: round trip changed the framework: %+v", name, ch)
		}
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
