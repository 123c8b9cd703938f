package server

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
	"hotlineportal/assessments/framework"
	"hotlineportal/models"
)

// frameworkList lists the framework versions, the current one marked.
func (s *Server) frameworkList(c echo.Context) error {
	ctx, a := c.Request().Context(), actor(c)
	rows, err := s.svc.ListFrameworks(ctx, a)
	if err != nil {
		return err
	}
	current, _, err := s.svc.CurrentFramework(ctx)
	if err != nil && !errors.Is(err, assessments.ErrNotFound) {
		return err
	}
	return s.render(c, http.StatusOK, "frameworks", s.newPage(c, "frameworks.title", map[string]any{"Items": rows, "Current": current}))
}

// frameworkImportForm asks for a framework file.
func (s *Server) frameworkImportForm(c echo.Context) error {
	return s.render(c, http.StatusOK, "framework_import", s.newPage(c, "framework.import.title", nil))
}

// frameworkUpload is the framework import form: one file.
type frameworkUpload struct {
	File *multipart.FileHeader `form:"file" validate:"file_required"`
}

// read returns the file's content, at most one byte over the framework
// size limit, so that the domain sees a file too large without this
// reading all of it.
func (u frameworkUpload) read() ([]byte, error) {
	f, err := u.File.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, framework.MaxFileSize+1))
}

// frameworkImport stores a valid file as a draft version and shows what it
// changes; a bad file lists its problems with line numbers.
func (s *Server) frameworkImport(c echo.Context) error {
	ctx, a := c.Request().Context(), actor(c)
	var in frameworkUpload
	if err := bind(c, &in); err != nil {
		return s.frameworkImportFailed(c, err)
	}
	data, err := in.read()
	if err != nil {
		return err
	}
	row, err := s.svc.ImportFramework(ctx, a, data)
	if err != nil {
		return s.frameworkImportFailed(c, err)
	}
	s.flash(c, "flash.framework_imported", row.Version)
	return redirect(c, "/frameworks/"+row.ID)
}

func (s *Server) frameworkImportFailed(c echo.Context, err error) error {
	var (
		perr *framework.ParseError
		verr *assessments.ValidationError
	)
	p := s.newPage(c, "framework.import.title", nil)
	switch {
	case errors.As(err, &perr):
		p.Data = perr.Problems
		p.ErrorList = []FieldError{{Field: "file", Message: p.N("framework.import.problems", len(perr.Problems))}}
	case errors.As(err, &verr):
		p.withErrors(verr, "file")
	default:
		return err
	}
	return s.render(c, http.StatusUnprocessableEntity, "framework_import", p)
}

type frameworkData struct {
	Row       *models.Framework
	Framework *framework.Framework
	Current   *models.Framework
	Changes   framework.Changes
	// Agreement is the reviewer agreement per criterion on a published
	// version, so that criteria reviewers read apart stand out.
	Agreement map[string]assessments.Alpha
	Flagged   []assessments.CriterionAgreement
	// Translations is each language's translation of the version.
	Translations []translationJSON
}

// frameworkShow shows one version: its sections and criteria, and for a
// draft the difference with the current version and the publish button.
func (s *Server) frameworkShow(c echo.Context) error {
	return s.renderFramework(c, http.StatusOK, nil)
}

// renderFramework shows a version's page, with the translation import's
// problems when verr is given.
func (s *Server) renderFramework(c echo.Context, status int, verr *assessments.ValidationError) error {
	ctx := c.Request().Context()
	row, f, err := s.svc.FrameworkVersion(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	if f, _, err = s.svc.TranslatedFramework(ctx, row.ID, f, localizer(c).Lang); err != nil {
		return err
	}
	data := frameworkData{Row: row, Framework: f}
	translations, err := s.svc.FrameworkTranslations(ctx, actor(c), row.ID)
	if err != nil {
		return err
	}
	for _, t := range translations {
		data.Translations = append(data.Translations, translationFrom(t))
	}
	if against, changes, err := s.svc.FrameworkChanges(ctx, row, f); err == nil && against != nil {
		data.Current, data.Changes = against, changes
	}
	if row.Status == models.FrameworkPublished {
		figs, err := s.svc.ReviewerAgreement(ctx, actor(c), row.Version)
		if err != nil {
			return err
		}
		data.Agreement = map[string]assessments.Alpha{}
		for _, cr := range figs.Criteria {
			data.Agreement[cr.Code] = cr.Alpha
		}
		data.Flagged = figs.Flagged()
	}
	p := s.newPage(c, "", data)
	p.Title = row.Title + " " + row.Version
	if verr != nil {
		p.withErrors(verr, "file", "language")
	}
	return s.render(c, status, "framework", p)
}

// translationImport reads a translator's XLIFF file into the version's
// translation, from the framework page.
func (s *Server) translationImport(c echo.Context) error {
	var verr *assessments.ValidationError
	if !isMultipart(c.Request()) {
		errors.As(assessments.Invalid("file", "error.translation.no_file"), &verr)
		return s.renderFramework(c, http.StatusUnprocessableEntity, verr)
	}
	body, err := translationFile(c)
	if errors.As(err, &verr) {
		return s.renderFramework(c, http.StatusUnprocessableEntity, verr)
	}
	if err != nil {
		return err
	}
	defer body.Close()
	imp, err := s.svc.ImportTranslation(c.Request().Context(), actor(c), c.Param("id"), "", body)
	if errors.As(err, &verr) {
		return s.renderFramework(c, http.StatusUnprocessableEntity, verr)
	}
	if err != nil {
		return err
	}
	s.flash(c, "flash.translation_imported", ownLanguageName(imp.Language))
	return redirect(c, "/frameworks/"+c.Param("id")+"#translations")
}

// frameworkPublish makes a draft version the current one.
func (s *Server) frameworkPublish(c echo.Context) error {
	id := c.Param("id")
	if err := s.svc.PublishFramework(c.Request().Context(), actor(c), id); err != nil {
		return err
	}
	row, _, err := s.svc.FrameworkVersion(c.Request().Context(), id)
	if err != nil {
		return err
	}
	s.flash(c, "flash.framework_published", row.Version)
	return redirect(c, "/frameworks/"+id)
}

// frameworkSource downloads a version's file, to revise it offline.
func (s *Server) frameworkSource(c echo.Context) error {
	row, _, err := s.svc.FrameworkVersion(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", `attachment; filename="`+row.Code+"-"+row.Version+`.yaml"`)
	return c.Blob(http.StatusOK, "application/yaml; charset=utf-8", []byte(row.Source))
}
