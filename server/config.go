// Package server is the HTTP side of the portal: Echo routes, middleware
// (sessions, CSRF, security headers, rate limits), thin HTML and JSON
// handlers, template rendering and flash messages.
package server

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"hotlineportal/assessments"
	"hotlineportal/assessments/evidence"
	"hotlineportal/models"
)

// Config is every setting of the portal, read from PORTAL_* environment
// variables with defaults that need no configuration on a laptop.
type Config struct {
	Addr           string            // PORTAL_ADDR
	DataDir        string            // PORTAL_DATA_DIR
	DatabaseURL    string            // PORTAL_DATABASE_URL (PostgreSQL); empty = SQLite in DataDir
	DatabaseConns  int               // PORTAL_DATABASE_MAX_CONNS: PostgreSQL connections per instance
	BaseURL        string            // PORTAL_BASE_URL
	SMTPHost       string            // PORTAL_SMTP_HOST; empty = emails written to the log
	SMTPPort       int               // PORTAL_SMTP_PORT
	SMTPUser       string            // PORTAL_SMTP_USER
	SMTPPassword   string            // PORTAL_SMTP_PASSWORD
	SMTPFrom       string            // PORTAL_SMTP_FROM
	SMTPTLS        string            // PORTAL_SMTP_TLS: none, starttls, tls
	SMTPCAFile     string            // PORTAL_SMTP_CA_FILE: extra CAs to trust for the mail server
	SMTPTimeout    time.Duration     // PORTAL_SMTP_TIMEOUT: each step of one delivery
	SessionIdle    time.Duration     // PORTAL_SESSION_IDLE
	SessionMax     time.Duration     // PORTAL_SESSION_LIFETIME
	CookieSecure   bool              // PORTAL_COOKIE_SECURE (default: BaseURL is https)
	TrustedProxies []*net.IPNet      // PORTAL_TRUSTED_PROXIES
	LogLevel       string            // PORTAL_LOG_LEVEL
	LogFormat      string            // PORTAL_LOG_FORMAT: text or json
	MaxUploadMB    int               // PORTAL_MAX_UPLOAD_MB
	QuotaMB        int               // PORTAL_ASSESSMENT_QUOTA_MB
	ReviewDays     int               // PORTAL_REVIEW_DAYS: a review's default time
	AppealDays     int               // PORTAL_APPEAL_DAYS: the appeal window after a decision
	ReplyDays      int               // PORTAL_REPLY_DAYS: the reply window on shared findings
	RetentionYears int               // PORTAL_RETENTION_YEARS: evidence kept after a decision
	RequireTOTP    []models.Role     // PORTAL_REQUIRE_TOTP
	MetricsToken   string            // PORTAL_METRICS_TOKEN
	BlobStore      string            // PORTAL_BLOB_STORE: disk or s3
	S3             evidence.S3Config // PORTAL_S3_*: the bucket when BlobStore is s3

	// SMTPRootCAs are the system's CAs plus those of SMTPCAFile, read once
	// at start-up; nil trusts the system's alone.
	SMTPRootCAs *x509.CertPool
}

// Setting describes one environment variable. The loader takes its
// default from here, and `portal help` and the README describe it from
// here, so the three cannot disagree.
type Setting struct {
	Name string
	// Default is the value used when the variable is unset ("" for none).
	Default string
	// DefaultText describes a default worked out from other settings; it
	// is shown instead of Default.
	DefaultText string
	Meaning     string
}

