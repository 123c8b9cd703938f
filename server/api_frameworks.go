package server

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
	"hotlineportal/assessments/framework"
	"hotlineportal/models"
)

// apiCurrentFramework shows the published framework new assessments use,
// in the language asked for (?lang=, else the caller's) where translated,
// with each criterion's translation status; an unknown language is 422.
func (s *Server) apiCurrentFramework(c echo.Context) error {
	lang := localizer(c).Lang
	if asked := c.QueryParam("lang"); asked != "" {
		if !s.msgs.Supported(asked) {
			return assessments.Invalid("lang", "error.language")
		}
		lang = asked
	}
	ctx := c.Request().Context()
	row, f, err := s.svc.CurrentFramework(ctx)
	if err != nil {
		return err
	}
	f, status, err := s.svc.TranslatedFramework(ctx, row.ID, f, lang)
	if err != nil {
		return err
	}
	type criterionJSON struct {
		Code        string   `json:"code"`
		Title       string   `json:"title"`
		Guidance    string   `json:"guidance"`
		Evidence    string   `json:"evidence"`
		Translation string   `json:"translation"`
		Mandatory   bool     `json:"mandatory"`
		Critical    bool     `json:"critical"`
		Channels    []string `json:"channels"`
	}
	type sectionJSON struct {
		Code     string          `json:"code"`
		Title    string          `json:"title"`
		Criteria []criterionJSON `json:"criteria"`
	}
	sections := make([]sectionJSON, 0, len(f.Sections))
	for _, sec := range f.Sections {
		title, _ := sec.Title.In(lang)
		sj := sectionJSON{Code: sec.Code, Title: title}
		for _, cr := range sec.Criteria {
			t, _ := cr.Title.In(lang)
			g, _ := cr.Guidance.In(lang)
			e, _ := cr.Evidence.In(lang)
			sj.Criteria = append(sj.Criteria, criterionJSON{Code: cr.Code, Title: t, Guidance: g, Evidence: e,
				Translation: status[cr.Code], Mandatory: cr.Mandatory, Critical: cr.Critical, Channels: cr.Channels})
		}
		sections = append(sections, sj)
	}
	title, _ := f.Title.In(lang)
	return c.JSON(http.StatusOK, map[string]any{
		"id": row.ID, "code": row.Code, "version": row.Version, "title": title, "language": lang, "sections": sections,
	})
}

// frameworkJSON is a stored framework version as the API lists it.
type frameworkJSON struct {
	ID            string     `json:"id"`
	Code          string     `json:"code"`
	Version       string     `json:"version"`
	Title         string     `json:"title"`
	CriteriaCount int        `json:"criteria_count"`
	Status        string     `json:"status"`
	Current       bool       `json:"current"`
	PublishedAt   *time.Time `json:"published_at"`
	CreatedAt     time.Time  `json:"created_at"`
}

// frameworkFrom shows a version with its status against the current one
// (currentID, "" when none is published).
func frameworkFrom(row *models.Framework, currentID string) frameworkJSON {
	published := row.PublishedAt
	if published != nil {
		t := published.UTC()
		published = &t
	}
	return frameworkJSON{
		ID: row.ID, Code: row.Code, Version: row.Version, Title: row.Title, CriteriaCount: row.CriteriaCount,
		Status: assessments.FrameworkStanding(row, currentID), Current: row.ID == currentID, PublishedAt: published, CreatedAt: row.CreatedAt.UTC(),
	}
}

// currentFrameworkID is the id of the published version new assessments
// start on, "" when none is published yet.
func (s *Server) currentFrameworkID(c echo.Context) (string, error) {
	row, _, err := s.svc.CurrentFramework(c.Request().Context())
	if errors.Is(err, assessments.ErrNotFound) {
		return "", nil
	} else if err != nil {
		return "", err
	}
	return row.ID, nil
}

