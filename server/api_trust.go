package server

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// didDocument is the portal's did:web document: every public key, retired
// ones included, so older credentials still verify.
func (s *Server) didDocument(c echo.Context) error {
	doc, err := s.svc.DIDDocument(c.Request().Context())
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=300")
	c.Response().Header().Set("Access-Control-Allow-Origin", "*")
	return c.JSON(http.StatusOK, doc)
}

// apiPublicCredential is a certificate's signed Open Badges credential:
// anyone may fetch and check it.
func (s *Server) apiPublicCredential(c echo.Context) error {
	doc, err := s.svc.PublicCredential(c.Request().Context(), c.Param("number"))
	if err != nil {
		return err
	}
	if c.QueryParam("download") != "" {
		c.Response().Header().Set("Content-Disposition", `attachment; filename="`+c.Param("number")+`.credential.json"`)
	}
	c.Response().Header().Set("Access-Control-Allow-Origin", "*")
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, doc)
}

// apiStatusList is a signed status list. A short max-age: a suspension
// shows to verifiers within a minute even through caches.
func (s *Server) apiStatusList(c echo.Context) error {
	doc, err := s.svc.StatusList(c.Request().Context(), c.Param("list"))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=60")
	c.Response().Header().Set("Access-Control-Allow-Origin", "*")
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, doc)
}

// apiDossier sends the dossier frozen at the decision, exactly the bytes
// whose SHA-256 the certificate prints (secretariat, the hotline's
// manager).
func (s *Server) apiDossier(c echo.Context) error {
	d, cert, err := s.svc.Dossier(c.Request().Context(), actor(c), c.Param("number"))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", `attachment; filename="dossier-`+cert.Number+`.json"`)
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, d.Body)
}
