package server

import (
	"net/http"

	"github.com/labstack/echo-contrib/echoprometheus"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/prometheus/client_golang/prometheus"

	"hotlineportal/models"
	"hotlineportal/static"
)

// newMetricsRegistry makes one registry per server (tests build many),
// with the Go runtime and process collectors.
func newMetricsRegistry() *prometheus.Registry {
	r := prometheus.NewRegistry()
	r.MustRegister(prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	return r
}

// newEcho sets up Echo with the middleware every request goes through, in
// order: recovery, request ID, logging, headers, metrics, body limit,
// session, authentication, language, CSRF.
func (s *Server) newEcho() *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort, e.Debug = true, true, false
	e.HTTPErrorHandler = s.handleError
	e.IPExtractor = echo.ExtractIPDirect()
	if len(s.cfg.TrustedProxies) > 0 {
		opts := make([]echo.TrustOption, 0, len(s.cfg.TrustedProxies))
		for _, n := range s.cfg.TrustedProxies {
			opts = append(opts, echo.TrustIPRange(n))
		}
		e.IPExtractor = echo.ExtractIPFromXFFHeader(opts...)
	}
	e.Pre(middleware.RemoveTrailingSlashWithConfig(middleware.TrailingSlashConfig{RedirectCode: http.StatusMovedPermanently}))
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{DisableErrorHandler: false}))
	e.Use(middleware.RequestID())
	e.Use(s.requestLogger())
	e.Use(s.securityHeaders)
	e.Use(echoprometheus.NewMiddlewareWithConfig(echoprometheus.MiddlewareConfig{
		Namespace: "portal", Registerer: s.metrics,
		Skipper: func(c echo.Context) bool { return c.Path() == "/metrics" },
	}))
	e.Use(middleware.BodyLimit(s.bodyLimit()))
	e.Use(s.sessionMiddleware())
	e.Use(s.authenticate)
	e.Use(s.chooseLanguage)
	e.Use(s.requireTwoStepEnrolment)
	e.Use(noStore)
	e.Use(s.csrf())
	return e
}

// bodyLimit bounds every request body: the upload limit plus room for the
// multipart envelope.
func (s *Server) bodyLimit() string {
	return itoa(s.cfg.MaxUploadMB+1) + "M"
}

