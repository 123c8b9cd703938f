package assessments

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"hotlineportal/models"
)

// UserInput is what the secretariat may set on an account. Role and
// hotline come only from this secretariat-only input, never from a form a
// user fills in for themselves.
type UserInput struct {
	Email     string `json:"email" form:"email" validate:"required,email,max=254"`
	Name      string `json:"name" form:"name" validate:"required,max=200"`
	Role      string `json:"role" form:"role" validate:"required,role"`
	HotlineID string `json:"hotline_id" form:"hotline_id"`
	Country   string `json:"country" form:"country"`
	Language  string `json:"language" form:"language"`
	// Languages and Expertise describe a reviewer, for matching.
	Languages []string `json:"languages" form:"languages"`
	Expertise string   `json:"expertise" form:"expertise" validate:"max=500"`
}

func (in *UserInput) normalise() {
	in.Email = NormalizeEmail(in.Email)
	in.Name = strings.TrimSpace(in.Name)
	in.Role = strings.TrimSpace(in.Role)
	in.HotlineID = strings.TrimSpace(in.HotlineID)
	in.Country = strings.ToUpper(strings.TrimSpace(in.Country))
	in.Language = strings.TrimSpace(in.Language)
	in.Languages = normaliseList(in.Languages)
	in.Expertise = strings.TrimSpace(in.Expertise)
}

// checkUserInput validates the input (normalised); a manager's hotline
// must exist. A database failure while checking it is an error, not a
// field error.
func (s *Service) checkUserInput(ctx context.Context, in *UserInput) error {
	verr := checkUserFields(in, s.msgs.Supported)
	if in.Role == string(models.RoleManager) && in.HotlineID != "" {
		exists, err := models.HotlineExists(ctx, s.db, in.HotlineID)
		if err != nil {
			return fmt.Errorf("check hotline %s: %w", in.HotlineID, err)
		}
		if !exists {
			verr.Add("hotline_id", "error.hotline_unknown", nil)
		}
	}
	return verr.Err()
}

// checkUserFields checks everything of the input that needs no database:
// the tags, a hotline for managers and for them only, the country (which
// reviewers must give) and the languages; supported tells the interface
// languages.
func checkUserFields(in *UserInput, supported func(lang string) bool) *ValidationError {
	verr := checkStruct(in)
	switch {
	case in.Role == string(models.RoleManager) && in.HotlineID == "":
		verr.Add("hotline_id", "error.manager_needs_hotline", nil)
	case in.Role != string(models.RoleManager) && in.HotlineID != "":
		verr.Add("hotline_id", "error.hotline_only_managers", nil)
	}
	if in.Country != "" && !ValidCountry(in.Country) {
		verr.Add("country", "error.country", nil)
	}
	if in.Role == string(models.RoleReviewer) && in.Country == "" {
		verr.Add("country", "error.reviewer_needs_country", nil)
	}
	if in.Language != "" && !supported(in.Language) {
		verr.Add("language", "error.choose_one", nil)
	}
	for _, l := range in.Languages {
		if !validLanguageCode(l) {
			verr.Add("languages", "error.language_code", map[string]any{"Value": l})
		}
	}
	return verr
}

func (in *UserInput) apply(u *models.User) {
	u.Email, u.Name, u.Role, u.Country, u.Language = in.Email, in.Name, models.Role(in.Role), in.Country, in.Language
	u.SearchKey = SearchKey(in.Name + " " + in.Email)
	u.Languages, u.Expertise = in.Languages, in.Expertise
	u.HotlineID = nil
	if in.HotlineID != "" {
		id := in.HotlineID
		u.HotlineID = &id
	}
}

// UserInputFrom fills an input from an account, for edit forms.
func UserInputFrom(u *models.User) UserInput {
	in := UserInput{Email: u.Email, Name: u.Name, Role: string(u.Role), Country: u.Country, Language: u.Language, Languages: u.Languages, Expertise: u.Expertise}
	if u.HotlineID != nil {
		in.HotlineID = *u.HotlineID
	}
	return in
}

