package assessments

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"

	"hotlineportal/assessments/framework"
	"hotlineportal/models"
)

// TranslationSummary is how far one language's translation of a framework
// version has come: how many of its texts exist, and how many are
// reviewed. Original languages are the framework file's own.
type TranslationSummary struct {
	Language string
	Original bool
	Units    int
	Reviewed int
	Total    int
}

// Status sums the language up as the API and the pages name it:
// "reviewed" when every text is reviewed, "draft" when any exists, else
// "none".
func (t TranslationSummary) Status() string {
	switch {
	case t.Original || (t.Total > 0 && t.Reviewed == t.Total):
		return framework.Reviewed
	case t.Units > 0:
		return framework.Draft
	}
	return "none"
}

// TranslationImport is what an import of a translator's file changed.
type TranslationImport struct {
	Language string
	Units    int
	Reviewed int
}

// TranslatedFramework is f, a stored framework version, with its texts in
// lang where translated, and each criterion's translation status there
// (reviewed, draft or fallback). Every screen and API answer that shows
// criteria to a person calls it; the source itself never changes.
func (s *Service) TranslatedFramework(ctx context.Context, frameworkID string, f *framework.Framework, lang string) (*framework.Framework, map[string]string, error) {
	if f.Original(lang) {
		out, status := f.Translated(lang, nil)
		return out, status, nil
	}
	texts, err := s.translationTexts(ctx, frameworkID, f, lang)
	if err != nil {
		return nil, nil, err
	}
	out, status := f.Translated(lang, texts)
	return out, status, nil
}

// translationTexts is a framework version's text in lang: the drafts
// shipped with the default framework (see shippedTexts), overlaid with
// what the secretariat imported.
func (s *Service) translationTexts(ctx context.Context, frameworkID string, f *framework.Framework, lang string) (map[string]framework.TranslatedText, error) {
	rows, err := models.TranslationTexts(ctx, s.db, frameworkID, lang)
	if err != nil {
		return nil, fmt.Errorf("load the %s translation of framework %s: %w", lang, frameworkID, err)
	}
	return s.withShipped(frameworkID, f, lang, rows), nil
}

func (s *Service) withShipped(frameworkID string, f *framework.Framework, lang string, rows []models.FrameworkTranslation) map[string]framework.TranslatedText {
	shipped := s.shippedTexts(frameworkID, f, lang)
	texts := make(map[string]framework.TranslatedText, len(shipped)+len(rows))
	for k, v := range shipped {
		texts[k] = v
	}
	for _, r := range rows {
		texts[r.Unit] = framework.TranslatedText{Text: r.Text, Status: r.Status}
	}
	return texts
}

// shippedTexts are the draft translations shipped with the default
// framework (assessments/framework/translations), for a stored version
// whose texts they were written for: its code and every English source
// must match, which ReadXLIFF checks. They are read once per version and
// language, and never stored: an import overrides them unit by unit.
func (s *Service) shippedTexts(frameworkID string, f *framework.Framework, lang string) map[string]framework.TranslatedText {
	key := frameworkID + "/" + lang
	if v, ok := s.frameworks.shipped.Load(key); ok {
		return v.(map[string]framework.TranslatedText)
	}
	texts := map[string]framework.TranslatedText{}
	if data, ok := framework.DefaultTranslations()[lang]; ok && f.Code == framework.DefaultCode() && !f.Original(lang) {
		if _, read, err := f.ReadXLIFF(bytes.NewReader(data)); err == nil {
			texts = read
		}
	}
	s.frameworks.shipped.Store(key, texts)
	return texts
}

// FrameworkTranslations lists every interface language with how far its
// translation of a framework version has come (secretariat).
func (s *Service) FrameworkTranslations(ctx context.Context, a Actor, frameworkID string) ([]TranslationSummary, error) {
	if !a.Is(models.RoleSecretariat) {
		return nil, ErrForbidden
	}
	_, f, err := s.frameworkForTranslation(ctx, frameworkID)
	if err != nil {
		return nil, err
	}
	rows, err := models.AllTranslationTexts(ctx, s.db, frameworkID)
	if err != nil {
		return nil, fmt.Errorf("load translations of framework %s: %w", frameworkID, err)
	}
	byLang := map[string][]models.FrameworkTranslation{}
	for _, r := range rows {
		byLang[r.Language] = append(byLang[r.Language], r)
	}
	total := len(translatableUnits(f))
	var out []TranslationSummary
	for _, lang := range s.msgs.Languages() {
		t := TranslationSummary{Language: lang, Original: f.Original(lang), Total: total}
		if !t.Original {
			for _, tr := range s.withShipped(frameworkID, f, lang, byLang[lang]) {
				t.Units++
				if tr.Status == framework.Reviewed {
					t.Reviewed++
				}
			}
		}
		out = append(out, t)
	}
	return out, nil
}

