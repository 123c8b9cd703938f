package framework

import (
	"slices"
	"testing"
)

func TestTextIn(t *testing.T) {
	t.Parallel()
	text := Text{"en": "Hello", "fr": "Bonjour", "pt": "  "}
	tests := []struct {
		lang, want, wantLang string
	}{
		{"fr", "Bonjour", "fr"},
		{"en", "Hello", "en"},
		{"fr-BE", "Bonjour", "fr"},
		{"el", "Hello", "en"},
		{"pt", "Hello", "en"}, // blank counts as missing
		{"", "Hello", "en"},
	}
	for _, tt := range tests {
		got, used := text.In(tt.lang)
		if got != tt.want || used != tt.wantLang {
			t.Errorf("In(%q) = %q, %q; want %q, %q", tt.lang, got, used, tt.want, tt.wantLang)
		}
	}
	if got, used := (Text{"fr": "Bonjour"}).In("de"); got != "" || used != "" {
		t.Errorf("In without English = %q, %q; want empty", got, used)
	}
}

func TestAppliesTo(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		criteria []string
		hotline  []string
		want     bool
	}{
		{"all applies to phone only", []string{"all"}, []string{"phone"}, true},
		{"all applies to no channels", []string{"all"}, nil, true},
		{"chat criterion, phone hotline", []string{"chat"}, []string{"phone"}, false},
		{"chat criterion, phone and chat hotline", []string{"chat"}, []string{"phone", "chat"}, true},
		{"chat or sms, sms hotline", []string{"chat", "sms"}, []string{"sms"}, true},
		{"email and web, phone and sms", []string{"email", "web"}, []string{"phone", "sms"}, false},
		{"phone criterion, no channels", []string{"phone"}, nil, false},
	}
	for _, tt := range tests {
		c := Criterion{Code: "X-01", Channels: tt.criteria}
		if got := c.AppliesTo(tt.hotline); got != tt.want {
			t.Errorf("%s: AppliesTo(%v) = %v, want %v", tt.name, tt.hotline, got, tt.want)
		}
	}
}

func TestAppliesToDefault(t *testing.T) {
	t.Parallel()
	f := mustDefault(t)
	phoneOnly, everything := 0, 0
	for _, c := range f.Criteria() {
		if c.AppliesTo([]string{ChannelPhone}) {
			phoneOnly++
		}
		if c.AppliesTo(HotlineChannels()) {
			everything++
		}
	}
	if everything != 50 {
		t.Errorf("criteria applying to a hotline with every channel = %d, want 50", everything)
	}
	// 50 minus the 17 criteria limited to chat, sms, email or web.
	if phoneOnly != 33 {
		t.Errorf("criteria applying to a phone-only hotline = %d, want 33", phoneOnly)
	}
}

func TestCriterionAndLevel(t *testing.T) {
	t.Parallel()
	f := mustDefault(t)
	c, ok := f.Criterion("CHT-05")
	if !ok || !c.Critical || !slices.Equal(c.Channels, []string{"chat", "sms", "email"}) {
		t.Errorf("Criterion(CHT-05) = %+v, %v", c, ok)
	}
	if _, ok := f.Criterion("CHT-99"); ok {
		t.Error("Criterion(CHT-99) found a criterion")
	}
	l, ok := f.Level(3)
	if !ok || l.Label["en"] != "Met" {
		t.Errorf("Level(3) = %+v, %v", l, ok)
	}
	if _, ok := f.Level(5); ok {
		t.Error("Level(5) found a level")
	}
	all := f.Criteria()
	if all[0].Code != "LEG-01" || all[len(all)-1].Code != "AWR-01" {
		t.Errorf("Criteria() order: first %s, last %s", all[0].Code, all[len(all)-1].Code)
	}
}

func TestHotlineChannels(t *testing.T) {
	t.Parallel()
	chs := HotlineChannels()
	chs[0] = "changed"
	if HotlineChannels()[0] != ChannelPhone {
		t.Error("HotlineChannels returned a shared slice")
	}
	if IsHotlineChannel(ChannelAll) || !IsHotlineChannel(ChannelSMS) || IsHotlineChannel("fax") {
		t.Error("IsHotlineChannel gives wrong answers")
	}
}

func mustDefault(t *testing.T) *Framework {
	t.Helper()
	f, err := Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	return f
}