// emailTaken reports a duplicate address as a field error, and wraps any
// other failure with what was being done.
func emailTaken(err error, doing string) error {
	if errors.Is(err, models.ErrDuplicate) {
		return Invalid("email", "error.email_taken")
	}
	return fmt.Errorf("%s: %w", doing, err)
}

// CreateUser adds an account (secretariat only) and sends its invitation:
// a one-time link to set a password.
func (s *Service) CreateUser(ctx context.Context, a Actor, in UserInput) (*models.User, error) {
	if !a.Is(models.RoleSecretariat) {
		return nil, ErrForbidden
	}
	in.normalise()
	if err := s.checkUserInput(ctx, &in); err != nil {
		return nil, err
	}
	u := &models.User{ID: models.NewID(), Version: 1}
	in.apply(u)
	err := s.tx(ctx, func(tx *models.DB) error {
		if err := models.CreateUser(ctx, tx, u); err != nil {
			return emailTaken(err, "create user")
		}
		if err := s.audit(ctx, tx, a, "user.create", "user", u.ID, fmt.Sprintf("%s role=%s", u.Email, u.Role)); err != nil {
			return err
		}
		return s.sendLink(ctx, tx, u, models.LinkInvitation)
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// CreateUserWithPassword makes a ready-to-use account; the create-user
// command and the demo seed use it, so it applies the same rules.
func (s *Service) CreateUserWithPassword(ctx context.Context, a Actor, in UserInput, password string) (*models.User, error) {
	in.normalise()
	if err := s.checkUserInput(ctx, &in); err != nil {
		return nil, err
	}
	if err := CheckPasswordPolicy(password, "password"); err != nil {
		return nil, err
	}
	hash, err := s.hashPassword(ctx, password)
	if err != nil {
		return nil, err
	}
	u := &models.User{ID: models.NewID(), Version: 1, PasswordHash: hash}
	in.apply(u)
	err = s.tx(ctx, func(tx *models.DB) error {
		if err := models.CreateUser(ctx, tx, u); err != nil {
			return emailTaken(err, "create user")
		}
		return s.audit(ctx, tx, a, "user.create", "user", u.ID, fmt.Sprintf("%s role=%s (with password)", u.Email, u.Role))
	})
	return u, err
}

// GetUser loads one account (secretariat only; others see only
// themselves).
func (s *Service) GetUser(ctx context.Context, a Actor, id string) (*models.User, error) {
	if a.User == nil || (!a.Is(models.RoleSecretariat) && a.User.ID != id) || !models.ValidID(id) {
		return nil, ErrNotFound
	}
	u, err := models.UserWithHotline(ctx, s.db, id)
	if err != nil && !errors.Is(err, models.ErrNotFound) {
		return nil, fmt.Errorf("load user %s: %w", id, err)
	}
	return u, err
}

// UserQuery filters and pages the account list.
type UserQuery struct {
	Search string
	Role   string
	Sort   string // "name" (default), "email", "role", "created"
	Page   Page
}

// ListUsers returns accounts matching the query (secretariat only).
func (s *Service) ListUsers(ctx context.Context, a Actor, q UserQuery) ([]models.User, int64, error) {
	if !a.Is(models.RoleSecretariat) {
		return nil, 0, ErrForbidden
	}
	f := models.UserFilter{SearchKey: SearchKey(q.Search), Role: models.Role(q.Role), Sort: q.Sort}
	users, total, err := models.ListUsers(ctx, s.db, f, q.Page)
	if err != nil {
		return nil, 0, fmt.Errorf("list users: %w", err)
	}
	return users, total, nil
}

// UpdateUser changes an account (secretariat only), refusing a stale
// version. A change of role or hotline ends the account's sessions.
func (s *Service) UpdateUser(ctx context.Context, a Actor, id string, version int, in UserInput) (*models.User, error) {
	if !a.Is(models.RoleSecretariat) {
		return nil, ErrForbidden
	}
	u, err := s.GetUser(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if u.Erased() {
		return nil, Conflict("error.user_erased")
	}
	in.normalise()
	if err := s.checkUserInput(ctx, &in); err != nil {
		return nil, err
	}
	oldRole, oldHotline := u.Role, UserInputFrom(u).HotlineID
	in.apply(u)
	epoch := u.SessionEpoch
	if u.Role != oldRole || in.HotlineID != oldHotline {
		epoch++
	}
	err = s.tx(ctx, func(tx *models.DB) error {
		if oldRole == models.RoleSecretariat && u.Role != oldRole && !u.Disabled {
			if err := keepASecretariat(ctx, tx); err != nil {
				return err
			}
		}
		saved, err := models.UpdateUserIfVersion(ctx, tx, u, version, epoch, s.now())
		if err != nil {
			return emailTaken(err, "update user "+id)
		}
		if !saved {
			return ErrStale
		}
		return s.audit(ctx, tx, a, "user.update", "user", id, fmt.Sprintf("%s role=%s", u.Email, u.Role))
	})
	if err != nil {
		return nil, err
	}
	u.Version, u.SessionEpoch = version+1, epoch
	return u, nil
}

// keepASecretariat refuses to take the role away from the last active
// secretariat account: nobody could then manage the portal.
func keepASecretariat(ctx context.Context, tx *models.DB) error {
	n, err := models.CountActiveSecretariat(ctx, tx)
	if err != nil {
		return fmt.Errorf("count secretariat: %w", err)
	}
	if n <= 1 {
		return Conflict("error.demote_last_secretariat")
	}
	return nil
}

// SetUserDisabled disables or re-enables an account (secretariat only).
// Disabling ends its sessions and API tokens at once.
func (s *Service) SetUserDisabled(ctx context.Context, a Actor, id string, disabled bool) error {
	if !a.Is(models.RoleSecretariat) {
		return ErrForbidden
	}
	if disabled && a.User.ID == id {
		return Conflict("error.cannot_disable_self")
	}
	u, err := s.GetUser(ctx, a, id)
	if err != nil {
		return err
	}
	if u.Erased() {
		return Conflict("error.user_erased")
	}
	action := map[bool]string{true: "user.disable", false: "user.enable"}[disabled]
	return s.tx(ctx, func(tx *models.DB) error {
		if err := models.SetUserDisabled(ctx, tx, id, disabled, s.now()); err != nil {
			return fmt.Errorf("%s %s: %w", action, id, err)
		}
		if err := models.DeleteUserTokens(ctx, tx, id); err != nil {
			return fmt.Errorf("end API tokens of %s: %w", id, err)
		}
		return s.audit(ctx, tx, a, action, "user", id, u.Email)
	})
}

// ResendInvitation sends a fresh invitation link (secretariat only).
func (s *Service) ResendInvitation(ctx context.Context, a Actor, id string) error {
	if !a.Is(models.RoleSecretariat) {
		return ErrForbidden
	}
	u, err := s.GetUser(ctx, a, id)
	if err != nil {
		return err
	}
	if u.Erased() {
		return Conflict("error.user_erased")
	}
	if u.Disabled {
		return Conflict("error.user_disabled")
	}
	purpose := models.LinkInvitation
	if u.HasPassword() {
		purpose = models.LinkReset
	}
	return s.tx(ctx, func(tx *models.DB) error {
		if err := s.audit(ctx, tx, a, "user.invite", "user", id, u.Email); err != nil {
			return err
		}
		return s.sendLink(ctx, tx, u, purpose)
	})
}

// SetLanguage records a user's preferred language (any signed-in user, for
// themselves).
func (s *Service) SetLanguage(ctx context.Context, a Actor, lang string) error {
	if a.User == nil {
		return ErrUnauthenticated
	}
	if !s.msgs.Supported(lang) {
		return Invalid("language", "error.choose_one")
	}
	return s.tx(ctx, func(tx *models.DB) error { return models.SetUserLanguage(ctx, tx, a.User.ID, lang) })
}
