package assessments

import (
	"testing"

	"hotlineportal/assessments/credential"
)

// Places in a status list are drawn over the whole list, so the order of
// issue shows in nothing: a thousand draws are distinct (almost surely),
// in range, and reach both ends.
func TestRandomIndexSpreadsOverTheList(t *testing.T) {
	t.Parallel()
	seen := map[int]bool{}
	lo, hi := credential.StatusListSize, -1
	for range 1000 {
		i := randomIndex()
		if i < 0 || i >= credential.StatusListSize {
			t.Fatalf("index %d out of the list", i)
		}
		seen[i] = true
		lo, hi = min(lo, i), max(hi, i)
	}
	if len(seen) < 990 || lo > credential.StatusListSize/10 || hi < credential.StatusListSize*9/10 {
		t.Fatalf("%d distinct of 1000, from %d to %d", len(seen), lo, hi)
	}
}