// routes declares every URL, grouped by who may use it.
func (s *Server) routes() {
	e := s.echo
	e.StaticFS("/static", echo.MustSubFS(static.FS, ""))
	e.GET("/healthz", s.healthz)
	e.GET("/metrics", echoprometheus.NewHandlerWithConfig(echoprometheus.HandlerConfig{Gatherer: s.metrics}), s.metricsAccess)

	// Public pages.
	e.GET("/", s.home)
	e.GET("/login", s.loginForm)
	e.POST("/login", s.login)
	e.GET("/login/code", s.loginCodeForm)
	e.POST("/login/code", s.loginCode)
	e.POST("/logout", s.logout)
	e.GET("/password/forgot", s.forgotForm)
	e.POST("/password/forgot", s.forgot)
	e.GET("/password/set/:token", s.setPasswordForm)
	e.POST("/password/set/:token", s.setPassword)
	e.POST("/language", s.switchLanguage)
	e.GET("/accessibility", s.accessibilityStatement)
	e.GET("/privacy", s.privacyNotice)
	e.GET("/verify", s.verifyLookup)
	e.GET("/verify/:number", s.verifyPage)
	e.GET("/verify/:number/badge.svg", s.badgeSVG)
	e.GET("/.well-known/did.json", s.didDocument)
	e.GET("/register", s.registerPage)

	// Any signed-in user.
	in := s.signedIn()
	e.GET("/dashboard", s.dashboard, in)
	e.GET("/account", s.account, in)
	e.POST("/session/keepalive", s.keepAlive, in)
	e.GET("/account/two-step", s.twoStepPage, in)
	e.POST("/account/two-step/start", s.twoStepStart, in)
	e.POST("/account/two-step/confirm", s.twoStepConfirm, in)
	e.POST("/account/two-step/recovery-codes", s.twoStepRenewCodes, in)
	e.POST("/account/two-step/disable", s.twoStepDisable, in)
	e.POST("/account/conflicts", s.conflictDeclare, s.requireRole(models.RoleReviewer))
	e.POST("/account/conflicts/:id/remove", s.conflictRemove, s.requireRole(models.RoleReviewer))

	// Hotlines: the secretariat manages all, a manager sees and edits the
	// profile of their own (the domain scopes every lookup).
	hl := s.requireRole(models.RoleSecretariat, models.RoleManager)
	e.GET("/hotlines/:id", s.hotlineShow, hl)
	e.GET("/hotlines/:id/edit", s.hotlineEditForm, hl)
	e.POST("/hotlines/:id", s.hotlineUpdate, hl)

	sec := s.requireRole(models.RoleSecretariat)
	e.GET("/hotlines", s.hotlineList, sec)
	e.GET("/hotlines/new", s.hotlineNewForm, sec)
	e.POST("/hotlines", s.hotlineCreate, sec)
	e.GET("/hotlines/:id/disable", s.hotlineDisableConfirm, sec)
	e.POST("/hotlines/:id/disable", s.hotlineDisable, sec)
	e.POST("/hotlines/:id/enable", s.hotlineEnable, sec)
	e.GET("/users", s.userList, sec)
	e.GET("/users/new", s.userNewForm, sec)
	e.POST("/users", s.userCreate, sec)
	e.GET("/users/:id", s.userShow, sec)
	e.GET("/users/:id/edit", s.userEditForm, sec)
	e.POST("/users/:id", s.userUpdate, sec)
	e.GET("/users/:id/disable", s.userDisableConfirm, sec)
	e.POST("/users/:id/disable", s.userDisable, sec)
	e.POST("/users/:id/enable", s.userEnable, sec)
	e.POST("/users/:id/invite", s.userInvite, sec)
	e.GET("/users/:id/two-step/reset", s.userTOTPResetConfirm, sec)
	e.POST("/users/:id/two-step/reset", s.userTOTPReset, sec)
	e.GET("/audit", s.auditLog, sec)
	e.GET("/outbox", s.outboxPage, sec)
	e.POST("/outbox/:id/retry", s.outboxRetry, sec)
	e.GET("/frameworks", s.frameworkList, sec)
	e.GET("/frameworks/import", s.frameworkImportForm, sec)
	e.POST("/frameworks/import", s.frameworkImport, sec)
	e.GET("/frameworks/:id", s.frameworkShow, sec)
	e.GET("/frameworks/:id/source", s.frameworkSource, sec)
	e.POST("/frameworks/:id/publish", s.frameworkPublish, sec)

	// Assessments: every role sees those its scope allows; only a
	// hotline's manager changes answers (the domain checks).
	mgr := s.requireRole(models.RoleManager)
	e.GET("/assessments", s.assessmentList, in)
	e.POST("/assessments", s.assessmentStart, mgr)
	e.GET("/assessments/:id", s.questionnaireHub, in)
	e.GET("/assessments/:id/sections/:section", s.questionnaireSection, in)
	e.GET("/assessments/:id/criteria/:code", s.questionShow, in)
	e.POST("/assessments/:id/criteria/:code", s.questionSave, mgr)
	e.POST("/assessments/:id/criteria/:code/evidence", s.evidenceUpload, mgr)
	e.GET("/assessments/:id/check", s.checkAnswers, in)
	e.POST("/assessments/:id/submit", s.submitAssessment, mgr)
	e.GET("/assessments/:id/submitted", s.submitted, in)
	rev := s.requireRole(models.RoleReviewer)
	revOrSec := s.requireRole(models.RoleReviewer, models.RoleSecretariat)
	e.GET("/assessments/:id/reviewers", s.reviewersPage, sec)
	e.POST("/assessments/:id/reviewers", s.reviewerAssign, sec)
	e.GET("/assessments/:id/consolidation", s.consolidationPage, sec)
	e.POST("/assessments/:id/reconcile", s.reconcileSend, sec)
	e.GET("/assessments/:id/review", s.reviewWorkspace, rev)
	e.POST("/assessments/:id/review/respond", s.reviewRespond, rev)
	e.GET("/assessments/:id/review/criteria/:code", s.scoreShow, rev)
	e.POST("/assessments/:id/review/criteria/:code", s.scoreSave, rev)
	e.GET("/assessments/:id/review/submit", s.reviewSubmitForm, rev)
	e.POST("/assessments/:id/review/submit", s.reviewSubmit, rev)
	e.GET("/assessments/:id/clarifications/new", s.clarificationForm, revOrSec)
	e.POST("/assessments/:id/clarifications", s.clarificationSend, revOrSec)
	e.GET("/notifications", s.notificationsPage, in)
	e.GET("/assessments/:id/decision", s.decisionForm, sec)
	e.POST("/assessments/:id/decision", s.decide, sec)
	e.GET("/assessments/:id/results", s.results, hl)
	e.GET("/assessments/:id/report.pdf", s.reportPDF, hl)
	e.POST("/conditions/:id/evidence", s.conditionEvidence, mgr)
	e.POST("/conditions/:id/accept", s.conditionAccept, sec)
	e.GET("/certificates", s.certificateList, hl)
	e.GET("/certificates/:number", s.certificateShow, hl)
	e.GET("/certificates/:number/pdf", s.certificatePDF, hl)
	e.GET("/certificates/:number/dossier", s.apiDossier, hl)
	e.GET("/certificates/:number/suspend", s.certificateActionForm("suspend"), sec)
	e.POST("/certificates/:number/suspend", s.certificateAction("suspend"), sec)
	e.GET("/certificates/:number/revoke", s.certificateActionForm("revoke"), sec)
	e.POST("/certificates/:number/revoke", s.certificateAction("revoke"), sec)
	e.POST("/certificates/:number/reinstate", s.certificateAction("reinstate"), sec)
	e.GET("/evidence/:id", s.evidenceDownload, in)
	e.GET("/evidence/:id/remove", s.evidenceRemoveConfirm, mgr)
	e.POST("/evidence/:id/remove", s.evidenceRemove, mgr)

	s.apiRoutes()

	// Issue 14: network at a glance.
	e.GET("/network", s.networkPage, sec)
	e.GET("/api/v1/analytics/network", s.apiNetworkAnalytics, sec)
	// Issue 14: do the reviewers agree?
	e.GET("/network/agreement", s.agreementPage, sec)
	e.GET("/api/v1/analytics/agreement", s.apiAgreement, sec)

	// Issue 16: due process and personal data.
	s.replyRoutes()
	s.appealRoutes()
	s.personalDataRoutes()
	s.retentionRoutes()
	s.translationRoutes()
	s.gapAPIRoutes()
	s.collaborationAPIRoutes()
	s.adminAPIRoutes()
	s.openAPIRoutes()

	// Anything else is a clean 404 in the right format.
	e.RouteNotFound("/*", func(c echo.Context) error { return echo.ErrNotFound })

	// Issue 14: deadlines and the secretariat's work list.
	e.GET("/worklist", s.worklistPage, sec)
	e.POST("/assessments/:id/reviewers/:user_id/due", s.reviewerMoveDue, sec)
	e.POST("/assessments/:id/deadline", s.assessmentSetDeadline, sec)
	e.PATCH("/api/v1/assessments/:id", s.apiSetDeadline, in)
	e.PATCH("/api/v1/assessments/:id/reviewers/:user_id", s.apiMoveReviewDue, in)
	e.GET("/api/v1/worklist", s.apiWorklist, sec)
	// Issue 14: exports. The page's downloads run the API's handler under
	// the cookie session (a filter at fault shows the form again).
	e.GET("/exports", s.exportsPage, sec)
	for format := range exportFormats {
		e.GET("/exports/scores."+format, s.exportScoresPage(format), sec)
		e.GET("/api/v1/exports/scores."+format, s.exportScores(format), sec)
	}
}

