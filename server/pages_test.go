package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"hotlineportal/assessments"
	"hotlineportal/server/servertest"
)

func TestHotlineSearchInEveryScript(t *testing.T) {
	app := servertest.New(t)
	sec := app.SignIn(servertest.Secretariat)
	cases := []struct{ query, want, notWant string }{
		{"ΧΑΜΌΓΕΛΟ", "Το Χαμόγελο του Παιδιού", "Център Надя"},
		{"χαμογελο", "Το Χαμόγελο του Παιδιού", "Център Надя"},
		{"ЦЕНТЪР", "Център Надя", "Χαμόγελο"},
		{"smile", "Το Χαμόγελο του Παιδιού", "Център Надя"},
		{"100%_", "No hotline matches", "Χαμόγελο"},
	}
	for _, tc := range cases {
		t.Run(tc.query, func(t *testing.T) {
			r := sec.Get("/hotlines?q=" + url.QueryEscape(tc.query))
			if !strings.Contains(r.Body, tc.want) || strings.Contains(r.Body, tc.notWant) {
				t.Fatalf("search %q: want %q and not %q", tc.query, tc.want, tc.notWant)
			}
			if !strings.Contains(r.Body, `value="`+tc.query+`"`) {
				t.Errorf("the search box lost the query")
			}
		})
	}
	if r := sec.Get("/hotlines?country=BG"); !strings.Contains(r.Body, "Център Надя") || strings.Contains(r.Body, "Χαμόγελο") {
		t.Fatal("country filter")
	}
}

func TestHotlineListPaginationAndSorting(t *testing.T) {
	app := servertest.New(t)
	for i := 0; i < 30; i++ {
		_, err := app.Svc.CreateHotline(context.Background(), servertest.SystemActor(), assessments.HotlineInput{
			Name: fmt.Sprintf("Linka %02d", i), Country: "SK", Channels: []string{"phone"},
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	sec := app.SignIn(servertest.Secretariat)
	first := sec.Get("/hotlines")
	if !strings.Contains(first.Body, "32 hotlines") || !strings.Contains(first.Body, "Page 1 of 2") || !strings.Contains(first.Body, `rel="next"`) {
		t.Fatalf("first page lacks count or pagination")
	}
	second := sec.Get("/hotlines?page=2")
	if strings.Count(second.Body, "<tr>") != 8 { // 7 rows + header
		t.Fatalf("second page rows: %d", strings.Count(second.Body, "<tr>")-1)
	}
	byCountry := sec.Get("/hotlines?sort=country")
	if strings.Index(byCountry.Body, "Център Надя") > strings.Index(byCountry.Body, "Χαμόγελο") {
		t.Fatal("sort by country: BG should come before GR")
	}
	empty := sec.Get("/hotlines?q=nothing-matches-this")
	if !strings.Contains(empty.Body, "No hotline matches") || !strings.Contains(empty.Body, "Clear the filters") {
		t.Fatal("empty state")
	}
}

func TestHotlineFormKeepsInputOnErrors(t *testing.T) {
	app := servertest.New(t)
	sec := app.SignIn(servertest.Secretariat)
	r := sec.PostForm("/hotlines", url.Values{
		"name": {"Ztracené dítě"}, "country": {"ZZ"}, "channels": {"phone"}, "languages": {"cs, klingon!"}, "website_url": {"ztracene"},
	})
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", r.StatusCode)
	}
	for _, want := range []string{
		"<title>Error: ", "There is a problem", `href="#country"`, `href="#languages"`, `href="#website_url"`,
		`value="Ztracené dítě"`, `value="cs, klingon!"`, `value="ztracene"`, `aria-invalid="true"`, `id="country-error"`,
	} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("error page lacks %q", want)
		}
	}
}

func TestStaleHotlineEditKeepsBothVersions(t *testing.T) {
	app := servertest.New(t)
	tab1 := app.SignIn(servertest.ManagerA)
	tab2 := app.SignIn(servertest.ManagerA)
	path := "/hotlines/" + app.HotlineA.ID
	form := func(hours string) url.Values {
		return url.Values{"channels": {"phone", "chat"}, "languages": {"el"}, "opening_hours": {hours}, "version": {fmt.Sprint(app.HotlineA.Version)}}
	}
	if r := tab1.PostForm(path, form("24/7 every day")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("first save: %d %s", r.StatusCode, r.Body)
	}
	r := tab2.PostForm(path, form("Weekdays only"))
	if r.StatusCode != http.StatusConflict {
		t.Fatalf("stale save: %d", r.StatusCode)
	}
	if !strings.Contains(r.Body, `value="Weekdays only"`) || !strings.Contains(r.Body, "24/7 every day") || !strings.Contains(r.Body, "Someone else saved") {
		t.Fatal("the stale page must keep the typed text and show the saved one")
	}
	h, _ := app.Svc.GetHotline(context.Background(), servertest.SystemActor(), app.HotlineA.ID)
	if h.OpeningHours != "24/7 every day" {
		t.Fatalf("stale save changed the hotline: %q", h.OpeningHours)
	}
}

