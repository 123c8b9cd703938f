package assessments

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"hotlineportal/models"
)

// DataRequestInput is a person's request about their own personal data:
// erasure, or correction (which must say what is wrong).
type DataRequestInput struct {
	Kind    string `json:"kind" form:"kind"`
	Details string `json:"details" form:"details"`
}

// maxRequestText bounds the free texts of requests and answers.
const maxRequestText = 2000

// checkLongText adds the field errors of a free text: required when
// required, at most maxRequestText characters.
func checkLongText(verr *ValidationError, field, text string, required bool) {
	switch {
	case required && text == "":
		verr.Add(field, "error.required", nil)
	case len([]rune(text)) > maxRequestText:
		verr.Add(field, "error.too_long", map[string]any{"Max": maxRequestText})
	}
}

// RequestDataChange records the signed-in person's request for erasure or
// correction and tells the secretariat. One open request per kind: a
// second is a conflict.
func (s *Service) RequestDataChange(ctx context.Context, a Actor, in DataRequestInput) (*models.DataRequest, error) {
	if a.User == nil {
		return nil, ErrUnauthenticated
	}
	in.Kind, in.Details = strings.TrimSpace(in.Kind), strings.TrimSpace(in.Details)
	verr := &ValidationError{}
	kind := models.DataRequestKind(in.Kind)
	if !kind.Valid() {
		verr.Add("kind", "error.choose_one", nil)
	}
	checkLongText(verr, "details", in.Details, kind == models.DataRequestCorrection)
	if err := verr.Err(); err != nil {
		return nil, err
	}
	r := &models.DataRequest{ID: models.NewID(), UserID: a.User.ID, Kind: kind, Details: in.Details, Status: models.DataRequestOpen, CreatedAt: s.now()}
	err := s.tx(ctx, func(tx *models.DB) error {
		if err := models.CreateDataRequest(ctx, tx, r); err != nil {
			if errors.Is(err, models.ErrDuplicate) {
				return Conflict("error.data_request_open")
			}
			return fmt.Errorf("create data request: %w", err)
		}
		if err := s.audit(ctx, tx, a, "data_request.create", "data_request", r.ID, string(kind)); err != nil {
			return err
		}
		staff, err := models.ActiveUsersWithRole(ctx, tx, models.RoleSecretariat)
		if err != nil {
			return fmt.Errorf("list secretariat to notify: %w", err)
		}
		return s.notifyPersonalData(ctx, tx, staff, "data_request", "/data-requests/"+r.ID)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// notifyPersonalData tells users of a personal-data event, in the app and
// by email; these events belong to no assessment, so the notification and
// the email lead to path.
func (s *Service) notifyPersonalData(ctx context.Context, tx *models.DB, users []models.User, kind, path string) error {
	for i := range users {
		u := &users[i]
		n := &models.Notification{ID: models.NewID(), UserID: u.ID, Kind: kind, Link: path, CreatedAt: s.now()}
		if err := models.CreateNotification(ctx, tx, n); err != nil {
			return fmt.Errorf("notify %s of %s: %w", u.ID, kind, err)
		}
		if err := s.queueEmail(ctx, tx, u, "email.notify."+kind, map[string]any{"Link": s.opts.BaseURL + path}); err != nil {
			return err
		}
	}
	return nil
}

// MyDataRequests lists the signed-in person's own requests.
func (s *Service) MyDataRequests(ctx context.Context, a Actor) ([]models.DataRequest, error) {
	if a.User == nil {
		return nil, ErrUnauthenticated
	}
	items, err := models.DataRequestsOfUser(ctx, s.db, a.User.ID)
	if err != nil {
		return nil, fmt.Errorf("list own data requests: %w", err)
	}
	return items, nil
}

// DataRequestQuery filters and pages the secretariat's list of requests.
type DataRequestQuery struct {
	Status string
	Page   Page
}

// ListDataRequests lists people's requests (secretariat only).
func (s *Service) ListDataRequests(ctx context.Context, a Actor, q DataRequestQuery) ([]models.DataRequest, int64, error) {
	if !a.Is(models.RoleSecretariat) {
		return nil, 0, ErrForbidden
	}
	items, total, err := models.ListDataRequests(ctx, s.db, models.DataRequestStatus(q.Status), q.Page)
	if err != nil {
		return nil, 0, fmt.Errorf("list data requests: %w", err)
	}
	return items, total, nil
}

// GetDataRequest loads one request: the secretariat sees any, a person
// only their own.
func (s *Service) GetDataRequest(ctx context.Context, a Actor, id string) (*models.DataRequest, error) {
	if a.User == nil || !models.ValidID(id) {
		return nil, ErrNotFound
	}
	r, err := models.DataRequestByID(ctx, s.db, id)
	if errors.Is(err, models.ErrNotFound) || (err == nil && !a.Is(models.RoleSecretariat) && r.UserID != a.User.ID) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("load data request %s: %w", id, err)
	}
	return r, nil
}

// CloseDataRequestInput is the secretariat's answer to a request.
type CloseDataRequestInput struct {
	Status   string `json:"status" form:"status"`
	Response string `json:"response" form:"response"`
}

// CloseDataRequest records the secretariat's answer (done or refused,
// with a response the person reads) and tells the person. An answered
// request is a conflict.
func (s *Service) CloseDataRequest(ctx context.Context, a Actor, id string, in CloseDataRequestInput) (*models.DataRequest, error) {
	if !a.Is(models.RoleSecretariat) {
		return nil, ErrForbidden
	}
	r, err := s.GetDataRequest(ctx, a, id)
	if err != nil {
		return nil, err
	}
	in.Status, in.Response = strings.TrimSpace(in.Status), strings.TrimSpace(in.Response)
	verr := &ValidationError{}
	status := models.DataRequestStatus(in.Status)
	if status != models.DataRequestDone && status != models.DataRequestRefused {
		verr.Add("status", "error.choose_one", nil)
	}
	checkLongText(verr, "response", in.Response, true)
	if err := verr.Err(); err != nil {
		return nil, err
	}
	now := s.now()
	err = s.tx(ctx, func(tx *models.DB) error {
		closed, err := models.CloseDataRequest(ctx, tx, id, status, in.Response, a.User.ID, now)
		if err != nil {
			return fmt.Errorf("close data request %s: %w", id, err)
		}
		if !closed {
			return Conflict("error.data_request_closed")
		}
		if err := s.audit(ctx, tx, a, "data_request.close", "data_request", id, string(r.Kind)+" "+string(status)); err != nil {
			return err
		}
		if r.User == nil || r.User.Disabled {
			return nil
		}
		return s.notifyPersonalData(ctx, tx, []models.User{*r.User}, "data_request_closed", "/account#your-data")
	})
	if err != nil {
		return nil, err
	}
	r.Status, r.Response, r.HandledBy, r.HandledAt = status, in.Response, a.User.ID, &now
	return r, nil
}
