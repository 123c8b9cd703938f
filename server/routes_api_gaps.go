package server

import "hotlineportal/models"

// gapAPIRoutes declares the last of the pages' data the API lacked (issue
// 17): a decided assessment's conditions, an appeal's files and dossier,
// and one data request. Each keeps to its page's roles and handler rules:
// the results page's (secretariat and the hotline's manager), the
// appeal's (whoever may see it; the dossier for its panel and the
// secretariat), the data requests' (secretariat). What is not the
// caller's is 404, the domain's scope.
func (s *Server) gapAPIRoutes() {
	const api = "/api/v1"
	e := s.echo
	e.GET(api+"/assessments/:id/conditions", s.apiConditions, s.requireRole(models.RoleSecretariat, models.RoleManager))
	e.GET(api+"/appeals/:id/files/:file", s.appealFileDownload, s.signedIn())
	e.GET(api+"/appeals/:id/dossier", s.appealDossierDownload, s.requireRole(models.RoleReviewer, models.RoleSecretariat))
	e.GET(api+"/data-requests/:id", s.apiDataRequest, s.requireRole(models.RoleSecretariat))
}
