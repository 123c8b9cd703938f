package models

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
)

// ScratchSchema creates a new, empty schema on the PostgreSQL server of
// url and returns a DSN whose connections use it, and a function dropping
// it. Tests and the load tool each get their own schema this way, so runs
// never see each other's data.
func ScratchSchema(url, prefix string) (string, func(), error) {
	admin, err := Open(OpenOptions{URL: url})
	if err != nil {
		return "", nil, err
	}
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	schema := prefix + hex.EncodeToString(b)
	if err := admin.Exec("CREATE SCHEMA " + schema).Error; err != nil {
		admin.Close()
		return "", nil, fmt.Errorf("create schema: %w", err)
	}
	drop := func() {
		_ = admin.Exec("DROP SCHEMA " + schema + " CASCADE").Error
		_ = admin.Close()
	}
	return withSearchPath(url, schema), drop, nil
}

// withSearchPath points a PostgreSQL DSN (URL or key=value) at a schema.
func withSearchPath(dsn, schema string) string {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err == nil {
			q := u.Query()
			q.Set("search_path", schema)
			u.RawQuery = q.Encode()
			return u.String()
		}
	}
	return dsn + " search_path=" + schema
}
