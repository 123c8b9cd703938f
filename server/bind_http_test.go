package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"hotlineportal/models"
	"hotlineportal/server/servertest"
)

// The binder's answers through the whole stack: 400 for what cannot be
// read, 422 with each field's message in the reader's language.
func TestBinderThroughTheAPI(t *testing.T) {
	app := servertest.New(t)
	api := app.APIClient(servertest.Secretariat)
	send := func(body, lang string) *servertest.Response {
		req, _ := http.NewRequest("POST", app.URL+"/api/v1/certificates/NOPE-1/suspend", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept-Language", lang)
		return api.Do(req)
	}
	cases := []struct {
		name, body, lang string
		want             int
		wantText         string
	}{
		{"malformed", `{"reason":`, "en", 400, `"code":"bad_request"`},
		{"a number for a date", `{"reason":"x","until":20261231}`, "en", 400, `"code":"bad_request"`},
		{"not a date, in English", `{"reason":"x","until":"soon"}`, "en", 422, `"fields":{"until":"Enter a date."}`},
		{"not a date, in French", `{"reason":"x","until":"soon"}`, "fr", 422, `"fields":{"until":"Saisissez une date."}`},
		{"a date: on to the domain", `{"reason":"x","until":"2099-12-31"}`, "en", 404, `"code":"not_found"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := send(tc.body, tc.lang)
			if r.StatusCode != tc.want || !strings.Contains(r.Body, tc.wantText) {
				t.Fatalf("status %d: %s", r.StatusCode, r.Body)
			}
		})
	}
}

// A page shows the binder's problems in its error summary, in the
// reader's language.
func TestBinderOnPages(t *testing.T) {
	app := servertest.New(t)
	id := servertest.MustAssessment(t, app)
	web := app.SignIn(servertest.ManagerA)
	for lang, text := range map[string]string{
		"en": "Tick the box to confirm your answers are accurate.",
		"el": "Επιλέξτε το πλαίσιο για να επιβεβαιώσετε ότι οι απαντήσεις σας είναι ακριβείς.",
	} {
		t.Run(lang, func(t *testing.T) {
			r := web.PostRaw("/assessments/"+id+"/submit", url.Values{"_csrf": {web.CSRF()}}, map[string]string{"Accept-Language": lang})
			if r.StatusCode != 422 || !strings.Contains(r.Body, `href="#confirm"`) || !strings.Contains(r.Body, text) {
				t.Fatalf("status %d: %.2000s", r.StatusCode, r.Body)
			}
		})
	}
	// What cannot be read as its field is refused, not taken as zero.
	if r := web.PostForm("/assessments/"+id+"/criteria/LEG-01", url.Values{"level": {"met"}, "narrative": {"x"}, "version": {"one"}}); r.StatusCode != 400 {
		t.Fatalf("letters for a version: %d", r.StatusCode)
	}
}

// The API's account creation takes the same input as the page's form,
// reviewer profile included.
func TestCreateUserAPITakesTheFormsFields(t *testing.T) {
	app := servertest.New(t)
	api := app.APIClient(servertest.Secretariat)
	r := api.JSON("POST", "/api/v1/users", map[string]any{
		"email": "reviewer.3@test.example", "name": "Rosa Reviewer", "role": "reviewer", "hotline_id": nil,
		"country": "ES", "languages": []string{"es", "ca"}, "expertise": "Chat services",
	})
	if r.StatusCode != 201 {
		t.Fatalf("status %d: %s", r.StatusCode, r.Body)
	}
	var u models.User
	if err := app.DB.Where("email = ?", "reviewer.3@test.example").Take(&u).Error; err != nil {
		t.Fatal(err)
	}
	if strings.Join(u.Languages, ",") != "es,ca" || u.Expertise != "Chat services" {
		t.Fatalf("profile not kept: %v %q", u.Languages, u.Expertise)
	}
}
