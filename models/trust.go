package models

import "time"

// SigningKey is one of the portal's Ed25519 keys. The newest one not
// retired signs; retired ones stay listed in the DID document so that
// what they signed still verifies. The private key never leaves this row.
type SigningKey struct {
	ID         string `gorm:"primaryKey"`
	Seq        int
	PublicKey  []byte
	PrivateKey []byte `json:"-"`
	CreatedAt  time.Time
	RetiredAt  *time.Time
}

// Dossier is an assessment frozen at its decision, as RFC 8785 canonical
// JSON, with the SHA-256 the certificate prints. It is never updated; a
// decision overturned on appeal freezes another (Seq 2, 3...), the newest
// being the assessment's current one. CertificateID is the certificate
// issued with it, nil when none was.
type Dossier struct {
	ID            string `gorm:"primaryKey"`
	AssessmentID  string
	Seq           int
	CertificateID *string
	SHA256        string `gorm:"column:sha256"`
	Body          []byte
	CreatedAt     time.Time
}

// CertificateCredential is a certificate's signed Open Badges credential
// and its places in list ListNumber of the revocation and suspension
// status lists.
type CertificateCredential struct {
	CertificateID   string `gorm:"primaryKey"`
	ListNumber      int
	RevocationIndex int
	SuspensionIndex int
	Document        string
	CreatedAt       time.Time
}

// StatusList is one signed BitstringStatusListCredential as served.
// NextChangeAt is when a timed suspension in it ends, so the list is
// signed again then.
type StatusList struct {
	ID           string `gorm:"primaryKey"`
	ListNumber   int
	Purpose      string
	Document     string
	NextChangeAt *time.Time
	UpdatedAt    time.Time
}
