package server

import "hotlineportal/models"

// replyRoutes declares the URLs of issue 16's right of reply before the
// decision: the secretariat shares the findings, the hotline's manager
// reads them and replies.
func (s *Server) replyRoutes() {
	e := s.echo
	sec := s.requireRole(models.RoleSecretariat)
	mgr := s.requireRole(models.RoleManager)
	secOrMgr := s.requireRole(models.RoleSecretariat, models.RoleManager)
	e.POST("/assessments/:id/findings", s.findingsShare, sec)
	e.GET("/assessments/:id/findings", s.findingsPage, secOrMgr)
	e.POST("/assessments/:id/replies", s.replySend, mgr)

	const api = "/api/v1"
	in := s.signedIn()
	e.POST(api+"/assessments/:id/findings", s.apiShareFindings, in)
	e.GET(api+"/assessments/:id/findings", s.apiFindings, in)
	e.POST(api+"/assessments/:id/replies", s.apiReply, in)
}
