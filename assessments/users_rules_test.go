package assessments

import (
	"sort"
	"strings"
	"testing"
)

// userFieldKeys lists a validation error's fields as "field=key", sorted.
func userFieldKeys(v *ValidationError) []string {
	var out []string
	for f, m := range v.Fields {
		out = append(out, f+"="+m.Key)
	}
	sort.Strings(out)
	return out
}

func TestCheckUserFields(t *testing.T) {
	const hotline = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"
	supported := func(lang string) bool { return lang == "en" || lang == "fr" }
	valid := func(role string) UserInput {
		return UserInput{Email: "someone@example.org", Name: "Some One", Role: role, Country: "GR"}
	}
	with := func(in UserInput, change func(*UserInput)) UserInput { change(&in); return in }
	cases := []struct {
		name string
		in   UserInput
		want []string
	}{
		{"secretariat", valid("secretariat"), nil},
		{"reviewer", valid("reviewer"), nil},
		{"manager with a hotline", with(valid("manager"), func(in *UserInput) { in.HotlineID = hotline }), nil},
		{"manager without a hotline", valid("manager"), []string{"hotline_id=error.manager_needs_hotline"}},
		{"reviewer with a hotline", with(valid("reviewer"), func(in *UserInput) { in.HotlineID = hotline }), []string{"hotline_id=error.hotline_only_managers"}},
		{"secretariat with a hotline", with(valid("secretariat"), func(in *UserInput) { in.HotlineID = hotline }), []string{"hotline_id=error.hotline_only_managers"}},
		{"reviewer without a country", with(valid("reviewer"), func(in *UserInput) { in.Country = "" }), []string{"country=error.reviewer_needs_country"}},
		{"secretariat without a country", with(valid("secretariat"), func(in *UserInput) { in.Country = "" }), nil},
		{"unknown country", with(valid("secretariat"), func(in *UserInput) { in.Country = "XX" }), []string{"country=error.country"}},
		{"unsupported interface language", with(valid("secretariat"), func(in *UserInput) { in.Language = "el" }), []string{"language=error.choose_one"}},
		{"supported interface language", with(valid("secretariat"), func(in *UserInput) { in.Language = "fr" }), nil},
		{"reviewer's languages", with(valid("reviewer"), func(in *UserInput) { in.Languages = []string{"el", "pt-br"} }), nil},
		{"a language that is no code", with(valid("reviewer"), func(in *UserInput) { in.Languages = []string{"greek!"} }), []string{"languages=error.language_code"}},
		{"unknown role", valid("admin"), []string{"role=error.choose_one"}},
		{"nothing given", UserInput{}, []string{"email=error.required", "name=error.required", "role=error.required"}},
		{"not an address", with(valid("secretariat"), func(in *UserInput) { in.Email = "someone" }), []string{"email=error.email"}},
		{"name too long", with(valid("secretariat"), func(in *UserInput) { in.Name = strings.Repeat("a", 201) }), []string{"name=error.too_long"}},
		{"expertise too long", with(valid("reviewer"), func(in *UserInput) { in.Expertise = strings.Repeat("a", 501) }), []string{"expertise=error.too_long"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := userFieldKeys(checkUserFields(&tc.in, supported))
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("fields %v, want %v", got, tc.want)
			}
		})
	}
}

func TestUserInputNormalise(t *testing.T) {
	in := UserInput{Email: "  Someone@Example.ORG ", Name: " Ελένη ", Role: " manager ", HotlineID: " x ", Country: " gr ",
		Languages: []string{" EL", "el", "", "En "}, Expertise: " cases "}
	in.normalise()
	want := UserInput{Email: "someone@example.org", Name: "Ελένη", Role: "manager", HotlineID: "x", Country: "GR",
		Languages: []string{"el", "en"}, Expertise: "cases"}
	if strings.Join(in.Languages, ",") != strings.Join(want.Languages, ",") {
		t.Errorf("languages %v, want %v", in.Languages, want.Languages)
	}
	if !equalUserInput(in, want) {
		t.Errorf("normalised %+v, want %+v", in, want)
	}
}

func equalUserInput(a, b UserInput) bool {
	return a.Email == b.Email && a.Name == b.Name && a.Role == b.Role && a.HotlineID == b.HotlineID &&
		a.Country == b.Country && a.Language == b.Language && a.Expertise == b.Expertise
}
