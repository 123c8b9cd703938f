package assessments

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"hotlineportal/assessments/framework"
	"hotlineportal/models"
)

// frameworkCache keeps parsed frameworks by ID; a stored framework's
// content never changes, so entries never go stale. shipped keeps the
// shipped draft translations read for a version and language. pinned also keeps the
// row (without its source) for assessments, which only read its code and
// version.
type frameworkCache struct{ m, pinned, shipped sync.Map }

func (c *frameworkCache) get(row *models.Framework) (*framework.Framework, error) {
	if f, ok := c.m.Load(row.ID); ok {
		return f.(*framework.Framework), nil
	}
	f, err := framework.Parse([]byte(row.Source))
	if err != nil {
		return nil, fmt.Errorf("stored framework %s %s no longer parses: %w", row.Code, row.Version, err)
	}
	c.m.Store(row.ID, f)
	return f, nil
}

// EnsureDefaultFramework stores and publishes the embedded default
// framework when no framework exists yet (first start).
func (s *Service) EnsureDefaultFramework(ctx context.Context) error {
	n, err := models.FrameworkCount(ctx, s.db)
	if err != nil {
		return fmt.Errorf("count frameworks: %w", err)
	}
	if n > 0 {
		return nil
	}
	f, err := framework.Default()
	if err != nil {
		return err
	}
	now := s.now()
	row := frameworkRow(f, string(framework.DefaultYAML()), "system")
	row.Status, row.PublishedAt = models.FrameworkPublished, &now
	return s.tx(ctx, func(tx *models.DB) error {
		if err := models.CreateFramework(ctx, tx, row); err != nil {
			return fmt.Errorf("store the default framework: %w", err)
		}
		return s.audit(ctx, tx, Actor{IP: "system"}, "framework.publish", "framework", row.ID, row.Code+" "+row.Version+" (default)")
	})
}

func frameworkRow(f *framework.Framework, source, by string) *models.Framework {
	title, _ := f.Title.In(framework.English)
	return &models.Framework{
		ID: models.NewID(), Code: f.Code, Version: f.Version, Title: title, Source: source,
		CriteriaCount: len(f.Criteria()), Status: models.FrameworkDraft, CreatedBy: by,
	}
}

