package models

import (
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// RowLock is the PostgreSQL row lock a read in a transaction takes. SQLite
// needs none: its write transactions (BEGIN IMMEDIATE) run one at a time.
type RowLock int

// The row locks.
const (
	// ForShare keeps the row from changing until the transaction ends, as
	// for a save that depends on the assessment's status.
	ForShare RowLock = iota
	// ForUpdate also keeps other writers that lock from reading it, as for
	// a transition of the workflow.
	ForUpdate
)

// clause is the locking clause of l on PostgreSQL, nil on SQLite.
func (l RowLock) clause(d Dialect) clause.Expression {
	if d != Postgres {
		return nil
	}
	if l == ForUpdate {
		return clause.Locking{Strength: clause.LockingStrengthUpdate}
	}
	return clause.Locking{Strength: clause.LockingStrengthShare}
}

// apply adds the lock to a query on PostgreSQL. SQLite has no row locks
// and needs none: BEGIN IMMEDIATE lets one writer in at a time.
func (l RowLock) apply(db *DB, q *gorm.DB) *gorm.DB {
	if c := l.clause(db.Dialect); c != nil {
		return q.Clauses(c)
	}
	return q
}
