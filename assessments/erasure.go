package assessments

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"hotlineportal/models"
)

// EraseInput is the secretariat's reason for erasing an account, kept in
// the audit log.
type EraseInput struct {
	Reason string `json:"reason" form:"reason"`
}

// pseudonymLabels are the words of the pseudonyms, per role ("Reviewer
// 7"). They are stored in the account, so they are in one language.
var pseudonymLabels = map[models.Role]string{
	models.RoleReviewer: "Reviewer", models.RoleManager: "Manager", models.RoleSecretariat: "Secretariat",
}

// erasureSkipsTables are tables whose texts erasure leaves alone: the
// accounts (the erased row is rewritten on its own; another person may
// share the name), sessions (opaque; the person's are deleted), the
// migrations' bookkeeping, and the signed documents, which name no person
// and whose signatures a rewrite would break (dossiers already use
// pseudonyms and are binary).
var erasureSkipsTables = map[string]bool{
	"users": true, "sessions": true, "goose_db_version": true, "signing_keys": true,
	"certificate_credentials": true, "status_lists": true, "dossiers": true, "certificate_documents": true,
}

// erasureSkipsColumn tells the columns that hold identifiers, hashes or
// keys, never a person's name.
func erasureSkipsColumn(name string) bool {
	return name == "id" || strings.HasSuffix(name, "_id") || strings.HasSuffix(name, "_hash") ||
		strings.HasSuffix(name, "_key") || strings.HasSuffix(name, "_by") || name == "sha256" || name == "token"
}

// EraseUser closes an account for good and replaces its personal data by
// a pseudonym everywhere the portal keeps it (secretariat only), in one
// transaction: the account row, its credentials and sessions, the audit
// log, the outbox and every other text that copied the name or address.
// Scores, comments, reviews and decisions stay whole: they point to the
// account by id, so they now show the pseudonym. Refused (409) for
// oneself, the last active secretariat account, a reviewer with work
// still open and a member of an open appeal panel.
func (s *Service) EraseUser(ctx context.Context, a Actor, id string, in EraseInput) (*models.User, error) {
	if !a.Is(models.RoleSecretariat) {
		return nil, ErrForbidden
	}
	if _, err := s.GetUser(ctx, a, id); err != nil {
		return nil, err
	}
	in.Reason = strings.TrimSpace(in.Reason)
	verr := &ValidationError{}
	checkLongText(verr, "reason", in.Reason, true)
	if err := verr.Err(); err != nil {
		return nil, err
	}
	if a.User.ID == id {
		return nil, Conflict("error.erase_self")
	}
	// A concurrent erasure of another account of the same role may take
	// the same pseudonym first (the address is unique): try again, and
	// the next number is free.
	for attempt := 1; ; attempt++ {
		erased, err := s.eraseOnce(ctx, a, id, in.Reason)
		if errors.Is(err, models.ErrDuplicate) && attempt < 3 {
			continue
		}
		return erased, err
	}
}

// eraseOnce is one attempt of EraseUser, in one transaction.
func (s *Service) eraseOnce(ctx context.Context, a Actor, id, reason string) (*models.User, error) {
	var erased *models.User
	err := s.tx(ctx, func(tx *models.DB) error {
		u, err := models.UserForErasure(ctx, tx, id)
		if err != nil {
			return fmt.Errorf("load user %s: %w", id, err)
		}
		if err := s.checkErasable(ctx, tx, u); err != nil {
			return err
		}
		erased, err = s.erase(ctx, tx, a, u, reason)
		return err
	})
	return erased, err
}

// checkErasable refuses what erasure must not do: erase twice, leave the
// portal without a secretariat, or take away a reviewer or panel member
// with work still open (reassign first).
func (s *Service) checkErasable(ctx context.Context, tx *models.DB, u *models.User) error {
	if u.Erased() {
		return Conflict("error.user_erased")
	}
	if u.Role == models.RoleSecretariat && !u.Disabled {
		n, err := models.CountActiveSecretariat(ctx, tx)
		if err != nil {
			return fmt.Errorf("count secretariat: %w", err)
		}
		if n <= 1 {
			return Conflict("error.erase_last_secretariat")
		}
	}
	open, err := models.CountOpenAssignments(ctx, tx, u.ID)
	if err != nil {
		return fmt.Errorf("count open assignments: %w", err)
	}
	if open > 0 {
		return Conflict("error.erase_open_assignments")
	}
	panels, err := models.CountOpenPanels(ctx, tx, u.ID)
	if err != nil {
		return fmt.Errorf("count open panels: %w", err)
	}
	if panels > 0 {
		return Conflict("error.erase_open_panel")
	}
	return nil
}

