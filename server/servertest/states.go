package servertest

import (
	"bytes"
	"context"
	"strings"
	"time"

	"hotlineportal/assessments"
	"hotlineportal/assessments/framework"
	"hotlineportal/models"
)

// The assessment states SeedEveryState builds, one hotline each (the
// expired certificate's hotline also holds the renewal).
const (
	StateDraftEmpty       = "draft-empty"
	StateDraftPartial     = "draft-partial"
	StateSubmitted        = "submitted"
	StateInReview         = "in-review"
	StateChangesRequested = "changes-requested"
	StateResubmitted      = "resubmitted"
	StateReviewed         = "reviewed"
	StateAccredited       = "accredited"
	StateWithConditions   = "accredited-with-conditions"
	StateNotAccredited    = "not-accredited"
	StateSuspended        = "certificate-suspended"
	StateRevoked          = "certificate-revoked"
	StateExpired          = "certificate-expired"
	StateRenewal          = "renewal"
)

// More fixture user keys, made by SeedEveryState.
const (
	Reviewer3          = "reviewer3"          // declined an assignment
	ReviewerUnassigned = "reviewerUnassigned" // no assignment, a declared conflict
	DisabledUser       = "disabledUser"       // a disabled reviewer
	InvitedUser        = "invitedUser"        // invited, no password yet (cannot sign in)
	ManagerLists       = "managerLists"       // manages the hotline of SeedFullLists' cycles
	ErasedUser         = "erasedUser"         // a reviewer the secretariat erased (issue 16)
)

// States is what SeedEveryState built: the identifiers of the data in each
// state, for tests that render every page in every state.
type States struct {
	// Assessments maps each State* constant to an assessment ID.
	Assessments map[string]string
	// Hotlines maps each State* constant to its hotline's ID, and
	// "disabled" to a disabled hotline.
	Hotlines map[string]string
	// Managers maps each State* constant to the user key (in App.Users)
	// of the manager of its hotline.
	Managers map[string]string
	// Certificates maps a status (valid, suspended, revoked, expired,
	// and "conditions" for a valid one with conditions) to its number.
	Certificates map[string]string
	// Conditions maps open, overdue, submitted and accepted to the ID of
	// a condition of the accreditation with conditions.
	Conditions map[string]string
	// Evidence maps "file" and "link" to evidence of the partly answered
	// draft, and "carried" to a file carried over into the renewal.
	Evidence map[string]string
	// Frameworks maps "published" and "draft" (imported, not published).
	Frameworks map[string]string
	// Appeals maps "upheld" and "open" (heard by a panel) to appeals;
	// AppealFiles lists files attached to them.
	Appeals     map[string]string
	AppealFiles []string
	// InvitationToken is the one-time password link token of InvitedUser.
	InvitationToken string
	// DataRequest is the ID of an open correction request (issue 16).
	DataRequest string
	// Codes are criteria whose pages show a distinct state somewhere in
	// the seed (evidence, not applicable, reopened, disagreement,
	// conditions); Sections are the sections holding them.
	Codes, Sections []string
}

