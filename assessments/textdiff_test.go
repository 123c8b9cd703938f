package assessments

import (
	"reflect"
	"testing"
)

func TestWordDiff(t *testing.T) {
	cases := []struct {
		before, after string
		want          []DiffPart
	}{
		{"", "", nil},
		{"same text", "same text", []DiffPart{{"same", "same text"}}},
		{"", "new answer", []DiffPart{{"added", "new answer"}}},
		{"we answer calls", "we answer calls and chats", []DiffPart{{"same", "we answer calls"}, {"added", "and chats"}}},
		{"board meets monthly", "board meets quarterly", []DiffPart{{"same", "board meets"}, {"added", "quarterly"}, {"removed", "monthly"}}},
		{"Η ΕΕΤΤ αποφάσισε", "Η ΕΕΤΤ δεν αποφάσισε", []DiffPart{{"same", "Η ΕΕΤΤ"}, {"added", "δεν"}, {"same", "αποφάσισε"}}},
	}
	for _, tc := range cases {
		if got := WordDiff(tc.before, tc.after); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("WordDiff(%q, %q) = %v, want %v", tc.before, tc.after, got, tc.want)
		}
	}
}