// Settings lists every environment variable the portal reads.
var Settings = []Setting{
	{Name: "PORTAL_ADDR", Default: ":8080", Meaning: "address to listen on"},
	{Name: "PORTAL_DATA_DIR", Default: "./data", Meaning: "folder for the SQLite database and evidence files"},
	{Name: "PORTAL_DATABASE_URL", Meaning: "PostgreSQL DSN (postgres://user:pass@host/db); empty uses SQLite in the data folder"},
	{Name: "PORTAL_DATABASE_MAX_CONNS", Default: strconv.Itoa(models.DefaultMaxConns),
		Meaning: "PostgreSQL connections each instance keeps open at most; all instances together must stay under the server's max_connections"},
	{Name: "PORTAL_BASE_URL", Default: "http://localhost:8080", Meaning: "public address, used in emailed links and QR codes"},
	{Name: "PORTAL_SMTP_HOST", Meaning: "mail server; empty writes emails (with their links) to the log instead"},
	{Name: "PORTAL_SMTP_PORT", Default: "587", Meaning: "mail server port"},
	{Name: "PORTAL_SMTP_USER", Meaning: "mail server user name, if it needs one"},
	{Name: "PORTAL_SMTP_PASSWORD", Meaning: "mail server password, if it needs one"},
	{Name: "PORTAL_SMTP_FROM", Default: "portal@localhost", Meaning: "sender address of emails"},
	{Name: "PORTAL_SMTP_TLS", Default: "starttls", Meaning: "none, starttls (required: a server that does not offer it is refused before any credentials are sent) or tls (implicit TLS, usually port 465)"},
	{Name: "PORTAL_SMTP_CA_FILE", Meaning: "PEM file of extra certificate authorities to trust for the mail server, such as a private CA; checked at start-up"},
	{Name: "PORTAL_SMTP_TIMEOUT", Default: "10s", Meaning: "time allowed for each step of sending one email (connecting, each exchange); one email gives up after four times this, so a stuck mail server holds nothing for long"},
	{Name: "PORTAL_SESSION_IDLE", Default: "30m", Meaning: "sign-out after this long without activity"},
	{Name: "PORTAL_SESSION_LIFETIME", Default: "12h", Meaning: "sign-out after this long whatever happens"},
	{Name: "PORTAL_COOKIE_SECURE", DefaultText: "true when PORTAL_BASE_URL is https", Meaning: "Secure cookies with the __Host- prefix, and HSTS"},
	{Name: "PORTAL_TRUSTED_PROXIES", Meaning: "comma-separated CIDRs of reverse proxies whose X-Forwarded-For is believed"},
	{Name: "PORTAL_LOG_LEVEL", Default: "info", Meaning: "debug, info, warn or error"},
	{Name: "PORTAL_LOG_FORMAT", Default: "text", Meaning: "text or json"},
	{Name: "PORTAL_MAX_UPLOAD_MB", Default: "20", Meaning: "largest evidence file accepted, in MB"},
	{Name: "PORTAL_ASSESSMENT_QUOTA_MB", Default: "500", Meaning: "total evidence one assessment may hold, in MB"},
	{Name: "PORTAL_REVIEW_DAYS", Default: "30", Meaning: "days a reviewer has for a review when the secretariat gives no due date"},
	{Name: "PORTAL_APPEAL_DAYS", Default: "30", Meaning: "days after a decision during which the hotline may appeal it; 0 closes the window"},
	{Name: "PORTAL_REPLY_DAYS", Default: "14", Meaning: "days a hotline manager has to reply to findings the secretariat shares before the decision"},
	{Name: "PORTAL_RETENTION_YEARS", Default: "10", Meaning: "years after a decision before its evidence files are purged (names and hashes are kept)"},
	{Name: "PORTAL_REQUIRE_TOTP", DefaultText: "secretariat when PORTAL_BASE_URL is https, else none", Meaning: "roles that must use two-step sign-in (comma-separated), or none"},
	{Name: "PORTAL_METRICS_TOKEN", Meaning: "bearer token for /metrics; empty serves /metrics to loopback only"},
	{Name: "PORTAL_BLOB_STORE", Default: "disk", Meaning: "where evidence files and certificate PDFs are kept: disk (the data folder) or s3 (an S3-compatible bucket that every instance shares)"},
	{Name: "PORTAL_S3_ENDPOINT", Meaning: "address of the S3-compatible server, such as http://127.0.0.1:7070; empty for AWS itself"},
	{Name: "PORTAL_S3_BUCKET", Meaning: "bucket for the files (required with PORTAL_BLOB_STORE=s3; created at start if missing)"},
	{Name: "PORTAL_S3_REGION", Default: "us-east-1", Meaning: "region of the bucket"},
	{Name: "PORTAL_S3_ACCESS_KEY_ID", Meaning: "access key of the bucket"},
	{Name: "PORTAL_S3_SECRET_ACCESS_KEY", Meaning: "secret key of the bucket"},
	{Name: "PORTAL_S3_PATH_STYLE", Default: "true", Meaning: "bucket name in the path rather than the host name, as most self-hosted servers need"},
}

