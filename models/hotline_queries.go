package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// hotlines limits a query on the hotlines table to the scope: every
// hotline, or one hotline (its manager's); a reviewer's scope shows none,
// as does NoScope.
func (sc Scope) hotlines(db *gorm.DB) *gorm.DB {
	switch {
	case sc.All:
		return db
	case sc.HotlineID != "":
		return db.Where("hotlines.id = ?", sc.HotlineID)
	}
	return db.Where("1 = 0")
}

// VisibleHotline loads one hotline within the scope; outside it, or a
// malformed ID, it is ErrNotFound.
func VisibleHotline(ctx context.Context, db *DB, sc Scope, id string) (*Hotline, error) {
	if !ValidID(id) {
		return nil, ErrNotFound
	}
	var h Hotline
	if err := sc.hotlines(db.WithContext(ctx)).Where("hotlines.id = ?", id).Take(&h).Error; err != nil {
		return nil, translate(err)
	}
	return &h, nil
}

// HotlineByID loads one hotline, or ErrNotFound (a malformed ID too).
func HotlineByID(ctx context.Context, db *DB, id string) (*Hotline, error) {
	if !ValidID(id) {
		return nil, ErrNotFound
	}
	var h Hotline
	if err := db.WithContext(ctx).Where("id = ?", id).Take(&h).Error; err != nil {
		return nil, translate(err)
	}
	return &h, nil
}

// HotlineByName loads the hotline of that exact name, or ErrNotFound; the
// demo seed uses it not to add an operator twice.
func HotlineByName(ctx context.Context, db *DB, name string) (*Hotline, error) {
	var h Hotline
	if err := db.WithContext(ctx).Where("name = ?", name).Take(&h).Error; err != nil {
		return nil, translate(err)
	}
	return &h, nil
}

// HotlineExists tells whether a hotline of that ID exists (a malformed ID
// does not); a database failure is an error, not an absence.
func HotlineExists(ctx context.Context, db *DB, id string) (bool, error) {
	if !ValidID(id) {
		return false, nil
	}
	var n int64
	if err := db.WithContext(ctx).Model(&Hotline{}).Where("id = ?", id).Count(&n).Error; err != nil {
		return false, err
	}
	return n > 0, nil
}

// HotlineFilter selects hotlines for a list. SearchKey is a folded search
// key matched anywhere in the names; Country an ISO code; Sort is "name"
// (default), "country" or "created".
type HotlineFilter struct {
	SearchKey string
	Country   string
	Sort      string
}

// hotlineOrders are the list's sort orders by name; the default is by
// name.
var hotlineOrders = map[string]string{"country": "country, search_key", "created": "created_at DESC"}

// ListHotlines returns one page of the hotlines within the scope that the
// filter selects, and how many it selects in all.
func ListHotlines(ctx context.Context, db *DB, sc Scope, f HotlineFilter, page Page) ([]Hotline, int64, error) {
	q := sc.hotlines(db.WithContext(ctx).Model(&Hotline{}))
	if f.SearchKey != "" {
		q = searchKeyContains(q, f.SearchKey)
	}
	if f.Country != "" {
		q = q.Where("country = ?", f.Country)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	order := hotlineOrders[f.Sort]
	if order == "" {
		order = "search_key"
	}
	var items []Hotline
	err := q.Order(order).Limit(page.Limit()).Offset(page.Offset()).Find(&items).Error
	return items, total, err
}

// AllHotlines lists every hotline, disabled ones too, by name.
func AllHotlines(ctx context.Context, db *DB) ([]Hotline, error) {
	var hs []Hotline
	err := db.WithContext(ctx).Order("search_key").Find(&hs).Error
	return hs, err
}

// ActiveHotlineChoices lists the hotlines that are not disabled, by name,
// with only their ID, name and country: enough to choose one in a form.
func ActiveHotlineChoices(ctx context.Context, db *DB) ([]Hotline, error) {
	var hs []Hotline
	err := db.WithContext(ctx).Select("id", "name", "country").Where("disabled = ?", false).Order("search_key").Find(&hs).Error
	return hs, err
}

// CreateHotline inserts a hotline.
func CreateHotline(ctx context.Context, tx *DB, h *Hotline) error {
	return translate(tx.WithContext(ctx).Create(h).Error)
}

// UpdateHotlineIfVersion writes a hotline's details (the fields
// HotlineInput sets) as version version+1 if it is still at version;
// false, changing nothing, when it is not.
func UpdateHotlineIfVersion(ctx context.Context, tx *DB, h *Hotline, version int, now time.Time) (bool, error) {
	res := tx.WithContext(ctx).Model(&Hotline{}).Where("id = ? AND version = ?", h.ID, version).Updates(map[string]any{
		"name": h.Name, "english_name": h.EnglishName, "search_key": h.SearchKey, "country": h.Country,
		"channels": h.Channels, "languages": h.Languages, "opening_hours": h.OpeningHours,
		"website_url": h.WebsiteURL, "chat_url": h.ChatURL, "version": version + 1, "updated_at": now,
	})
	if res.Error != nil {
		return false, translate(res.Error)
	}
	return res.RowsAffected == 1, nil
}

// SetHotlineDisabled disables or re-enables a hotline, whatever its
// version (the version still grows, so open edit forms turn stale).
func SetHotlineDisabled(ctx context.Context, tx *DB, id string, disabled bool, now time.Time) error {
	return tx.WithContext(ctx).Model(&Hotline{}).Where("id = ?", id).Updates(map[string]any{
		"disabled": disabled, "version": gorm.Expr("version + 1"), "updated_at": now,
	}).Error
}
