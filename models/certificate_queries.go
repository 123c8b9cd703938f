package models

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// certificates limits a query on the certificates table to the scope:
// every certificate, or one hotline's. Reviewers' assignments give them
// no certificates, so any other scope shows none.
func (sc Scope) certificates(db *gorm.DB) *gorm.DB {
	switch {
	case sc.All:
		return db
	case sc.HotlineID != "":
		return db.Where("hotline_id = ?", sc.HotlineID)
	}
	return db.Where("1 = 0")
}

// CertificateByNumber is the certificate with a number, within the scope;
// otherwise ErrNotFound.
func CertificateByNumber(ctx context.Context, db *DB, sc Scope, number string) (*Certificate, error) {
	var c Certificate
	if err := sc.certificates(db.WithContext(ctx)).Where("number = ?", number).Take(&c).Error; err != nil {
		return nil, translate(err)
	}
	return &c, nil
}

// CertificateOfAssessment is the newest certificate issued for an
// assessment (an appeal may have replaced the first), within the scope;
// otherwise ErrNotFound.
func CertificateOfAssessment(ctx context.Context, db *DB, sc Scope, assessmentID string) (*Certificate, error) {
	var c Certificate
	if err := sc.certificates(db.WithContext(ctx)).Where("assessment_id = ?", assessmentID).Order("issued_at DESC, id DESC").Take(&c).Error; err != nil {
		return nil, translate(err)
	}
	return &c, nil
}

// ListCertificates lists one page of the certificates within the scope,
// newest first, with how many there are in all.
func ListCertificates(ctx context.Context, db *DB, sc Scope, page Page) ([]Certificate, int64, error) {
	q := sc.certificates(db.WithContext(ctx).Model(&Certificate{}))
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var out []Certificate
	err := q.Order("issued_at DESC").Limit(page.Limit()).Offset(page.Offset()).Find(&out).Error
	return out, total, err
}

// CertificatesNumbered counts the certificates whose number starts with a
// prefix ("MCE-2026-GR-"), from which the next number follows.
func CertificatesNumbered(ctx context.Context, db *DB, prefix string) (int64, error) {
	var n int64
	err := db.WithContext(ctx).Model(&Certificate{}).Where("number LIKE ?", prefix+"%").Count(&n).Error
	return n, err
}

// InsertCertificate records an issued certificate; a number taken
// meanwhile by a concurrent issue is ErrDuplicate.
func InsertCertificate(ctx context.Context, db *DB, c *Certificate) error {
	return translate(db.WithContext(ctx).Create(c).Error)
}

// SuspendCertificate suspends a certificate from now, until a time or
// (until nil) until it is reinstated, with the reason the public sees.
func SuspendCertificate(ctx context.Context, db *DB, id string, now time.Time, until *time.Time, reason string) error {
	return db.WithContext(ctx).Model(&Certificate{}).Where("id = ?", id).
		Updates(map[string]any{"suspended_at": now, "suspended_until": until, "suspension_reason": reason}).Error
}

// ReinstateCertificate ends a certificate's suspension.
func ReinstateCertificate(ctx context.Context, db *DB, id string) error {
	return db.WithContext(ctx).Model(&Certificate{}).Where("id = ?", id).
		Updates(map[string]any{"suspended_at": nil, "suspended_until": nil, "suspension_reason": ""}).Error
}

// RevokeCertificate revokes a certificate for good from now, with the
// reason the public sees.
func RevokeCertificate(ctx context.Context, db *DB, id string, now time.Time, reason string) error {
	return db.WithContext(ctx).Model(&Certificate{}).Where("id = ?", id).
		Updates(map[string]any{"revoked_at": now, "revocation_reason": reason}).Error
}

// RegisterCandidates lists the certificates neither revoked nor expired at
// now, optionally of one country ("" for all), by country, hotline name
// and newest first: the candidates for the public register, which the
// domain narrows to the newest valid one per hotline.
func RegisterCandidates(ctx context.Context, db *DB, now time.Time, country string) ([]Certificate, error) {
	q := db.WithContext(ctx).Where("revoked_at IS NULL AND valid_until > ?", now)
	if country != "" {
		q = q.Where("country = ?", country)
	}
	var out []Certificate
	err := q.Order("country, hotline_name, issued_at DESC").Find(&out).Error
	return out, err
}

// StoredCertificateDocument returns a certificate's stored PDF record, or
// ErrNotFound.
func StoredCertificateDocument(ctx context.Context, db *DB, certificateID string) (*CertificateDocument, error) {
	var doc CertificateDocument
	if err := db.WithContext(ctx).Where("certificate_id = ?", certificateID).Take(&doc).Error; err != nil {
		return nil, translate(err)
	}
	return &doc, nil
}

// StoreCertificateDocument records a certificate's PDF unless one is
// recorded already (two first downloads at once record one).
func StoreCertificateDocument(ctx context.Context, db *DB, doc *CertificateDocument) error {
	if doc.PDF == nil {
		doc.PDF = []byte{} // the column is NOT NULL; empty means "in the file store"
	}
	return translate(db.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(doc).Error)
}

// InlineCertificateDocuments returns the certificate PDFs still held in
// the database, a batch at a time after the given certificate id, for
// `portal storage migrate`.
func InlineCertificateDocuments(ctx context.Context, db *DB, after string, limit int) ([]CertificateDocument, error) {
	var docs []CertificateDocument
	err := db.WithContext(ctx).Where("storage_key = '' AND certificate_id > ?", after).Order("certificate_id").Limit(limit).Find(&docs).Error
	return docs, translate(err)
}

// MoveCertificateDocument records that a PDF held in the database is now
// in the file store under key; the inline copy is emptied.
func MoveCertificateDocument(ctx context.Context, db *DB, certificateID, key string, size int64, sha string) error {
	return translate(db.WithContext(ctx).Model(&CertificateDocument{}).Where("certificate_id = ? AND storage_key = ''", certificateID).
		Updates(map[string]any{"storage_key": key, "size": size, "sha256": sha, "pdf": []byte{}}).Error)
}
