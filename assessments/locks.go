package assessments

import "gorm.io/gorm/clause"

// forUpdate is PostgreSQL's exclusive row lock; SQLite has none (and needs
// none: BEGIN IMMEDIATE lets one writer in at a time). It stays for
// scores.go until its queries move to models, which then take the lock
// themselves (see models.RowLock).
func forUpdate() clause.Expression { return clause.Locking{Strength: clause.LockingStrengthUpdate} }
