package server

import "hotlineportal/models"

// personalDataRoutes declares the URLs of issue 16's a person's own data: export, erasure and correction requests.
func (s *Server) personalDataRoutes() {
	e := s.echo
	in := s.signedIn()
	sec := s.requireRole(models.RoleSecretariat)
	const api = "/api/v1"
	e.GET(api+"/me/export", s.apiMyExport, in)
	e.POST(api+"/me/requests", s.apiCreateDataRequest, in)
	e.GET(api+"/data-requests", s.apiDataRequests, sec)
	e.POST(api+"/data-requests/:id/close", s.apiCloseDataRequest, sec)
	e.POST(api+"/users/:id/erase", s.apiEraseUser, sec)

	e.GET("/account/export", s.accountExport, in)
	e.POST("/account/requests", s.accountDataRequest, in)
	e.GET("/data-requests", s.dataRequestList, sec)
	e.GET("/data-requests/:id", s.dataRequestShow, sec)
	e.POST("/data-requests/:id/close", s.dataRequestClose, sec)
	e.GET("/users/:id/erase", s.userEraseConfirm, sec)
	e.POST("/users/:id/erase", s.userErase, sec)
}
