package assessments

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"hotlineportal/models"
)

// HotlineInput is what a person may set on a hotline. ID, search key and
// version are never bound from input.
type HotlineInput struct {
	Name         string   `json:"name" form:"name" validate:"required,max=200"`
	EnglishName  string   `json:"english_name" form:"english_name" validate:"max=200"`
	Country      string   `json:"country" form:"country" validate:"required"`
	Channels     []string `json:"channels" form:"channels"`
	Languages    []string `json:"languages" form:"languages"`
	OpeningHours string   `json:"opening_hours" form:"opening_hours" validate:"max=500"`
	WebsiteURL   string   `json:"website_url" form:"website_url" validate:"max=500"`
	ChatURL      string   `json:"chat_url" form:"chat_url" validate:"max=500"`
}

func (in *HotlineInput) normalise() {
	in.Name = strings.TrimSpace(in.Name)
	in.EnglishName = strings.TrimSpace(in.EnglishName)
	in.Country = strings.ToUpper(strings.TrimSpace(in.Country))
	in.Channels = normaliseList(in.Channels)
	in.Languages = normaliseList(in.Languages)
	in.OpeningHours = strings.TrimSpace(in.OpeningHours)
	in.WebsiteURL = strings.TrimSpace(in.WebsiteURL)
	in.ChatURL = strings.TrimSpace(in.ChatURL)
}

func (in *HotlineInput) check() error {
	verr := checkStruct(in)
	if in.Country != "" && !ValidCountry(in.Country) {
		verr.Add("country", "error.country", nil)
	}
	for _, ch := range in.Channels {
		if !models.StringList(models.AllChannels).Has(ch) {
			verr.Add("channels", "error.channel", map[string]any{"Value": ch})
		}
	}
	for _, lang := range in.Languages {
		if !validLanguageCode(lang) {
			verr.Add("languages", "error.language_code", map[string]any{"Value": lang})
		}
	}
	if in.WebsiteURL != "" && !validWebURL(in.WebsiteURL) {
		verr.Add("website_url", "error.url", nil)
	}
	if in.ChatURL != "" && !validWebURL(in.ChatURL) {
		verr.Add("chat_url", "error.url", nil)
	}
	return verr.Err()
}

func (in *HotlineInput) apply(h *models.Hotline) {
	h.Name, h.EnglishName, h.Country = in.Name, in.EnglishName, in.Country
	h.SearchKey = SearchKey(in.Name + " " + in.EnglishName)
	h.Channels, h.Languages = in.Channels, in.Languages
	h.OpeningHours, h.WebsiteURL, h.ChatURL = in.OpeningHours, in.WebsiteURL, in.ChatURL
}

// HotlineInputFrom fills an input from an existing hotline, for edit forms.
func HotlineInputFrom(h *models.Hotline) HotlineInput {
	return HotlineInput{
		Name: h.Name, EnglishName: h.EnglishName, Country: h.Country,
		Channels: h.Channels, Languages: h.Languages, OpeningHours: h.OpeningHours,
		WebsiteURL: h.WebsiteURL, ChatURL: h.ChatURL,
	}
}

// hotlineScope limits a query to the hotlines the actor may see: all for
// the secretariat, their own for a manager, none for anyone else.
func hotlineScope(db *gorm.DB, a Actor) *gorm.DB {
	switch {
	case a.Is(models.RoleSecretariat):
		return db
	case a.Is(models.RoleManager) && a.User.HotlineID != nil:
		return db.Where("hotlines.id = ?", *a.User.HotlineID)
	}
	return db.Where("1 = 0")
}

// GetHotline loads one hotline the actor may see.
func (s *Service) GetHotline(ctx context.Context, a Actor, id string) (*models.Hotline, error) {
	if !models.ValidID(id) {
		return nil, ErrNotFound
	}
	var h models.Hotline
	err := hotlineScope(s.db.WithContext(ctx), a).Where("hotlines.id = ?", id).Take(&h).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	return &h, err
}

// HotlineQuery filters and pages the hotline list.
type HotlineQuery struct {
	Search  string
	Country string
	Sort    string // "name" (default), "country", "created"
	Page    Page
}

