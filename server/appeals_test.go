package server_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"hotlineportal/models"
	"hotlineportal/server/servertest"
)

// appealPortal is a portal with one hotline (Poland) accredited, its
// manager's key, the assessment and the certificate's number, and an
// eligible panel member (Reviewer2 did not review it).
func appealPortal(t *testing.T) (*servertest.App, servertest.Decided, string) {
	t.Helper()
	app := servertest.New(t)
	d := app.SeedDecidedHotlines(1, func(int) int { return 4 })[0]
	cert, err := app.Svc.CertificateForAssessment(context.Background(), servertest.SystemActor(), d.Assessment)
	if err != nil || cert == nil {
		t.Fatalf("certificate: %v %v", cert, err)
	}
	return app, d, cert.Number
}

// expect checks a response's status.
func expect(t *testing.T, r *servertest.Response, status int, what string) {
	t.Helper()
	if r.StatusCode != status {
		t.Fatalf("%s: %d, want %d\n%.400s", what, r.StatusCode, status, r.Body)
	}
}

// publicStatus is a certificate's status on the public API.
func publicStatus(t *testing.T, app *servertest.App, number string) string {
	t.Helper()
	var pub struct{ Status string }
	r := app.Client().Get("/api/v1/public/certificates/" + number)
	expect(t, r, 200, "public certificate")
	r.Decode(&pub)
	return pub.Status
}

// onRegister tells whether a certificate is on the public register.
func onRegister(t *testing.T, app *servertest.App, number string) bool {
	t.Helper()
	r := app.Client().Get("/api/v1/public/register")
	expect(t, r, 200, "register")
	return strings.Contains(r.Body, `"`+number+`"`)
}

