package server

import "hotlineportal/models"

// translationRoutes declares issue 18's criteria translations: per
// framework version, each language's state, the translators' XLIFF file
// and its import, on the framework page and in the API (secretariat).
func (s *Server) translationRoutes() {
	e := s.echo
	sec := s.requireRole(models.RoleSecretariat)
	e.GET("/frameworks/:id/translations/:lang", s.translationDownload, sec)
	e.POST("/frameworks/:id/translations", s.translationImport, sec)
	e.GET("/api/v1/frameworks/:id/translations", s.apiTranslations, sec)
	e.GET("/api/v1/frameworks/:id/translations/:lang", s.translationDownload, sec)
	e.PUT("/api/v1/frameworks/:id/translations/:lang", s.apiImportTranslation, sec)
}
