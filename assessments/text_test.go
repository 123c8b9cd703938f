package assessments

import "testing"

func TestSearchKey(t *testing.T) {
	cases := []struct{ a, b string }{
		{"ΧΑΜΌΓΕΛΟ", "Χαμόγελο"},
		{"χαμογελο", "Χαμόγελο"},
		{"ΣΠΑΒΟ", "σπαβο"},
		{"Παιδιού", "ΠΑΙΔΙΟΥ"},
		{"ς", "Σ"},
		{"ЦЕНТЪР НАДЯ", "Център Надя"},
		{"Dingusiu", "Dingusių"},
		{"ZAGINIONYCH  ludzi", "zaginionych ludzi"},
		{"Dispăruți", "DISPARUTI"},
		{"Straße", "STRASSE"},
	}
	for _, tc := range cases {
		if SearchKey(tc.a) != SearchKey(tc.b) {
			t.Errorf("SearchKey(%q)=%q differs from SearchKey(%q)=%q", tc.a, SearchKey(tc.a), tc.b, SearchKey(tc.b))
		}
	}
	if SearchKey("Χαμόγελο") == SearchKey("Χαμογέλα") {
		t.Error("different words share a key")
	}
}

func TestValidCountry(t *testing.T) {
	cases := map[string]bool{"GR": true, "BG": true, "UA": true, "GB": true, "gr": false, "XX": false, "UK": true, "GRC": false, "": false, "150": false}
	for code, want := range cases {
		if got := ValidCountry(code); got != want {
			t.Errorf("ValidCountry(%q) = %v, want %v", code, got, want)
		}
	}
}

func TestPageBounds(t *testing.T) {
	cases := []struct {
		p             Page
		limit, offset int
	}{
		{Page{}, 25, 0},
		{Page{Number: 3, Size: 10}, 10, 20},
		{Page{Number: -1, Size: 1000}, 100, 0},
	}
	for _, tc := range cases {
		if tc.p.Limit() != tc.limit || tc.p.Offset() != tc.offset {
			t.Errorf("%+v: limit %d offset %d", tc.p, tc.p.Limit(), tc.p.Offset())
		}
	}
}