// apiRoutes declares the JSON API of api.md.
func (s *Server) apiRoutes() {
	const api = "/api/v1"
	e := s.echo
	e.POST(api+"/tokens", s.apiCreateToken)
	e.DELETE(api+"/tokens/current", s.apiDeleteToken, s.signedIn())
	e.GET(api+"/me", s.apiMe, s.signedIn())
	e.POST(api+"/me/totp", s.apiStartTOTP, s.signedIn())
	e.DELETE(api+"/me/totp", s.apiDisableTOTP, s.signedIn())
	e.POST(api+"/me/totp/confirm", s.apiConfirmTOTP, s.signedIn())
	e.POST(api+"/me/totp/recovery-codes", s.apiRenewRecoveryCodes, s.signedIn())
	e.GET(api+"/hotlines", s.apiHotlines, s.requireRole(models.RoleSecretariat, models.RoleManager))
	e.GET(api+"/hotlines/:id", s.apiHotline, s.requireRole(models.RoleSecretariat, models.RoleManager))
	e.PUT(api+"/hotlines/:id", s.apiUpdateHotline, s.requireRole(models.RoleSecretariat, models.RoleManager))
	e.POST(api+"/hotlines", s.apiCreateHotline, s.requireRole(models.RoleSecretariat))
	e.GET(api+"/users", s.apiUsers, s.requireRole(models.RoleSecretariat))
	e.GET(api+"/users/:id", s.apiUser, s.requireRole(models.RoleSecretariat))
	e.POST(api+"/users", s.apiCreateUser, s.requireRole(models.RoleSecretariat))
	e.DELETE(api+"/users/:id/totp", s.apiResetTOTP, s.requireRole(models.RoleSecretariat))
	e.GET(api+"/frameworks/current", s.apiCurrentFramework, s.signedIn())
	e.POST(api+"/assessments", s.apiStartAssessment, s.signedIn())
	e.GET(api+"/assessments", s.apiAssessments, s.signedIn())
	e.GET(api+"/assessments/:id", s.apiAssessment, s.signedIn())
	e.PUT(api+"/assessments/:id/answers/:criterion", s.apiSaveAnswer, s.signedIn())
	e.POST(api+"/assessments/:id/evidence", s.apiAddEvidence, s.signedIn())
	e.POST(api+"/assessments/:id/submit", s.apiSubmit, s.signedIn())
	e.GET(api+"/evidence/:id", s.apiEvidence, s.signedIn())
	e.DELETE(api+"/evidence/:id", s.apiRemoveEvidence, s.signedIn())
	e.POST(api+"/assessments/:id/reviewers", s.apiAssignReviewer, s.signedIn())
	e.POST(api+"/assessments/:id/assignment", s.apiRespondToAssignment, s.signedIn())
	e.PUT(api+"/assessments/:id/scores/:criterion", s.apiSaveScore, s.signedIn())
	e.POST(api+"/assessments/:id/clarifications", s.apiRequestClarification, s.signedIn())
	e.POST(api+"/assessments/:id/reviews", s.apiSubmitReview, s.signedIn())
	e.POST(api+"/assessments/:id/reconcile", s.apiReconcile, s.signedIn())
	e.GET(api+"/assessments/:id/consolidation", s.apiConsolidation, s.signedIn())
	e.GET(api+"/notifications", s.apiNotifications, s.signedIn())
	e.POST(api+"/assessments/:id/decision", s.apiDecide, s.signedIn())
	e.GET(api+"/assessments/:id/report.pdf", s.reportPDF, s.signedIn())
	e.GET(api+"/certificates/:number", s.apiCertificate, s.signedIn())
	e.GET(api+"/certificates/:number/pdf", s.certificatePDF, s.signedIn())
	e.POST(api+"/certificates/:number/suspend", s.apiCertificateAction("suspend"), s.signedIn())
	e.POST(api+"/certificates/:number/reinstate", s.apiCertificateAction("reinstate"), s.signedIn())
	e.POST(api+"/certificates/:number/revoke", s.apiCertificateAction("revoke"), s.signedIn())
	e.POST(api+"/conditions/:id/evidence", s.apiConditionEvidence, s.signedIn())
	e.POST(api+"/conditions/:id/accept", s.apiConditionAccept, s.signedIn())
	e.GET(api+"/public/certificates/:number", s.apiPublicCertificate)
	e.GET(api+"/public/certificates/:number/credential", s.apiPublicCredential)
	e.GET(api+"/public/status/:list", s.apiStatusList)
	e.GET(api+"/certificates/:number/dossier", s.apiDossier, s.signedIn())
	e.GET(api+"/public/register", s.apiPublicRegister)
	e.GET(api+"/outbox", s.apiOutbox, s.requireRole(models.RoleSecretariat))
	e.POST(api+"/outbox/:id/retry", s.apiOutboxRetry, s.requireRole(models.RoleSecretariat))

	// Issue 14: a hotline sees where it stands.
	e.GET(api+"/assessments/:id/benchmark", s.apiBenchmark, s.signedIn())
}
