package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"hotlineportal/models"
	"hotlineportal/server/servertest"
)

func answerOf(t *testing.T, app *servertest.App, assessmentID, code string) models.Answer {
	t.Helper()
	var a models.Answer
	if err := app.DB.Where("assessment_id = ? AND criterion = ?", assessmentID, code).Take(&a).Error; err != nil {
		t.Fatal(err)
	}
	return a
}

// A manager answers in the browser: autosave is seen to complete, a file is
// attached, and two tabs editing one answer lose nothing.
func TestQuestionnaireInTheBrowser(t *testing.T) {
	app := servertest.New(t)
	ctx := browser(t, 1280, true)
	signIn(t, ctx, app.URL, app.Users[servertest.ManagerA].Email, servertest.Password)

	do(t, ctx, "start the self-assessment", chromedp.Click("form[action='/assessments'] button"))
	waitFor(t, ctx, "the task list", `document.querySelector(".task-list") !== null`)
	id := strings.TrimPrefix(eval[string](t, ctx, "location.pathname"), "/assessments/")

	// Autosave: choose a rating, type, and see "Saved".
	do(t, ctx, "open LEG-01", chromedp.Click(".button[href$='/criteria/LEG-01']"))
	waitFor(t, ctx, "the question page", `document.querySelector("#narrative") !== null`)
	do(t, ctx, "answer LEG-01",
		chromedp.Click("#level"),
		chromedp.SendKeys("#narrative", "Η ΕΕΤΤ μας ανέθεσε τον αριθμό 116 000 έως το 2031."),
	)
	waitFor(t, ctx, "autosave", `document.querySelector("[data-save-status]").textContent === "Saved"`)
	if a := answerOf(t, app, id, "LEG-01"); a.Narrative != "Η ΕΕΤΤ μας ανέθεσε τον αριθμό 116 000 έως το 2031." || a.Level == nil || *a.Level != "met" {
		t.Fatalf("autosaved answer: %+v", a)
	}

	// Evidence upload through the file input.
	file := filepath.Join(t.TempDir(), "Απόφαση ΕΕΤΤ.pdf")
	if err := os.WriteFile(file, servertest.PDF, 0o600); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "attach a file",
		chromedp.SetUploadFiles("#file", []string{file}),
		chromedp.Click("form.evidence-form button[type=submit]"),
	)
	waitFor(t, ctx, "the attached file", `document.querySelector(".evidence-list") && document.querySelector(".evidence-list").innerText.includes("Απόφαση ΕΕΤΤ.pdf")`)

	// Two tabs on one answer: the second sees the first one's text and
	// keeps its own.
	tab2 := newTab(t, ctx)
	page := app.URL + "/assessments/" + id + "/criteria/LEG-02"
	do(t, ctx, "tab 1 opens LEG-02", chromedp.Navigate(page))
	do(t, tab2, "tab 2 opens LEG-02", chromedp.Navigate(page))
	do(t, ctx, "tab 1 types", chromedp.SendKeys("#narrative", "Written in tab one."))
	waitFor(t, ctx, "tab 1 saved", `document.querySelector("[data-save-status]").textContent === "Saved"`)
	do(t, tab2, "tab 2 types", chromedp.SendKeys("#narrative", "Written in tab two."))
	waitFor(t, tab2, "the conflict panel", `document.querySelector("#autosave-conflict") !== null`)
	if saved := eval[string](t, tab2, `document.querySelector("[data-current-narrative]").textContent`); saved != "Written in tab one." {
		t.Fatalf("tab 2 shows the saved text %q", saved)
	}
	if typed := eval[string](t, tab2, `document.querySelector("#narrative").value`); typed != "Written in tab two." {
		t.Fatalf("tab 2 lost its text: %q", typed)
	}
	if a := answerOf(t, app, id, "LEG-02"); a.Narrative != "Written in tab one." {
		t.Fatalf("the stale save overwrote the answer: %q", a.Narrative)
	}
	do(t, tab2, "keep tab 2's version", chromedp.Click("[data-keep-mine]"))
	waitFor(t, tab2, "tab 2 saved", `document.querySelector("[data-save-status]").textContent === "Saved"`)
	if a := answerOf(t, app, id, "LEG-02"); a.Narrative != "Written in tab two." || a.Version != 2 {
		t.Fatalf("after keeping tab 2's version: %+v", a)
	}
}

// Without JavaScript the plain form saves, validates and moves on.
func TestQuestionnaireWithoutJavaScript(t *testing.T) {
	app := servertest.New(t)
	as := app.StartAssessment(servertest.ManagerA)
	ctx := browser(t, 1280, false)
	signIn(t, ctx, app.URL, app.Users[servertest.ManagerA].Email, servertest.Password)
	do(t, ctx, "open GOV-01", chromedp.Navigate(app.URL+"/assessments/"+as.ID+"/criteria/GOV-01"))
	do(t, ctx, "choose N/A without a reason and save",
		chromedp.Click("#level-not_applicable"),
		chromedp.Click("button[value=continue]"),
	)
	waitFor(t, ctx, "the error summary", `document.title.startsWith("Error:") && document.querySelector(".error-summary a[href='#narrative']") !== null`)
	do(t, ctx, "give the reason and save",
		chromedp.SendKeys("#narrative", "Our statutes are public; see the registry."),
		chromedp.Click("button[value=continue]"),
	)
	waitFor(t, ctx, "the next question", `location.pathname.endsWith("/criteria/GOV-02")`)
	if a := answerOf(t, app, as.ID, "GOV-01"); a.Level == nil || *a.Level != "not_applicable" || a.Version != 1 {
		t.Fatalf("GOV-01 after a no-JS save: %+v", a)
	}
}
