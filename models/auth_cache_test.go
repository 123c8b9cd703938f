package models_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"hotlineportal/models"
	"hotlineportal/models/modelstest"
)

// eventually polls cond for up to two seconds: another instance's change
// reaches this one through a notification, within milliseconds.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("%s: not seen within 2 s", what)
}

// Two instances on one PostgreSQL database each cache who calls; every
// change to an account, a token or a session counts at once on the
// instance that made it and within moments on the other, and what the
// cache serves is what the database held.
func TestAuthCacheFollowsChangesOnEveryInstance(t *testing.T) {
	a, b := modelstest.MigratedPostgresPair(t)
	ctx := context.Background()
	now := time.Now().UTC()
	u := &models.User{ID: models.NewID(), Email: "ana@example.org", Name: "Ana", Role: models.RoleReviewer, Country: "PT", CreatedAt: now, UpdatedAt: now}
	if err := models.CreateUser(ctx, a, u); err != nil {
		t.Fatal(err)
	}
	tokens := map[string]string{"a": "hash-a", "b": "hash-b"}
	for _, h := range tokens {
		if err := models.CreateAPIToken(ctx, a, &models.APIToken{ID: models.NewID(), UserID: u.ID, TokenHash: h, ExpiresAt: now.Add(time.Hour), CreatedAt: now}); err != nil {
			t.Fatal(err)
		}
	}
	name := func(db *models.DB, hash string) (string, error) {
		got, err := models.CachedUserByTokenHash(ctx, db, hash, time.Now())
		if err != nil {
			return "", err
		}
		return got.Name, nil
	}
	waitLive := func(db *models.DB) {
		eventually(t, "listener", func() bool { _, err := name(db, "hash-a"); return err == nil && db.AuthCacheLive() })
	}
	waitLive(a)
	waitLive(b)

	t.Run("served from the cache", func(t *testing.T) {
		// A change no trigger announces (triggers off for the test) is not
		// seen: the second read came from memory, not from the database.
		if _, err := name(a, "hash-a"); err != nil {
			t.Fatal(err)
		}
		mustExec(t, b, `ALTER TABLE users DISABLE TRIGGER users_auth_notify`)
		mustExec(t, b, `UPDATE users SET name = 'Ana silently' WHERE id = ?`, u.ID)
		mustExec(t, b, `ALTER TABLE users ENABLE TRIGGER users_auth_notify`)
		if got, _ := name(a, "hash-a"); got != "Ana" {
			t.Fatalf("name %q: the read went to the database", got)
		}
	})
	t.Run("a change on the other instance", func(t *testing.T) {
		mustExec(t, b, `UPDATE users SET name = 'Ana Sousa' WHERE id = ?`, u.ID)
		eventually(t, "renamed on the other instance", func() bool { got, _ := name(a, "hash-a"); return got == "Ana Sousa" })
	})
	t.Run("a token revoked on this instance", func(t *testing.T) {
		if _, err := name(a, "hash-b"); err != nil {
			t.Fatal(err)
		}
		if err := models.DeleteAPIToken(ctx, a, "hash-b"); err != nil {
			t.Fatal(err)
		}
		if _, err := name(a, "hash-b"); !errors.Is(err, models.ErrNotFound) {
			t.Fatalf("revoked token still accepted at once on the same instance: %v", err)
		}
	})
	t.Run("an account disabled on the other instance", func(t *testing.T) {
		if err := b.WriteTx(ctx, func(tx *models.DB) error {
			return tx.Exec(`UPDATE users SET disabled = ? WHERE id = ?`, true, u.ID).Error
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := name(b, "hash-a"); !errors.Is(err, models.ErrNotFound) {
			t.Fatalf("disabled account accepted at once on the instance that disabled it: %v", err)
		}
		eventually(t, "disabled on the other instance", func() bool {
			_, err := name(a, "hash-a")
			return errors.Is(err, models.ErrNotFound)
		})
	})
	t.Run("a session ended on the other instance", func(t *testing.T) {
		sa, sb := models.NewSessionStore(a), models.NewSessionStore(b)
		if err := sa.Commit("session-1", []byte("data"), time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if _, found, err := sa.Find("session-1"); !found || err != nil {
				t.Fatalf("session not found: %v", err)
			}
		}
		if err := sb.Delete("session-1"); err != nil {
			t.Fatal(err)
		}
		eventually(t, "session ended on the other instance", func() bool {
			_, found, err := sa.Find("session-1")
			return !found && err == nil
		})
	})
}

func mustExec(t *testing.T, db *models.DB, sql string, args ...any) {
	t.Helper()
	if err := db.Exec(sql, args...).Error; err != nil {
		t.Fatal(err)
	}
}