// stateHotlines are the hotlines (each named in its own script) and
// managers of the states, beyond the fixtures' A and B.
var stateHotlines = []struct {
	state   string
	hotline assessments.HotlineInput
	manager assessments.UserInput
}{
	{StateDraftEmpty, assessments.HotlineInput{Name: "Centrul Român pentru Copii Dispăruți și Exploatați Sexual – FOCUS", EnglishName: "FOCUS", Country: "RO", Channels: []string{"phone", "web"}, Languages: []string{"ro", "en"}},
		assessments.UserInput{Email: "stefan.radulescu@test.example", Name: "Ștefan Rădulescu", Country: "RO", Language: "en"}},
	{StateSubmitted, assessments.HotlineInput{Name: "Kék Vonal – Eltűnt Gyerekek Segélyvonala", EnglishName: "Blue Line", Country: "HU", Channels: []string{"phone", "chat", "web"}, Languages: []string{"hu"}},
		assessments.UserInput{Email: "zoltan.kovacs@test.example", Name: "Zoltán Kovács-Szőke", Country: "HU", Language: "de"}},
	{StateInReview, assessments.HotlineInput{Name: "ГО «Магнолія» – «Служба розшуку дітей»", EnglishName: "NGO Magnolia", Country: "UA", Channels: []string{"phone", "web"}, Languages: []string{"uk", "en"}},
		assessments.UserInput{Email: "olena.kovalenko@test.example", Name: "Олена Коваленко", Country: "UA", Language: "en"}},
	{StateResubmitted, assessments.HotlineInput{Name: "Fundacja ITAKA – Centrum Poszukiwań Ludzi Zaginionych", EnglishName: "ITAKA", Country: "PL", Channels: []string{"phone", "chat", "email", "web"}, Languages: []string{"pl", "en"}},
		assessments.UserInput{Email: "katarzyna.wisniewska@test.example", Name: "Katarzyna Wiśniewska", Country: "PL", Language: "pl"}},
	{StateReviewed, assessments.HotlineInput{Name: "Ztracené dítě", EnglishName: "Lost Child", Country: "CZ", Channels: []string{"phone", "web"}, Languages: []string{"cs"}},
		assessments.UserInput{Email: "jiri.dvorak@test.example", Name: "Jiří Dvořák", Country: "CZ", Language: "en"}},
	{StateAccredited, assessments.HotlineInput{Name: "Fundación ANAR – Teléfono/Chat ANAR 116 000", EnglishName: "ANAR Foundation", Country: "ES", Channels: []string{"phone", "chat", "web"}, Languages: []string{"es", "en"}},
		assessments.UserInput{Email: "inigo.munoz@test.example", Name: "Íñigo Muñoz Güell", Country: "ES", Language: "es"}},
	{StateWithConditions, assessments.HotlineInput{Name: "Droit d'Enfance – 116 000 Enfants Disparus", EnglishName: "Droit d'Enfance", Country: "FR", Channels: []string{"phone", "email", "web"}, Languages: []string{"fr", "en"}},
		assessments.UserInput{Email: "anais.lefevre@test.example", Name: "Anaïs Lefèvre", Country: "FR", Language: "fr"}},
	{StateNotAccredited, assessments.HotlineInput{Name: "Centar za nestalu i zlostavljanu djecu", EnglishName: "Centre for Missing and Abused Children", Country: "HR", Channels: []string{"phone", "web"}, Languages: []string{"hr"}},
		assessments.UserInput{Email: "durda.simic@test.example", Name: "Đurđa Šimić", Country: "HR", Language: "en"}},
	{StateSuspended, assessments.HotlineInput{Name: "Initiative Vermisste Kinder", EnglishName: "Missing Children Initiative", Country: "DE", Channels: []string{"phone", "web"}, Languages: []string{"de"}},
		assessments.UserInput{Email: "juergen.gross@test.example", Name: "Jürgen Groß", Country: "DE", Language: "de"}},
	{StateRevoked, assessments.HotlineInput{Name: "«Hope For Children» CRC Policy Center & ΣΠΑΒΟ", EnglishName: "HFC & SPAVO", Country: "CY", Channels: []string{"phone", "email", "web"}, Languages: []string{"el", "en"}},
		assessments.UserInput{Email: "andreas.georgiou@test.example", Name: "Ανδρέας Γεωργίου", Country: "CY", Language: "el"}},
	{StateExpired, assessments.HotlineInput{Name: "Fondation Child Focus – Œuvre pour enfants disparus", EnglishName: "Child Focus", Country: "BE", Channels: []string{"phone", "chat", "email", "web"}, Languages: []string{"fr", "nl", "de"}},
		assessments.UserInput{Email: "zoe.vandenbroucke@test.example", Name: "Zoë Vandenbroucke", Country: "BE", Language: "it"}},
}

