package models

import (
	"context"
	"time"

	"gorm.io/gorm/clause"
)

// SigningKeys lists every signing key, oldest first.
func SigningKeys(ctx context.Context, db *DB) ([]SigningKey, error) {
	var out []SigningKey
	err := db.WithContext(ctx).Order("seq").Find(&out).Error
	return out, err
}

// InsertSigningKey adds a key; a key of the same number added meanwhile
// by another instance is ErrDuplicate.
func InsertSigningKey(ctx context.Context, db *DB, k *SigningKey) error {
	return translate(db.WithContext(ctx).Create(k).Error)
}

// RetireSigningKeys retires every key still signing.
func RetireSigningKeys(ctx context.Context, db *DB, now time.Time) error {
	return db.WithContext(ctx).Model(&SigningKey{}).Where("retired_at IS NULL").Update("retired_at", now).Error
}

// InsertDossier stores a frozen dossier as the assessment's newest: its
// number follows the ones before (a dossier frozen meanwhile for the same
// assessment is ErrDuplicate).
func InsertDossier(ctx context.Context, db *DB, d *Dossier) error {
	var last int
	err := db.WithContext(ctx).Model(&Dossier{}).Where("assessment_id = ?", d.AssessmentID).
		Select("COALESCE(MAX(seq), 0)").Scan(&last).Error
	if err != nil {
		return err
	}
	if d.ID == "" {
		d.ID = NewID()
	}
	d.Seq = last + 1
	return translate(db.WithContext(ctx).Create(d).Error)
}

// DossierOf is an assessment's current (newest) frozen dossier, or
// ErrNotFound.
func DossierOf(ctx context.Context, db *DB, assessmentID string) (*Dossier, error) {
	var d Dossier
	if err := db.WithContext(ctx).Where("assessment_id = ?", assessmentID).Order("seq DESC").Take(&d).Error; err != nil {
		return nil, translate(err)
	}
	return &d, nil
}

// DossierOfCertificate is the dossier frozen with a certificate, or
// ErrNotFound (a certificate issued before dossiers existed).
func DossierOfCertificate(ctx context.Context, db *DB, certificateID string) (*Dossier, error) {
	var d Dossier
	if err := db.WithContext(ctx).Where("certificate_id = ?", certificateID).Order("seq DESC").Take(&d).Error; err != nil {
		return nil, translate(err)
	}
	return &d, nil
}

// DossierHash is the SHA-256 of the dossier frozen with a certificate, ""
// when it has none (issued before dossiers existed).
func DossierHash(ctx context.Context, db *DB, certificateID string) (string, error) {
	var hashes []string
	err := db.WithContext(ctx).Model(&Dossier{}).Where("certificate_id = ?", certificateID).Limit(1).Pluck("sha256", &hashes).Error
	if err != nil || len(hashes) == 0 {
		return "", err
	}
	return hashes[0], nil
}

// CredentialOf is a certificate's credential, or ErrNotFound.
func CredentialOf(ctx context.Context, db *DB, certificateID string) (*CertificateCredential, error) {
	var c CertificateCredential
	if err := db.WithContext(ctx).Where("certificate_id = ?", certificateID).Take(&c).Error; err != nil {
		return nil, translate(err)
	}
	return &c, nil
}

// InsertCredential stores a certificate's credential; a place in a list
// taken meanwhile, or a credential stored meanwhile, is ErrDuplicate.
func InsertCredential(ctx context.Context, db *DB, c *CertificateCredential) error {
	return translate(db.WithContext(ctx).Create(c).Error)
}

// NewestListNumber is the highest status list number in use and how many
// credentials it holds (0, 0 when there are none).
func NewestListNumber(ctx context.Context, db *DB) (number int, count int64, err error) {
	err = db.WithContext(ctx).Model(&CertificateCredential{}).Select("COALESCE(MAX(list_number), 0)").Scan(&number).Error
	if err != nil || number == 0 {
		return 0, 0, err
	}
	err = db.WithContext(ctx).Model(&CertificateCredential{}).Where("list_number = ?", number).Count(&count).Error
	return number, count, err
}

// StatusEntry is a credential's place in a list and its certificate's
// status fields.
type StatusEntry struct {
	RevocationIndex int
	SuspensionIndex int
	RevokedAt       *time.Time
	SuspendedAt     *time.Time
	SuspendedUntil  *time.Time
}

// FlaggedEntries lists the entries of list n whose certificate is revoked
// or suspended: the only ones whose bits are set.
func FlaggedEntries(ctx context.Context, db *DB, n int) ([]StatusEntry, error) {
	var out []StatusEntry
	err := db.WithContext(ctx).Table("certificate_credentials cc").
		Select("cc.revocation_index, cc.suspension_index, c.revoked_at, c.suspended_at, c.suspended_until").
		Joins("JOIN certificates c ON c.id = cc.certificate_id").
		Where("cc.list_number = ? AND (c.revoked_at IS NOT NULL OR c.suspended_at IS NOT NULL)", n).
		Scan(&out).Error
	return out, err
}

// StatusListByID is a status list, locked for update within a
// transaction on PostgreSQL; otherwise ErrNotFound.
func StatusListByID(ctx context.Context, db *DB, id string, lock bool) (*StatusList, error) {
	q := db.WithContext(ctx)
	if lock {
		q = ForUpdate.apply(db, q)
	}
	var l StatusList
	if err := q.Where("id = ?", id).Take(&l).Error; err != nil {
		return nil, translate(err)
	}
	return &l, nil
}

// CreateStatusList stores a new list unless it exists already.
func CreateStatusList(ctx context.Context, db *DB, l *StatusList) error {
	return db.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(l).Error
}

// SaveStatusList replaces a list's signed document.
func SaveStatusList(ctx context.Context, db *DB, l *StatusList) error {
	return db.WithContext(ctx).Model(&StatusList{}).Where("id = ?", l.ID).
		Updates(map[string]any{"document": l.Document, "next_change_at": l.NextChangeAt, "updated_at": l.UpdatedAt}).Error
}

// DossierHashes maps certificate ids to the hashes of the dossiers
// frozen with them, for the ones that have a dossier.
func DossierHashes(ctx context.Context, db *DB, certificateIDs []string) (map[string]string, error) {
	out := map[string]string{}
	if len(certificateIDs) == 0 {
		return out, nil
	}
	var rows []Dossier
	err := db.WithContext(ctx).Select("certificate_id, sha256").Where("certificate_id IN ?", certificateIDs).Find(&rows).Error
	for _, r := range rows {
		if r.CertificateID != nil {
			out[*r.CertificateID] = r.SHA256
		}
	}
	return out, err
}
