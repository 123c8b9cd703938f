package assessments

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"hotlineportal/assessments/evidence"
	"hotlineportal/assessments/messages"
	"hotlineportal/models"
)

// Options are the domain settings that come from configuration.
type Options struct {
	// BaseURL is the portal's public address, used in links sent by email.
	BaseURL string
	// Argon2 is the password-hashing cost.
	Argon2 Argon2Params
	// HashSlots is how many password hashes may run at once (one per core
	// when zero); HashWait how long a sign-in waits for a slot before it
	// is told to come back (503).
	HashSlots int
	HashWait  time.Duration
	// TOTPRoles are the roles that must sign in in two steps.
	TOTPRoles []models.Role
	// InvitationTTL and ResetTTL bound the life of one-time links.
	InvitationTTL time.Duration
	ResetTTL      time.Duration
	// TokenTTL is the life of an API token.
	TokenTTL time.Duration
	// Sign-in limits: at most AccountFailures failed attempts per account and
	// AddressFailures per client address within FailureWindow.
	AccountFailures int
	AddressFailures int
	FailureWindow   time.Duration
	// EvidenceDir is where evidence files and certificate PDFs are stored
	// on the local disk, outside any served folder, when Files is nil.
	EvidenceDir string
	// Files is the file store to use instead of the disk (an S3 bucket
	// shared by several instances).
	Files evidence.Blobs
	// MaxUploadBytes bounds one evidence file; AssessmentQuotaBytes all
	// files of one assessment.
	MaxUploadBytes       int64
	AssessmentQuotaBytes int64
	// CertificateYears is how long a certificate is valid.
	CertificateYears int
	// ReminderMonths are the months before expiry when reminders go out.
	ReminderMonths []int
	// ReviewersPerAssessment is how many reviewers score each assessment.
	ReviewersPerAssessment int
	// ReviewDays is how long a reviewer has for a review when the
	// secretariat gives no due date (PORTAL_REVIEW_DAYS).
	ReviewDays int
	// AppealDays is how long after a decision the hotline may appeal
	// (PORTAL_APPEAL_DAYS; 0 closes the window).
	AppealDays int
	// ReplyDays is how long a manager has to reply to shared findings
	// (PORTAL_REPLY_DAYS).
	ReplyDays int
	// RetentionYears is how long after a decision evidence files are kept
	// (PORTAL_RETENTION_YEARS).
	RetentionYears int
	// Now is the clock; tests replace it.
	Now func() time.Time
}

// DefaultOptions are sensible production values.
func DefaultOptions() Options {
	return Options{
		BaseURL:                "http://localhost:8080",
		Argon2:                 DefaultArgon2,
		HashWait:               2 * time.Second,
		InvitationTTL:          7 * 24 * time.Hour,
		ResetTTL:               time.Hour,
		TokenTTL:               24 * time.Hour,
		AccountFailures:        5,
		AddressFailures:        30,
		FailureWindow:          15 * time.Minute,
		EvidenceDir:            "data/evidence",
		MaxUploadBytes:         20 << 20,
		AssessmentQuotaBytes:   500 << 20,
		ReviewersPerAssessment: 2,
		ReviewDays:             30,
		AppealDays:             30,
		ReplyDays:              14,
		RetentionYears:         10,
		CertificateYears:       3,
		ReminderMonths:         []int{9, 3, 1},
		Now:                    time.Now, // the wall clock; tests set their own
	}
}

// Service is the domain entry point that handlers and commands call. It
// holds the database, the message catalogue (for emails) and the options.
type Service struct {
	db         *models.DB
	frameworks frameworkCache
	store      evidence.Blobs
	msgs       *messages.Catalog
	log        *slog.Logger
	opts       Options
	hashes     *hashPool
	dummy      struct {
		once sync.Once
		hash string
	}
	// Issue 14: benchmark.
	benchmarks benchmarkCache
	// Issue 14: exports. The scores exports running now (a zero gate is ready).
	exports exportGate

	// Issue 14: network at a glance (the figures cached per results
	// generation and filters).
	networkFigures figureCache
	// Issue 14: reviewer agreement (the figures cached per framework and
	// reviews generation).
	agreement agreementCache

	// Issue 15: the signed documents already checked by the verify page.
	proofs verifiedProofs
}

// NewService builds the domain service; it fails when the evidence folder
// cannot be created.
func NewService(db *models.DB, msgs *messages.Catalog, log *slog.Logger, opts Options) (*Service, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	store := opts.Files
	if store == nil {
		disk, err := evidence.NewStore(opts.EvidenceDir)
		if err != nil {
			return nil, fmt.Errorf("evidence folder %s: %w", opts.EvidenceDir, err)
		}
		store = disk
	}
	if opts.HashWait <= 0 {
		opts.HashWait = 2 * time.Second
	}
	return &Service{db: db, msgs: msgs, log: log, opts: opts, store: store, hashes: newHashPool(opts.HashSlots, opts.HashWait)}, nil
}

// DB exposes the database to the server's health check and test helpers.
func (s *Service) DB() *models.DB { return s.db }

// Options returns the settings the service runs with.
func (s *Service) Options() Options { return s.opts }

func (s *Service) now() time.Time { return s.opts.Now().UTC() }

// Actor is who is acting, and from where: every audited operation takes
// one. User is nil for anonymous actions such as signing in.
type Actor struct {
	User      *models.User
	IP        string
	RequestID string
}

// Is tells whether the actor is signed in with one of the roles.
func (a Actor) Is(roles ...models.Role) bool {
	if a.User == nil {
		return false
	}
	for _, r := range roles {
		if a.User.Role == r {
			return true
		}
	}
	return false
}

// audit records one entry in the audit log, inside the caller's
// transaction when there is one.
func (s *Service) audit(ctx context.Context, db *models.DB, a Actor, action, objectType, objectID, detail string) error {
	return models.InsertAudit(ctx, db, s.auditEntry(a, action, objectType, objectID, detail))
}

// auditEntry is the audit log's record of an action by a, now.
func (s *Service) auditEntry(a Actor, action, objectType, objectID, detail string) *models.AuditEntry {
	e := &models.AuditEntry{
		At: s.now(), Action: action, ObjectType: objectType, ObjectID: objectID,
		Detail: detail, IP: a.IP, RequestID: a.RequestID,
	}
	if a.User != nil {
		e.ActorID, e.ActorEmail = a.User.ID, a.User.Email
	}
	return e
}

// Audit records an event the server observes, such as an access denial.
func (s *Service) Audit(ctx context.Context, a Actor, action, objectType, objectID, detail string) {
	err := s.tx(ctx, func(tx *models.DB) error { return s.audit(ctx, tx, a, action, objectType, objectID, detail) })
	if err != nil {
		s.log.Error("write audit entry", "action", action, "err", err)
	}
}

// tx runs fn in one transaction (BEGIN IMMEDIATE on SQLite).
func (s *Service) tx(ctx context.Context, fn func(tx *models.DB) error) error {
	return s.db.WriteTx(ctx, fn)
}
