package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"hotlineportal/assessments"
	"hotlineportal/server/servertest"
)

// Two-step sign-in as a person sets it up: the QR code and the key on the
// account's page, the first code, the recovery codes shown once; then a
// sign-in in two steps, and one with a recovery code. Every page passes axe
// and fits a phone's width.
func TestTwoStepSignInInTheBrowser(t *testing.T) {
	app := servertest.New(t)
	email := app.Users[servertest.Secretariat].Email
	for _, width := range []int{1280, 375} {
		ctx := browser(t, width, true)
		signIn(t, ctx, app.URL, email, servertest.Password)
		do(t, ctx, "open the set-up", chromedp.Navigate(app.URL+"/account/two-step"))
		waitFor(t, ctx, "the set-up page", `document.querySelector("h1") !== null`)
		a11y(t, ctx, width, "two-step sign-in, off")
		do(t, ctx, "start", chromedp.Click(`form[action="/account/two-step/start"] button`))
		waitFor(t, ctx, "the QR code", `document.querySelector(".qr-code svg") !== null`)
		a11y(t, ctx, width, "two-step sign-in, set-up")
		secret := eval[string](t, ctx, `document.querySelector("code.secret").textContent`)
		do(t, ctx, "a wrong first code", chromedp.SendKeys("#code", "000000"), chromedp.Click(`form[action="/account/two-step/confirm"] button`))
		waitFor(t, ctx, "the error summary", `document.querySelector(".error-summary") !== null`)
		a11y(t, ctx, width, "two-step sign-in, wrong code")
		app.Clock.Advance(30 * time.Second)
		do(t, ctx, "the right code", chromedp.SendKeys("#code", assessments.TOTPCode(secret, app.Clock.Now())),
			chromedp.Click(`form[action="/account/two-step/confirm"] button`))
		waitFor(t, ctx, "the recovery codes", `document.querySelectorAll(".recovery-codes li").length === 10`)
		a11y(t, ctx, width, "recovery codes")
		codes := eval[[]string](t, ctx, `Array.from(document.querySelectorAll(".recovery-codes code")).map(c => c.textContent)`)

		// Sign out, then in again: the password, then the code.
		signOut(t, ctx)
		waitFor(t, ctx, "the sign-in page", `location.pathname === "/login"`)
		do(t, ctx, "password step", chromedp.SendKeys("#email", email), chromedp.SendKeys("#password", servertest.Password),
			chromedp.Click("main button[type=submit]"))
		waitFor(t, ctx, "the code step", `location.pathname === "/login/code"`)
		a11y(t, ctx, width, "sign-in code step")
		app.Clock.Advance(30 * time.Second)
		do(t, ctx, "code step", chromedp.SendKeys("#code", assessments.TOTPCode(secret, app.Clock.Now())), chromedp.Click("main button[type=submit]"))
		waitFor(t, ctx, "the dashboard", `location.pathname === "/dashboard"`)

		// And with a recovery code, typed as people do.
		signOut(t, ctx)
		waitFor(t, ctx, "the sign-in page", `location.pathname === "/login"`)
		do(t, ctx, "password step", chromedp.SendKeys("#email", email), chromedp.SendKeys("#password", servertest.Password),
			chromedp.Click("main button[type=submit]"))
		waitFor(t, ctx, "the code step", `location.pathname === "/login/code"`)
		do(t, ctx, "recovery code", chromedp.SendKeys("#code", strings.ToUpper(codes[0])), chromedp.Click("main button[type=submit]"))
		waitFor(t, ctx, "the dashboard", `location.pathname === "/dashboard"`)
		do(t, ctx, "manage", chromedp.Navigate(app.URL+"/account/two-step"))
		waitFor(t, ctx, "the settings", `document.querySelector("form[action='/account/two-step/disable']") !== null`)
		a11y(t, ctx, width, "two-step sign-in, on")

		// Turn it off again for the next width.
		app.Clock.Advance(30 * time.Second)
		do(t, ctx, "turn off", chromedp.SendKeys("#off-code", assessments.TOTPCode(secret, app.Clock.Now())),
			chromedp.Click(`form[action="/account/two-step/disable"] button`))
		waitFor(t, ctx, "off", `document.querySelector("form[action='/account/two-step/start']") !== null`)
	}
}

// signOut submits the header's sign-out form. The form is submitted from
// script rather than clicked: a click looks the button up and then acts
// on it, and under load the page may be replaced in between.
func signOut(t *testing.T, ctx context.Context) {
	t.Helper()
	waitFor(t, ctx, "the sign-out form", `document.readyState === "complete" && document.querySelector("form.sign-out") !== null`)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("form.sign-out").requestSubmit(), true`)); err != nil {
		t.Fatalf("sign out: %v", err)
	}
}

// a11y runs axe on the current page, and at phone width checks that it
// does not scroll sideways.
func a11y(t *testing.T, ctx context.Context, width int, where string) {
	t.Helper()
	for _, v := range checkAxe(t, ctx) {
		t.Errorf("%s at %dpx: %s", where, width, v)
	}
	if width == 375 && !noHorizontalScroll(t, ctx) {
		t.Errorf("%s at %dpx: scrolls sideways", where, width)
	}
}
