package assessments

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"gorm.io/gorm"

	"hotlineportal/assessments/framework"
	"hotlineportal/models"
)

// frameworkCache keeps parsed frameworks by ID; a stored framework's
// content never changes, so entries never go stale. pinned also keeps the
// row (without its source) for assessments, which only read its code and
// version.
type frameworkCache struct{ m, pinned sync.Map }

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
	var n int64
	if err := s.db.WithContext(ctx).Model(&models.Framework{}).Count(&n).Error; err != nil {
		return err
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
		if err := tx.Create(row).Error; err != nil {
			return err
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
	var row models.Framework
	err := s.db.WithContext(ctx).Where("status = ?", models.FrameworkPublished).Order("published_at DESC").Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil, ErrNotFound
	}
	if err != nil {
		return nil, nil, err
	}
	f, err := s.frameworks.get(&row)
	return &row, f, err
}

// FrameworkVersion loads one stored framework version and its parsed form.
func (s *Service) FrameworkVersion(ctx context.Context, id string) (*models.Framework, *framework.Framework, error) {
	if !models.ValidID(id) {
		return nil, nil, ErrNotFound
	}
	var row models.Framework
	err := s.db.WithContext(ctx).Where("id = ?", id).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil, ErrNotFound
	}
	if err != nil {
		return nil, nil, err
	}
	f, err := s.frameworks.get(&row)
	return &row, f, err
}

// ListFrameworks lists every stored version, newest first (secretariat).
func (s *Service) ListFrameworks(ctx context.Context, a Actor) ([]models.Framework, error) {
	if !a.Is(models.RoleSecretariat) {
		return nil, ErrForbidden
	}
	var rows []models.Framework
	err := s.db.WithContext(ctx).Omit("source").Order("created_at DESC").Find(&rows).Error
	return rows, err
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
		var n int64
		if err := tx.Model(&models.Framework{}).Where("code = ? AND version = ?", row.Code, row.Version).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return Invalid("file", "error.framework.version_exists")
		}
		if err := tx.Create(row).Error; err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "framework.import", "framework", row.ID, row.Code+" "+row.Version)
	})
	return row, err
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
		res := tx.Model(&models.Framework{}).Where("id = ? AND status = ?", id, models.FrameworkDraft).
			Updates(map[string]any{"status": models.FrameworkPublished, "published_at": s.now()})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return Conflict("error.framework.already_published")
		}
		return s.audit(ctx, tx, a, "framework.publish", "framework", id, row.Code+" "+row.Version)
	})
}