// ListHotlines returns the hotlines the actor may see, filtered and paged.
func (s *Service) ListHotlines(ctx context.Context, a Actor, q HotlineQuery) ([]models.Hotline, int64, error) {
	db := hotlineScope(s.db.WithContext(ctx).Model(&models.Hotline{}), a)
	if strings.TrimSpace(q.Search) != "" {
		db = db.Where(`search_key LIKE ? ESCAPE '\'`, likePattern(q.Search))
	}
	if q.Country != "" {
		db = db.Where("country = ?", strings.ToUpper(q.Country))
	}
	var total int64
	if err := db.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	order := map[string]string{"country": "country, search_key", "created": "created_at DESC"}[q.Sort]
	if order == "" {
		order = "search_key"
	}
	var items []models.Hotline
	err := db.Order(order).Limit(q.Page.Limit()).Offset(q.Page.Offset()).Find(&items).Error
	return items, total, err
}

// CreateHotline adds a hotline (secretariat only).
func (s *Service) CreateHotline(ctx context.Context, a Actor, in HotlineInput) (*models.Hotline, error) {
	if !a.Is(models.RoleSecretariat) {
		return nil, ErrForbidden
	}
	in.normalise()
	if err := in.check(); err != nil {
		return nil, err
	}
	h := &models.Hotline{ID: models.NewID(), Version: 1}
	in.apply(h)
	err := s.tx(ctx, func(tx *models.DB) error {
		if err := tx.Create(h).Error; err != nil {
			return fmt.Errorf("create hotline: %w", err)
		}
		return s.audit(ctx, tx, a, "hotline.create", "hotline", h.ID, h.Name)
	})
	return h, err
}

// UpdateHotline changes a hotline's details. The secretariat may edit any
// hotline, a manager their own profile. version is the one the form was
// based on: a stale one is a conflict and changes nothing.
func (s *Service) UpdateHotline(ctx context.Context, a Actor, id string, version int, in HotlineInput) (*models.Hotline, error) {
	h, err := s.GetHotline(ctx, a, id)
	if err != nil {
		return nil, err
	}
	in.normalise()
	if a.Is(models.RoleManager) {
		in.Name, in.EnglishName, in.Country = h.Name, h.EnglishName, h.Country
	}
	if err := in.check(); err != nil {
		return nil, err
	}
	in.apply(h)
	err = s.tx(ctx, func(tx *models.DB) error {
		res := tx.Model(&models.Hotline{}).Where("id = ? AND version = ?", id, version).Updates(map[string]any{
			"name": h.Name, "english_name": h.EnglishName, "search_key": h.SearchKey, "country": h.Country,
			"channels": h.Channels, "languages": h.Languages, "opening_hours": h.OpeningHours,
			"website_url": h.WebsiteURL, "chat_url": h.ChatURL, "version": version + 1, "updated_at": s.now(),
		})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return ErrStale
		}
		return s.audit(ctx, tx, a, "hotline.update", "hotline", id, h.Name)
	})
	if err != nil {
		return nil, err
	}
	h.Version = version + 1
	return h, nil
}

// SetHotlineDisabled disables or re-enables a hotline (secretariat only).
func (s *Service) SetHotlineDisabled(ctx context.Context, a Actor, id string, disabled bool) error {
	if !a.Is(models.RoleSecretariat) {
		return ErrForbidden
	}
	h, err := s.GetHotline(ctx, a, id)
	if err != nil {
		return err
	}
	action := map[bool]string{true: "hotline.disable", false: "hotline.enable"}[disabled]
	return s.tx(ctx, func(tx *models.DB) error {
		err := tx.Model(&models.Hotline{}).Where("id = ?", id).Updates(map[string]any{
			"disabled": disabled, "version": gorm.Expr("version + 1"), "updated_at": s.now(),
		}).Error
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, a, action, "hotline", id, h.Name)
	})
}

// HotlineManagers lists the manager accounts of a hotline (secretariat
// only).
func (s *Service) HotlineManagers(ctx context.Context, a Actor, hotlineID string) ([]models.User, error) {
	if !a.Is(models.RoleSecretariat) {
		return nil, ErrForbidden
	}
	var users []models.User
	err := s.db.WithContext(ctx).Where("hotline_id = ?", hotlineID).Order("search_key").Find(&users).Error
	return users, err
}

// AllHotlines lists every hotline by name, for choosing one in a form
// (secretariat only).
func (s *Service) AllHotlines(ctx context.Context, a Actor) ([]models.Hotline, error) {
	if !a.Is(models.RoleSecretariat) {
		return nil, ErrForbidden
	}
	var hs []models.Hotline
	err := s.db.WithContext(ctx).Order("search_key").Find(&hs).Error
	return hs, err
}
