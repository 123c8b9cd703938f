package assessments

import (
	"sort"
	"strings"
	"testing"

	"hotlineportal/models"
)

func TestHotlineInputCheck(t *testing.T) {
	valid := func() HotlineInput {
		return HotlineInput{Name: "Το Χαμόγελο του Παιδιού", Country: "GR", Channels: []string{"phone", "chat"},
			Languages: []string{"el", "en"}, WebsiteURL: "https://www.hamogelo.gr", ChatURL: "http://chat.example.org/x"}
	}
	with := func(change func(*HotlineInput)) HotlineInput { in := valid(); change(&in); return in }
	cases := []struct {
		name string
		in   HotlineInput
		want []string
	}{
		{"valid", valid(), nil},
		{"no channels, no languages, no addresses", HotlineInput{Name: "X", Country: "BG"}, nil},
		{"no name", with(func(in *HotlineInput) { in.Name = "" }), []string{"name=error.required"}},
		{"no country", with(func(in *HotlineInput) { in.Country = "" }), []string{"country=error.required"}},
		{"unknown country", with(func(in *HotlineInput) { in.Country = "XX" }), []string{"country=error.country"}},
		{"lower-case country (normalise first)", with(func(in *HotlineInput) { in.Country = "gr" }), []string{"country=error.country"}},
		{"unknown channel", with(func(in *HotlineInput) { in.Channels = []string{"phone", "fax"} }), []string{"channels=error.channel"}},
		{"bad language code", with(func(in *HotlineInput) { in.Languages = []string{"xx-!"} }), []string{"languages=error.language_code"}},
		{"website not a web address", with(func(in *HotlineInput) { in.WebsiteURL = "ftp://example.org" }), []string{"website_url=error.url"}},
		{"chat address without host", with(func(in *HotlineInput) { in.ChatURL = "https://" }), []string{"chat_url=error.url"}},
		{"name too long", with(func(in *HotlineInput) { in.Name = strings.Repeat("Χ", 201) }), []string{"name=error.too_long"}},
		{"opening hours too long", with(func(in *HotlineInput) { in.OpeningHours = strings.Repeat("x", 501) }), []string{"opening_hours=error.too_long"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			var verr *ValidationError
			if err := tc.in.check(); err != nil {
				verr = err.(*ValidationError)
				for f, m := range verr.Fields {
					got = append(got, f+"="+m.Key)
				}
			}
			sort.Strings(got)
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("fields %v, want %v", got, tc.want)
			}
		})
	}
}

func TestHotlineInputNormalise(t *testing.T) {
	in := HotlineInput{Name: "  Ztracené dítě ", Country: " cz", Channels: []string{" Phone", "phone", "WEB"}, Languages: []string{"CS "}, WebsiteURL: " https://x.example "}
	in.normalise()
	if in.Name != "Ztracené dítě" || in.Country != "CZ" || strings.Join(in.Channels, ",") != "phone,web" ||
		strings.Join(in.Languages, ",") != "cs" || in.WebsiteURL != "https://x.example" {
		t.Errorf("normalised %+v", in)
	}
}

// hotlineActor is an actor of a role, managing hotline when one is given.
func hotlineActor(role models.Role, hotline string) Actor {
	u := &models.User{ID: "user-" + string(role), Role: role}
	if hotline != "" {
		u.HotlineID = &hotline
	}
	return Actor{User: u}
}

func TestHotlineScopeOf(t *testing.T) {
	cases := []struct {
		name  string
		actor Actor
		want  models.Scope
	}{
		{"secretariat sees every hotline", hotlineActor(models.RoleSecretariat, ""), models.Scope{All: true}},
		{"manager sees their own", hotlineActor(models.RoleManager, "h1"), models.Scope{HotlineID: "h1"}},
		{"manager without a hotline sees none", hotlineActor(models.RoleManager, ""), models.NoScope},
		{"reviewer sees none", hotlineActor(models.RoleReviewer, ""), models.NoScope},
		{"anonymous sees none", Actor{}, models.NoScope},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := hotlineScopeOf(tc.actor); got != tc.want {
				t.Errorf("scope %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestKeepIdentityFor(t *testing.T) {
	h := &models.Hotline{Name: "Old", EnglishName: "Old EN", Country: "GR"}
	cases := []struct {
		name     string
		actor    Actor
		wantName string
	}{
		{"manager cannot rename", hotlineActor(models.RoleManager, "h1"), "Old"},
		{"secretariat can rename", hotlineActor(models.RoleSecretariat, ""), "New"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := HotlineInput{Name: "New", EnglishName: "New EN", Country: "BG", OpeningHours: "24/7"}
			keepIdentityFor(tc.actor, h, &in)
			if in.Name != tc.wantName || (tc.wantName == "Old") != (in.Country == "GR" && in.EnglishName == "Old EN") {
				t.Errorf("input after: %+v", in)
			}
			if in.OpeningHours != "24/7" {
				t.Error("the profile fields were touched")
			}
		})
	}
}
