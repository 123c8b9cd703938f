package server

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"

	"hotlineportal/assessments"
	"hotlineportal/assessments/messages"
	"hotlineportal/models"
)

// Server is the portal's HTTP application: configuration, the domain
// service, sessions, templates and the Echo router.
type Server struct {
	cfg      Config
	svc      *assessments.Service
	msgs     *messages.Catalog
	sessions *scs.SessionManager
	// sessionStore is the sessions' store, which skips writes that change
	// nothing.
	sessionStore *sessionWrites
	pages        *pageSet
	log          *slog.Logger
	echo         *echo.Echo
	metrics      *prometheus.Registry

	// Issue 14: network at a glance (the figures' JSON, encoded once per
	// cached figures).
	networkJSON figuresJSON
}

// New builds the server and its routes; templates that fail to parse stop
// start-up here rather than failing a request later.
func New(cfg Config, svc *assessments.Service, log *slog.Logger) (*Server, error) {
	msgs, err := messages.Load()
	if err != nil {
		return nil, err
	}
	pages, err := loadPages()
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, svc: svc, msgs: msgs, pages: pages, log: log, metrics: newMetricsRegistry()}
	s.sessionStore = &sessionWrites{store: models.NewSessionStore(svc.DB()), slack: sessionSlack(cfg.SessionIdle)}
	s.sessions = newSessionManager(cfg, s.sessionStore)
	s.sessions.ErrorFunc = s.sessionStoreFailed
	s.echo = s.newEcho()
	s.routes()
	return s, nil
}

// Handler is the whole application as an http.Handler, for tests.
func (s *Server) Handler() http.Handler { return s.echo }

// Run serves until ctx ends, then shuts down gracefully: in-flight
// requests are allowed to finish for up to grace.
func (s *Server) Run(ctx context.Context, grace time.Duration) error {
	srv := &http.Server{
		Addr:              s.cfg.Addr,
		Handler:           s.echo,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute,
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.log.Info("shutting down: finishing in-flight requests")
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Routes lists the registered routes (method and path), so tests can check
// that every route is covered by the access matrix.
func (s *Server) Routes() []string {
	var out []string
	for _, r := range s.echo.Routes() {
		if r.Method == echo.RouteNotFound {
			continue
		}
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}
