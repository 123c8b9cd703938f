package server

import (
	"math"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"hotlineportal/assessments"
	"hotlineportal/assessments/framework"
	"hotlineportal/assessments/messages"
	"hotlineportal/assessments/scoring"
	"hotlineportal/models"
)

// Page is the data of every page: who is signed in, the translator, the
// CSRF token, the flash message, form errors, and the page's own payload.
type Page struct {
	*messages.Localizer
	Title     string
	User      *models.User
	CSRF      string
	Flash     *Flash
	Nav       string
	Path      string
	RequestID string
	Languages []LanguageOption
	// Errors holds one translated message per form field; ErrorList is the
	// same in form order, for the error summary.
	// IdleSeconds is the session's idle timeout, for the warning dialog.
	IdleSeconds int
	// Unread counts the signed-in user's unread notifications.
	Unread int64
	// MaxUploadMB is the evidence size limit, for hints.
	MaxUploadMB int
	Errors      map[string]string
	ErrorList   []FieldError
	Data        any
}

// FieldError is one line of the error summary, linking to its field.
type FieldError struct {
	Field, Message string
}

// LanguageOption is one entry of the language switcher.
type LanguageOption struct {
	Code, Name string
	Current    bool
}

// Flash is a one-time message shown after a redirect.
type Flash struct {
	Kind    string // success or info
	Message string
}

// newPage fills the common page data from the request.
func (s *Server) newPage(c echo.Context, titleKey string, data any) *Page {
	loc := localizer(c)
	p := &Page{
		Localizer:   loc,
		User:        currentUser(c),
		CSRF:        csrfToken(c),
		Path:        c.Request().URL.Path,
		RequestID:   c.Response().Header().Get(echo.HeaderXRequestID),
		Data:        data,
		MaxUploadMB: s.cfg.MaxUploadMB,
		IdleSeconds: int(s.cfg.SessionIdle.Seconds()),
	}
	if titleKey != "" {
		p.Title = loc.T(titleKey)
	}
	for _, code := range s.msgs.Languages() {
		p.Languages = append(p.Languages, LanguageOption{Code: code, Name: ownLanguageName(code), Current: code == loc.Lang})
	}
	p.Flash = s.popFlash(c)
	if p.User != nil {
		// The count is a nicety of the header: a failure to read it is
		// logged, and the page is shown without it.
		n, err := s.svc.UnreadNotifications(c.Request().Context(), actor(c))
		if err != nil {
			s.log.Warn("count unread notifications", "request_id", p.RequestID, "err", err)
		}
		p.Unread = n
	}
	return p
}

// withErrors translates a validation error into field messages, in the
// order of fields given (the form's order).
func (p *Page) withErrors(verr *assessments.ValidationError, order ...string) *Page {
	p.Errors = map[string]string{}
	seen := map[string]bool{}
	add := func(field string) {
		m, ok := verr.Fields[field]
		if !ok || seen[field] {
			return
		}
		seen[field] = true
		msg := p.T(m.Key, m.Data)
		p.Errors[field] = msg
		p.ErrorList = append(p.ErrorList, FieldError{Field: field, Message: msg})
	}
	for _, f := range order {
		add(f)
	}
	rest := make([]string, 0, len(verr.Fields))
	for f := range verr.Fields {
		rest = append(rest, f)
	}
	sort.Strings(rest)
	for _, f := range rest {
		add(f)
	}
	return p
}

// HasErrors tells the layout to prefix the title with "Error:".
func (p *Page) HasErrors() bool { return len(p.ErrorList) > 0 }

// Date writes a date in the page language, such as "28 November 2026".
func (p *Page) Date(t any) string {
	var tm time.Time
	switch v := t.(type) {
	case time.Time:
		tm = v
	case *time.Time:
		if v == nil {
			return ""
		}
		tm = *v
	default:
		return ""
	}
	return assessments.FormatDate(p.Localizer, tm)
}

// DateTime writes a date and time (UTC) in the page language.
func (p *Page) DateTime(t any) string {
	d := p.Date(t)
	if d == "" {
		return ""
	}
	var tm time.Time
	switch v := t.(type) {
	case time.Time:
		tm = v
	case *time.Time:
		tm = *v
	}
	return d + " " + tm.UTC().Format("15:04") + " UTC"
}

// Country names a country code in the page language.
func (p *Page) Country(code string) string {
	r, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	name := display.Regions(language.MustParse(p.Lang)).Name(r)
	if name == "" {
		return code
	}
	return name
}

// Countries lists every country for a select box, sorted by name in the
// page language.
func (p *Page) Countries() []LanguageOption {
	return countryOptions(p.Lang)
}

// Text picks a framework text in the page language, falling back to
// English.
func (p *Page) Text(t framework.Text) string {
	s, _ := t.In(p.Lang)
	return s
}

// TextLang is the language Text used, so a fallback can carry its own lang
// attribute.
func (p *Page) TextLang(t framework.Text) string {
	_, l := t.In(p.Lang)
	return l
}

// Bytes writes a file size for people ("2.4 MB"), with the page
// language's decimal separator.
func (p *Page) Bytes(n int64) string {
	var v float64
	key := "size.kb"
	switch {
	case n >= 1<<20:
		v, key = float64(n)/(1<<20), "size.mb"
	default:
		v = math.Max(float64(n)/1024, 0.1)
	}
	num := strings.Replace(strconv.FormatFloat(v, 'f', 1, 64), ".", p.T("number.decimal_separator"), 1)
	return p.T(key, "N", num)
}

