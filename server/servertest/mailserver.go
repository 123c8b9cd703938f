package servertest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"io"
	"log"
	"math/big"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// MailServer is a real SMTP server (emersion/go-smtp) in the test process.
// It keeps every email it accepts, so a test can read back what the
// portal really sent: envelope, headers, decoded text, and whether the
// connection was encrypted.
type MailServer struct {
	Host string
	Port int
	// CAFile is a PEM file of the private CA that signed the server's
	// certificate, for PORTAL_SMTP_CA_FILE (empty without TLS).
	CAFile string
	opts   MailServerOptions

	mu       sync.Mutex
	received []*ReceivedMail
	auths    int
}

// MailServerOptions shape the server for a test.
type MailServerOptions struct {
	// TLS is "" (plain), "starttls" (offers STARTTLS) or "tls" (implicit
	// TLS from the first byte).
	TLS string
	// User and Password, when set, make the server require AUTH PLAIN;
	// AllowPlainAuth lets it take credentials on an unencrypted connection
	// (to prove the portal never sends them there).
	User, Password string
	AllowPlainAuth bool
	// RcptError and DataError are replies that refuse a recipient or the
	// message, such as 550 or a temporary 451.
	RcptError, DataError *smtp.SMTPError
	// Port is where to listen (0: any free port), so a test can bring a
	// server up where the portal found none.
	Port int
}

// ReceivedMail is one email as the server received it.
type ReceivedMail struct {
	From     string   // envelope sender (MAIL FROM)
	To       []string // envelope recipients (RCPT TO)
	TLS      bool     // the connection was encrypted when the message came
	AuthUser string   // who authenticated, if anyone
	Header   mail.Header
	Subject  string          // decoded from RFC 2047
	HeaderTo []*mail.Address // the To header, display names decoded
	Sender   *mail.Address   // the From header
	Text     string          // the text body, transfer encoding undone
	Raw      []byte
}

// NewMailServer starts an SMTP server on a free loopback port; it stops
// when the test ends.
func NewMailServer(t testing.TB, opts MailServerOptions) *MailServer {
	t.Helper()
	ms := &MailServer{Host: "127.0.0.1", opts: opts}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &mailSession{server: ms, conn: c}, nil
	}))
	srv.Domain = "mail.test.example"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	srv.AllowInsecureAuth = opts.AllowPlainAuth
	srv.ErrorLog = log.New(io.Discard, "", 0)
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(opts.Port)))
	if err != nil {
		t.Fatalf("mail server: %v", err)
	}
	if opts.TLS != "" {
		var cert tls.Certificate
		ms.CAFile, cert = testCertificate(t)
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		if opts.TLS == "tls" {
			ln = tls.NewListener(ln, srv.TLSConfig)
		}
	}
	ms.Port = ln.Addr().(*net.TCPAddr).Port
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return ms
}

// Env points the portal at the server (PORTAL_SMTP_*), with the TLS mode
// it offers, its CA and its credentials.
func (ms *MailServer) Env() map[string]string {
	mode := "none"
	if ms.opts.TLS != "" {
		mode = ms.opts.TLS
	}
	env := map[string]string{
		"PORTAL_SMTP_HOST": ms.Host, "PORTAL_SMTP_PORT": strconv.Itoa(ms.Port), "PORTAL_SMTP_TLS": mode,
		"PORTAL_SMTP_FROM": "Portal 116 000 <portal@test.example>", "PORTAL_SMTP_TIMEOUT": "5s",
	}
	if ms.CAFile != "" {
		env["PORTAL_SMTP_CA_FILE"] = ms.CAFile
	}
	if ms.opts.User != "" {
		env["PORTAL_SMTP_USER"], env["PORTAL_SMTP_PASSWORD"] = ms.opts.User, ms.opts.Password
	}
	return env
}

// Received returns every email accepted so far, oldest first.
func (ms *MailServer) Received() []*ReceivedMail {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	return append([]*ReceivedMail(nil), ms.received...)
}

// To returns the emails accepted for one envelope recipient.
func (ms *MailServer) To(addr string) []*ReceivedMail {
	var out []*ReceivedMail
	for _, m := range ms.Received() {
		for _, to := range m.To {
			if strings.EqualFold(to, addr) {
				out = append(out, m)
			}
		}
	}
	return out
}

// AuthAttempts counts AUTH exchanges the server saw, successful or not.
func (ms *MailServer) AuthAttempts() int {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	return ms.auths
}

