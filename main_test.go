package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestCreateUserCommand(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("PORTAL_DATA_DIR", dir)
	t.Setenv("PORTAL_DATABASE_URL", "")
	cases := []struct {
		name     string
		args     []string
		stdin    string
		wantCode int
		wantOut  string
	}{
		{"first secretariat", []string{"create-user", "--email", "Admin@Example.org", "--name", "Αθηνά Admin", "--role", "secretariat"}, "a long enough passphrase\n", 0, "created secretariat admin@example.org"},
		{"same email again", []string{"create-user", "--email", "admin@example.org", "--name", "Dup", "--role", "secretariat"}, "a long enough passphrase\n", 1, "already uses this email"},
		{"no password", []string{"create-user", "--email", "b@example.org", "--name", "B", "--role", "secretariat"}, "", 1, "no password on standard input"},
		{"short password", []string{"create-user", "--email", "b@example.org", "--name", "B", "--role", "secretariat"}, "short\n", 1, "at least 12"},
		{"bad role", []string{"create-user", "--email", "b@example.org", "--name", "B", "--role", "admin"}, "a long enough passphrase\n", 1, "--role"},
		{"manager without hotline", []string{"create-user", "--email", "b@example.org", "--name", "B", "--role", "manager"}, "a long enough passphrase\n", 1, "--hotline-id"},
		{"unknown flag", []string{"create-user", "--mail", "b@example.org"}, "", 2, ""},
		{"unknown command", []string{"frobnicate"}, "", 2, "unknown command"},
		{"bad migrate action", []string{"migrate", "sideways"}, "", 2, "unknown migrate action"},
		{"migrate status", []string{"migrate", "status"}, "", 0, "applied"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run(tc.args, strings.NewReader(tc.stdin), &out, &errOut)
			if code != tc.wantCode || !strings.Contains(out.String()+errOut.String(), tc.wantOut) {
				t.Fatalf("exit %d (want %d)\nstdout: %s\nstderr: %s", code, tc.wantCode, out.String(), errOut.String())
			}
		})
	}
}

func TestBadConfigurationIsReported(t *testing.T) {
	t.Setenv("PORTAL_DATA_DIR", t.TempDir())
	t.Setenv("PORTAL_BASE_URL", "not a url")
	var out, errOut bytes.Buffer
	if code := run([]string{"migrate", "up"}, strings.NewReader(""), &out, &errOut); code != 1 || !strings.Contains(errOut.String(), "PORTAL_BASE_URL") {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
}

// "portal jobs run" runs the daily jobs at once and says what they did.
func TestJobsRunCommand(t *testing.T) {
	t.Setenv("PORTAL_DATA_DIR", t.TempDir())
	t.Setenv("PORTAL_DATABASE_URL", "")
	cases := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string
	}{
		{"run", []string{"jobs", "run"}, 0, "retention: 0 evidence files and 0 appeal files purged"},
		{"run again", []string{"jobs", "run"}, 0, "deadline reminders: 0 queued"},
		{"no action", []string{"jobs"}, 2, "jobs run"},
		{"unknown action", []string{"jobs", "start"}, 2, "jobs run"},
		{"listed in the help", []string{"help"}, 0, "jobs run"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run(tc.args, strings.NewReader(""), &out, &errOut)
			if code != tc.wantCode || !strings.Contains(out.String()+errOut.String(), tc.wantOut) {
				t.Fatalf("exit %d (want %d)\nstdout: %s\nstderr: %s", code, tc.wantCode, out.String(), errOut.String())
			}
		})
	}
}
