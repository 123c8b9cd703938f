package server

import (
	"strings"
	"testing"
	"time"

	"hotlineportal/models"
)

func TestLoadConfig(t *testing.T) {
	cases := []struct {
		name    string
		env     map[string]string
		check   func(Config) bool
		wantErr string
	}{
		{"defaults", nil, func(c Config) bool {
			return c.Addr == ":8080" && c.DataDir == "./data" && c.UsesSQLite() && !c.CookieSecure && c.SessionIdle == 30*time.Minute
		}, ""},
		{"https base URL makes cookies secure", map[string]string{"PORTAL_BASE_URL": "https://portal.example.org/"}, func(c Config) bool {
			return c.CookieSecure && c.BaseURL == "https://portal.example.org"
		}, ""},
		{"postgres", map[string]string{"PORTAL_DATABASE_URL": "postgres://u@h/db"}, func(c Config) bool { return !c.UsesSQLite() && c.DatabaseConns == models.DefaultMaxConns }, ""},
		{"postgres connections", map[string]string{"PORTAL_DATABASE_MAX_CONNS": "8"}, func(c Config) bool { return c.DatabaseConns == 8 }, ""},
		{"too few connections", map[string]string{"PORTAL_DATABASE_MAX_CONNS": "1"}, nil, "PORTAL_DATABASE_MAX_CONNS"},
		{"bad base URL", map[string]string{"PORTAL_BASE_URL": "portal.example.org"}, nil, "PORTAL_BASE_URL"},
		{"bad port", map[string]string{"PORTAL_SMTP_PORT": "70000"}, nil, "PORTAL_SMTP_PORT"},
		{"bad duration", map[string]string{"PORTAL_SESSION_IDLE": "soon"}, nil, "PORTAL_SESSION_IDLE"},
		{"idle longer than lifetime", map[string]string{"PORTAL_SESSION_IDLE": "24h"}, nil, "no longer than PORTAL_SESSION_LIFETIME"},
		{"bad address", map[string]string{"PORTAL_ADDR": "8080"}, nil, "PORTAL_ADDR"},
		{"bad TLS mode", map[string]string{"PORTAL_SMTP_TLS": "maybe"}, nil, "PORTAL_SMTP_TLS"},
		{"bad proxy range", map[string]string{"PORTAL_TRUSTED_PROXIES": "10.0.0.0/99"}, nil, "PORTAL_TRUSTED_PROXIES"},
		{"bad database URL", map[string]string{"PORTAL_DATABASE_URL": "mysql:x"}, nil, "PORTAL_DATABASE_URL"},
		{"two-step sign-in not required over http", nil, func(c Config) bool { return len(c.RequireTOTP) == 0 }, ""},
		{"secretariat must use two-step sign-in over https", map[string]string{"PORTAL_BASE_URL": "https://portal.example.org"}, func(c Config) bool {
			return len(c.RequireTOTP) == 1 && c.RequireTOTP[0] == models.RoleSecretariat && c.ServiceOptions().TOTPRoles[0] == models.RoleSecretariat
		}, ""},
		{"two-step requirement turned off", map[string]string{"PORTAL_BASE_URL": "https://portal.example.org", "PORTAL_REQUIRE_TOTP": "none"}, func(c Config) bool {
			return len(c.RequireTOTP) == 0
		}, ""},
		{"two-step required for two roles", map[string]string{"PORTAL_REQUIRE_TOTP": "secretariat, Reviewer"}, func(c Config) bool {
			return len(c.RequireTOTP) == 2 && c.RequireTOTP[1] == models.RoleReviewer
		}, ""},
		{"unknown role to require two-step sign-in", map[string]string{"PORTAL_REQUIRE_TOTP": "admins"}, nil, "PORTAL_REQUIRE_TOTP"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := LoadConfig(func(k string) (string, bool) { v, ok := tc.env[k]; return v, ok })
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one naming %s", err, tc.wantErr)
				}
				return
			}
			if err != nil || !tc.check(c) {
				t.Fatalf("config %+v, err %v", c, err)
			}
		})
	}
	// Every problem is reported at once.
	_, err := LoadConfig(func(k string) (string, bool) {
		return map[string]string{"PORTAL_ADDR": "x", "PORTAL_LOG_LEVEL": "loud"}[k], k == "PORTAL_ADDR" || k == "PORTAL_LOG_LEVEL"
	})
	if err == nil || !strings.Contains(err.Error(), "PORTAL_ADDR") || !strings.Contains(err.Error(), "PORTAL_LOG_LEVEL") {
		t.Fatalf("not every problem reported: %v", err)
	}
}

func TestSafeNext(t *testing.T) {
	cases := map[string]string{
		"":                     "/dashboard",
		"/users":               "/users",
		"/users?q=x":           "/users?q=x",
		"https://evil.example": "/dashboard",
		"//evil.example":       "/dashboard",
		"/\\evil.example":      "/dashboard",
		"/a\r\nSet-Cookie: x":  "/dashboard",
	}
	for in, want := range cases {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}
