package assessments

import (
	"errors"
	"strings"
	"testing"
)

func TestPasswordPolicy(t *testing.T) {
	cases := []struct {
		name, password, wantKey string
	}{
		{"eleven characters", "abcdefghijk", "error.password.too_short"},
		{"twelve characters", "abcdefghijkq", ""},
		{"greek, twelve letters (24 bytes)", "αβγδεζηθικλμ", ""},
		{"no composition rules", "just lowercase words here", ""},
		{"128 characters", strings.Repeat("ab", 64), ""},
		{"129 characters", strings.Repeat("a", 129), "error.password.too_long"},
		{"common password", "qwertyuiopasdfgh", "error.password.common"},
		{"common password in capitals", "Password1234", "error.password.common"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckPasswordPolicy(tc.password, "password")
			var verr *ValidationError
			switch {
			case tc.wantKey == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.wantKey != "" && (!errors.As(err, &verr) || verr.Fields["password"].Key != tc.wantKey):
				t.Fatalf("got %v, want %s", err, tc.wantKey)
			}
		})
	}
}

func TestHashAndVerify(t *testing.T) {
	hash, err := HashPassword("Κνωσός και θάλασσα", DefaultArgon2)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("unexpected hash format %q", hash)
	}
	other, _ := HashPassword("Κνωσός και θάλασσα", DefaultArgon2)
	if other == hash {
		t.Fatal("two hashes of one password are equal: no salt")
	}
	cases := []struct {
		password, hash string
		want           bool
	}{
		{"Κνωσός και θάλασσα", hash, true},
		{"κνωσός και θάλασσα", hash, false},
		{"", hash, false},
		{"Κνωσός και θάλασσα", "$argon2id$broken", false},
		{"Κνωσός και θάλασσα", "", false},
	}
	for _, tc := range cases {
		if got := VerifyPassword(tc.password, tc.hash); got != tc.want {
			t.Errorf("VerifyPassword(%q, %.20q) = %v", tc.password, tc.hash, got)
		}
	}
}