// The whole appeal through the API: overturned to not accredited (the
// certificate revoked at once, off the register) and final; on a second
// hotline withdrawn, lodged again and overturned to an accreditation with
// conditions (a new certificate on the register). The hotline never sees
// who sits on the panel.
func TestAppealThroughTheAPI(t *testing.T) {
	t.Parallel()
	app, d, number := appealPortal(t)
	mgr, sec := app.APIClient(d.Manager), app.APIClient(servertest.Secretariat)
	member, reviewer1 := app.APIClient(servertest.Reviewer2), app.APIClient(servertest.Reviewer1)
	memberID := app.Users[servertest.Reviewer2].ID

	expect(t, mgr.JSON("POST", "/api/v1/assessments/"+d.Assessment+"/appeal", map[string]any{"grounds": " "}), 422, "no grounds")
	var lodged struct{ ID, Status string }
	r := mgr.JSON("POST", "/api/v1/assessments/"+d.Assessment+"/appeal", map[string]any{"grounds": "Our night rota meets TEL-01."})
	expect(t, r, 201, "lodge")
	r.Decode(&lodged)
	if lodged.Status != "lodged" || lodged.ID == "" {
		t.Fatalf("lodged: %+v", lodged)
	}
	expect(t, mgr.JSON("POST", "/api/v1/assessments/"+d.Assessment+"/appeal", map[string]any{"grounds": "Again."}), 409, "second open appeal")
	if r := sec.JSON("GET", "/api/v1/worklist", nil); !strings.Contains(r.Body, `"kind":"appeal","assessment_id":"`+d.Assessment) ||
		!strings.Contains(r.Body, `"appeal_id":"`+lodged.ID+`"`) {
		t.Fatalf("the open appeal is not on the work list: %.600s", r.Body)
	}
	base := "/api/v1/appeals/" + lodged.ID
	expect(t, mgr.Upload(base+"/evidence", nil, "rota.pdf", servertest.PDF), 201, "evidence")
	expect(t, sec.JSON("POST", base+"/panel", map[string]any{"user_ids": []string{app.Users[servertest.Reviewer1].ID}}), 409, "a reviewer of the assessment")
	expect(t, sec.JSON("POST", base+"/panel", map[string]any{"user_ids": []string{app.Users[d.Manager].ID}}), 422, "a manager")
	expect(t, sec.JSON("POST", base+"/panel", map[string]any{"user_ids": []string{memberID}}), 201, "panel")
	view := map[string]any{"view": "overturn", "rationale": "Critical criteria were scored too kindly."}
	expect(t, reviewer1.JSON("POST", base+"/views", view), 404, "view of a non-member")
	expect(t, sec.JSON("POST", base+"/views", view), 404, "view of the secretariat")
	expect(t, member.JSON("POST", base+"/views", map[string]any{"view": "overturn"}), 422, "view without rationale")
	expect(t, member.JSON("POST", base+"/views", view), 201, "view")
	expect(t, reviewer1.JSON("GET", base, nil), 404, "a non-member reads the appeal")

	r = mgr.JSON("GET", base, nil)
	expect(t, r, 200, "the manager reads the appeal")
	u := app.Users[servertest.Reviewer2]
	for _, secret := range []string{u.Name, u.Email, u.ID} {
		if strings.Contains(r.Body, secret) {
			t.Fatalf("the hotline sees the panel member (%s): %s", secret, r.Body)
		}
	}
	if !strings.Contains(r.Body, `"panel-member-1"`) || !strings.Contains(r.Body, "rota.pdf") || !strings.Contains(r.Body, `"views_due_at":"`) {
		t.Fatalf("the manager's view of the appeal: %s", r.Body)
	}
	var detail struct{ Files []struct{ URL string } }
	r.Decode(&detail)
	if len(detail.Files) != 1 {
		t.Fatalf("files: %+v", detail)
	}
	expect(t, mgr.Get(detail.Files[0].URL), 200, "the manager downloads the file")
	// The panel member's download is in the hotline's access log, by role
	// only, linked to the appeal.
	expect(t, member.Get(detail.Files[0].URL), 200, "the member downloads the file")
	r = mgr.JSON("GET", "/api/v1/hotlines/"+d.Hotline+"/evidence-access", nil)
	expect(t, r, 200, "the hotline's access log")
	if !strings.Contains(r.Body, `"appeal_id":"`+lodged.ID+`"`) || !strings.Contains(r.Body, `"role":"panel"`) || strings.Contains(r.Body, u.Name) {
		t.Fatalf("the access log does not show the panel's download by role: %s", r.Body)
	}
	expect(t, app.APIClient(servertest.ManagerA).Get(detail.Files[0].URL), 404, "another manager downloads the file")

	decision := map[string]any{"outcome": "overturned", "rationale": "TEL-01 and CAS-02 are not met.", "new_outcome": models.OutcomeNotAccredited}
	expect(t, mgr.JSON("POST", base+"/decision", decision), 403, "the manager decides")
	r = sec.JSON("POST", base+"/decision", decision)
	expect(t, r, 200, "overturn")
	var out struct {
		Outcome     string
		Certificate *string
	}
	r.Decode(&out)
	if out.Outcome != "overturned" || out.Certificate != nil {
		t.Fatalf("decision: %+v", out)
	}
	if publicStatus(t, app, number) != models.CertRevoked || onRegister(t, app, number) {
		t.Fatal("the replaced certificate is not revoked at once")
	}

	// A heard appeal is final: the replaced decision is not appealed again.
	r = mgr.JSON("POST", "/api/v1/assessments/"+d.Assessment+"/appeal", map[string]any{"grounds": "The panel misread our rota."})
	expect(t, r, 409, "an appeal after a heard one")
	if !strings.Contains(r.Body, "already been heard") {
		t.Fatalf("the refusal does not say why: %s", r.Body)
	}

	// A second hotline withdraws an appeal, lodges another, and it is
	// overturned to an accreditation with conditions: a new certificate
	// (new number) on the register, the old one revoked.
	d2 := app.SeedDecidedHotlines(1, func(int) int { return 4 })[0]
	old2, err := app.Svc.CertificateForAssessment(context.Background(), servertest.SystemActor(), d2.Assessment)
	if err != nil {
		t.Fatal(err)
	}
	mgr2 := app.APIClient(d2.Manager)
	lodge2 := "/api/v1/assessments/" + d2.Assessment + "/appeal"
	r = mgr2.JSON("POST", lodge2, map[string]any{"grounds": "Conditions would have been fairer."})
	expect(t, r, 201, "second hotline's appeal")
	r.Decode(&lodged)
	expect(t, mgr2.JSON("POST", "/api/v1/appeals/"+lodged.ID+"/withdraw", nil), 200, "withdraw")
	expect(t, mgr2.JSON("POST", "/api/v1/appeals/"+lodged.ID+"/withdraw", nil), 409, "withdraw again")
	r = mgr2.JSON("POST", lodge2, map[string]any{"grounds": "Conditions would have been fairer, after all."})
	expect(t, r, 201, "lodged again after a withdrawal")
	r.Decode(&lodged)
	base = "/api/v1/appeals/" + lodged.ID
	expect(t, sec.JSON("POST", base+"/decision", map[string]any{"outcome": "upheld", "rationale": "x"}), 409, "a decision before the panel")
	expect(t, sec.JSON("POST", base+"/panel", map[string]any{"user_ids": []string{memberID}}), 201, "second panel")
	expect(t, member.JSON("POST", base+"/views", view), 201, "second view")
	due := app.Clock.Now().AddDate(0, 6, 0).Format("2006-01-02")
	r = sec.JSON("POST", base+"/decision", map[string]any{"outcome": "overturned", "rationale": "Conditions fit better.",
		"new_outcome": models.OutcomeWithConditions, "conditions": []map[string]string{{"text": "Publish the night rota", "due_at": due}}})
	expect(t, r, 200, "overturned to conditions")
	r.Decode(&out)
	if out.Certificate == nil || *out.Certificate == old2.Number {
		t.Fatalf("no new certificate: %+v", out)
	}
	if publicStatus(t, app, *out.Certificate) != models.CertValid || !onRegister(t, app, *out.Certificate) {
		t.Fatal("the new certificate is not on the register")
	}
	if publicStatus(t, app, old2.Number) != models.CertRevoked || onRegister(t, app, old2.Number) {
		t.Fatal("the replaced certificate is still valid")
	}
	expect(t, app.Client().Get("/verify/"+*out.Certificate), 200, "verify page")

	var list struct {
		Items []struct{ ID, Status string }
		Total int
	}
	r = mgr.JSON("GET", "/api/v1/appeals", nil)
	expect(t, r, 200, "list")
	r.Decode(&list)
	if list.Total != 1 || list.Items[0].Status != models.AppealOverturned {
		t.Fatalf("the manager's appeals: %+v", list)
	}
	r = mgr2.JSON("GET", "/api/v1/appeals", nil)
	r.Decode(&list)
	if list.Total != 2 || list.Items[0].Status != models.AppealOverturned {
		t.Fatalf("the second hotline's appeals: %+v", list)
	}
	r = app.APIClient(servertest.ManagerA).JSON("GET", "/api/v1/appeals", nil)
	r.Decode(&list)
	if list.Total != 0 {
		t.Fatalf("another hotline's manager sees %d appeals", list.Total)
	}
}

