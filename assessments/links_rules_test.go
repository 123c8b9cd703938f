package assessments

import (
	"testing"
	"time"

	"hotlineportal/models"
)

func TestLinkUsable(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	used := now.Add(-time.Minute)
	cases := []struct {
		name string
		link models.OneTimeLink
		want bool
	}{
		{"fresh", models.OneTimeLink{ExpiresAt: now.Add(time.Hour)}, true},
		{"expires in a second", models.OneTimeLink{ExpiresAt: now.Add(time.Second)}, true},
		{"expires now", models.OneTimeLink{ExpiresAt: now}, false},
		{"expired", models.OneTimeLink{ExpiresAt: now.Add(-time.Hour)}, false},
		{"used", models.OneTimeLink{ExpiresAt: now.Add(time.Hour), UsedAt: &used}, false},
		{"used and expired", models.OneTimeLink{ExpiresAt: now.Add(-time.Hour), UsedAt: &used}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := linkUsable(&tc.link, now); got != tc.want {
				t.Errorf("linkUsable = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestLinkKind(t *testing.T) {
	s := &Service{opts: Options{InvitationTTL: 7 * 24 * time.Hour, ResetTTL: time.Hour}}
	cases := []struct {
		purpose string
		ttl     time.Duration
		email   string
	}{
		{models.LinkInvitation, 7 * 24 * time.Hour, "email.invitation"},
		{models.LinkReset, time.Hour, "email.reset"},
	}
	for _, tc := range cases {
		t.Run(tc.purpose, func(t *testing.T) {
			ttl, key := s.linkKind(tc.purpose)
			if ttl != tc.ttl || key != tc.email {
				t.Errorf("linkKind(%q) = %s, %q; want %s, %q", tc.purpose, ttl, key, tc.ttl, tc.email)
			}
		})
	}
}

func TestSecretsAreRandomAndStoredHashed(t *testing.T) {
	a, ha := newSecret()
	b, hb := newSecret()
	if a == b || ha == hb {
		t.Fatal("two secrets alike")
	}
	if ha == a || ha != hashSecret(a) || len(ha) != 64 {
		t.Errorf("hash %q is not the SHA-256 of the token", ha)
	}
}
