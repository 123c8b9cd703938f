package server_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"hotlineportal/assessments/messages"
	"hotlineportal/server/servertest"
)

// rawKey is a catalogue key shown as text: a message missing from a
// language would print its ID.
var rawKey = regexp.MustCompile(`>\s*(?:nav|layout|dashboard|question|translation|answer|framework|footer|error)\.[a-z_.]+\s*<`)

// Every page of a signed-in manager and of the secretariat reads in each
// language of the network: the page declares it, and no message is
// missing.
func TestPagesInEveryLanguage(t *testing.T) {
	app := servertest.New(t)
	as := startAPI(t, app.APIClient(servertest.ManagerA), app.HotlineA.ID)
	fw := current(t, app.APIClient(servertest.ManagerA), "en").ID
	pages := map[string][]string{
		servertest.ManagerA:    {"/dashboard", "/assessments/" + as.ID, "/assessments/" + as.ID + "/criteria/LEG-01", "/assessments/" + as.ID + "/check", "/account"},
		servertest.Secretariat: {"/dashboard", "/frameworks/" + fw, "/users", "/hotlines"},
	}
	for _, lang := range messages.MustLoad().Languages() {
		t.Run(lang, func(t *testing.T) {
			for role, paths := range pages {
				c := app.SignIn(role)
				c.PostForm("/language", url.Values{"lang": {lang}, "next": {"/dashboard"}})
				for _, p := range paths {
					r := c.Get(p)
					if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `<html lang="`+lang+`"`) {
						t.Errorf("%s as %s: %d, not in %s", p, role, r.StatusCode, lang)
					}
					if m := rawKey.FindString(r.Body); m != "" {
						t.Errorf("%s as %s: message key shown: %s", p, role, m)
					}
				}
			}
		})
	}
}
