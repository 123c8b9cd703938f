package servertest

import (
	"context"
	"fmt"

	"hotlineportal/assessments"
	"hotlineportal/models"
)

// ListsPageSize is the size of a page of every paged list.
const ListsPageSize = 25

// listNames are name patterns in the network's scripts for bulk hotlines.
var listNames = []struct{ name, country, language string }{
	{"Γραμμή 116 000 για εξαφανισμένα παιδιά – Περιφέρεια %d", "GR", "el"},
	{"Национална линия 116 000 „Надежда“ № %d", "BG", "bg"},
	{"Linka 116 000 – Ztracené děti, pobočka č. %d", "CZ", "cs"},
	{"Nacionalinė linija 116 000 – skyrius Nr. %d", "LT", "lt"},
	{"Служба 116 000 «Пошук» – відділення № %d", "UA", "uk"},
	{"Ligne 116 000 – Île-de-France, antenne n° %d", "FR", "fr"},
}

// Lists is what SeedFullLists added.
type Lists struct {
	// Hotlines are the bulk hotlines, ManagerLists' last.
	Hotlines []string
	// Assessment and Certificate are ManagerLists' last decided cycle
	// (a renewal of the one before) and its certificate.
	Assessment, Certificate string
}

// SeedFullLists adds enough rows to need a second page of every paged
// list: more than a page of hotlines (each with a manager and a draft),
// users, assessments, certificates and audit entries for the
// secretariat; and ManagerLists' hotline decided that many times (one
// reviewer, Reviewer1, each time), so that the manager's assessments,
// certificates and notifications and Reviewer1's assessments fill more
// than a page too.
func (a *App) SeedFullLists() *Lists {
	a.T.Helper()
	s := &seeder{a: a, ctx: context.Background(), sec: a.actor(Secretariat)}
	out := &Lists{}
	for i := 0; i <= ListsPageSize; i++ {
		n := listNames[i%len(listNames)]
		h := s.hotline(assessments.HotlineInput{Name: fmt.Sprintf(n.name, i+1), Country: n.country, Channels: []string{"phone"}, Languages: []string{n.language}})
		key := fmt.Sprintf("manager:list:%d", i)
		s.user(key, assessments.UserInput{Email: fmt.Sprintf("list.manager.%d@test.example", i), Name: fmt.Sprintf("Łucja Żółć-Ωμέγα %d", i), Role: "manager", HotlineID: h.ID, Country: n.country})
		_, err := a.Svc.StartAssessment(s.ctx, a.actor(key), h.ID)
		s.must(err, "bulk draft")
		out.Hotlines = append(out.Hotlines, h.ID)
	}
	h := s.hotline(assessments.HotlineInput{Name: "Linha SOS Criança Desaparecida – Açores", Country: "IT", Channels: []string{"phone"}, Languages: []string{"pt", "it"}})
	s.user(ManagerLists, assessments.UserInput{Email: "joao.conceicao@test.example", Name: "João Conceição", Role: "manager", HotlineID: h.ID, Country: "IT"})
	st := &States{Assessments: map[string]string{}, Hotlines: map[string]string{"lists": h.ID}, Managers: map[string]string{"lists": ManagerLists}}
	for i := 0; i <= ListsPageSize; i++ {
		id := s.start(st, "lists")
		q := s.answerAll(ManagerLists, id)
		_, err := a.Svc.Submit(s.ctx, a.actor(ManagerLists), id)
		s.must(err, "bulk submit")
		s.assign(id, Reviewer1)
		s.score(Reviewer1, id, q, 4, nil, 0)
		s.review(Reviewer1, id, models.RecommendAccredit)
		_, cert, err := a.Svc.Decide(s.ctx, s.sec, id, assessments.DecisionInput{Outcome: models.OutcomeAccredited, Rationale: fmt.Sprintf("Cycle %d: every criterion met.", i+1)})
		s.must(err, "bulk decide")
		out.Assessment, out.Certificate = id, cert.Number
	}
	out.Hotlines = append(out.Hotlines, h.ID)
	return out
}