// SeedEveryState fills the app, through the domain service, with data in
// every state it can be in: an assessment in each workflow state (two
// drafts, one empty and one partly answered with evidence files and
// links; submitted; in review with one reviewer who declined, one who
// accepted and scored, one still to answer; changes requested; a
// resubmitted round; reviewed with a disagreement after a reconciliation;
// decided with each outcome), a renewal carrying answers over,
// certificates valid, suspended, revoked and expired, conditions open,
// overdue, submitted and accepted, notifications read and unread (the
// secretariat, Reviewer1 and the suspended hotline's manager have both), a
// disabled user and hotline, an invited user without a password, a
// reviewer's declared conflict and a framework imported but not published.
// The app's clock is moved forward on the way (for the expired certificate
// and the overdue condition).
func (a *App) SeedEveryState() *States {
	a.T.Helper()
	s := &seeder{a: a, ctx: context.Background(), sec: a.actor(Secretariat)}
	st := &States{
		Assessments: map[string]string{}, Hotlines: map[string]string{}, Managers: map[string]string{},
		Certificates: map[string]string{}, Conditions: map[string]string{}, Evidence: map[string]string{}, Frameworks: map[string]string{},
	}
	st.Hotlines[StateDraftPartial], st.Managers[StateDraftPartial] = a.HotlineA.ID, ManagerA
	st.Hotlines[StateChangesRequested], st.Managers[StateChangesRequested] = a.HotlineB.ID, ManagerB
	for _, h := range stateHotlines {
		hl := s.hotline(h.hotline)
		in := h.manager
		in.Role, in.HotlineID = string(models.RoleManager), hl.ID
		key := "manager:" + h.state
		s.user(key, in)
		st.Hotlines[h.state], st.Managers[h.state] = hl.ID, key
	}
	st.Hotlines[StateRenewal], st.Managers[StateRenewal] = st.Hotlines[StateExpired], st.Managers[StateExpired]
	s.user(Reviewer3, assessments.UserInput{Email: "asa.lindqvist@test.example", Name: "Åsa Lindqvist", Role: "reviewer", Country: "SE", Languages: []string{"sv", "en"}})
	s.user(ReviewerUnassigned, assessments.UserInput{Email: "miroslav.petrovic@test.example", Name: "Мирослав Петровић", Role: "reviewer", Country: "RS", Languages: []string{"sr", "en"}, Expertise: "Правна заштита деце"})
	s.user(DisabledUser, assessments.UserInput{Email: "giorgos.dimitriou@test.example", Name: "Γιώργος Δημητρίου", Role: "reviewer", Country: "GR"})
	s.must(a.Svc.SetUserDisabled(s.ctx, s.sec, a.Users[DisabledUser].ID, true), "disable user")
	_, err := a.Svc.DeclareConflict(s.ctx, a.actor(ReviewerUnassigned), a.Users[ReviewerUnassigned].ID, a.HotlineA.ID, "Worked for this hotline until 2024.")
	s.must(err, "declare conflict")

	// Three years ago: the cycle whose certificate has expired since.
	id := s.decidedCycle(st, StateExpired, 4, nil, assessments.DecisionInput{Outcome: models.OutcomeAccredited, Rationale: "Every criterion met."})
	st.Certificates[models.CertExpired] = s.certificateOf(id)
	a.Clock.Advance(3*365*24*time.Hour + 30*24*time.Hour)

	// A few days ago: an accreditation with conditions, one due since.
	soon := a.Clock.Now().Add(24 * time.Hour).Format("2006-01-02")
	later := a.Clock.Now().AddDate(0, 6, 0).Format("2006-01-02")
	id = s.decidedCycle(st, StateWithConditions, 3, map[string]int{"GOV-01": 2, "STF-01": 2}, assessments.DecisionInput{
		Outcome: models.OutcomeWithConditions, Rationale: "Governance documents to complete.",
		Conditions: []assessments.ConditionInput{
			{Text: "GOV-01 : publier les comptes annuels audités", Deadline: soon},
			{Text: "STF-01 : former toute l’équipe d’écoute", Deadline: later},
			{Text: "GOV-01 : adopter la charte de gouvernance", Deadline: later},
			{Text: "Open the e-mail channel at weekends", Deadline: later},
		},
	})
	st.Certificates["conditions"] = s.certificateOf(id)
	s.conditions(st, id)
	a.Clock.Advance(3 * 24 * time.Hour)
	// What came so far has been read; what comes next is unread.
	s.readAll(Secretariat, Reviewer1, Reviewer2, st.Managers[StateExpired], st.Managers[StateWithConditions])

	// Now.
	s.seedOpenStates(st)
	s.seedDecided(st)
	s.seedAppeals(st)
	s.seedRenewal(st)
	s.seedAccounts(st)
	s.seedFramework(st)
	s.seedPersonalData(st)
	s.seedEvidenceAccess(st)
	s.must(a.Svc.RequestClarification(s.ctx, a.actor(Reviewer1), st.Assessments[StateChangesRequested], assessments.ClarificationInput{
		Criteria: []string{"LEG-01", "TEL-01"}, Message: "Please attach the licence and describe the night rota.",
	}), "clarification")
	st.Codes = []string{"LEG-01", "LEG-02", "GOV-01", "TEL-01", "CHT-05"}
	st.Sections = []string{"LEG", "GOV", "TEL", "CHT"}
	return st
}