// Excerpt shortens text to about n characters at a word boundary.
func (p *Page) Excerpt(text string, n int) string {
	r := []rune(strings.TrimSpace(text))
	if len(r) <= n {
		return string(r)
	}
	cut := string(r[:n])
	if i := strings.LastIndexAny(cut, " \n\t"); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:") + "…"
}

// Decimal writes a score such as 2.5 with the page's decimal separator.
func (p *Page) Decimal(v *float64) string {
	if v == nil {
		return "–"
	}
	return p.Decimal2(*v)
}

// Decimal2 is Decimal for a plain number.
func (p *Page) Decimal2(v float64) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', 1, 64), ".", p.T("number.decimal_separator"), 1)
}

// Alpha writes an agreement figure with three decimals (0.815), "–"
// when it is undefined.
func (p *Page) Alpha(v *float64) string {
	if v == nil {
		return "–"
	}
	return strings.Replace(strconv.FormatFloat(*v, 'f', 3, 64), ".", p.T("number.decimal_separator"), 1)
}

// AgreementThreshold writes the alpha under which a criterion is flagged,
// for the page language.
func (p *Page) AgreementThreshold() string {
	t := assessments.AgreementThreshold
	return p.Alpha(&t)
}

// Reason explains one reason of a proposed outcome.
func (p *Page) Reason(r scoring.Reason) string { return reasonText(p.Localizer, r) }

// Channel names a channel in the page language.
func (p *Page) Channel(code string) string { return p.T("channel." + code) }

// Channels lists every channel code.
func (p *Page) Channels() []string { return framework.HotlineChannels() }

// ownLanguageName names a language in itself ("Ελληνικά", "Malti"), as
// the language switcher lists them, capitalised as a list item.
func ownLanguageName(code string) string {
	tag, err := language.Parse(code)
	if err != nil {
		return code
	}
	name := display.Self.Name(tag)
	if name == "" {
		return code
	}
	first, size := utf8.DecodeRuneInString(name)
	return string(unicode.ToUpper(first)) + name[size:]
}

// LanguageName names a language code in the page language.
func (p *Page) LanguageName(code string) string {
	tag, err := language.Parse(code)
	if err != nil {
		return code
	}
	if n := display.Languages(language.MustParse(p.Lang)).Name(tag); n != "" {
		return n
	}
	return code
}

// Role names a role in the page language.
func (p *Page) Role(r models.Role) string { return p.T("role." + string(r)) }

// Pager is the state of a paged list, for the pagination partial.
type Pager struct {
	Page, Pages int
	Total       int64
	Query       url.Values
	Path        string
}

func newPager(c echo.Context, page assessments.Page, total int64) Pager {
	pages := int((total + int64(page.Limit()) - 1) / int64(page.Limit()))
	return Pager{Page: max(page.Number, 1), Pages: max(pages, 1), Total: total, Query: c.QueryParams(), Path: c.Request().URL.Path}
}

// URL links to another page of the same list, keeping the filters.
func (pg Pager) URL(n int) string {
	q := url.Values{}
	for k, v := range pg.Query {
		q[k] = v
	}
	q.Set("page", strconv.Itoa(n))
	return pg.Path + "?" + q.Encode()
}

// SortURL links to the list sorted by key, keeping the filters.
func (pg Pager) SortURL(key string) string {
	q := url.Values{}
	for k, v := range pg.Query {
		q[k] = v
	}
	q.Set("sort", key)
	q.Del("page")
	return pg.Path + "?" + q.Encode()
}

// Sorted tells whether the list is sorted by key.
func (pg Pager) Sorted(key, def string) bool {
	cur := pg.Query.Get("sort")
	return cur == key || (cur == "" && key == def)
}

// pageSize is how many rows a page's list shows (the API shows 100).
const pageSize = 25

// pageQuery is the query string of a paged list with no filter.
type pageQuery struct {
	Page int `query:"page"`
}

func (q pageQuery) page(size int) assessments.Page {
	return assessments.Page{Number: max(q.Page, 1), Size: size}
}

// countryLists holds each language's sorted country list, built the first
// time a page in that language needs it and shared by every server of the
// process (tests run many at once), safely.
var countryLists sync.Map // language -> []LanguageOption

func countryOptions(lang string) []LanguageOption {
	if opts, ok := countryLists.Load(lang); ok {
		return opts.([]LanguageOption)
	}
	opts, _ := countryLists.LoadOrStore(lang, buildCountries(lang))
	return opts.([]LanguageOption)
}

func buildCountries(lang string) []LanguageOption {
	namer := display.Regions(language.MustParse(lang))
	var opts []LanguageOption
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			code := string([]rune{a, b})
			if !assessments.ValidCountry(code) {
				continue
			}
			r := language.MustParseRegion(code)
			if name := namer.Name(r); name != "" {
				opts = append(opts, LanguageOption{Code: code, Name: name})
			}
		}
	}
	sort.Slice(opts, func(i, j int) bool { return strings.ToLower(opts[i].Name) < strings.ToLower(opts[j].Name) })
	return opts
}