// DefaultShown is how help and the README write a setting's default.
func (s Setting) DefaultShown() string {
	switch {
	case s.DefaultText != "":
		return s.DefaultText
	case s.Default == "":
		return "(empty)"
	}
	return s.Default
}

// settingDefault is the default of a setting of the table; asking for one
// that is not there is a programming error, which every test that loads
// the configuration would show.
func settingDefault(name string) string {
	for _, s := range Settings {
		if s.Name == name {
			return s.Default
		}
	}
	panic("config: " + name + " is not in the Settings table")
}

// LoadConfig reads the environment (lookup is os.LookupEnv in production)
// and validates every value, reporting all problems at once.
func LoadConfig(lookup func(string) (string, bool)) (Config, error) {
	r := envReader{lookup: lookup}
	c := Config{
		Addr:           r.str("PORTAL_ADDR"),
		DataDir:        r.str("PORTAL_DATA_DIR"),
		DatabaseURL:    r.str("PORTAL_DATABASE_URL"),
		DatabaseConns:  r.integer("PORTAL_DATABASE_MAX_CONNS", 2, 1000),
		BaseURL:        strings.TrimRight(r.str("PORTAL_BASE_URL"), "/"),
		SMTPHost:       r.str("PORTAL_SMTP_HOST"),
		SMTPPort:       r.integer("PORTAL_SMTP_PORT", 1, 65535),
		SMTPUser:       r.str("PORTAL_SMTP_USER"),
		SMTPPassword:   r.str("PORTAL_SMTP_PASSWORD"),
		SMTPFrom:       r.str("PORTAL_SMTP_FROM"),
		SMTPTLS:        r.oneOf("PORTAL_SMTP_TLS", "none", "starttls", "tls"),
		SMTPCAFile:     r.str("PORTAL_SMTP_CA_FILE"),
		SMTPTimeout:    r.duration("PORTAL_SMTP_TIMEOUT"),
		SessionIdle:    r.duration("PORTAL_SESSION_IDLE"),
		SessionMax:     r.duration("PORTAL_SESSION_LIFETIME"),
		LogLevel:       r.oneOf("PORTAL_LOG_LEVEL", "debug", "info", "warn", "error"),
		LogFormat:      r.oneOf("PORTAL_LOG_FORMAT", "text", "json"),
		MaxUploadMB:    r.integer("PORTAL_MAX_UPLOAD_MB", 1, 1024),
		QuotaMB:        r.integer("PORTAL_ASSESSMENT_QUOTA_MB", 1, 100000),
		ReviewDays:     r.integer("PORTAL_REVIEW_DAYS", 1, 365),
		AppealDays:     r.integer("PORTAL_APPEAL_DAYS", 0, 365),
		ReplyDays:      r.integer("PORTAL_REPLY_DAYS", 1, 90),
		RetentionYears: r.integer("PORTAL_RETENTION_YEARS", 1, 100),
		MetricsToken:   r.str("PORTAL_METRICS_TOKEN"),
		BlobStore:      r.oneOf("PORTAL_BLOB_STORE", "disk", "s3"),
	}
	c.S3 = r.s3(c.BlobStore == "s3")
	c.TrustedProxies = r.cidrs("PORTAL_TRUSTED_PROXIES")
	c.SMTPRootCAs = r.certPool("PORTAL_SMTP_CA_FILE", c.SMTPCAFile)
	if c.SMTPTimeout > 2*time.Minute {
		r.fail("PORTAL_SMTP_TIMEOUT", c.SMTPTimeout.String(), "at most 2m, so that a stuck mail server cannot hold an email for long")
	}
	base, err := url.Parse(c.BaseURL)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		r.fail("PORTAL_BASE_URL", c.BaseURL, "an absolute http:// or https:// address such as https://portal.example.org")
	}
	https := base != nil && base.Scheme == "https"
	c.CookieSecure = r.boolean("PORTAL_COOKIE_SECURE", https)
	c.RequireTOTP = r.roles("PORTAL_REQUIRE_TOTP", https)
	if c.SessionIdle > c.SessionMax {
		r.fail("PORTAL_SESSION_IDLE", c.SessionIdle.String(), "no longer than PORTAL_SESSION_LIFETIME")
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		r.fail("PORTAL_ADDR", c.Addr, "host:port, such as :8080 or 127.0.0.1:8080")
	}
	if c.DatabaseURL != "" && !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") && !strings.Contains(c.DatabaseURL, "=") {
		r.fail("PORTAL_DATABASE_URL", "(hidden)", "a PostgreSQL URL (postgres://...) or key=value DSN")
	}
	return c, errors.Join(r.errs...)
}