// The pages: the manager lodges from the results page (grounds required,
// what was typed kept), the secretariat forms the panel from the
// candidates (an ineligible one refused with the reason), the member
// gives a view and sees the dossier, the secretariat records the outcome.
func TestAppealThroughThePages(t *testing.T) {
	t.Parallel()
	app, d, number := appealPortal(t)
	mgr, sec, member := app.SignIn(d.Manager), app.SignIn(servertest.Secretariat), app.SignIn(servertest.Reviewer2)

	r := mgr.Get("/assessments/" + d.Assessment + "/results")
	expect(t, r, 200, "results")
	if !strings.Contains(r.Body, "/assessments/"+d.Assessment+"/appeal") {
		t.Fatal("the results page has no link to appeal")
	}
	r = mgr.Get("/assessments/" + d.Assessment + "/appeal")
	expect(t, r, 200, "lodge form")
	if !strings.Contains(r.Body, "<time") {
		t.Fatal("the lodge form shows no deadline")
	}
	r = mgr.PostForm("/assessments/"+d.Assessment+"/appeal", url.Values{"grounds": {"   "}})
	expect(t, r, 422, "no grounds")
	if !strings.Contains(r.Body, "error-summary") || !strings.Contains(r.Body, `href="#grounds"`) {
		t.Fatal("no error summary")
	}
	r = mgr.PostForm("/assessments/"+d.Assessment+"/appeal", url.Values{"grounds": {"Notre permanence de nuit répond à TEL-01."}})
	expect(t, r, 303, "lodge")
	page := r.Header.Get("Location")
	if !strings.HasPrefix(page, "/appeals/") {
		t.Fatalf("lodged, then %s", page)
	}
	id := strings.TrimPrefix(page, "/appeals/")
	r = mgr.Get(page)
	expect(t, r, 200, "appeal page")
	for _, want := range []string{"Notre permanence de nuit", "banner-success", `action="/appeals/` + id + `/files"`, "/appeals/" + id + "/withdraw"} {
		if !strings.Contains(r.Body, want) {
			t.Fatalf("the manager's appeal page lacks %s", want)
		}
	}
	expect(t, mgr.Upload(page+"/files", nil, "rota.pdf", servertest.PDF), 303, "upload")
	expect(t, mgr.Get("/appeals"), 200, "the manager's list")

	r = sec.Get(page)
	expect(t, r, 200, "the secretariat's appeal page")
	r1 := app.Users[servertest.Reviewer1]
	if !strings.Contains(r.Body, `id="user-`+r1.ID+`"`) || !strings.Contains(r.Body, "reviewed this assessment") {
		t.Fatal("the candidates do not show the reviewer of the assessment as ineligible")
	}
	r = sec.PostForm(page+"/panel", url.Values{"user_ids": {r1.ID}})
	expect(t, r, 409, "an ineligible member")
	if !strings.Contains(r.Body, "error-summary") || !strings.Contains(r.Body, `checked`) {
		t.Fatal("the refusal is not in the error summary, or the choice was lost")
	}
	expect(t, sec.PostForm(page+"/panel", url.Values{"user_ids": {app.Users[servertest.Reviewer2].ID}}), 303, "panel")

	r = member.Get(page)
	expect(t, r, 200, "the member's appeal page")
	for _, want := range []string{`name="view"`, `action="/appeals/` + id + `/decline"`, `id="dossier"`, "/appeals/" + id + "/dossier", "rota.pdf"} {
		if !strings.Contains(r.Body, want) {
			t.Fatalf("the member's page lacks %s", want)
		}
	}
	r = member.Get(page + "/dossier")
	expect(t, r, 200, "dossier download")
	if !strings.Contains(r.Body, `"format":"116000-accreditation-dossier/1"`) {
		t.Fatalf("dossier: %.200s", r.Body)
	}
	expect(t, app.SignIn(servertest.Reviewer1).Get(page), 404, "a non-member's page")
	r = member.PostForm(page+"/views", url.Values{"view": {"overturn"}, "view_rationale": {""}})
	expect(t, r, 422, "a view without reasons")
	expect(t, member.PostForm(page+"/views", url.Values{"view": {"overturn"}, "view_rationale": {"TEL-01 is not met at night."}}), 303, "view")
	r = mgr.Get(page)
	if strings.Contains(r.Body, app.Users[servertest.Reviewer2].Name) || !strings.Contains(r.Body, "Panel member 1") {
		t.Fatal("the manager's page names the panel member")
	}

	r = sec.PostForm(page+"/decision", url.Values{"outcome": {"overturned"}, "decision_rationale": {"Not met."}, "new_outcome": {models.OutcomeAccredited}})
	expect(t, r, 422, "the same outcome")
	if !strings.Contains(r.Body, `href="#new_outcome"`) || !strings.Contains(r.Body, "Not met.") {
		t.Fatal("the decision form lost what was typed or its error")
	}
	r = sec.PostForm(page+"/decision", url.Values{"outcome": {"overturned"}, "decision_rationale": {"Not met."}, "new_outcome": {models.OutcomeNotAccredited}})
	expect(t, r, 303, "overturn")
	r = mgr.Get(page)
	if !strings.Contains(r.Body, "<ol") || !strings.Contains(r.Body, "overturned") {
		t.Fatal("the timeline is missing")
	}
	if publicStatus(t, app, number) != models.CertRevoked {
		t.Fatal("the certificate was not revoked")
	}
	expect(t, sec.Get("/appeals?status=overturned"), 200, "the secretariat's filtered list")
	expect(t, member.Get("/appeals"), 200, "the member's list")

	// A heard appeal is final: the lodge page says so and refuses.
	r = mgr.Get("/assessments/" + d.Assessment + "/appeal")
	expect(t, r, 200, "lodge page after the hearing")
	if !strings.Contains(r.Body, "already appealed") || strings.Contains(r.Body, `name="grounds"`) {
		t.Fatal("the lodge page offers a second appeal")
	}
	expect(t, mgr.PostForm("/assessments/"+d.Assessment+"/appeal", url.Values{"grounds": {"Les conditions auraient suffi."}}), 409, "lodge again")

	// Another hotline's appeal, withdrawn after a confirmation page naming
	// the hotline.
	d2 := app.SeedDecidedHotlines(1, func(int) int { return 4 })[0]
	mgr = app.SignIn(d2.Manager)
	r = mgr.PostForm("/assessments/"+d2.Assessment+"/appeal", url.Values{"grounds": {"Les conditions auraient suffi."}})
	expect(t, r, 303, "lodge")
	page = r.Header.Get("Location")
	r = mgr.Get(page + "/withdraw")
	expect(t, r, 200, "withdraw confirmation")
	var h models.Hotline
	app.DB.Where("id = ?", d2.Hotline).Take(&h)
	if !strings.Contains(r.Body, h.Name) || !strings.Contains(r.Body, `action="`+page+`/withdraw"`) {
		t.Fatal("the confirmation does not name the hotline")
	}
	expect(t, mgr.PostForm(page+"/withdraw", nil), 303, "withdraw")
	expect(t, mgr.Get(page+"/withdraw"), 409, "withdraw a withdrawn appeal")
}