type mailSession struct {
	server   *MailServer
	conn     *smtp.Conn
	from     string
	to       []string
	authUser string
}

func (s *mailSession) AuthMechanisms() []string {
	if s.server.opts.User == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (s *mailSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, password string) error {
		s.server.mu.Lock()
		s.server.auths++
		s.server.mu.Unlock()
		if user != s.server.opts.User || password != s.server.opts.Password {
			return smtp.ErrAuthFailed
		}
		s.authUser = user
		return nil
	}), nil
}

func (s *mailSession) Mail(from string, _ *smtp.MailOptions) error {
	if s.server.opts.User != "" && s.authUser == "" {
		return smtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *mailSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if e := s.server.opts.RcptError; e != nil {
		return e
	}
	s.to = append(s.to, to)
	return nil
}

func (s *mailSession) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if e := s.server.opts.DataError; e != nil {
		return e
	}
	m := &ReceivedMail{From: s.from, To: s.to, AuthUser: s.authUser, Raw: raw}
	_, m.TLS = s.conn.TLSConnectionState()
	if err := m.parse(); err != nil {
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: "unreadable message: " + err.Error()}
	}
	s.server.mu.Lock()
	s.server.received = append(s.server.received, m)
	s.server.mu.Unlock()
	return nil
}

func (s *mailSession) Reset()        { s.from, s.to = "", nil }
func (s *mailSession) Logout() error { return nil }

// parse reads the headers and the text body as a mail client would.
func (m *ReceivedMail) parse() error {
	msg, err := mail.ReadMessage(bytes.NewReader(m.Raw))
	if err != nil {
		return err
	}
	m.Header = msg.Header
	if m.Subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil {
		return err
	}
	if m.HeaderTo, err = msg.Header.AddressList("To"); err != nil {
		return err
	}
	if m.Sender, err = mail.ParseAddress(msg.Header.Get("From")); err != nil {
		return err
	}
	text, err := textPart(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
	m.Text = strings.ReplaceAll(text, "\r\n", "\n")
	return err
}

// textPart finds the text/plain part and undoes its transfer encoding.
func textPart(contentType, encoding string, body io.Reader) (string, error) {
	media, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return "", err
	}
	if strings.HasPrefix(media, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err != nil {
				return "", errors.New("no text/plain part")
			}
			if text, err := textPart(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p); err == nil {
				return text, nil
			}
		}
	}
	if media != "text/plain" {
		return "", errors.New("not text/plain: " + media)
	}
	switch strings.ToLower(encoding) {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body)
	}
	b, err := io.ReadAll(body)
	return string(b), err
}

// testCertificate makes a private CA and a server certificate it signs for
// 127.0.0.1 and localhost; it returns the CA's PEM file and the server's
// key pair.
func testCertificate(t testing.TB) (string, tls.Certificate) {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	ca := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Portal test CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ = x509.ParseCertificate(caDER)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	leaf := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "mail.test.example"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour),
		DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	leafDER, err := x509.CreateCertificate(rand.Reader, leaf, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "mail-ca.pem")
	if err := os.WriteFile(file, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	return file, tls.Certificate{Certificate: [][]byte{leafDER}, PrivateKey: key}
}

// RefusingMailServer answers every connection with one reply line (such
// as "554 5.7.1 No service" or "421 4.3.2 Try later") and hangs up, as a
// mail server does that refuses the client before any command.
func RefusingMailServer(t testing.TB, reply string) (host string, port int) {
	t.Helper()
	return rawMailServer(t, func(c net.Conn) {
		_, _ = io.WriteString(c, reply+"\r\n")
		_ = c.Close()
	})
}

// SilentMailServer accepts connections and never says a word, like a
// mail server stuck behind a broken firewall or overloaded; the
// connections close when the test ends.
func SilentMailServer(t testing.TB) (host string, port int) {
	t.Helper()
	var mu sync.Mutex
	var conns []net.Conn
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			_ = c.Close()
		}
	})
	return rawMailServer(t, func(c net.Conn) {
		mu.Lock()
		conns = append(conns, c)
		mu.Unlock()
	})
}

// ClosedPort is a loopback port where nothing listens: a mail server
// that is down.
func ClosedPort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	_ = ln.Close()
	return port
}

func rawMailServer(t testing.TB, handle func(net.Conn)) (string, int) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			handle(c)
		}
	}()
	return "127.0.0.1", ln.Addr().(*net.TCPAddr).Port
}