// pinnedFramework is the framework an assessment is pinned to, from the
// cache after the first load: saves and pages need it on every request.
func (s *Service) pinnedFramework(ctx context.Context, id string) (*models.Framework, *framework.Framework, error) {
	if row, ok := s.frameworks.pinned.Load(id); ok {
		f, err := s.frameworks.get(row.(*models.Framework))
		return row.(*models.Framework), f, err
	}
	row, f, err := s.FrameworkVersion(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	pinned := *row
	pinned.Source = ""
	s.frameworks.pinned.Store(id, &pinned)
	return &pinned, f, nil
}

// CurrentFramework is the most recently published framework, which new
// assessments start on.
func (s *Service) CurrentFramework(ctx context.Context) (*models.Framework, *framework.Framework, error) {
	row, err := models.CurrentFramework(ctx, s.db)
	if err != nil {
		return nil, nil, fmt.Errorf("load the current framework: %w", err)
	}
	f, err := s.frameworks.get(row)
	return row, f, err
}

// FrameworkRetired is where a version stands once published and since
// replaced by a newer one (stored as published: only the newest counts).
const FrameworkRetired = "retired"

// FrameworkStanding tells where a version stands beside the current one
// (currentID, empty when none is published): draft, published (the
// current one) or retired.
func FrameworkStanding(row *models.Framework, currentID string) string {
	if row.Status == models.FrameworkPublished && row.ID != currentID {
		return FrameworkRetired
	}
	return row.Status
}

// FrameworkChanges compares a version with the current one. against is the
// current version it differs from: nil when it is the current one (no
// changes) or when none is published (then every criterion is added).
func (s *Service) FrameworkChanges(ctx context.Context, row *models.Framework, f *framework.Framework) (against *models.Framework, changes framework.Changes, err error) {
	cur, curF, err := s.CurrentFramework(ctx)
	switch {
	case errors.Is(err, ErrNotFound):
		return nil, framework.Diff(nil, f), nil
	case err != nil:
		return nil, framework.Changes{}, err
	case cur.ID == row.ID:
		return nil, framework.Changes{}, nil
	}
	return cur, framework.Diff(curF, f), nil
}

// FrameworkVersion loads one stored framework version and its parsed form.
func (s *Service) FrameworkVersion(ctx context.Context, id string) (*models.Framework, *framework.Framework, error) {
	row, err := models.FrameworkByID(ctx, s.db, id)
	if err != nil {
		return nil, nil, fmt.Errorf("load framework %s: %w", id, err)
	}
	f, err := s.frameworks.get(row)
	return row, f, err
}

// ListFrameworks lists every stored version, newest first (secretariat).
func (s *Service) ListFrameworks(ctx context.Context, a Actor) ([]models.Framework, error) {
	if !a.Is(models.RoleSecretariat) {
		return nil, ErrForbidden
	}
	rows, err := models.ListFrameworks(ctx, s.db)
	if err != nil {
		return nil, fmt.Errorf("list frameworks: %w", err)
	}
	return rows, nil
}

// FrameworkImport is a parsed file waiting to be confirmed: what would
// change against the current version.
type FrameworkImport struct {
	Framework *framework.Framework
	Changes   framework.Changes
	Current   *models.Framework
}

// PreviewFramework parses a framework file and compares it with the
// current version, storing nothing. A bad file gives a
// *framework.ParseError with line-numbered problems.
func (s *Service) PreviewFramework(ctx context.Context, a Actor, data []byte) (*FrameworkImport, error) {
	if !a.Is(models.RoleSecretariat) {
		return nil, ErrForbidden
	}
	if len(data) > framework.MaxFileSize {
		return nil, Invalid("file", "error.framework.too_large")
	}
	f, err := framework.Parse(data)
	if err != nil {
		return nil, err
	}
	imp := &FrameworkImport{Framework: f}
	currentRow, current, err := s.CurrentFramework(ctx)
	switch {
	case errors.Is(err, ErrNotFound):
		imp.Changes = framework.Diff(&framework.Framework{}, f)
	case err != nil:
		return nil, err
	default:
		imp.Current, imp.Changes = currentRow, framework.Diff(current, f)
	}
	return imp, nil
}

// ImportFramework stores a framework file as a draft version.
func (s *Service) ImportFramework(ctx context.Context, a Actor, data []byte) (*models.Framework, error) {
	imp, err := s.PreviewFramework(ctx, a, data)
	if err != nil {
		return nil, err
	}
	row := frameworkRow(imp.Framework, string(data), a.User.Email)
	row.CreatedAt = s.now()
	err = s.tx(ctx, func(tx *models.DB) error {
		exists, err := models.FrameworkVersionExists(ctx, tx, row.Code, row.Version)
		if err != nil {
			return fmt.Errorf("look for framework %s %s: %w", row.Code, row.Version, err)
		}
		if exists {
			return Invalid("file", "error.framework.version_exists")
		}
		if err := models.CreateFramework(ctx, tx, row); err != nil {
			return fmt.Errorf("store framework %s %s: %w", row.Code, row.Version, err)
		}
		return s.audit(ctx, tx, a, "framework.import", "framework", row.ID, row.Code+" "+row.Version)
	})
	if err != nil {
		return nil, err
	}
	return row, nil
}

// PublishFramework makes a draft version the current one; assessments
// already started stay on the version they started with.
func (s *Service) PublishFramework(ctx context.Context, a Actor, id string) error {
	if !a.Is(models.RoleSecretariat) {
		return ErrForbidden
	}
	row, _, err := s.FrameworkVersion(ctx, id)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *models.DB) error {
		published, err := models.PublishFramework(ctx, tx, id, s.now())
		if err != nil {
			return fmt.Errorf("publish framework %s: %w", id, err)
		}
		if !published {
			return Conflict("error.framework.already_published")
		}
		return s.audit(ctx, tx, a, "framework.publish", "framework", id, row.Code+" "+row.Version)
	})
}