// erase does the erasure of u inside the transaction and returns the
// erased account.
func (s *Service) erase(ctx context.Context, tx *models.DB, a Actor, u *models.User, reason string) (*models.User, error) {
	label := pseudonymLabels[u.Role]
	name, err := models.NextPseudonym(ctx, tx, u.Role, label)
	if err != nil {
		return nil, fmt.Errorf("choose pseudonym: %w", err)
	}
	number := strings.TrimPrefix(name, label+" ")
	e := models.ErasedUser{ID: u.ID, Name: name, Email: "erased-" + string(u.Role) + "-" + number + "@erased.invalid"}
	e.SearchKey = SearchKey(e.Name + " " + e.Email)
	now := s.now()
	if err := models.EraseUserRow(ctx, tx, e, now); err != nil {
		if errors.Is(err, models.ErrNotFound) {
			return nil, Conflict("error.user_erased")
		}
		return nil, err
	}
	if _, err := models.DeleteUserSessions(ctx, tx, u.ID); err != nil {
		return nil, fmt.Errorf("delete sessions: %w", err)
	}
	if err := models.DeleteLoginFailures(ctx, tx, accountBucket(u.Email)); err != nil {
		return nil, fmt.Errorf("delete login failures: %w", err)
	}
	if err := models.EraseMail(ctx, tx, u.Email, e); err != nil {
		return nil, err
	}
	if err := s.eraseTexts(ctx, tx, u, e); err != nil {
		return nil, err
	}
	if err := s.closeErasureRequests(ctx, tx, a, u.ID, now); err != nil {
		return nil, err
	}
	reason = strings.NewReplacer(u.Email, e.Name, u.Name, e.Name).Replace(reason)
	if err := s.audit(ctx, tx, a, "user.erase", "user", u.ID, e.Name+": "+reason); err != nil {
		return nil, err
	}
	return models.UserForErasure(ctx, tx, u.ID)
}

// eraseTexts replaces the old address and name by the pseudonym in every
// text of the schema (but erasureSkipsTables): the audit log's actors and
// details, pending emails' subjects and bodies, requests, messages and
// anything else that copied them.
//
// This is the one rewrite of the audit log the portal allows: the log is
// otherwise append-only, but the right to erasure (GDPR article 17)
// outweighs keeping a person's name in it; the entries themselves, their
// times and actions stay, attributed to the pseudonym.
func (s *Service) eraseTexts(ctx context.Context, tx *models.DB, u *models.User, e models.ErasedUser) error {
	if err := models.PseudonymiseAuditActor(ctx, tx, u.ID, u.Email, e.Name); err != nil {
		return fmt.Errorf("pseudonymise audit actor: %w", err)
	}
	cols, err := models.TextColumns(ctx, tx)
	if err != nil {
		return fmt.Errorf("list text columns: %w", err)
	}
	hasID := map[string]bool{}
	for _, c := range cols {
		hasID[c.Table] = hasID[c.Table] || c.Column == "id"
	}
	for _, c := range cols {
		if erasureSkipsTables[c.Table] || erasureSkipsColumn(c.Column) {
			continue
		}
		// The address first: it may contain the name.
		for _, old := range []string{u.Email, u.Name} {
			if err := eraseText(ctx, tx, c, hasID[c.Table], old, e.Name); err != nil {
				return fmt.Errorf("erase from %s.%s: %w", c.Table, c.Column, err)
			}
		}
	}
	return nil
}

// eraseText replaces old by the pseudonym in one column: as a whole word,
// row by row, where the table has an id; elsewhere (a few link tables)
// anywhere, but only an address or a name of two words or more, which
// cannot be part of another word.
func eraseText(ctx context.Context, tx *models.DB, c models.TextColumn, hasID bool, old, pseudonym string) error {
	var err error
	switch {
	case old == "":
	case hasID:
		_, err = models.ReplaceWholeText(ctx, tx, c, old, pseudonym)
	case strings.Contains(old, "@") || strings.Contains(strings.TrimSpace(old), " "):
		_, err = models.ReplaceText(ctx, tx, c, old, pseudonym)
	}
	return err
}

// closeErasureRequests answers the person's open erasure request, which
// the erasure fulfils.
func (s *Service) closeErasureRequests(ctx context.Context, tx *models.DB, a Actor, userID string, now time.Time) error {
	items, err := models.DataRequestsOfUser(ctx, tx, userID)
	if err != nil {
		return fmt.Errorf("list data requests: %w", err)
	}
	for _, r := range items {
		if r.Kind != models.DataRequestErasure || r.Status != models.DataRequestOpen {
			continue
		}
		if _, err := models.CloseDataRequest(ctx, tx, r.ID, models.DataRequestDone, "", a.User.ID, now); err != nil {
			return fmt.Errorf("close data request %s: %w", r.ID, err)
		}
		if err := s.audit(ctx, tx, a, "data_request.close", "data_request", r.ID, "erasure done"); err != nil {
			return err
		}
	}
	return nil
}
