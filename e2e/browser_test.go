// Package e2e drives the portal in a real Chromium (Debian's package)
// through chromedp: journeys as a person does them, with clicks and typing.
// The tests skip when Chromium is missing, except in CI (CI=true), where
// .ci/run installs it and a missing browser is a failure.
package e2e

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"hotlineportal/models/modelstest"
)

// chromiumPath finds Debian's Chromium. Browser tests run on one
// database, the SQLite default: what they check (pages, keyboard,
// accessibility) does not depend on the database, which the HTTP tests
// cover on both, and they are the slowest tests.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if modelstest.PostgresURL() != "" {
		t.Skip("browser tests run on the SQLite database only")
	}
	for _, p := range []string{os.Getenv("PORTAL_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if _, err := exec.LookPath(p); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("Chromium is not installed (apt-get install chromium)")
	}
	t.Skip("Chromium is not installed; browser tests skipped")
	return ""
}

// browser starts a headless Chromium with a fresh profile and returns the
// context of its first tab; it closes when the test ends.
func browser(t *testing.T, width int, javascript bool) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("blink-settings", map[bool]string{true: "scriptEnabled=true", false: "scriptEnabled=false"}[javascript]),
		chromedp.WindowSize(width, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelTab(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	// Chromium makes no window narrower than 500 px: a phone's width is
	// emulated (in this first tab).
	if width < 500 {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), 900, chromedp.EmulatePortrait)); err != nil {
			t.Fatalf("emulate a %d px wide screen: %v", width, err)
		}
	}
	return ctx
}

// newTab opens another tab in the same browser (same cookies).
func newTab(t *testing.T, ctx context.Context) context.Context {
	t.Helper()
	tab, cancel := chromedp.NewContext(ctx)
	t.Cleanup(cancel)
	if err := chromedp.Do(tab); err != nil {
		t.Fatal(err)
	}
	return tab
}

// do runs steps and fails the test with the step's name on error.
func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// eval runs a JavaScript expression and returns its value.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluate %q: %v", expr, err)
	}
	return v
}

// waitFor checks a JavaScript condition until it is true, across page
// loads (a navigation interrupts one evaluation, not the wait).
func waitFor(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var lastErr error
	for time.Now().Before(deadline) {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("(function(){ try { return !!("+expr+"); } catch (e) { return false; } })()"))
		if err == nil && ok {
			return
		}
		lastErr = err
		time.Sleep(100 * time.Millisecond)
	}
	body, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText.slice(0, 600) : ""`))
	t.Fatalf("waiting for %s (%s): %v\npage: %s", what, expr, lastErr, body)
}

// signIn fills in the sign-in form.
func signIn(t *testing.T, ctx context.Context, base, email, password string) {
	t.Helper()
	do(t, ctx, "sign in",
		chromedp.Navigate(base+"/login"),
		chromedp.SendKeys("#email", email),
		chromedp.SendKeys("#password", password),
		chromedp.Click("main button[type=submit]"),
	)
	waitFor(t, ctx, "the dashboard", `location.pathname === "/dashboard"`)
}