// frameworkForTranslation loads a stored version; an unknown one is
// ErrNotFound.
func (s *Service) frameworkForTranslation(ctx context.Context, frameworkID string) (*models.Framework, *framework.Framework, error) {
	if !models.ValidID(frameworkID) {
		return nil, nil, ErrNotFound
	}
	row, f, err := s.FrameworkVersion(ctx, frameworkID)
	if errors.Is(err, models.ErrNotFound) {
		return nil, nil, ErrNotFound
	}
	return row, f, err
}

// translatableUnits are the texts a translator is given: those with an
// English source.
func translatableUnits(f *framework.Framework) []framework.Unit {
	var out []framework.Unit
	for _, u := range f.Units() {
		if u.Source[framework.English] != "" {
			out = append(out, u)
		}
	}
	return out
}

// checkTranslationLanguage refuses a language the portal does not speak,
// or one the framework file is itself written in (its texts change only
// with a new version).
func (s *Service) checkTranslationLanguage(f *framework.Framework, lang string) error {
	if !s.msgs.Supported(lang) {
		return Invalid("language", "error.language")
	}
	if f.Original(lang) {
		return Invalid("language", "error.translation.original")
	}
	return nil
}

// ExportTranslation writes a framework version's texts for translators
// into lang as XLIFF 2.0, with the translations known so far (secretariat).
func (s *Service) ExportTranslation(ctx context.Context, a Actor, frameworkID, lang string, w io.Writer) (*models.Framework, error) {
	if !a.Is(models.RoleSecretariat) {
		return nil, ErrForbidden
	}
	row, f, err := s.frameworkForTranslation(ctx, frameworkID)
	if err != nil {
		return nil, err
	}
	if !s.msgs.Supported(lang) || lang == framework.English {
		return nil, Invalid("language", "error.language")
	}
	texts, err := s.translationTexts(ctx, frameworkID, f, lang)
	if err != nil {
		return nil, err
	}
	return row, f.WriteXLIFF(w, lang, texts)
}

// ImportTranslation reads a translator's XLIFF 2.0 file into a framework
// version's translation: texts only, published or not, never its rules
// or its source; audited. lang, when given (the API's path), must be the
// file's target language.
func (s *Service) ImportTranslation(ctx context.Context, a Actor, frameworkID, lang string, r io.Reader) (*TranslationImport, error) {
	if !a.Is(models.RoleSecretariat) {
		return nil, ErrForbidden
	}
	_, f, err := s.frameworkForTranslation(ctx, frameworkID)
	if err != nil {
		return nil, err
	}
	target, texts, err := f.ReadXLIFF(r)
	if err != nil {
		return nil, xliffInvalid(err)
	}
	if lang != "" && target != lang {
		return nil, Invalid("file", "error.translation.other_language")
	}
	if err := s.checkTranslationLanguage(f, target); err != nil {
		return nil, err
	}
	imp := &TranslationImport{Language: target, Units: len(texts)}
	for _, t := range texts {
		if t.Status == framework.Reviewed {
			imp.Reviewed++
		}
	}
	err = s.tx(ctx, func(tx *models.DB) error {
		if err := models.SaveTranslations(ctx, tx, s.translationRows(frameworkID, target, a.User.Email, texts)); err != nil {
			return fmt.Errorf("store the %s translation: %w", target, err)
		}
		detail := target + ": " + strconv.Itoa(imp.Units) + " texts, " + strconv.Itoa(imp.Reviewed) + " reviewed"
		return s.audit(ctx, tx, a, "framework.translation.import", "framework", frameworkID, detail)
	})
	if err != nil {
		return nil, err
	}
	return imp, nil
}

func (s *Service) translationRows(frameworkID, lang, by string, texts map[string]framework.TranslatedText) []models.FrameworkTranslation {
	rows := make([]models.FrameworkTranslation, 0, len(texts))
	for unit, t := range texts {
		rows = append(rows, models.FrameworkTranslation{
			ID: models.NewID(), FrameworkID: frameworkID, Language: lang, Unit: unit, Text: t.Text,
			Status: t.Status, UpdatedBy: by, UpdatedAt: s.now(),
		})
	}
	return rows
}

// xliffInvalid says what is wrong with a translator's file, in the
// user's language.
func xliffInvalid(err error) error {
	var unknown *framework.UnknownUnitError
	var changed *framework.ChangedSourceError
	switch {
	case errors.As(err, &unknown):
		return InvalidWith("file", "error.translation.unknown_unit", map[string]any{"Unit": unknown.ID})
	case errors.As(err, &changed):
		return InvalidWith("file", "error.translation.changed_source", map[string]any{"Unit": changed.ID})
	case errors.Is(err, framework.ErrXLIFFEmpty):
		return Invalid("file", "error.translation.empty")
	}
	return Invalid("file", "error.translation.not_xliff")
}