// conditions puts the decision's conditions in each state: the first is
// left open (and falls due), the second accepted, the third submitted.
func (s *seeder) conditions(st *States, id string) {
	conds, err := s.a.Svc.Conditions(s.ctx, s.sec, id)
	s.must(err, "conditions")
	if len(conds) != 4 {
		s.a.T.Fatalf("seed: %d conditions", len(conds))
	}
	mgr := s.a.actor(st.Managers[StateWithConditions])
	byText := map[string]string{}
	for _, c := range conds {
		byText[c.Text] = c.ID
	}
	st.Conditions["overdue"] = byText["GOV-01 : publier les comptes annuels audités"]
	st.Conditions["accepted"] = byText["STF-01 : former toute l’équipe d’écoute"]
	st.Conditions["submitted"] = byText["GOV-01 : adopter la charte de gouvernance"]
	st.Conditions["open"] = byText["Open the e-mail channel at weekends"]
	for _, c := range []string{"accepted", "submitted"} {
		_, err := s.a.Svc.SubmitConditionEvidence(s.ctx, mgr, st.Conditions[c], "Voir le procès-verbal du conseil du 3 mars.")
		s.must(err, "condition evidence")
	}
	_, err = s.a.Svc.AcceptCondition(s.ctx, s.sec, st.Conditions["accepted"])
	s.must(err, "accept condition")
}

// seedOpenStates builds the assessments not yet decided.
func (s *seeder) seedOpenStates(st *States) {
	a := s.a
	s.start(st, StateDraftEmpty)

	// A draft partly answered, with every kind of answer and evidence.
	id := s.start(st, StateDraftPartial)
	mgr := a.actor(ManagerA)
	levels := []struct{ code, level, narrative string }{
		{"LEG-01", models.LevelMet, "Άδεια από το Υπουργείο· βλ. συνημμένο.\n\nSecond paragraph with <b>markup</b> & symbols."},
		{"LEG-02", models.LevelPartiallyMet, "Μερικώς: the agreement is being renewed."},
		{"LEG-03", models.LevelNotMet, ""},
		{"CHT-05", models.LevelNotApplicable, "Chat is run by a partner; see their accreditation."},
		{"GOV-01", "", "Draft narrative without a level yet."},
	}
	for _, l := range levels {
		var level *string
		if l.level != "" {
			level = &l.level
		}
		_, err := a.Svc.SaveAnswer(s.ctx, mgr, id, l.code, assessments.AnswerInput{Level: level, Narrative: l.narrative})
		s.must(err, "partial answer "+l.code)
	}
	ev, err := a.Svc.AddEvidenceFile(s.ctx, mgr, id, "LEG-01", "Άδεια λειτουργίας – 2026.pdf", bytes.NewReader(PDF))
	s.must(err, "evidence file")
	st.Evidence["file"] = ev.ID
	ev, err = a.Svc.AddEvidenceLink(s.ctx, mgr, id, "LEG-01", "https://example.org/διαδικασίες", "Διαδικασίες")
	s.must(err, "evidence link")
	st.Evidence["link"] = ev.ID
	_, err = a.Svc.AddEvidenceLink(s.ctx, mgr, id, "LEG-02", "https://example.org/agreement", "")
	s.must(err, "evidence link")

	// Submission deadlines: the partly answered draft's has passed.
	_, err = a.Svc.SetDeadline(s.ctx, s.sec, id, ptrTime(a.Clock.Now().AddDate(0, 0, -1)))
	s.must(err, "deadline passed")
	_, err = a.Svc.SetDeadline(s.ctx, s.sec, st.Assessments[StateDraftEmpty], ptrTime(a.Clock.Now().AddDate(0, 0, 20)))
	s.must(err, "deadline ahead")

	s.submitted(st, StateSubmitted)

	// In review: one reviewer declined, one accepted and scored some
	// criteria, one has not answered yet.
	id, q := s.submitted(st, StateInReview)
	s.assign(id, Reviewer3)
	s.must(a.Svc.RespondToAssignment(s.ctx, a.actor(Reviewer3), id, false, "Je connais personnellement la directrice."), "decline")
	s.assign(id, Reviewer1, Reviewer2)
	s.must(a.Svc.RespondToAssignment(s.ctx, a.actor(Reviewer1), id, true, ""), "accept")
	s.score(Reviewer1, id, q, 3, map[string]int{"LEG-02": 1}, 6)
	// Reviewer2's review is late: its due date has passed.
	_, err = a.Svc.MoveReviewDue(s.ctx, s.sec, id, a.Users[Reviewer2].ID, a.Clock.Now().AddDate(0, 0, -2))
	s.must(err, "late review")

	// Changes requested (the request itself comes last, after the
	// notifications are marked read): hotline B, phone only.
	id, q = s.submitted(st, StateChangesRequested)
	s.assign(id, Reviewer1, Reviewer2)
	s.score(Reviewer2, id, q, 4, nil, 4)

	// Resubmitted: a clarification answered, now in its second round.
	id, q = s.submitted(st, StateResubmitted)
	s.assign(id, Reviewer1, Reviewer2)
	s.score(Reviewer2, id, q, 2, nil, 3)
	s.must(a.Svc.RequestClarification(s.ctx, s.sec, id, assessments.ClarificationInput{Criteria: []string{"LEG-01", "CHT-05"}, Message: "Proszę dołączyć aktualną licencję."}), "clarification")
	rmgr := a.actor(st.Managers[StateResubmitted])
	q, err = a.Svc.LoadQuestionnaire(s.ctx, rmgr, id)
	s.must(err, "reload")
	for _, code := range []string{"LEG-01", "CHT-05"} {
		it, _ := q.Item(code)
		level := models.LevelMet
		_, err := a.Svc.SaveAnswer(s.ctx, rmgr, id, code, assessments.AnswerInput{Level: &level, Narrative: "Zaktualizowano: licencja z 2026 r. w załączniku.", Version: it.Answer.Version})
		s.must(err, "clarified answer")
	}
	_, err = a.Svc.Submit(s.ctx, rmgr, id)
	s.must(err, "resubmit")

	// Reviewed with a disagreement, after a reconciliation round.
	id, q = s.submitted(st, StateReviewed)
	s.assign(id, Reviewer1, Reviewer2)
	s.score(Reviewer1, id, q, 3, nil, 0)
	s.score(Reviewer2, id, q, 3, map[string]int{"TEL-01": 1}, 0)
	s.review(Reviewer1, id, models.RecommendAccredit)
	s.review(Reviewer2, id, models.RecommendAccreditConditions)
	s.must(a.Svc.AskToReconcile(s.ctx, s.sec, id, "TEL-01", "Prosím sjednoťte hodnocení TEL-01."), "reconcile")
	s.review(Reviewer1, id, models.RecommendAccredit)
	s.review(Reviewer2, id, models.RecommendAccreditConditions)
	// Issue 16: its findings shared with the hotline, which replied once
	// (the window stays open: nothing decides this assessment).
	_, err = a.Svc.ShareFindings(s.ctx, s.sec, id)
	s.must(err, "share findings")
	_, err = a.Svc.Reply(s.ctx, a.actor(st.Managers[StateReviewed]), id, assessments.ReplyInput{Criterion: &q.Items()[0].Criterion.Code, Text: "Licence renouvelée en mai ; voir la pièce jointe."})
	s.must(err, "reply")
}

