package models

import "testing"

func TestEscapeLike(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"plain", "χαμογελο", "χαμογελο"},
		{"percent", "100%", `100\%`},
		{"underscore", "a_b", `a\_b`},
		{"backslash", `a\b`, `a\\b`},
		{"all at once", `\%_`, `\\\%\_`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := escapeLike(tc.in); got != tc.want {
				t.Errorf("escapeLike(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