func TestLanguageChoice(t *testing.T) {
	app := servertest.New(t)
	c := app.Client()
	req, _ := http.NewRequest("GET", app.URL+"/login", nil)
	req.Header.Set("Accept-Language", "fr-BE,fr;q=0.9,en;q=0.5")
	r := c.Do(req)
	if !strings.Contains(r.Body, `<html lang="fr">`) || !strings.Contains(r.Body, "Se connecter") {
		t.Fatalf("Accept-Language fr not honoured")
	}
	// The switcher overrides the browser for the anonymous...
	c.PostForm("/language", url.Values{"lang": {"en"}, "next": {"/login"}})
	r = c.Do(req)
	if !strings.Contains(r.Body, `<html lang="en">`) {
		t.Fatalf("language switcher ignored")
	}
	// ...and the account preference wins once signed in.
	fr := app.SignIn(servertest.Reviewer1)
	if d := fr.Get("/dashboard"); !strings.Contains(d.Body, `<html lang="fr">`) {
		t.Fatal("user preference not used")
	}
	if r := c.PostForm("/language", url.Values{"lang": {"xx"}}); r.StatusCode != 400 {
		t.Fatalf("unknown language: %d", r.StatusCode)
	}
	// next must stay on this site.
	if r := c.PostForm("/language", url.Values{"lang": {"fr"}, "next": {"//evil.example/x"}}); r.Header.Get("Location") != "/dashboard" {
		t.Fatalf("open redirect: %q", r.Header.Get("Location"))
	}
}

func TestLoginRedirectsBackSafely(t *testing.T) {
	app := servertest.New(t)
	cases := []struct{ next, want string }{
		{"/users?q=a", "/users?q=a"},
		{"https://evil.example/", "/dashboard"},
		{"//evil.example/", "/dashboard"},
		{"/\\evil.example", "/dashboard"},
	}
	for _, tc := range cases {
		c := app.Client()
		c.Get("/login")
		r := c.PostForm("/login", url.Values{"email": {app.Users[servertest.Secretariat].Email}, "password": {servertest.Password}, "next": {tc.next}})
		if got := r.Header.Get("Location"); got != tc.want {
			t.Errorf("next=%q went to %q, want %q", tc.next, got, tc.want)
		}
	}
	// A protected page sends the anonymous to sign in, then back.
	r := app.Client().Get("/users?role=reviewer")
	if loc := r.Header.Get("Location"); loc != "/login?next=%2Fusers%3Frole%3Dreviewer" {
		t.Fatalf("redirect to login: %q", loc)
	}
}

func TestUserAdministration(t *testing.T) {
	app := servertest.New(t)
	sec := app.SignIn(servertest.Secretariat)
	if r := sec.Get("/users?q=" + url.QueryEscape("МАРИЯ")); !strings.Contains(r.Body, "Мария Manager") || strings.Contains(r.Body, "Ελένη") {
		t.Fatal("user search in Cyrillic")
	}
	if r := sec.Get("/users?role=reviewer"); !strings.Contains(r.Body, "2 users") {
		t.Fatal("role filter")
	}
	id := app.Users[servertest.Reviewer2].ID
	edit := sec.Get("/users/" + id + "/edit")
	if edit.StatusCode != 200 || !strings.Contains(edit.Body, `value="reviewer.2@test.example"`) {
		t.Fatalf("edit form: %d", edit.StatusCode)
	}
	form := url.Values{"email": {"reviewer.2@test.example"}, "name": {"Rui Revisor"}, "role": {"reviewer"}, "country": {"PT"}, "language": {"fr"}, "version": {"1"}}
	if r := sec.PostForm("/users/"+id, form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("update: %d %s", r.StatusCode, r.Body)
	}
	if r := sec.PostForm("/users/"+id, form); r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, `value="Rui Revisor"`) {
		t.Fatalf("stale update: %d", r.StatusCode)
	}
	dup := url.Values{"email": {"MANAGER.A@test.example"}, "name": {"Copy"}, "role": {"secretariat"}}
	if r := sec.PostForm("/users", dup); r.StatusCode != 422 || !strings.Contains(r.Body, "already uses this email") {
		t.Fatalf("duplicate email: %d", r.StatusCode)
	}
	if r := sec.Get("/audit?action=user."); !strings.Contains(r.Body, "user.update") {
		t.Fatal("audit log lacks the user update")
	}
}