// seedDecided decides a cycle with each outcome and puts certificates in
// each status.
func (s *seeder) seedDecided(st *States) {
	id := s.decidedCycle(st, StateAccredited, 4, nil, assessments.DecisionInput{Outcome: models.OutcomeAccredited, Rationale: "Todos los criterios se cumplen."})
	st.Certificates[models.CertValid] = s.certificateOf(id)
	s.decidedCycle(st, StateNotAccredited, 3, map[string]int{"LEG-02": 1, "CAS-02": 0}, assessments.DecisionInput{Outcome: models.OutcomeNotAccredited, Rationale: "Kritični kriteriji nisu ispunjeni."})
	// Decided against the proposal (conditions), with the reason.
	id = s.decidedCycle(st, StateSuspended, 3, map[string]int{"GOV-01": 2}, assessments.DecisionInput{
		Outcome: models.OutcomeAccredited, Rationale: "Alle Kriterien im Wesentlichen erfüllt.", DepartureReason: "GOV-01 wurde inzwischen nachgewiesen.",
	})
	num := s.certificateOf(id)
	s.readAll(st.Managers[StateSuspended]) // the decision read, the suspension not
	until := s.a.Clock.Now().AddDate(0, 1, 0)
	_, err := s.a.Svc.Suspend(s.ctx, s.sec, num, "Die Leitung ist zwei Wochen lang nicht erreichbar.", &until)
	s.must(err, "suspend")
	st.Certificates[models.CertSuspended] = num
	id = s.decidedCycle(st, StateRevoked, 4, nil, assessments.DecisionInput{Outcome: models.OutcomeAccredited, Rationale: "Όλα τα κριτήρια πληρούνται."})
	num = s.certificateOf(id)
	_, err = s.a.Svc.Revoke(s.ctx, s.sec, num, "Η άδεια λειτουργίας του 116 000 ανακλήθηκε.")
	s.must(err, "revoke")
	st.Certificates[models.CertRevoked] = num
}

