package server

// retentionRoutes declares the URLs of issue 16's the evidence access log (the retention job runs with the workers).
func (s *Server) retentionRoutes() {
}