// ServiceOptions turns the configuration into the domain's options.
func (c Config) ServiceOptions() assessments.Options {
	o := assessments.DefaultOptions()
	o.BaseURL = c.BaseURL
	o.EvidenceDir = filepath.Join(c.DataDir, "evidence")
	o.MaxUploadBytes = int64(c.MaxUploadMB) << 20
	o.AssessmentQuotaBytes = int64(c.QuotaMB) << 20
	o.TOTPRoles = c.RequireTOTP
	o.ReviewDays = c.ReviewDays
	o.AppealDays, o.ReplyDays, o.RetentionYears = c.AppealDays, c.ReplyDays, c.RetentionYears
	if c.BlobStore == "s3" {
		// LoadConfig checked what NewS3 needs, so it cannot fail here.
		o.Files, _ = evidence.NewS3(c.S3)
	}
	return o
}

// s3 reads the bucket's settings; with required, the bucket and both keys
// must be there.
func (r *envReader) s3(required bool) evidence.S3Config {
	cfg := evidence.S3Config{
		Endpoint:        strings.TrimRight(r.str("PORTAL_S3_ENDPOINT"), "/"),
		Bucket:          r.str("PORTAL_S3_BUCKET"),
		Region:          r.str("PORTAL_S3_REGION"),
		AccessKeyID:     r.str("PORTAL_S3_ACCESS_KEY_ID"),
		SecretAccessKey: r.str("PORTAL_S3_SECRET_ACCESS_KEY"),
		PathStyle:       r.boolean("PORTAL_S3_PATH_STYLE", true),
	}
	if !required {
		return cfg
	}
	for _, name := range []string{"PORTAL_S3_BUCKET", "PORTAL_S3_ACCESS_KEY_ID", "PORTAL_S3_SECRET_ACCESS_KEY"} {
		if r.str(name) == "" {
			r.fail(name, "(empty)", "set when PORTAL_BLOB_STORE is s3")
		}
	}
	if u, err := url.Parse(cfg.Endpoint); cfg.Endpoint != "" && (err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "") {
		r.fail("PORTAL_S3_ENDPOINT", cfg.Endpoint, "an absolute http:// or https:// address")
	}
	return cfg
}

// MailSendLimit bounds one delivery. go-mail gives the connection a
// deadline of SMTPTimeout when it connects, again after the greeting, and
// again before each message, so a send, however slow the server, ends
// within three of them; the fourth is a margin. The worker sizes its
// batches by it.
func (c Config) MailSendLimit() time.Duration { return 4 * c.SMTPTimeout }

