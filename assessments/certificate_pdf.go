package assessments

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"hotlineportal/assessments/certificate"
	"hotlineportal/assessments/evidence"
	"hotlineportal/assessments/messages"
	"hotlineportal/models"
)

// certificateLang is the language certificates are printed in, so that a
// certificate downloaded again, by anyone, is the same document.
const certificateLang = "en"

// CertificatePDF returns an issued certificate's PDF, for the
// secretariat or the hotline's manager. It is rendered once, from the
// content fixed at issue, and kept in the file store: every download, from
// any instance, is the same document, checked against its recorded hash.
func (s *Service) CertificatePDF(ctx context.Context, a Actor, number string) ([]byte, *models.Certificate, error) {
	c, err := s.GetCertificate(ctx, a, number)
	if err != nil {
		return nil, nil, err
	}
	doc, err := models.StoredCertificateDocument(ctx, s.db, c.ID)
	if errors.Is(err, models.ErrNotFound) {
		doc, err = s.storeCertificatePDF(ctx, c)
	} else if err != nil {
		err = fmt.Errorf("load certificate %s: %w", c.Number, err)
	}
	if err != nil {
		return nil, nil, err
	}
	pdf, err := s.readCertificateDocument(ctx, doc)
	if err != nil {
		return nil, nil, fmt.Errorf("read certificate %s: %w", c.Number, err)
	}
	return pdf, c, nil
}

// readCertificateDocument reads a stored PDF: from the file store, checked
// against its size and hash, or inline for a row from before the store.
func (s *Service) readCertificateDocument(ctx context.Context, doc *models.CertificateDocument) ([]byte, error) {
	if doc.StorageKey == "" {
		return doc.PDF, nil
	}
	rc, err := s.store.Open(ctx, doc.StorageKey)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(evidence.NewVerifyingReader(rc, doc.Size, doc.SHA256))
}

// storeCertificatePDF renders a certificate and keeps the PDF: the file
// first, then the row that names it. When two render at once, the first
// row recorded wins and the other file is removed.
func (s *Service) storeCertificatePDF(ctx context.Context, c *models.Certificate) (*models.CertificateDocument, error) {
	lang, err := s.hotlineLanguage(ctx, c.HotlineID)
	if err != nil {
		return nil, err
	}
	content := s.certificateContent(c, lang)
	if err := s.addProofs(ctx, c, &content); err != nil {
		return nil, err
	}
	pdf, err := certificate.RenderCertificate(content)
	if err != nil {
		return nil, fmt.Errorf("render certificate %s: %w", c.Number, err)
	}
	saved, err := s.store.Put(ctx, bytes.NewReader(pdf))
	if err != nil {
		return nil, fmt.Errorf("store certificate %s: %w", c.Number, err)
	}
	doc := &models.CertificateDocument{CertificateID: c.ID, StorageKey: saved.Key, Size: saved.Size, SHA256: saved.SHA256, CreatedAt: s.now()}
	if err := models.StoreCertificateDocument(ctx, s.db, doc); err != nil {
		s.removeUnrecorded(ctx, saved.Key)
		return nil, fmt.Errorf("record certificate %s: %w", c.Number, err)
	}
	stored, err := models.StoredCertificateDocument(ctx, s.db, c.ID)
	if err != nil {
		return nil, fmt.Errorf("load certificate %s: %w", c.Number, err)
	}
	if stored.StorageKey != saved.Key {
		s.removeUnrecorded(ctx, saved.Key)
	}
	return stored, nil
}

// addProofs prints the dossier's hash on the certificate and attaches the
// signed credential, so the PDF carries what anyone can check.
func (s *Service) addProofs(ctx context.Context, c *models.Certificate, content *certificate.Certificate) error {
	hash, err := s.DossierHash(ctx, c)
	if err != nil {
		return err
	}
	content.DossierSHA256 = hash
	cc, err := s.ensureCredential(ctx, c)
	if err != nil {
		return err
	}
	content.Attachments = []certificate.Attachment{{
		Name: c.Number + ".credential.json", Description: "Open Badges 3.0 credential", Content: []byte(cc.Document),
	}}
	return nil
}

// hotlineLanguage is the language a hotline's certificate is printed in
// beside English: the first of its languages the portal speaks, else
// English alone.
func (s *Service) hotlineLanguage(ctx context.Context, hotlineID string) (string, error) {
	h, err := models.HotlineByID(ctx, s.db, hotlineID)
	if errors.Is(err, models.ErrNotFound) {
		return certificateLang, nil
	}
	if err != nil {
		return "", fmt.Errorf("load the certificate's hotline %s: %w", hotlineID, err)
	}
	for _, l := range h.Languages {
		if s.msgs.Supported(l) {
			return l, nil
		}
	}
	return certificateLang, nil
}

// certificateContent is a certificate's text in lang, with English beside
// it (Second) when lang is another language: the hotline reads its own,
// anyone abroad the English.
func (s *Service) certificateContent(c *models.Certificate, lang string) certificate.Certificate {
	loc := s.msgs.Localizer(lang)
	channels := make([]string, 0, len(c.Channels))
	for _, ch := range c.Channels {
		channels = append(channels, loc.T("channel."+ch))
	}
	var conditions []string
	if c.Conditions != "" {
		conditions = strings.Split(c.Conditions, "\n")
	}
	date := func(t interface{ Format(string) string }) string { return t.Format("2 January 2006") }
	own := certificateWording(loc)
	content := certificate.Certificate{
		Lang: lang, Number: c.Number, Issuer: own.Issuer, Title: own.Title, AwardedTo: own.AwardedTo,
		HotlineName: c.HotlineName, HotlineLatin: c.HotlineLatin, Country: countryName(c.Country),
		Outcome: loc.T("outcome." + c.Outcome), Conditions: conditions, Labels: own.Labels,
		Channels: strings.Join(channels, ", "), Framework: c.FrameworkCode + " " + c.FrameworkVersion,
		IssuedOn: date(c.ValidFrom), ValidUntil: date(c.ValidUntil), VerifyURL: s.opts.BaseURL + "/verify/" + c.Number,
		CreatedAt: c.IssuedAt,
	}
	if lang != certificateLang {
		english := certificateWording(s.msgs.Localizer(certificateLang))
		english.Outcome = s.msgs.Localizer(certificateLang).T("outcome." + c.Outcome)
		content.Second = &english
	}
	return content
}