// seedRenewal starts a new cycle after the expired one: answers and
// evidence carried over, a few confirmed.
func (s *seeder) seedRenewal(st *States) {
	id := s.start(st, StateRenewal)
	mgr := s.a.actor(st.Managers[StateRenewal])
	q, err := s.a.Svc.LoadQuestionnaire(s.ctx, mgr, id)
	s.must(err, "renewal questionnaire")
	for _, code := range []string{"LEG-01", "LEG-02"} {
		it, _ := q.Item(code)
		_, err := s.a.Svc.SaveAnswer(s.ctx, mgr, id, code, assessments.AnswerInput{Level: it.Answer.Level, Narrative: it.Answer.Narrative + " Confirmé pour 2029.", Version: it.Answer.Version})
		s.must(err, "confirm carried answer")
	}
	if it, ok := q.Item("LEG-01"); ok && len(it.Evidence) > 0 {
		st.Evidence["carried"] = it.Evidence[0].ID
	}
}

// seedAccounts adds a disabled hotline with an invited manager who has
// not set a password.
func (s *seeder) seedAccounts(st *States) {
	h := s.hotline(assessments.HotlineInput{Name: "Центар за несталу и злостављану децу", EnglishName: "Centre for Missing and Abused Children", Country: "RS", Channels: []string{"phone"}, Languages: []string{"sr"}})
	st.Hotlines["disabled"] = h.ID
	u, err := s.a.Svc.CreateUser(s.ctx, s.sec, assessments.UserInput{Email: "milica.jovanovic@test.example", Name: "Милица Јовановић", Role: "manager", HotlineID: h.ID, Country: "RS"})
	s.must(err, "invite")
	s.a.Users[InvitedUser] = u
	s.must(s.a.Svc.SetHotlineDisabled(s.ctx, s.sec, h.ID, true), "disable hotline")
	if mails := s.a.Outbox(u.Email); len(mails) > 0 {
		st.InvitationToken = strings.TrimPrefix(LinkIn(mails[0].Body), "/password/set/")
	}
	if st.InvitationToken == "" {
		s.a.T.Fatal("seed: no invitation link")
	}
}

// seedPersonalData erases a reviewer and leaves a correction request
// open (issue 16).
func (s *seeder) seedPersonalData(st *States) {
	s.user(ErasedUser, assessments.UserInput{Email: "henrik.aalto@test.example", Name: "Henrik Aalto", Role: "reviewer", Country: "FI"})
	u, err := s.a.Svc.EraseUser(s.ctx, s.sec, s.a.Users[ErasedUser].ID, assessments.EraseInput{Reason: "Asked to be forgotten."})
	s.must(err, "erase user")
	s.a.Users[ErasedUser] = u
	r, err := s.a.Svc.RequestDataChange(s.ctx, s.a.actor(ReviewerUnassigned), assessments.DataRequestInput{Kind: "correction", Details: "My expertise is child protection law."})
	s.must(err, "data request")
	st.DataRequest = r.ID
}

// seedEvidenceAccess has the secretariat and the manager download the
// partly answered draft's file, for the evidence access log (issue 16).
func (s *seeder) seedEvidenceAccess(st *States) {
	for _, key := range []string{Secretariat, st.Managers[StateDraftPartial]} {
		_, f, err := s.a.Svc.OpenEvidence(s.ctx, s.a.actor(key), st.Evidence["file"])
		s.must(err, "download evidence")
		f.Close()
	}
}

// seedFramework imports a revised framework without publishing it.
func (s *seeder) seedFramework(st *States) {
	cur, _, err := s.a.Svc.CurrentFramework(s.ctx)
	s.must(err, "current framework")
	st.Frameworks["published"] = cur.ID
	revised := strings.Replace(string(framework.DefaultYAML()), "version: \""+cur.Version+"\"", "version: \"2099.1\"", 1)
	f, err := s.a.Svc.ImportFramework(s.ctx, s.sec, []byte(revised))
	s.must(err, "import framework")
	st.Frameworks["draft"] = f.ID
}

// readAll marks the users' notifications read.
func (s *seeder) readAll(keys ...string) {
	for _, key := range keys {
		s.must(s.a.Svc.MarkNotificationsRead(s.ctx, s.a.actor(key)), "mark notifications read")
	}
}

func ptrTime(t time.Time) *time.Time { return &t }
