package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"hotlineportal/server/servertest"
)

// The questionnaire and the scoring form work with the keyboard alone:
// every control is reachable, focus is visible, and a failed save moves
// focus to the error summary.
func TestKeyboardOnly(t *testing.T) {
	app := servertest.New(t)
	id := scoredAssessment(t, app, false)
	cases := []struct {
		role, path string
		want       []string
	}{
		{servertest.ManagerB, "", nil},
		{servertest.Reviewer1, "/assessments/" + id + "/review/criteria/GOV-01", []string{"score-3", "comment"}},
	}
	// Manager B gets a fresh draft so the answer form is editable.
	as := app.StartAssessment(servertest.ManagerB)
	cases[0].path = "/assessments/" + as.ID + "/criteria/LEG-01"
	cases[0].want = []string{"level", "narrative", "file", "url", "title"}
	for _, tc := range cases {
		t.Run(tc.role, func(t *testing.T) {
			ctx := browser(t, 1280, true)
			signIn(t, ctx, app.URL, app.Users[tc.role].Email, servertest.Password)
			do(t, ctx, "open the form", chromedp.Navigate(app.URL+tc.path))
			waitFor(t, ctx, "the form", `document.querySelector("form.answer-form") !== null`)
			reached := map[string]bool{}
			for i := 0; i < 80; i++ {
				do(t, ctx, "tab", chromedp.KeyEvent(kb.Tab))
				focus := eval[map[string]any](t, ctx, `(function(){
					var el = document.activeElement, s = getComputedStyle(el);
					return {id: el.id || el.tagName, visible: s.outlineStyle !== "none" || s.boxShadow !== "none" || s.backgroundColor === "rgb(255, 221, 0)"};
				})()`)
				name, _ := focus["id"].(string)
				if visible, _ := focus["visible"].(bool); !visible && name != "BODY" {
					t.Errorf("focus on %s is not visible", name)
				}
				reached[name] = true
			}
			for _, w := range tc.want {
				if !reached[w] {
					t.Errorf("%s not reachable with Tab (reached %v)", w, keys(reached))
				}
			}
			// A radio group is one Tab stop; the arrow keys choose within it.
			group := tc.want[0]
			do(t, ctx, "arrow through the radios", chromedp.Focus("#"+group), chromedp.KeyEvent(kb.ArrowDown))
			if checked := eval[string](t, ctx, `document.activeElement.checked ? document.activeElement.id : ""`); checked == "" || checked == group {
				t.Errorf("the arrow key did not move to the next choice (focus on %q)", checked)
			}
		})
	}
	// A failed save without a rating choice: focus lands on the error
	// summary, whose links lead to the field.
	ctx := browser(t, 1280, true)
	signIn(t, ctx, app.URL, app.Users[servertest.ManagerB].Email, servertest.Password)
	do(t, ctx, "open LEG-02", chromedp.Navigate(app.URL+"/assessments/"+as.ID+"/criteria/LEG-02"))
	waitFor(t, ctx, "the form", `document.querySelector("#level-not_applicable") !== null`)
	do(t, ctx, "choose N/A with the keyboard", chromedp.Focus("#level-not_applicable"), chromedp.KeyEvent(" "), chromedp.Focus("button[value=continue]"), chromedp.KeyEvent(kb.Enter))
	waitFor(t, ctx, "focus on the error summary", `document.activeElement && document.activeElement.classList.contains("error-summary")`)
	do(t, ctx, "follow the error link", chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent(kb.Enter))
	waitFor(t, ctx, "focus on the narrative", `document.activeElement && document.activeElement.id === "narrative"`)
}

func keys(m map[string]bool) string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return strings.Join(out, " ")
}
