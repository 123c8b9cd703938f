package models

import "testing"

// Erasure replaces a name or an address only where it stands whole, never
// inside a longer word, in any script.
func TestReplaceWhole(t *testing.T) {
	for _, tc := range []struct{ text, old, want string }{
		{"Ana said so.", "Ana", "Reviewer 1 said so."},
		{"Analysis by Ana", "Ana", "Analysis by Reviewer 1"},
		{"Banana, Ana; Ana!", "Ana", "Banana, Reviewer 1; Reviewer 1!"},
		{"Ana2 and Ana", "Ana", "Ana2 and Reviewer 1"},
		{"Ελένη και Ελένης", "Ελένη", "Reviewer 1 και Ελένης"},
		{"mail ana@x.example.", "ana@x.example", "mail Reviewer 1."},
		{"nothing here", "Ana", "nothing here"},
		{"Ana", "Ana", "Reviewer 1"},
		{"", "Ana", ""},
	} {
		if got := ReplaceWhole(tc.text, tc.old, "Reviewer 1"); got != tc.want {
			t.Errorf("ReplaceWhole(%q, %q) = %q, want %q", tc.text, tc.old, got, tc.want)
		}
	}
}
