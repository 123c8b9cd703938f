package servertest

import (
	"context"
	"fmt"

	"hotlineportal/assessments"
	"hotlineportal/models"
)

// Decided is one hotline SeedDecidedHotlines decided: its ID, its decided
// assessment and the App.Users key of its manager.
type Decided struct {
	Hotline, Assessment, Manager string
}

// decidedNames are name patterns in the network's scripts for the
// decided hotlines.
var decidedNames = []struct{ name, country, language string }{
	{"Linia 116 000 – Oddział nr %d", "PL", "pl"},
	{"Γραμμή 116 000 – Κόμβος %d", "GR", "el"},
	{"Телефон 116 000 „Дете“ – клон %d", "BG", "bg"},
	{"Numero 116 000 – Sede n. %d", "IT", "it"},
}

// SeedDecidedHotlines adds n hotlines, each with a manager and one
// assessment on the current framework answered, scored by Reviewer1 alone
// (every criterion score(i) for the i-th hotline, 0-4) and decided
// (accredited), so that benchmark tests can put as many peers as they need
// on either side of the k rule.
func (a *App) SeedDecidedHotlines(n int, score func(i int) int) []Decided {
	a.T.Helper()
	s := &seeder{a: a, ctx: context.Background(), sec: a.actor(Secretariat)}
	out := make([]Decided, 0, n)
	for i := 0; i < n; i++ {
		id := models.NewID()
		tag := id[len(id)-8:]
		nm := decidedNames[i%len(decidedNames)]
		h := s.hotline(assessments.HotlineInput{Name: fmt.Sprintf(nm.name, i+1) + " " + tag, Country: nm.country, Channels: []string{"phone", "web"}, Languages: []string{nm.language}})
		key := "manager:decided:" + tag
		s.user(key, assessments.UserInput{Email: "decided." + tag + "@test.example", Name: fmt.Sprintf("Zofia Żurawska-Ωρα %d", i+1), Role: "manager", HotlineID: h.ID, Country: nm.country})
		st := &States{Assessments: map[string]string{}, Hotlines: map[string]string{"d": h.ID}, Managers: map[string]string{"d": key}}
		id, q := s.submitted(st, "d")
		s.assign(id, Reviewer1)
		s.score(Reviewer1, id, q, score(i), nil, 0)
		s.review(Reviewer1, id, models.RecommendAccredit)
		_, _, err := a.Svc.Decide(s.ctx, s.sec, id, assessments.DecisionInput{Outcome: models.OutcomeAccredited, Rationale: fmt.Sprintf("Decided for the benchmark (%d).", i+1)})
		s.must(err, "decide seeded hotline")
		out = append(out, Decided{Hotline: h.ID, Assessment: id, Manager: key})
	}
	return out
}
