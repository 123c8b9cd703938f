package servertest

import (
	"bytes"

	"hotlineportal/assessments"
)

// seedAppeals adds two appeals (issue 16): one upheld against the
// accreditation, heard by Reviewer3 and ReviewerUnassigned, and one open
// against the refusal, with a file, the same panel and one view given.
func (s *seeder) seedAppeals(st *States) {
	st.Appeals = map[string]string{}
	panel := []string{s.a.Users[Reviewer3].ID, s.a.Users[ReviewerUnassigned].ID}
	id := s.appeal(st, StateAccredited, "Nuestra línea funciona las 24 horas; el criterio TEL-01 se cumple.", panel)
	for _, key := range []string{Reviewer3, ReviewerUnassigned} {
		s.must(s.a.Svc.RecordView(s.ctx, s.a.actor(key), id, assessments.AppealViewInput{View: "uphold", Rationale: "The dossier supports the decision."}), "appeal view")
	}
	_, _, err := s.a.Svc.DecideAppeal(s.ctx, s.sec, id, assessments.AppealDecisionInput{Outcome: "upheld", Rationale: "The panel found the decision sound."})
	s.must(err, "decide appeal")
	st.Appeals["upheld"] = id

	id = s.appeal(st, StateNotAccredited, "Kriterij LEG-02 je ispunjen: prilažemo rješenje ministarstva.", nil)
	f, err := s.a.Svc.AddAppealFile(s.ctx, s.a.actor(st.Managers[StateNotAccredited]), id, "rješenje ministarstva.pdf", bytes.NewReader(PDF))
	s.must(err, "appeal file")
	st.AppealFiles = append(st.AppealFiles, f.ID)
	_, err = s.a.Svc.FormPanel(s.ctx, s.sec, id, panel)
	s.must(err, "appeal panel")
	s.must(s.a.Svc.RecordView(s.ctx, s.a.actor(Reviewer3), id, assessments.AppealViewInput{View: "overturn", Rationale: "LEG-02 is met."}), "appeal view")
	st.Appeals["open"] = id
}

// appeal lodges the appeal of a state's hotline against its decision and,
// given a panel, forms it.
func (s *seeder) appeal(st *States, state, grounds string, panel []string) string {
	ap, err := s.a.Svc.LodgeAppeal(s.ctx, s.a.actor(st.Managers[state]), st.Assessments[state], grounds)
	s.must(err, "lodge appeal "+state)
	if panel != nil {
		_, err = s.a.Svc.FormPanel(s.ctx, s.sec, ap.ID, panel)
		s.must(err, "appeal panel "+state)
	}
	return ap.ID
}
