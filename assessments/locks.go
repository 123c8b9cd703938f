package assessments

import "gorm.io/gorm/clause"

// forUpdate and forShare are PostgreSQL row locks; SQLite has none (and
// needs none: BEGIN IMMEDIATE lets one writer in at a time).
func forUpdate() clause.Expression { return clause.Locking{Strength: clause.LockingStrengthUpdate} }
func forShare() clause.Expression  { return clause.Locking{Strength: clause.LockingStrengthShare} }
