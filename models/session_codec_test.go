package models

import (
	"maps"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"
)

// A session encodes to the same bytes whatever the map's order, so an
// unchanged session is never written back; it decodes to what was
// encoded; sessions stored by scs's own gob codec still load.
func TestSessionCodec(t *testing.T) {
	c := NewSessionCodec()
	deadline := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	values := map[string]any{"user_id": "u1", "epoch": int64(3), "flash": "saved", "a": "1", "b": "2", "c": "3"}
	first, err := c.Encode(deadline, values)
	if err != nil {
		t.Fatal(err)
	}
	for range 20 {
		again, _ := c.Encode(deadline, maps.Clone(values))
		if string(again) != string(first) {
			t.Fatal("the same session encoded to different bytes")
		}
	}
	old, err := scs.GobCodec{}.Encode(deadline, values)
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"stable form": first, "stable form, remembered": first, "scs gob form": old} {
		gotDeadline, got, err := c.Decode(b)
		if err != nil || !gotDeadline.Equal(deadline) || !maps.Equal(got, values) {
			t.Errorf("%s: %v %v %v", name, gotDeadline, got, err)
		}
		got["user_id"] = "changed"
		if _, again, _ := c.Decode(b); again["user_id"] != "u1" {
			t.Errorf("%s: a decoded session shares its map with the next one", name)
		}
	}
}
