package assessments

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"hotlineportal/assessments/credential"
	"hotlineportal/models"
)

var statusPurposes = []string{credential.PurposeRevocation, credential.PurposeSuspension}

// statusListID names list n of a purpose ("suspension-3").
func statusListID(purpose string, n int) string { return purpose + "-" + strconv.Itoa(n) }

func (s *Service) statusListURL(purpose string, n int) string {
	return s.opts.BaseURL + "/api/v1/public/status/" + statusListID(purpose, n)
}

// parseStatusListID reads "suspension-3" back; ok is false for anything
// else.
func parseStatusListID(id string) (purpose string, n int, ok bool) {
	for _, p := range statusPurposes {
		if rest, found := strings.CutPrefix(id, p+"-"); found {
			n, err := strconv.Atoi(rest)
			return p, n, err == nil && n > 0 && strconv.Itoa(n) == rest
		}
	}
	return "", 0, false
}

// StatusList is a signed BitstringStatusListCredential (public). A list
// whose timed suspension has ended is signed again first.
func (s *Service) StatusList(ctx context.Context, id string) ([]byte, error) {
	_, n, ok := parseStatusListID(id)
	if !ok {
		return nil, models.ErrNotFound
	}
	l, err := models.StatusListByID(ctx, s.db, id, false)
	if err != nil {
		return nil, err
	}
	if l.NextChangeAt != nil && !s.now().Before(*l.NextChangeAt) {
		sg, err := s.signer(ctx)
		if err != nil {
			return nil, err
		}
		err = s.tx(ctx, func(tx *models.DB) error { return s.rebuildStatusLists(ctx, tx, sg, n) })
		if err != nil {
			return nil, fmt.Errorf("refresh status list %s: %w", id, err)
		}
		if l, err = models.StatusListByID(ctx, s.db, id, false); err != nil {
			return nil, err
		}
	}
	return []byte(l.Document), nil
}

// ensureStatusLists creates list n of each purpose, all clear, unless it
// exists: then a status change always finds a row to lock.
func (s *Service) ensureStatusLists(ctx context.Context, tx *models.DB, sg *signer, n int) error {
	for _, p := range statusPurposes {
		_, err := models.StatusListByID(ctx, tx, statusListID(p, n), false)
		if err == nil {
			continue
		}
		l, err := s.signStatusList(sg, p, n, credential.NewBitstring(credential.StatusListSize), nil)
		if err != nil {
			return err
		}
		if err := models.CreateStatusList(ctx, tx, l); err != nil {
			return fmt.Errorf("create status list %s: %w", l.ID, err)
		}
	}
	return nil
}

// rebuildStatusLists signs list n of both purposes again from the
// certificates' statuses as they stand in tx: revoked sets the
// revocation bit, a running suspension the suspension bit. Both rows are
// locked first, in one order, so concurrent changes follow each other.
func (s *Service) rebuildStatusLists(ctx context.Context, tx *models.DB, sg *signer, n int) error {
	for _, p := range statusPurposes {
		if _, err := models.StatusListByID(ctx, tx, statusListID(p, n), true); err != nil {
			return fmt.Errorf("lock status list %s: %w", statusListID(p, n), err)
		}
	}
	entries, err := models.FlaggedEntries(ctx, tx, n)
	if err != nil {
		return fmt.Errorf("load status of list %d: %w", n, err)
	}
	revoked, suspended, next := statusBits(entries, s.now())
	lists := []struct {
		purpose string
		bits    credential.Bitstring
		next    *time.Time // only suspensions end by date
	}{
		{credential.PurposeRevocation, revoked, nil},
		{credential.PurposeSuspension, suspended, next},
	}
	for _, list := range lists {
		l, err := s.signStatusList(sg, list.purpose, n, list.bits, list.next)
		if err != nil {
			return err
		}
		if err := models.SaveStatusList(ctx, tx, l); err != nil {
			return fmt.Errorf("save status list %s: %w", l.ID, err)
		}
	}
	return nil
}

// statusBits are the bits of a list's entries at now, and when the next
// timed suspension ends (nil if none does).
func statusBits(entries []models.StatusEntry, now time.Time) (revoked, suspended credential.Bitstring, next *time.Time) {
	revoked, suspended = credential.NewBitstring(credential.StatusListSize), credential.NewBitstring(credential.StatusListSize)
	for _, e := range entries {
		if e.RevokedAt != nil {
			revoked.Set(e.RevocationIndex, true)
		}
		if e.SuspendedAt == nil || (e.SuspendedUntil != nil && !now.Before(*e.SuspendedUntil)) {
			continue
		}
		suspended.Set(e.SuspensionIndex, true)
		if u := e.SuspendedUntil; u != nil && (next == nil || u.Before(*next)) {
			next = u
		}
	}
	return revoked, suspended, next
}

func (s *Service) signStatusList(sg *signer, purpose string, n int, bits credential.Bitstring, next *time.Time) (*models.StatusList, error) {
	now := s.now()
	doc := credential.StatusList{URL: s.statusListURL(purpose, n), Issuer: sg.did, Purpose: purpose, ValidFrom: now, Bits: bits}
	signed, err := sg.signJSON(doc.Document())
	if err != nil {
		return nil, fmt.Errorf("sign status list: %w", err)
	}
	return &models.StatusList{
		ID: statusListID(purpose, n), ListNumber: n, Purpose: purpose, Document: signed, NextChangeAt: next, UpdatedAt: now,
	}, nil
}

// refreshCertificateStatus signs the certificate's status lists again
// within the transaction that changed its status, so the bits follow at
// once; a certificate without a credential yet has no bits to change.
func (s *Service) refreshCertificateStatus(ctx context.Context, tx *models.DB, sg *signer, c *models.Certificate) error {
	cc, err := models.CredentialOf(ctx, tx, c.ID)
	if err != nil {
		if errors.Is(err, models.ErrNotFound) {
			return nil
		}
		return fmt.Errorf("load credential of %s: %w", c.Number, err)
	}
	return s.rebuildStatusLists(ctx, tx, sg, cc.ListNumber)
}
