package assessments

import (
	"encoding/json"
	"testing"
	"unicode/utf8"

	"hotlineportal/assessments/messages"
	"hotlineportal/models"
)

// FuzzAnswerInput decodes answer saves as the API receives them: nothing
// panics, and whatever passes the checks is a valid answer.
func FuzzAnswerInput(f *testing.F) {
	for _, seed := range []string{
		`{"level":"met","narrative":"Η ΕΕΤΤ μας ανέθεσε τον αριθμό.","version":0}`,
		`{"level":"not_applicable","narrative":"","version":3}`,
		`{"level":"excellent","narrative":"x","version":1}`,
		`{"level":null,"narrative":"draft text","version":2}`,
		`{"level":"met","version":-1}`,
		`{"narrative":"\u0000\ud800"}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var in AnswerInput
		if json.Unmarshal(data, &in) != nil {
			return
		}
		if err := in.check(messages.MustLoad()); err != nil {
			return
		}
		if in.Level != nil {
			ok := false
			for _, l := range models.Levels {
				ok = ok || *in.Level == l
			}
			if !ok {
				t.Fatalf("accepted level %q", *in.Level)
			}
			if *in.Level == models.LevelNotApplicable && len(in.Narrative) == 0 {
				t.Fatal("accepted N/A without justification")
			}
		}
		if in.Version < 0 || !utf8.ValidString(in.Narrative) || utf8.RuneCountInString(in.Narrative) > MaxNarrative {
			t.Fatalf("accepted %+v", in)
		}
	})
}

// FuzzScoreInput does the same for reviewers' scores.
func FuzzScoreInput(f *testing.F) {
	for _, seed := range []string{
		`{"score":3,"comment":""}`,
		`{"score":2,"comment":"Missing SOP"}`,
		`{"score":null,"comment":"N/A"}`,
		`{"score":7,"comment":"x"}`,
		`{"score":-1,"comment":"x","version":2}`,
		`{"score":1.5}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var in ScoreInput
		if json.Unmarshal(data, &in) != nil {
			return
		}
		if err := in.check(); err != nil {
			return
		}
		if in.Score != nil && (*in.Score < 0 || *in.Score > 4) {
			t.Fatalf("accepted score %d", *in.Score)
		}
		if in.Score != nil && *in.Score < 3 && in.Comment == "" {
			t.Fatal("accepted a low score without comment")
		}
	})
}
