package server

import "hotlineportal/models"

// collaborationAPIRoutes declares issue 17's API counterparts of the
// pages where people work together: reviewer suggestions, conflict
// declarations, message threads, notifications, the account's
// language and data requests, and a reviewer's workspace. Each route keeps to the role its page keeps to; who may see
// which assessment is the domain's rule.
func (s *Server) collaborationAPIRoutes() {
	const api = "/api/v1"
	e := s.echo
	in := s.signedIn()
	sec := s.requireRole(models.RoleSecretariat)
	rev := s.requireRole(models.RoleReviewer)

	e.GET(api+"/assessments/:id/reviewers", s.apiReviewerSuggestions, sec)
	e.GET(api+"/me/conflicts", s.apiConflicts, rev)
	e.POST(api+"/me/conflicts", s.apiDeclareConflict, rev)
	e.DELETE(api+"/me/conflicts/:id", s.apiRemoveConflict, rev)
	e.GET(api+"/assessments/:id/messages", s.apiMessages, in)
	e.POST(api+"/notifications/read", s.apiMarkNotificationsRead, in)
	e.PATCH(api+"/me", s.apiUpdateMe, in)

	// Pages that showed data the API did not (the coverage sweep).
	e.GET(api+"/assessments/:id/review", s.apiWorkspace, rev)
	e.GET(api+"/me/requests", s.apiMyDataRequests, in)
}
