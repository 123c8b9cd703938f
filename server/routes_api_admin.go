package server

import "hotlineportal/models"

// adminAPIRoutes declares the API of the secretariat's pages that the API
// lacked (issue 17): frameworks, the certificate list, account and hotline
// actions and the audit log. Roles are checked as on the pages: another
// role is refused (403), and the domain scopes what each may see (404).
func (s *Server) adminAPIRoutes() {
	const api = "/api/v1"
	e := s.echo
	sec := s.requireRole(models.RoleSecretariat)
	e.GET(api+"/frameworks", s.apiFrameworks, sec)
	e.POST(api+"/frameworks", s.apiImportFramework, sec)
	e.GET(api+"/frameworks/:id", s.apiFramework, sec)
	e.GET(api+"/frameworks/:id/diff", s.apiFrameworkDiff, sec)
	e.POST(api+"/frameworks/:id/publish", s.apiPublishFramework, sec)
	e.GET(api+"/certificates", s.apiCertificates, s.requireRole(models.RoleSecretariat, models.RoleManager))
	e.PUT(api+"/users/:id", s.apiUpdateUser, sec)
	e.POST(api+"/users/:id/disable", s.apiSetUserDisabled(true), sec)
	e.POST(api+"/users/:id/enable", s.apiSetUserDisabled(false), sec)
	e.POST(api+"/users/:id/invite", s.apiInviteUser, sec)
	e.POST(api+"/hotlines/:id/disable", s.apiSetHotlineDisabled(true), sec)
	e.POST(api+"/hotlines/:id/enable", s.apiSetHotlineDisabled(false), sec)
	e.GET(api+"/audit", s.apiAudit, sec)
}
