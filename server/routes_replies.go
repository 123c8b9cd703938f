package server

// replyRoutes declares the URLs of issue 16's the hotline's right of reply before the decision.
func (s *Server) replyRoutes() {
}
