package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"

	"hotlineportal/server/servertest"
)

// Before the idle session ends, a dialog offers to stay signed in; staying
// renews the session and closes the dialog.
func TestTimeoutWarning(t *testing.T) {
	app := servertest.New(t, servertest.Options{Env: map[string]string{"PORTAL_SESSION_IDLE": "123s"}})
	ctx := browser(t, 1280, true)
	signIn(t, ctx, app.URL, app.Users[servertest.ManagerA].Email, servertest.Password)
	waitFor(t, ctx, "the warning", `document.getElementById("timeout-dialog").open`)
	do(t, ctx, "stay signed in", chromedp.Click("[data-stay]"))
	waitFor(t, ctx, "the dialog closed", `!document.getElementById("timeout-dialog").open`)
	do(t, ctx, "still signed in", chromedp.Navigate(app.URL+"/account"))
	waitFor(t, ctx, "the account page", `location.pathname === "/account"`)
}