// certificateWording is the certificate's fixed text in one language.
func certificateWording(loc *messages.Localizer) certificate.Wording {
	return certificate.Wording{
		Lang: loc.Lang, Issuer: loc.T("certificate.issuer"), Title: loc.T("certificate.title"), AwardedTo: loc.T("certificate.awarded_to"),
		Labels: map[string]string{
			"country": loc.T("certificate.label.country"), "channels": loc.T("certificate.label.channels"),
			"framework": loc.T("certificate.label.framework"), "outcome": loc.T("certificate.label.outcome"),
			"conditions": loc.T("certificate.label.conditions"), "issued": loc.T("certificate.label.issued"),
			"valid_until": loc.T("certificate.label.valid_until"), "number": loc.T("certificate.label.number"),
			"verify": loc.T("certificate.label.verify"), "dossier": loc.T("certificate.label.dossier"),
		},
	}
}

func countryName(code string) string {
	r, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	if n := display.English.Regions().Name(r); n != "" {
		return n
	}
	return code
}

// ReportPDF renders the assessment report for the hotline: the decision,
// the summary (sections beside the network, strengths, what to improve
// first), per section and criterion the consolidated score and the
// reviewers' comments, the conditions (after the decision; secretariat or the
// hotline's manager).
func (s *Service) ReportPDF(ctx context.Context, a Actor, assessmentID, lang string) ([]byte, error) {
	con, err := s.LoadConsolidation(ctx, a, assessmentID)
	if err != nil {
		return nil, err
	}
	if con.Q.Assessment.Status != models.StatusDecided {
		return nil, Conflict("error.report_before_decision")
	}
	d, err := models.DecisionOf(ctx, s.db, assessmentID)
	if err != nil {
		return nil, fmt.Errorf("load decision of %s: %w", assessmentID, err)
	}
	conds, err := s.Conditions(ctx, a, assessmentID)
	if err != nil {
		return nil, err
	}
	sum, err := s.ResultsSummary(ctx, a, con, conds)
	if err != nil {
		return nil, err
	}
	content := s.reportContent(con, d, conds, lang)
	content.Summary = reportSummary(s.msgs.Localizer(lang), sum, lang)
	pdf, err := certificate.RenderReport(content)
	if err != nil {
		return nil, fmt.Errorf("render report of %s: %w", assessmentID, err)
	}
	return pdf, nil
}

func (s *Service) reportContent(con *Consolidation, d *models.Decision, conds []models.Condition, lang string) certificate.Report {
	loc := s.msgs.Localizer(lang)
	num := func(v *float64) string { return reportNumber(loc, v) }
	r := certificate.Report{
		Lang: loc.Lang, Title: loc.T("report.title"), HotlineName: con.Q.Hotline.Name, Country: countryName(con.Q.Hotline.Country),
		Labels: map[string]string{
			"section": loc.T("consolidation.section"), "criterion": loc.T("consolidation.criterion"), "score": loc.T("consolidation.consolidated"),
			"comments": loc.T("report.comments"), "decision": loc.T("report.decision"), "rationale": loc.T("report.rationale"),
			"conditions": loc.T("certificate.label.conditions"), "page": loc.T("report.page"),
		},
		Decision: loc.T("outcome." + d.Outcome), Rationale: d.Rationale, CreatedAt: d.DecidedAt,
	}
	r.Conditions = conditionLines(conds)
	results := map[string]int{}
	for i, c := range con.Result.Criteria {
		results[c.Code] = i
	}
	for si, sec := range con.Q.Sections {
		title, _ := sec.Section.Title.In(lang)
		rs := certificate.ReportSection{Code: sec.Section.Code, Title: title}
		if si < len(con.Result.Sections) {
			rs.Score = num(con.Result.Sections[si].Consolidated)
		}
		for _, it := range sec.Items {
			t, _ := it.Criterion.Title.In(lang)
			rc := certificate.ReportCriterion{Code: it.Criterion.Code, Title: t}
			if i, ok := results[it.Criterion.Code]; ok {
				rc.Score = num(con.Result.Criteria[i].Consolidated)
			}
			if !it.Applicable {
				rc.Score = loc.T("item.state.not_applicable")
			}
			for _, comment := range con.Comments[it.Criterion.Code] {
				if strings.TrimSpace(comment) != "" {
					rc.Comments = append(rc.Comments, comment)
				}
			}
			rs.Criteria = append(rs.Criteria, rc)
		}
		r.Sections = append(r.Sections, rs)
	}
	return r
}

// reportNumber prints a score in the report: one decimal at most, with the
// language's decimal separator; "–" for none.
func reportNumber(loc *messages.Localizer, v *float64) string {
	if v == nil {
		return "–"
	}
	return strings.Replace(strings.TrimRight(strings.TrimRight(formatScore(*v), "0"), "."), ".", loc.T("number.decimal_separator"), 1)
}
