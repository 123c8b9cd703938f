package server

import "hotlineportal/models"

// appealRoutes declares the URLs of issue 16's appeals against a decision, heard by an independent panel.
// Who may see an appeal is the domain's rule (its hotline's manager, its
// panel, the secretariat); the middleware only keeps each action to the
// role that takes it.
func (s *Server) appealRoutes() {
	e := s.echo
	in := s.signedIn()
	mgr := s.requireRole(models.RoleManager)
	sec := s.requireRole(models.RoleSecretariat)
	panel := s.requireRole(models.RoleReviewer, models.RoleSecretariat)

	e.GET("/appeals", s.appealList, in)
	e.GET("/appeals/:id", s.appealShow, in)
	e.GET("/appeals/:id/files/:file", s.appealFileDownload, in)
	e.GET("/appeals/:id/dossier", s.appealDossierDownload, panel)
	e.GET("/assessments/:id/appeal", s.appealLodgeForm, mgr)
	e.POST("/assessments/:id/appeal", s.appealLodge, mgr)
	e.POST("/appeals/:id/files", s.appealFileUpload, mgr)
	e.GET("/appeals/:id/withdraw", s.appealWithdrawConfirm, mgr)
	e.POST("/appeals/:id/withdraw", s.appealWithdraw, mgr)
	e.POST("/appeals/:id/panel", s.appealPanel, sec)
	e.POST("/appeals/:id/views", s.appealView, panel)
	e.POST("/appeals/:id/decline", s.appealDecline, panel)
	e.POST("/appeals/:id/decision", s.appealDecide, sec)

	e.POST("/api/v1/assessments/:id/appeal", s.apiLodgeAppeal, mgr)
	e.GET("/api/v1/appeals", s.apiAppeals, in)
	e.GET("/api/v1/appeals/:id", s.apiAppeal, in)
	e.POST("/api/v1/appeals/:id/withdraw", s.apiWithdrawAppeal, mgr)
	e.POST("/api/v1/appeals/:id/evidence", s.apiAddAppealFile, mgr)
	e.POST("/api/v1/appeals/:id/panel", s.apiFormPanel, sec)
	e.POST("/api/v1/appeals/:id/views", s.apiAppealView, panel)
	e.POST("/api/v1/appeals/:id/decline", s.apiAppealDecline, panel)
	e.POST("/api/v1/appeals/:id/decision", s.apiDecideAppeal, sec)
}
