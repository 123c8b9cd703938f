package server_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"hotlineportal/server/servertest"
)

// The description is served to anyone, cached with an ETag, and names
// every API route the server has, with each method: an endpoint added
// without its description fails here (and its answers fail every test
// that calls it, through the test client's check).
func TestOpenAPIDocumentCoversEveryRoute(t *testing.T) {
	app := servertest.New(t)
	anon := app.Client()
	r := anon.Get("/api/v1/openapi.json")
	if r.StatusCode != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") || r.Header.Get("ETag") == "" {
		t.Fatalf("openapi.json: %d %q etag %q", r.StatusCode, r.Header.Get("Content-Type"), r.Header.Get("ETag"))
	}
	req, _ := http.NewRequest("GET", app.URL+"/api/v1/openapi.json", nil)
	req.Header.Set("If-None-Match", r.Header.Get("ETag"))
	if again := anon.Do(req); again.StatusCode != http.StatusNotModified {
		t.Errorf("with its ETag: %d, want 304", again.StatusCode)
	}
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal([]byte(r.Body), &doc); err != nil || doc.OpenAPI != "3.1.0" {
		t.Fatalf("document: version %q, %v", doc.OpenAPI, err)
	}
	param := regexp.MustCompile(`:(\w+)`)
	for _, route := range app.Server.Routes() {
		method, path, _ := strings.Cut(route, " ")
		if !strings.HasPrefix(path, "/api/v1/") {
			continue
		}
		described := param.ReplaceAllString(path, "{$1}")
		if _, ok := doc.Paths[described][strings.ToLower(method)]; !ok {
			t.Errorf("%s %s is not described in openapi.json", method, described)
		}
	}
}
