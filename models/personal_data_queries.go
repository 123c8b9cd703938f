package models

import (
	"context"
	"database/sql"
	"encoding/base64"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gorm.io/gorm"
)

// The queries of personal data: people's requests, the erasure of an
// account, and the reading of everything held about a person for their
// export. Who may do what is the domain's rule.

// CreateDataRequest inserts a request; a second open request of the same
// kind by the same person is ErrDuplicate (the index
// data_requests_one_open refuses it).
func CreateDataRequest(ctx context.Context, tx *DB, r *DataRequest) error {
	return translate(tx.WithContext(ctx).Omit("User").Create(r).Error)
}

// DataRequestByID loads one request with its person, or ErrNotFound.
func DataRequestByID(ctx context.Context, db *DB, id string) (*DataRequest, error) {
	var r DataRequest
	if err := db.WithContext(ctx).Preload("User").Where("id = ?", id).Take(&r).Error; err != nil {
		return nil, translate(err)
	}
	return &r, nil
}

// ListDataRequests returns one page of the requests, oldest open first
// (or newest first for answered ones), with their people, and how many
// the filter selects; an invalid status means every status.
func ListDataRequests(ctx context.Context, db *DB, status DataRequestStatus, page Page) ([]DataRequest, int64, error) {
	q := db.WithContext(ctx).Model(&DataRequest{})
	order := "created_at DESC, id"
	if status.Valid() {
		q = q.Where("status = ?", status)
		if status == DataRequestOpen {
			order = "created_at, id"
		}
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var items []DataRequest
	err := q.Preload("User").Order(order).Limit(page.Limit()).Offset(page.Offset()).Find(&items).Error
	return items, total, err
}

// DataRequestsOfUser lists a person's own requests, newest first.
func DataRequestsOfUser(ctx context.Context, db *DB, userID string) ([]DataRequest, error) {
	var items []DataRequest
	err := db.WithContext(ctx).Where("user_id = ?", userID).Order("created_at DESC, id").Find(&items).Error
	return items, err
}

// CloseDataRequest records the secretariat's answer if the request is
// still open; false, changing nothing, when someone answered it first.
func CloseDataRequest(ctx context.Context, tx *DB, id string, status DataRequestStatus, response, by string, now time.Time) (bool, error) {
	res := tx.WithContext(ctx).Model(&DataRequest{}).Where("id = ? AND status = ?", id, DataRequestOpen).
		Updates(map[string]any{"status": status, "response": response, "handled_by": by, "handled_at": now})
	return res.RowsAffected == 1, res.Error
}

// UserForErasure loads an account inside the erasing transaction, erased
// or not, or ErrNotFound.
func UserForErasure(ctx context.Context, tx *DB, id string) (*User, error) {
	var u User
	if err := tx.WithContext(ctx).Where("id = ?", id).Take(&u).Error; err != nil {
		return nil, translate(err)
	}
	return &u, nil
}

// CountActiveSecretariat counts the secretariat accounts that can still
// sign in: the last one must not be erased.
func CountActiveSecretariat(ctx context.Context, db *DB) (int64, error) {
	var n int64
	err := db.WithContext(ctx).Model(&User{}).
		Where("role = ? AND disabled = ? AND erased_at IS NULL", RoleSecretariat, false).Count(&n).Error
	return n, err
}

// CountOpenAssignments counts a reviewer's assignments still to be done:
// not declined, no review submitted, on an assessment not yet decided.
func CountOpenAssignments(ctx context.Context, db *DB, reviewerID string) (int64, error) {
	var n int64
	err := db.WithContext(ctx).Raw(`SELECT COUNT(*) FROM assignments g JOIN assessments a ON a.id = g.assessment_id
 WHERE g.reviewer_id = ? AND g.status <> 'declined' AND a.status <> 'decided'
 AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.assessment_id = g.assessment_id AND r.reviewer_id = g.reviewer_id)`,
		reviewerID).Scan(&n).Error
	return n, err
}

// CountOpenPanels counts the open appeals (lodged, or panel formed) whose
// panel has the user as a member who has not stood down.
func CountOpenPanels(ctx context.Context, db *DB, userID string) (int64, error) {
	var n int64
	err := db.WithContext(ctx).Raw(`SELECT COUNT(*) FROM appeal_members m JOIN appeals p ON p.id = m.appeal_id
 WHERE m.user_id = ? AND m.status IN ('invited', 'answered') AND p.status IN ('lodged', 'panel')`, userID).Scan(&n).Error
	return n, err
}

// NextPseudonym returns the first free pseudonym "<label> <n>" with n
// counted among the erased accounts of the same role, so that "Reviewer
// 7" names one erased account only.
func NextPseudonym(ctx context.Context, tx *DB, role Role, label string) (string, error) {
	var n int64
	if err := tx.WithContext(ctx).Model(&User{}).Where("role = ? AND erased_at IS NOT NULL", role).Count(&n).Error; err != nil {
		return "", err
	}
	for i := n + 1; ; i++ {
		name := fmt.Sprintf("%s %d", label, i)
		var taken int64
		if err := tx.WithContext(ctx).Model(&User{}).Where("name = ?", name).Count(&taken).Error; err != nil {
			return "", err
		}
		if taken == 0 {
			return name, nil
		}
	}
}

// ErasedUser is what an erased account keeps: the pseudonym, the
// placeholder address and its search key.
type ErasedUser struct {
	ID, Name, Email, SearchKey string
}

// EraseUserRow replaces the account's personal fields, removes its
// credentials, disables it and ends its sessions (a new epoch). An account
// erased meanwhile is ErrNotFound; a pseudonym address taken meanwhile by
// a concurrent erasure, ErrDuplicate.
func EraseUserRow(ctx context.Context, tx *DB, e ErasedUser, now time.Time) error {
	res := tx.WithContext(ctx).Model(&User{}).Where("id = ? AND erased_at IS NULL", e.ID).Updates(map[string]any{
		"name": e.Name, "email": e.Email, "search_key": e.SearchKey, "country": "", "language": "",
		"languages": StringList{}, "expertise": "", "password_hash": "", "totp_secret": "", "totp_enabled_at": nil,
		"totp_last_step": 0, "disabled": true, "session_epoch": gorm.Expr("session_epoch + 1"),
		"version": gorm.Expr("version + 1"), "erased_at": now, "updated_at": now,
	})
	if res.Error != nil {
		return fmt.Errorf("replace personal fields: %w", translate(res.Error))
	}
	if res.RowsAffected != 1 {
		return ErrNotFound
	}
	for _, q := range []string{
		`DELETE FROM recovery_codes WHERE user_id = ?`,
		`DELETE FROM api_tokens WHERE user_id = ?`,
		`DELETE FROM one_time_links WHERE user_id = ?`,
	} {
		if err := tx.WithContext(ctx).Exec(q, e.ID).Error; err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	return nil
}

// sessionUserKeys are the session values that name an account: signed in,
// or half-way through a two-step sign-in (see server/sessions.go).
var sessionUserKeys = []string{"user_id", "pending_user"}

// DeleteUserSessions deletes the stored sessions of an account. Sessions
// are opaque (see SessionCodec), so each is decoded, a page at a time.
func DeleteUserSessions(ctx context.Context, tx *DB, userID string) (int, error) {
	var tokens []string
	err := eachSession(ctx, tx, func(token string, values map[string]any) {
		for _, k := range sessionUserKeys {
			if v, ok := values[k].(string); ok && v == userID {
				tokens = append(tokens, token)
				return
			}
		}
	})
	if err != nil || len(tokens) == 0 {
		return 0, err
	}
	return len(tokens), tx.WithContext(ctx).Where("token IN ?", tokens).Delete(&sessionRow{}).Error
}

// UserSessionExpiries lists when each stored session of an account
// expires, for the person's export (never the tokens themselves).
func UserSessionExpiries(ctx context.Context, db *DB, userID string) ([]time.Time, error) {
	var out []time.Time
	err := eachSession(ctx, db, func(token string, values map[string]any) {
		if v, ok := values["user_id"].(string); ok && v == userID {
			if exp, ok := values["__expiry"].(time.Time); ok {
				out = append(out, exp)
			}
		}
	})
	return out, err
}

// eachSession decodes every unexpired stored session, 500 at a time in
// token order; undecodable ones are skipped. The session's deadline is
// passed as the value "__expiry".
func eachSession(ctx context.Context, db *DB, fn func(token string, values map[string]any)) error {
	after := ""
	for {
		var rows []sessionRow
		err := db.WithContext(ctx).Where("token > ? AND expiry > ?", after, time.Now().UTC()).
			Order("token").Limit(500).Find(&rows).Error
		if err != nil {
			return err
		}
		for _, r := range rows {
			raw, err := base64.StdEncoding.DecodeString(r.Data)
			if err != nil {
				continue
			}
			deadline, values, err := storedSessions.Decode(raw)
			if err != nil {
				continue
			}
			values["__expiry"] = deadline
			fn(r.Token, values)
		}
		if len(rows) < 500 {
			return nil
		}
		after = rows[len(rows)-1].Token
	}
}

// EraseMail deals with the outbox for an erased address: mail not yet
// sent to it is deleted; mail sent to it keeps only the placeholder
// address and the pseudonym.
func EraseMail(ctx context.Context, tx *DB, oldEmail string, e ErasedUser) error {
	if err := tx.WithContext(ctx).Exec(`DELETE FROM outbox WHERE to_address = ? AND status <> 'sent'`, oldEmail).Error; err != nil {
		return fmt.Errorf("delete unsent mail: %w", err)
	}
	err := tx.WithContext(ctx).Exec(`UPDATE outbox SET to_address = ?, to_name = ? WHERE to_address = ?`, e.Email, e.Name, oldEmail).Error
	if err != nil {
		return fmt.Errorf("pseudonymise sent mail: %w", err)
	}
	return nil
}

// PseudonymiseAuditActor replaces the actor address of an account's audit
// entries with its pseudonym.
func PseudonymiseAuditActor(ctx context.Context, tx *DB, userID, oldEmail, pseudonym string) error {
	return tx.WithContext(ctx).Exec(`UPDATE audit_log SET actor_email = ? WHERE actor_id = ? OR actor_email = ?`,
		pseudonym, userID, oldEmail).Error
}

// DeleteLoginFailures removes a login-failure bucket (the erased
// address's counters).
func DeleteLoginFailures(ctx context.Context, tx *DB, bucket string) error {
	return tx.WithContext(ctx).Exec(`DELETE FROM login_failures WHERE bucket = ?`, bucket).Error
}

// TextColumn is one text column of a table of the schema.
type TextColumn struct{ Table, Column string }

// TextColumns lists every text column of every table of the portal's
// schema, read from the database itself (sqlite_master and table_info on
// SQLite, information_schema on PostgreSQL), so that tables added later
// are covered too.
func TextColumns(ctx context.Context, db *DB) ([]TextColumn, error) {
	if db.Dialect == Postgres {
		var out []TextColumn
		err := db.WithContext(ctx).Raw(`SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns
 WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying') ORDER BY table_name, column_name`).Scan(&out).Error
		return out, err
	}
	var tables []string
	err := db.WithContext(ctx).Raw(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).Scan(&tables).Error
	if err != nil {
		return nil, err
	}
	var out []TextColumn
	for _, t := range tables {
		var cols []struct {
			Name string
			Type string
		}
		if err := db.WithContext(ctx).Raw(`SELECT name, type FROM pragma_table_info(?)`, t).Scan(&cols).Error; err != nil {
			return nil, err
		}
		for _, c := range cols {
			if strings.Contains(strings.ToUpper(c.Type), "TEXT") || strings.Contains(strings.ToUpper(c.Type), "CHAR") {
				out = append(out, TextColumn{t, c.Name})
			}
		}
	}
	return out, nil
}

// ReplaceWholeText replaces old by new in one text column of a table
// with an id column, wherever old stands as a whole (ReplaceWhole): the
// rows that hold it are read and each written back by id. Table and
// column come from TextColumns, never from a user.
func ReplaceWholeText(ctx context.Context, tx *DB, c TextColumn, old, new string) (int64, error) {
	var rows []struct {
		ID   string
		Text string
	}
	q := fmt.Sprintf(`SELECT id, %s AS text FROM %s WHERE %s LIKE ? ESCAPE '\'`, quoteIdent(c.Column), quoteIdent(c.Table), quoteIdent(c.Column))
	if err := tx.WithContext(ctx).Raw(q, "%"+escapeLike(old)+"%").Scan(&rows).Error; err != nil {
		return 0, err
	}
	update := fmt.Sprintf(`UPDATE %s SET %s = ? WHERE id = ?`, quoteIdent(c.Table), quoteIdent(c.Column))
	var n int64
	for _, r := range rows {
		text := ReplaceWhole(r.Text, old, new)
		if text == r.Text {
			continue
		}
		if err := tx.WithContext(ctx).Exec(update, text, r.ID).Error; err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// ReplaceWhole replaces old by new wherever old stands as a whole, not
// inside a longer word: erasing "Ana" leaves "Analysis" alone.
func ReplaceWhole(text, old, new string) string {
	if old == "" {
		return text
	}
	var b strings.Builder
	start, pos := 0, 0
	for {
		i := strings.Index(text[pos:], old)
		if i < 0 {
			break
		}
		i += pos
		j := i + len(old)
		if !wordRuneBefore(text, i) && !wordRuneAt(text, j) {
			b.WriteString(text[start:i])
			b.WriteString(new)
			start, pos = j, j
			continue
		}
		_, size := utf8.DecodeRuneInString(text[i:])
		pos = i + size
	}
	if start == 0 {
		return text
	}
	b.WriteString(text[start:])
	return b.String()
}

// wordRuneBefore tells whether a letter or digit ends text[:i].
func wordRuneBefore(text string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return i > 0 && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// wordRuneAt tells whether a letter or digit starts text[j:].
func wordRuneAt(text string, j int) bool {
	r, _ := utf8.DecodeRuneInString(text[j:])
	return j < len(text) && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// ReplaceText replaces old by new in one text column of every row that
// holds it, anywhere, for the few tables without an id column. Table and
// column come from TextColumns, never from a user.
func ReplaceText(ctx context.Context, tx *DB, c TextColumn, old, new string) (int64, error) {
	q := fmt.Sprintf(`UPDATE %s SET %s = REPLACE(%s, ?, ?) WHERE %s LIKE ? ESCAPE '\'`,
		quoteIdent(c.Table), quoteIdent(c.Column), quoteIdent(c.Column), quoteIdent(c.Column))
	res := tx.WithContext(ctx).Exec(q, old, new, "%"+escapeLike(old)+"%")
	return res.RowsAffected, res.Error
}

// quoteIdent quotes a schema name for both databases.
func quoteIdent(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// ExportQuery is one part of a person's export: the rows of a table that
// are about them, with the columns that may be shown.
type ExportQuery struct {
	Table   string
	Columns []string
	// Where selects the person's rows, with one ? for their id.
	Where string
}

// StreamExport reads the rows of q for the user a page at a time (by id,
// so that a long history never sits in memory at once) and passes each to
// fn as column name to value, texts as strings and times in UTC.
func StreamExport(ctx context.Context, db *DB, q ExportQuery, userID string, fn func(map[string]any) error) error {
	cols := make([]string, len(q.Columns))
	for i, c := range q.Columns {
		cols[i] = quoteIdent(c)
	}
	after := ""
	for {
		sqlText := fmt.Sprintf(`SELECT id, %s FROM %s WHERE (%s) AND id > ? ORDER BY id LIMIT 500`,
			strings.Join(cols, ", "), quoteIdent(q.Table), q.Where)
		n, last, err := exportPage(ctx, db, sqlText, q.Columns, fn, userID, after)
		if err != nil {
			return fmt.Errorf("export %s: %w", q.Table, err)
		}
		if n < 500 {
			return nil
		}
		after = last
	}
}

// exportPage runs one page of StreamExport and returns how many rows it
// read and the last id.
func exportPage(ctx context.Context, db *DB, query string, names []string, fn func(map[string]any) error, args ...any) (int, string, error) {
	rows, err := db.WithContext(ctx).Raw(query, args...).Rows()
	if err != nil {
		return 0, "", err
	}
	defer rows.Close()
	n, last := 0, ""
	for rows.Next() {
		vals := make([]any, len(names)+1)
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return n, last, err
		}
		last = fmt.Sprint(exportValue(vals[0]))
		row := make(map[string]any, len(names))
		for i, name := range names {
			row[name] = exportValue(vals[i+1])
		}
		if err := fn(row); err != nil {
			return n, last, err
		}
		n++
	}
	return n, last, rows.Err()
}

// exportValue makes a scanned value JSON-friendly on both databases.
func exportValue(v any) any {
	switch x := v.(type) {
	case []byte:
		return string(x)
	case time.Time:
		return x.UTC()
	case sql.NullString:
		return x.String
	}
	return v
}
