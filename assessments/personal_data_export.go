package assessments

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"hotlineportal/models"
)

// exportSections are the parts of a person's export beyond the account:
// each names a table, the columns that may be shown (never secrets such
// as token or code hashes, nor other people's data), and which rows are
// the person's.
var exportSections = []struct {
	Name  string
	Query models.ExportQuery
}{
	{"api_tokens", models.ExportQuery{Table: "api_tokens", Columns: []string{"created_at", "expires_at"}, Where: "user_id = ?"}},
	{"one_time_links", models.ExportQuery{Table: "one_time_links", Columns: []string{"purpose", "created_at", "expires_at", "used_at"}, Where: "user_id = ?"}},
	{"recovery_codes", models.ExportQuery{Table: "recovery_codes", Columns: []string{"created_at", "used_at"}, Where: "user_id = ?"}},
	{"audit_log", models.ExportQuery{Table: "audit_log", Columns: []string{"at", "action", "object_type", "object_id", "ip"}, Where: "actor_id = ?"}},
	{"notifications", models.ExportQuery{Table: "notifications", Columns: []string{"kind", "assessment_id", "hotline", "read_at", "created_at"}, Where: "user_id = ?"}},
	{"messages", models.ExportQuery{Table: "messages", Columns: []string{"assessment_id", "criterion", "round", "kind", "body", "created_at"}, Where: "author_id = ?"}},
	{"conflicts", models.ExportQuery{Table: "conflicts", Columns: []string{"hotline_id", "reason", "created_at"}, Where: "reviewer_id = ?"}},
	{"assignments", models.ExportQuery{Table: "assignments", Columns: []string{"assessment_id", "status", "override_reason", "decline_reason", "assigned_at", "responded_at"}, Where: "reviewer_id = ?"}},
	{"scores", models.ExportQuery{Table: "scores", Columns: []string{"assessment_id", "criterion", "score", "comment", "updated_at"}, Where: "reviewer_id = ?"}},
	{"reviews", models.ExportQuery{Table: "reviews", Columns: []string{"assessment_id", "recommendation", "summary", "submitted_at"}, Where: "reviewer_id = ?"}},
	{"answers", models.ExportQuery{Table: "answers", Columns: []string{"assessment_id", "criterion", "level", "narrative", "updated_at"}, Where: "updated_by = ?"}},
	{"evidence", models.ExportQuery{Table: "evidence", Columns: []string{"assessment_id", "criterion", "kind", "filename", "url", "size", "sha256", "content_type", "created_at"}, Where: "created_by = ?"}},
	{"decisions", models.ExportQuery{Table: "decisions", Columns: []string{"assessment_id", "outcome", "proposed_outcome", "rationale", "departure_reason", "decided_at"}, Where: "decided_by = ?"}},
	{"data_requests", models.ExportQuery{Table: "data_requests", Columns: []string{"kind", "details", "status", "response", "handled_at", "created_at"}, Where: "user_id = ?"}},
	{"replies", models.ExportQuery{Table: "replies", Columns: []string{"assessment_id", "criterion", "text", "final", "created_at"}, Where: "author_id = ?"}},
	{"appeals", models.ExportQuery{Table: "appeals", Columns: []string{"assessment_id", "status", "grounds", "lodged_at", "closed_at"}, Where: "lodged_by = ?"}},
	{"evidence_access", models.ExportQuery{Table: "evidence_access", Columns: []string{"evidence_id", "assessment_id", "filename", "role", "at"}, Where: "user_id = ?"}},
}

// exportAccount is the account part of the export: every personal field,
// but no password hash, two-step secret or token.
type exportAccount struct {
	ID          string     `json:"id"`
	Email       string     `json:"email"`
	Name        string     `json:"name"`
	Role        string     `json:"role"`
	HotlineID   *string    `json:"hotline_id"`
	Country     string     `json:"country"`
	Language    string     `json:"language"`
	Languages   []string   `json:"languages"`
	Expertise   string     `json:"expertise"`
	TwoStep     bool       `json:"two_step_enabled"`
	HasPassword bool       `json:"password_set"`
	Disabled    bool       `json:"disabled"`
	LastLoginAt *time.Time `json:"last_login_at"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

// ExportPersonalData writes, as one JSON object, everything the portal
// holds about the signed-in person (GDPR article 15): the account, the
// expiry of their sessions, and each section of exportSections, read a
// page at a time and written as it is read.
func (s *Service) ExportPersonalData(ctx context.Context, a Actor, w io.Writer) error {
	if a.User == nil {
		return ErrUnauthenticated
	}
	u, err := models.UserWithHotline(ctx, s.db, a.User.ID)
	if err != nil {
		return fmt.Errorf("load own account: %w", err)
	}
	sessions, err := models.UserSessionExpiries(ctx, s.db, u.ID)
	if err != nil {
		return fmt.Errorf("list own sessions: %w", err)
	}
	ew := &exportWriter{w: w}
	ew.raw(`{"exported_at":`)
	ew.value(s.now())
	ew.raw(`,"account":`)
	ew.value(exportAccount{
		ID: u.ID, Email: u.Email, Name: u.Name, Role: string(u.Role), HotlineID: u.HotlineID, Country: u.Country,
		Language: u.Language, Languages: append([]string{}, u.Languages...), Expertise: u.Expertise,
		TwoStep: u.TOTPEnabled(), HasPassword: u.HasPassword(), Disabled: u.Disabled, LastLoginAt: u.LastLoginAt,
		CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt,
	})
	ew.raw(`,"sessions":[`)
	for i, exp := range sessions {
		if i > 0 {
			ew.raw(",")
		}
		ew.value(map[string]any{"expires_at": exp.UTC()})
	}
	ew.raw("]")
	for _, sec := range exportSections {
		if err := s.exportSection(ctx, ew, sec.Name, sec.Query, u.ID); err != nil {
			return err
		}
	}
	ew.raw("}\n")
	return ew.err
}

// exportSection writes one section as "name":[rows...].
func (s *Service) exportSection(ctx context.Context, ew *exportWriter, name string, q models.ExportQuery, userID string) error {
	ew.raw(`,"` + name + `":[`)
	n := 0
	err := models.StreamExport(ctx, s.db, q, userID, func(row map[string]any) error {
		if n > 0 {
			ew.raw(",")
		}
		n++
		ew.value(row)
		return ew.err
	})
	if err != nil {
		return err
	}
	ew.raw("]")
	return ew.err
}

// exportWriter writes JSON pieces, keeping the first error.
type exportWriter struct {
	w   io.Writer
	err error
}

func (e *exportWriter) raw(s string) {
	if e.err == nil {
		_, e.err = io.WriteString(e.w, s)
	}
}

func (e *exportWriter) value(v any) {
	if e.err != nil {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		e.err = err
		return
	}
	_, e.err = e.w.Write(b)
}
