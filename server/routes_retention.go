package server

import (
	"hotlineportal/assessments"
	"hotlineportal/assessments/messages"
	"hotlineportal/models"
)

// retentionRoutes declares the URLs of issue 16's evidence access log (the
// retention job runs with the workers). The hotline's manager and the
// secretariat only: reviewers are refused (403), another hotline's
// manager is shown nothing (404, the domain's scope).
func (s *Server) retentionRoutes() {
	e := s.echo
	hl := s.requireRole(models.RoleSecretariat, models.RoleManager)
	e.GET("/hotlines/:id/evidence-access", s.evidenceAccessPage, hl)
	e.GET("/api/v1/hotlines/:id/evidence-access", s.apiEvidenceAccess, hl)
}

// downloaderLabel names a downloader in the reader's language, by role and
// pseudonym only ("Reviewer A", "Secretariat").
func downloaderLabel(loc *messages.Localizer, d assessments.Downloader) string {
	switch d.Kind {
	case assessments.DownloaderReviewer:
		if d.Letter != "" {
			return loc.T("retention.who.reviewer", "Letter", d.Letter)
		}
		return loc.T("retention.who.reviewer_role")
	case assessments.DownloaderSecretariat:
		return loc.T("retention.who.secretariat")
	case assessments.DownloaderManager:
		return loc.T("retention.who.manager")
	case assessments.DownloaderPanel:
		return loc.T("retention.who.panel")
	}
	return loc.T("role." + d.Kind)
}
