package assessments

import "strings"

// DiffPart is a run of words that is unchanged, added or removed between
// two versions of an answer.
type DiffPart struct {
	Kind string // same, added, removed
	Text string
}

// maxDiffCells bounds the word-by-word comparison; longer texts are shown
// as wholly replaced rather than slowing a page.
const maxDiffCells = 4_000_000

// WordDiff compares two texts word by word (longest common subsequence),
// so reviewers see what changed in an answer since the round before.
func WordDiff(before, after string) []DiffPart {
	a, b := strings.Fields(before), strings.Fields(after)
	if len(a)*len(b) > maxDiffCells {
		return mergeParts([]DiffPart{{"removed", before}, {"added", after}})
	}
	lcs := make([][]int32, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int32, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var parts []DiffPart
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			parts = append(parts, DiffPart{"same", a[i]})
			i, j = i+1, j+1
		case j < len(b) && (i == len(a) || lcs[i][j+1] >= lcs[i+1][j]):
			parts = append(parts, DiffPart{"added", b[j]})
			j++
		default:
			parts = append(parts, DiffPart{"removed", a[i]})
			i++
		}
	}
	return mergeParts(parts)
}

// mergeParts joins neighbouring words of the same kind.
func mergeParts(parts []DiffPart) []DiffPart {
	var out []DiffPart
	for _, p := range parts {
		if p.Text == "" {
			continue
		}
		if n := len(out); n > 0 && out[n-1].Kind == p.Kind {
			out[n-1].Text += " " + p.Text
			continue
		}
		out = append(out, p)
	}
	return out
}
