package assessments

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"hotlineportal/assessments/framework"
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
		if !framework.IsHotlineChannel(ch) {
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

// hotlineScopeOf is which hotlines an actor may see: all for the
// secretariat, their own for a manager, none for anyone else (reviewers
// see a hotline only through the assessments assigned to them).
func hotlineScopeOf(a Actor) models.Scope {
	switch {
	case a.Is(models.RoleSecretariat):
		return models.Scope{All: true}
	case a.Is(models.RoleManager) && a.User.HotlineID != nil:
		return models.Scope{HotlineID: *a.User.HotlineID}
	}
	return models.NoScope
}

// GetHotline loads one hotline the actor may see; any other is
// ErrNotFound.
func (s *Service) GetHotline(ctx context.Context, a Actor, id string) (*models.Hotline, error) {
	h, err := models.VisibleHotline(ctx, s.db, hotlineScopeOf(a), id)
	if err != nil && !errors.Is(err, models.ErrNotFound) {
		return nil, fmt.Errorf("load hotline %s: %w", id, err)
	}
	return h, err
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
	f := models.HotlineFilter{SearchKey: SearchKey(q.Search), Country: strings.ToUpper(q.Country), Sort: q.Sort}
	items, total, err := models.ListHotlines(ctx, s.db, hotlineScopeOf(a), f, q.Page)
	if err != nil {
		return nil, 0, fmt.Errorf("list hotlines: %w", err)
	}
	return items, total, nil
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
		if err := models.CreateHotline(ctx, tx, h); err != nil {
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
	keepIdentityFor(a, h, &in)
	if err := in.check(); err != nil {
		return nil, err
	}
	in.apply(h)
	err = s.tx(ctx, func(tx *models.DB) error {
		saved, err := models.UpdateHotlineIfVersion(ctx, tx, h, version, s.now())
		if err != nil {
			return fmt.Errorf("update hotline %s: %w", id, err)
		}
		if !saved {
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

// keepIdentityFor keeps a hotline's names and country as they are when a
// manager edits its profile: the hotline's identity is the secretariat's
// to change.
func keepIdentityFor(a Actor, h *models.Hotline, in *HotlineInput) {
	if a.Is(models.RoleManager) {
		in.Name, in.EnglishName, in.Country = h.Name, h.EnglishName, h.Country
	}
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
		if err := models.SetHotlineDisabled(ctx, tx, id, disabled, s.now()); err != nil {
			return fmt.Errorf("%s %s: %w", action, id, err)
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
	users, err := models.UsersOfHotline(ctx, s.db, hotlineID)
	if err != nil {
		return nil, fmt.Errorf("list managers of hotline %s: %w", hotlineID, err)
	}
	return users, nil
}

// AllHotlines lists every hotline by name, for choosing one in a form
// (secretariat only).
func (s *Service) AllHotlines(ctx context.Context, a Actor) ([]models.Hotline, error) {
	if !a.Is(models.RoleSecretariat) {
		return nil, ErrForbidden
	}
	hs, err := models.AllHotlines(ctx, s.db)
	if err != nil {
		return nil, fmt.Errorf("list hotlines: %w", err)
	}
	return hs, nil
}
