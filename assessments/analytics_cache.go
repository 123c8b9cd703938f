package assessments

import (
	"sync"
	"time"
)

// figureCacheSize bounds the cached network figures: one entry per filter
// combination asked since the last decision.
const figureCacheSize = 64

// figureCacheTTL bounds how long figures are served from the cache: names
// of hotlines may change without a new result.
const figureCacheTTL = 5 * time.Minute

// figureCache keeps computed network figures by key (the results
// generation and the filters), so that repeated requests cost a lookup;
// a new decision changes the generation and thereby every key. The zero
// value is ready to use and safe for concurrent use.
type figureCache struct {
	mu      sync.Mutex
	entries map[string]figureEntry
	order   []string // keys, oldest first, for eviction
}

type figureEntry struct {
	figs *NetworkFigures
	at   time.Time
}

// get returns the figures under key when fresh at now.
func (c *figureCache) get(key string, now time.Time) (*NetworkFigures, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || now.Sub(e.at) > figureCacheTTL || now.Before(e.at) {
		return nil, false
	}
	return e.figs, true
}

// put stores figures under key, evicting the oldest entries beyond the
// bound.
func (c *figureCache) put(key string, figs *NetworkFigures, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[string]figureEntry{}
	}
	if _, ok := c.entries[key]; !ok {
		c.order = append(c.order, key)
	}
	c.entries[key] = figureEntry{figs: figs, at: now}
	for len(c.order) > figureCacheSize {
		delete(c.entries, c.order[0])
		c.order = c.order[1:]
	}
}

// len is the number of cached entries, for tests.
func (c *figureCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}