// apiFrameworks lists every stored version, newest first, as the
// frameworks page does.
func (s *Server) apiFrameworks(c echo.Context) error {
	rows, err := s.svc.ListFrameworks(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	currentID, err := s.currentFrameworkID(c)
	if err != nil {
		return err
	}
	out := make([]frameworkJSON, 0, len(rows))
	for i := range rows {
		out = append(out, frameworkFrom(&rows[i], currentID))
	}
	return c.JSON(http.StatusOK, map[string]any{"items": out, "total": len(out)})
}

// apiFramework shows one version whole: its languages, scale, decision
// rules and sections, each text in every language the file gives.
func (s *Server) apiFramework(c echo.Context) error {
	row, f, err := s.svc.FrameworkVersion(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return s.frameworkDetail(c, http.StatusOK, row, f)
}

func (s *Server) frameworkDetail(c echo.Context, status int, row *models.Framework, f *framework.Framework) error {
	currentID, err := s.currentFrameworkID(c)
	if err != nil {
		return err
	}
	return c.JSON(status, struct {
		frameworkJSON
		Languages []string            `json:"languages"`
		Scale     []framework.Level   `json:"scale"`
		Rules     framework.Rules     `json:"rules"`
		Sections  []framework.Section `json:"sections"`
	}{frameworkFrom(row, currentID), f.Languages, f.Scale, f.Rules, f.Sections})
}

// apiFrameworkDiff is what a version changes against the current one, as
// the framework page shows it: against nothing when none is published, and
// nothing for the current version itself.
func (s *Server) apiFrameworkDiff(c echo.Context) error {
	row, f, err := s.svc.FrameworkVersion(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	currentID, err := s.currentFrameworkID(c)
	if err != nil {
		return err
	}
	cur, changes, err := s.svc.FrameworkChanges(c.Request().Context(), row, f)
	if err != nil {
		return err
	}
	var against *frameworkJSON
	if cur != nil {
		j := frameworkFrom(cur, cur.ID)
		against = &j
	}
	return c.JSON(http.StatusOK, map[string]any{
		"framework": frameworkFrom(row, currentID), "against": against, "empty": changes.Empty(), "changes": listedChanges(changes),
	})
}

// listedChanges gives empty lists rather than nulls.
func listedChanges(ch framework.Changes) framework.Changes {
	ch.Added = append([]framework.Criterion{}, ch.Added...)
	ch.Removed = append([]framework.Criterion{}, ch.Removed...)
	ch.Changed = append([]framework.CriterionChange{}, ch.Changed...)
	return ch
}

// apiImportFramework stores a framework file as a draft: the file as the
// import page takes it (multipart, field "file"), or the YAML itself as
// the body. A file that does not parse answers 422 with each problem and
// its line.
func (s *Server) apiImportFramework(c echo.Context) error {
	data, err := frameworkSource(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	row, err := s.svc.ImportFramework(ctx, actor(c), data)
	var perr *framework.ParseError
	if errors.As(err, &perr) {
		return frameworkProblems(c, perr)
	}
	if err != nil {
		return err
	}
	_, f, err := s.svc.FrameworkVersion(ctx, row.ID)
	if err != nil {
		return err
	}
	return s.frameworkDetail(c, http.StatusCreated, row, f)
}

// frameworkSourceTypes are the body types a framework file may be sent
// as, besides a multipart form.
var frameworkSourceTypes = map[string]bool{
	"application/yaml": true, "application/x-yaml": true, "text/yaml": true, "text/x-yaml": true, "text/plain": true,
}

// frameworkSource reads the framework file of an import request, at most
// one byte over the size limit (the domain refuses a larger one).
func frameworkSource(c echo.Context) ([]byte, error) {
	r := c.Request()
	if isMultipart(r) {
		var in frameworkUpload
		if err := bind(c, &in); err != nil {
			return nil, err
		}
		return in.read()
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get(echo.HeaderContentType))
	if !frameworkSourceTypes[mt] {
		return nil, echo.ErrUnsupportedMediaType
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, framework.MaxFileSize+1))
	if tooLarge(err) {
		return nil, echo.ErrStatusRequestEntityTooLarge
	}
	return data, err
}

// frameworkProblems answers a file that does not parse: 422 with the
// parser's problems (line, field, message) beside the usual error.
func frameworkProblems(c echo.Context, perr *framework.ParseError) error {
	msg := localizer(c).N("framework.import.problems", len(perr.Problems))
	return c.JSON(http.StatusUnprocessableEntity, map[string]any{"error": map[string]any{
		"code": "validation_failed", "message": msg, "fields": map[string]string{"file": msg}, "problems": perr.Problems,
	}})
}

// apiPublishFramework makes a draft the current version; a version that
// is not a draft answers 409.
func (s *Server) apiPublishFramework(c echo.Context) error {
	ctx, id := c.Request().Context(), c.Param("id")
	if err := s.svc.PublishFramework(ctx, actor(c), id); err != nil {
		return err
	}
	row, f, err := s.svc.FrameworkVersion(ctx, id)
	if err != nil {
		return err
	}
	return s.frameworkDetail(c, http.StatusOK, row, f)
}