// UsesSQLite tells whether the embedded database is in use.
func (c Config) UsesSQLite() bool { return c.DatabaseURL == "" }

type envReader struct {
	lookup func(string) (string, bool)
	errs   []error
}

func (r *envReader) fail(name, value, want string) {
	r.errs = append(r.errs, fmt.Errorf("%s=%q is not valid: expected %s", name, value, want))
}

// value is the variable as set (trimmed), or its default from the table.
func (r *envReader) str(name string) string {
	if v, ok := r.lookup(name); ok && strings.TrimSpace(v) != "" {
		return strings.TrimSpace(v)
	}
	return settingDefault(name)
}

// set is the variable as set, or "" when it is unset: for settings whose
// default is worked out from others.
func (r *envReader) set(name string) string {
	if v, ok := r.lookup(name); ok {
		return strings.TrimSpace(v)
	}
	return ""
}

func (r *envReader) integer(name string, lo, hi int) int {
	v := r.str(name)
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		r.fail(name, v, fmt.Sprintf("a whole number from %d to %d", lo, hi))
		n, _ = strconv.Atoi(settingDefault(name))
	}
	return n
}

func (r *envReader) duration(name string) time.Duration {
	v := r.str(name)
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		r.fail(name, v, "a positive duration such as 30m or 12h")
		d, _ = time.ParseDuration(settingDefault(name))
	}
	return d
}

func (r *envReader) boolean(name string, def bool) bool {
	v := r.set(name)
	if v == "" {
		return def
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		r.fail(name, v, "true or false")
		return def
	}
	return b
}

func (r *envReader) oneOf(name string, allowed ...string) string {
	v := strings.ToLower(r.str(name))
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	r.fail(name, v, "one of "+strings.Join(allowed, ", "))
	return settingDefault(name)
}

// roles reads the roles that must use two-step sign-in: a
// comma-separated list, "none", or (unset) the secretariat when the portal
// is served over https.
func (r *envReader) roles(name string, https bool) []models.Role {
	v := strings.ToLower(r.set(name))
	switch {
	case v == "" && https:
		return []models.Role{models.RoleSecretariat}
	case v == "" || v == "none":
		return nil
	}
	var out []models.Role
	for _, part := range strings.Split(v, ",") {
		role := models.Role(strings.TrimSpace(part))
		if !role.Valid() {
			r.fail(name, v, "none, or roles among manager, reviewer, secretariat separated by commas")
			return nil
		}
		out = append(out, role)
	}
	return out
}

func (r *envReader) cidrs(name string) []*net.IPNet {
	var out []*net.IPNet
	for _, part := range strings.Split(r.str(name), ",") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		_, n, err := net.ParseCIDR(part)
		if err != nil {
			r.fail(name, part, "CIDR ranges such as 10.0.0.0/8, separated by commas")
			continue
		}
		out = append(out, n)
	}
	return out
}

// certPool reads a PEM bundle of certificate authorities and adds them to
// the system's, so that a mail server with a private CA can be verified
// rather than trusted blindly. Anything but valid certificates in the file
// (a private key pasted by mistake, a truncated block) is refused.
func (r *envReader) certPool(name, file string) *x509.CertPool {
	if file == "" {
		return nil
	}
	data, err := os.ReadFile(file)
	if err != nil {
		r.fail(name, file, "a readable PEM file of CA certificates ("+err.Error()+")")
		return nil
	}
	pool, err := x509.SystemCertPool()
	if err != nil {
		pool = x509.NewCertPool()
	}
	n := 0
	for rest := data; ; {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			r.fail(name, file, "only CERTIFICATE blocks, not "+block.Type)
			return nil
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			r.fail(name, file, "valid certificates ("+err.Error()+")")
			return nil
		}
		pool.AddCert(cert)
		n++
	}
	if n == 0 {
		r.fail(name, file, "at least one PEM certificate (-----BEGIN CERTIFICATE-----)")
		return nil
	}
	return pool
}

// OSLookup reads the real environment.
var OSLookup = os.LookupEnv
