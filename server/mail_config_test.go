package server_test

import (
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hotlineportal/server"
	"hotlineportal/server/servertest"
)

// PORTAL_SMTP_CA_FILE and PORTAL_SMTP_TIMEOUT are checked at start-up, so
// a wrong file or value stops the portal with a clear message instead of
// every email failing later.
func TestMailSettings(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	ca := servertest.NewMailServer(t, servertest.MailServerOptions{TLS: "starttls"}).CAFile
	key := write("key.pem", pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: []byte("not for here")}))
	broken := write("broken.pem", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte("truncated")}))
	text := write("notes.txt", []byte("the CA is on the wiki"))
	cases := []struct {
		name    string
		env     map[string]string
		check   func(server.Config) bool
		wantErr string
	}{
		{"defaults", nil, func(c server.Config) bool {
			return c.SMTPRootCAs == nil && c.SMTPTimeout == 10*time.Second && c.MailSendLimit() == 40*time.Second
		}, ""},
		{"private CA", map[string]string{"PORTAL_SMTP_CA_FILE": ca}, func(c server.Config) bool { return c.SMTPRootCAs != nil && c.SMTPCAFile == ca }, ""},
		{"missing CA file", map[string]string{"PORTAL_SMTP_CA_FILE": filepath.Join(dir, "nowhere.pem")}, nil, "a readable PEM file"},
		{"no certificate in the file", map[string]string{"PORTAL_SMTP_CA_FILE": text}, nil, "at least one PEM certificate"},
		{"a private key instead", map[string]string{"PORTAL_SMTP_CA_FILE": key}, nil, "only CERTIFICATE blocks, not PRIVATE KEY"},
		{"a broken certificate", map[string]string{"PORTAL_SMTP_CA_FILE": broken}, nil, "valid certificates"},
		{"shorter timeout", map[string]string{"PORTAL_SMTP_TIMEOUT": "3s"}, func(c server.Config) bool { return c.MailSendLimit() == 12*time.Second }, ""},
		{"timeout too long", map[string]string{"PORTAL_SMTP_TIMEOUT": "10m"}, nil, "PORTAL_SMTP_TIMEOUT"},
		{"timeout not a duration", map[string]string{"PORTAL_SMTP_TIMEOUT": "soon"}, nil, "PORTAL_SMTP_TIMEOUT"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := server.LoadConfig(func(k string) (string, bool) { v, ok := tc.env[k]; return v, ok })
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one saying %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || !tc.check(c) {
				t.Fatalf("config %+v, err %v", c, err)
			}
		})
	}
	// Every setting is listed for `portal help`.
	listed := map[string]bool{}
	for _, s := range server.Settings {
		listed[s.Name] = true
	}
	if !listed["PORTAL_SMTP_CA_FILE"] || !listed["PORTAL_SMTP_TIMEOUT"] {
		t.Error("the mail settings are missing from Settings")
	}
}
