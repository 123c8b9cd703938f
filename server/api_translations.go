package server

import (
	"bytes"
	"io"
	"mime"
	"net/http"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
)

// translationJSON is one language's translation of a framework version.
type translationJSON struct {
	Language string `json:"language"`
	Name     string `json:"name"`
	Original bool   `json:"original"`
	Status   string `json:"status"`
	Texts    int    `json:"texts"`
	Reviewed int    `json:"reviewed"`
	Total    int    `json:"total"`
}

func translationFrom(t assessments.TranslationSummary) translationJSON {
	texts, reviewed := t.Units, t.Reviewed
	if t.Original {
		texts, reviewed = t.Total, t.Total
	}
	return translationJSON{Language: t.Language, Name: ownLanguageName(t.Language), Original: t.Original,
		Status: t.Status(), Texts: texts, Reviewed: reviewed, Total: t.Total}
}

// apiTranslations lists every language with how far its translation of a
// framework version has come.
func (s *Server) apiTranslations(c echo.Context) error {
	list, err := s.svc.FrameworkTranslations(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	out := make([]translationJSON, 0, len(list))
	for _, t := range list {
		out = append(out, translationFrom(t))
	}
	return c.JSON(http.StatusOK, map[string]any{"translations": out})
}

// translationDownload sends a framework version's texts for translation
// into one language, as an XLIFF 2.0 file (page and API alike).
func (s *Server) translationDownload(c echo.Context) error {
	var buf bytes.Buffer
	row, err := s.svc.ExportTranslation(c.Request().Context(), actor(c), c.Param("id"), c.Param("lang"), &buf)
	if err != nil {
		return err
	}
	name := row.Code + "-" + row.Version + "." + c.Param("lang") + ".xlf"
	c.Response().Header().Set(echo.HeaderContentDisposition, mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	return c.Blob(http.StatusOK, "application/xliff+xml; charset=utf-8", buf.Bytes())
}

// apiImportTranslation reads a reviewed (or draft) XLIFF file into one
// language of a framework version: the body is the file, or a multipart
// form with "file".
func (s *Server) apiImportTranslation(c echo.Context) error {
	body, err := translationFile(c)
	if err != nil {
		return err
	}
	defer body.Close()
	imp, err := s.svc.ImportTranslation(c.Request().Context(), actor(c), c.Param("id"), c.Param("lang"), body)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"language": imp.Language, "texts": imp.Units, "reviewed": imp.Reviewed})
}

// translationFile opens the XLIFF file of an import request.
func translationFile(c echo.Context) (io.ReadCloser, error) {
	r := c.Request()
	if isMultipart(r) {
		fh, err := c.FormFile("file")
		if err != nil {
			return nil, assessments.Invalid("file", "error.translation.no_file")
		}
		return fh.Open()
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get(echo.HeaderContentType))
	switch mt {
	case "application/xliff+xml", "application/xml", "text/xml":
		return io.NopCloser(r.Body), nil
	}
	return nil, echo.ErrUnsupportedMediaType
}
