package server_test

import (
	"testing"

	"hotlineportal/server/servertest"
)

// BenchmarkVerify compares what the public asks of a certificate: the
// JSON record (the baseline: one lookup), the verify page (which checks
// the credential's signature and both signed status lists), the
// credential and a status list, and the badge.
func BenchmarkVerify(b *testing.B) {
	app := servertest.New(b)
	d := app.SeedDecidedHotlines(1, func(int) int { return 4 })[0]
	cert, err := app.Svc.CertificateForAssessment(b.Context(), app.Actor(servertest.Secretariat), d.Assessment)
	if err != nil || cert == nil {
		b.Fatal(err)
	}
	client := app.Client()
	for _, bc := range []struct{ name, path string }{
		{"public-json", "/api/v1/public/certificates/" + cert.Number},
		{"verify-page", "/verify/" + cert.Number},
		{"credential", "/api/v1/public/certificates/" + cert.Number + "/credential"},
		{"status-list", "/api/v1/public/status/suspension-1"},
		{"badge", "/verify/" + cert.Number + "/badge.svg"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if r := client.Get(bc.path); r.StatusCode != 200 {
					b.Fatalf("%s: %d", bc.path, r.StatusCode)
				}
			}
		})
	}
}
