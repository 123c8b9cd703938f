package e2e

import (
	"hotlineportal/models/modelstest"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// The load tool runs end to end on a small network: it seeds through the
// domain, starts the portal (two instances sharing PostgreSQL when the
// test database is PostgreSQL), sends every request type, and exits 0 only
// when nothing failed and no email went out twice.
func TestLoadToolSmallRun(t *testing.T) {
	if testing.Short() {
		t.Skip("load tool run skipped in -short mode")
	}
	bin := buildPortal(t)
	args := []string{"loadtest", "--hotlines", "3", "--duration", "2s", "--capacity-time", "300ms", "--rounds", "1", "--signin-burst", "40",
		"--phase", "smoke:autosave=40,score=20,questionnaire=5,workspace=5,consolidation=3,certificate_pdf=3,verify=5",
		"--phase", "steering:network_page=3,network_api=3,agreement=3,worklist=3,worklist_page=3"}
	if pg := modelstest.PostgresURL(); pg != "" {
		args = append(args, "--database-url", pg, "--instances", "2")
	}
	out, err := exec.Command(bin, args...).CombinedOutput()
	text := string(out)
	if err != nil {
		t.Fatalf("loadtest: %v\n%s", err, text)
	}
	for _, want := range []string{"3 hotlines seeded", "== 3 hotlines", "ratio to floor", "machine CPU per request", "portal peak RSS", "0 claimed more than once",
		"sign-in, 40 at once", "sign-in, one at a time", "portal RSS before the burst"} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	for _, typ := range []string{"autosave", "score", "questionnaire", "workspace", "consolidation", "certificate_pdf", "verify"} {
		if !regexp.MustCompile(`(?m)^smoke\s+` + typ + `\s+\d+\s+\d+\s.*\b200:\d+`).MatchString(text) {
			t.Errorf("no successful %s requests:\n%s", typ, text)
		}
	}
	for _, typ := range []string{"network_page", "network_api", "agreement", "worklist", "worklist_page"} {
		if !regexp.MustCompile(`(?m)^steering\s+` + typ + `\s+\d+\s+\d+\s.*\b200:\d+`).MatchString(text) {
			t.Errorf("no successful %s requests:\n%s", typ, text)
		}
	}
}
