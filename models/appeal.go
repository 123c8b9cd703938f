package models

import "time"

// Appeal states: lodged by the hotline, heard by a panel, then withdrawn
// by the hotline or decided by the secretariat (upheld or overturned).
const (
	AppealLodged     = "lodged"
	AppealPanel      = "panel"
	AppealWithdrawn  = "withdrawn"
	AppealUpheld     = "upheld"
	AppealOverturned = "overturned"
)

// AppealOpenStates are the states of an appeal still running: at most one
// per assessment, and the retention job keeps evidence while one runs.
var AppealOpenStates = []string{AppealLodged, AppealPanel}

// Appeal is a hotline's appeal against the decision on one of its
// assessments. DecidedBy is who took the decision appealed against, so a
// panel of a later appeal still leaves them out.
type Appeal struct {
	ID              string `gorm:"primaryKey"`
	AssessmentID    string
	HotlineID       string
	DecisionID      string
	Status          string
	Grounds         string
	LodgedBy        string
	DecidedBy       string
	LodgedAt        time.Time
	ViewsDueAt      *time.Time
	ClosedAt        *time.Time
	ClosedBy        string
	Rationale       string
	PreviousOutcome string
	NewOutcome      string
	Version         int

	Hotline *Hotline `gorm:"foreignKey:HotlineID"`
}

// Open tells whether the appeal is still running.
func (a *Appeal) Open() bool { return a.Status == AppealLodged || a.Status == AppealPanel }

// Panel members' states.
const (
	MemberInvited  = "invited"
	MemberAnswered = "answered"
	MemberDeclined = "declined"
	MemberConflict = "conflict"
)

// AppealMember is one member of an appeal's panel and their answer. Seq
// numbers the members in the order they joined: the hotline knows them
// only as "Panel member <Seq>".
type AppealMember struct {
	AppealID    string `gorm:"primaryKey"`
	UserID      string `gorm:"primaryKey"`
	Seq         int
	Status      string
	View        string
	Rationale   string
	AddedAt     time.Time
	RespondedAt *time.Time

	User *User `gorm:"foreignKey:UserID"`
}

// Active tells whether the member still sits on the panel.
func (m *AppealMember) Active() bool { return m.Status == MemberInvited || m.Status == MemberAnswered }

// AppealEvent is one step of an appeal's timeline. The actor is named by
// role only; Detail holds what the step needs to be told (a member's
// number, an outcome), never a name.
type AppealEvent struct {
	ID        string `gorm:"primaryKey"`
	AppealID  string
	At        time.Time
	Kind      string
	ActorRole string
	Detail    string
}

// AppealFile is a file attached to an appeal. PurgedAt is when retention
// removed the stored file; its name and hash stay.
type AppealFile struct {
	ID          string `gorm:"primaryKey"`
	AppealID    string
	Filename    string
	StorageKey  string
	Size        int64
	SHA256      string `gorm:"column:sha256"`
	ContentType string
	CreatedBy   string
	CreatedAt   time.Time
	PurgedAt    *time.Time
}
