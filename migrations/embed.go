// Package migrations holds the versioned SQL schema, embedded so that the
// binary can migrate a database on its own. One folder serves SQLite and
// PostgreSQL: keys are text IDs made in Go, times are UTC TIMESTAMPs, and no
// dialect-only types are used.
package migrations

import "embed"

// FS is the folder of goose migrations, applied at start-up and by `migrate`.
//
//go:embed *.sql
var FS embed.FS
