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
	texts, err := s.translationTexts(ctx, frameworkID, lang)
	if err != nil {
		return nil, nil, err
	}
	out, status := f.Translated(lang, texts)
	return out, status, nil
}

func (s *Service) translationTexts(ctx context.Context, frameworkID, lang string) (map[string]framework.TranslatedText, error) {
	rows, err := models.TranslationTexts(ctx, s.db, frameworkID, lang)
	if err != nil {
		return nil, fmt.Errorf("load the %s translation of framework %s: %w", lang, frameworkID, err)
	}
	texts := make(map[string]framework.TranslatedText, len(rows))
	for _, r := range rows {
		texts[r.Unit] = framework.TranslatedText{Text: r.Text, Status: r.Status}
	}
	return texts, nil
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
	counts, err := models.TranslationCounts(ctx, s.db, frameworkID)
	if err != nil {
		return nil, fmt.Errorf("count translations of framework %s: %w", frameworkID, err)
	}
	byLang := map[string]models.TranslationCount{}
	for _, c := range counts {
		byLang[c.Language] = c
	}
	total := len(translatableUnits(f))
	var out []TranslationSummary
	for _, lang := range s.msgs.Languages() {
		c := byLang[lang]
		out = append(out, TranslationSummary{Language: lang, Original: f.Original(lang), Units: c.Units, Reviewed: c.Reviewed, Total: total})
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
	texts, err := s.translationTexts(ctx, frameworkID, lang)
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

// ensureDefaultTranslations stores the draft translations shipped with
// the default framework for every stored copy of it that has none yet in
// that language; start-up calls it, so an existing portal gains them too.
func (s *Service) ensureDefaultTranslations(ctx context.Context) error {
	def, err := framework.Default()
	if err != nil {
		return err
	}
	rows, err := models.FrameworkVersionsOf(ctx, s.db, def.Code, def.Version)
	if err != nil || len(rows) == 0 {
		return err
	}
	for lang, data := range framework.DefaultTranslations() {
		for _, row := range rows {
			if err := s.ensureShippedTranslation(ctx, row.ID, def, lang, data); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *Service) ensureShippedTranslation(ctx context.Context, frameworkID string, def *framework.Framework, lang string, data []byte) error {
	have, err := models.TranslationTexts(ctx, s.db, frameworkID, lang)
	if err != nil || len(have) > 0 || !s.msgs.Supported(lang) || def.Original(lang) {
		return err
	}
	_, texts, err := def.ReadXLIFF(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("shipped %s translation of the default framework: %w", lang, err)
	}
	return s.tx(ctx, func(tx *models.DB) error {
		if err := models.SaveTranslations(ctx, tx, s.translationRows(frameworkID, lang, "system", texts)); err != nil {
			return err
		}
		return s.audit(ctx, tx, Actor{IP: "system"}, "framework.translation.import", "framework", frameworkID, lang+": "+strconv.Itoa(len(texts))+" texts (shipped draft)")
	})
}
