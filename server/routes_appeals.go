package server

// appealRoutes declares the URLs of issue 16's appeals against a decision, heard by an independent panel.
func (s *Server) appealRoutes() {
}
