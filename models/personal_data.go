package models

import "time"

// DataRequestKind is what a person asks the secretariat to do with their
// personal data.
type DataRequestKind string

// The two kinds of request a person can make from the account page.
const (
	DataRequestErasure    DataRequestKind = "erasure"
	DataRequestCorrection DataRequestKind = "correction"
)

// Valid tells whether k is one of the known kinds.
func (k DataRequestKind) Valid() bool {
	return k == DataRequestErasure || k == DataRequestCorrection
}

// DataRequestStatus is where a request stands: open until the secretariat
// answers it, then done or refused.
type DataRequestStatus string

// The statuses of a data request.
const (
	DataRequestOpen    DataRequestStatus = "open"
	DataRequestDone    DataRequestStatus = "done"
	DataRequestRefused DataRequestStatus = "refused"
)

// DataRequestStatuses lists every status, in the order of the filter.
var DataRequestStatuses = []DataRequestStatus{DataRequestOpen, DataRequestDone, DataRequestRefused}

// Valid tells whether s is one of the known statuses.
func (s DataRequestStatus) Valid() bool {
	return s == DataRequestOpen || s == DataRequestDone || s == DataRequestRefused
}

// DataRequest is a person's request for erasure or correction of their
// personal data, and the secretariat's answer (GDPR articles 16 and 17).
// HandledBy is the id of the secretariat member who closed it.
type DataRequest struct {
	ID        string            `gorm:"primaryKey" json:"id"`
	UserID    string            `json:"user_id"`
	Kind      DataRequestKind   `json:"kind"`
	Details   string            `json:"details"`
	Status    DataRequestStatus `json:"status"`
	Response  string            `json:"response"`
	HandledBy string            `json:"-"`
	HandledAt *time.Time        `json:"handled_at"`
	CreatedAt time.Time         `json:"created_at"`

	User *User `gorm:"foreignKey:UserID" json:"-"`
}

// Erased tells whether the account was erased: its personal fields hold a
// pseudonym and it can never be used again.
func (u *User) Erased() bool { return u.ErasedAt != nil }
