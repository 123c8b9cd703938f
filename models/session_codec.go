package models

import (
	"bytes"
	"encoding/gob"
	"maps"
	"reflect"
	"slices"
	"time"

	"github.com/alexedwards/scs/v2"
	lru "github.com/hashicorp/golang-lru/v2"
)

// SessionCodec encodes sessions for the store in a stable form, so that
// an unchanged session encodes to the very bytes it was read from, and
// remembers what it decoded. scs's gob codec writes a map in random order
// and compiles a new decoder each time: every signed-in request decoded
// its session once to load it and twice more to learn, at the end, that
// nothing had changed (see server's sessionWrites.sameData). Erasure and the personal data
// export read stored sessions through it too.
type SessionCodec struct {
	decoded *lru.Cache[string, storedSession]
	// encoded remembers, by deadline, the last session decoded with it
	// and its bytes: scs encodes every session again at the end of each
	// request, and it is nearly always the one that was read.
	encoded *lru.Cache[int64, encodedSession]
}

type encodedSession struct {
	session storedSession
	bytes   []byte
}

// storedSessions decodes the sessions that erasure and the export read.
var storedSessions = NewSessionCodec()

// storedSession is the encoded form: the values sorted by key.
type storedSession struct {
	Deadline time.Time
	Keys     []string
	Values   []any
}

// sessionCodecMemory bounds how many decoded sessions are remembered.
const sessionCodecMemory = 10000

// NewSessionCodec returns a codec remembering up to sessionCodecMemory
// decoded sessions.
func NewSessionCodec() *SessionCodec {
	decoded, _ := lru.New[string, storedSession](sessionCodecMemory)
	encoded, _ := lru.New[int64, encodedSession](sessionCodecMemory)
	return &SessionCodec{decoded: decoded, encoded: encoded}
}

// Encode writes a session's values in key order.
func (c *SessionCodec) Encode(deadline time.Time, values map[string]any) ([]byte, error) {
	s := storedSession{Deadline: deadline, Keys: slices.Sorted(maps.Keys(values))}
	for _, k := range s.Keys {
		s.Values = append(s.Values, values[k])
	}
	if e, ok := c.encoded.Get(deadline.UnixNano()); ok && e.session.Deadline.Equal(deadline) &&
		slices.Equal(e.session.Keys, s.Keys) && reflect.DeepEqual(e.session.Values, s.Values) {
		return e.bytes, nil
	}
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(s); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Decode reads a session, from memory when these bytes were decoded
// before. Sessions written by scs's own codec before this one still load.
func (c *SessionCodec) Decode(b []byte) (time.Time, map[string]any, error) {
	s, ok := c.decoded.Get(string(b))
	if !ok {
		if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&s); err != nil || len(s.Keys) != len(s.Values) {
			return scs.GobCodec{}.Decode(b)
		}
		c.decoded.Add(string(b), s)
	}
	c.encoded.Add(s.Deadline.UnixNano(), encodedSession{session: s, bytes: b})
	values := make(map[string]any, len(s.Keys))
	for i, k := range s.Keys {
		values[k] = s.Values[i]
	}
	return s.Deadline, values, nil
}
