package assessments

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/gowebpki/jcs"

	"hotlineportal/models"
)

// dossierFormat names the dossier's layout, so a reader years later knows
// what it holds.
const dossierFormat = "116000-accreditation-dossier/1"

// dossier is an assessment as it stood at its decision. It names people
// only by pseudonyms that hold within it ("reviewer-1" in assignment
// order, "secretariat-1"), so erasing a person never changes it.
type dossier struct {
	Format      string              `json:"format"`
	Assessment  dossierAssessment   `json:"assessment"`
	Framework   dossierFramework    `json:"framework"`
	Answers     []dossierAnswer     `json:"answers"`
	Reviews     []dossierReview     `json:"reviews"`
	Result      dossierResult       `json:"result"`
	Decision    dossierDecision     `json:"decision"`
	Certificate *dossierCertificate `json:"certificate"`
}

type dossierAssessment struct {
	ID          string  `json:"id"`
	HotlineID   string  `json:"hotline_id"`
	Hotline     string  `json:"hotline"`
	Country     string  `json:"country"`
	Round       int     `json:"round"`
	SubmittedAt *string `json:"submitted_at"`
}

type dossierFramework struct {
	Code    string `json:"code"`
	Version string `json:"version"`
}

type dossierAnswer struct {
	Criterion  string            `json:"criterion"`
	Applicable bool              `json:"applicable"`
	Level      *string           `json:"level"`
	Narrative  string            `json:"narrative"`
	Evidence   []dossierEvidence `json:"evidence"`
	Scores     []dossierScore    `json:"scores"`
}

type dossierEvidence struct {
	Kind     string `json:"kind"`
	Filename string `json:"filename,omitempty"`
	URL      string `json:"url,omitempty"`
	Size     int64  `json:"size"`
	SHA256   string `json:"sha256,omitempty"`
}

type dossierScore struct {
	Reviewer string `json:"reviewer"`
	Score    *int   `json:"score"`
	Comment  string `json:"comment"`
}

type dossierReview struct {
	Reviewer       string `json:"reviewer"`
	Recommendation string `json:"recommendation"`
	Summary        string `json:"summary"`
	SubmittedAt    string `json:"submitted_at"`
}

type dossierResult struct {
	Proposed string              `json:"proposed_outcome"`
	Overall  *float64            `json:"overall"`
	Criteria map[string]*float64 `json:"consolidated"`
}

type dossierDecision struct {
	Outcome         string             `json:"outcome"`
	Rationale       string             `json:"rationale"`
	DepartureReason string             `json:"departure_reason"`
	DecidedBy       string             `json:"decided_by"`
	DecidedAt       string             `json:"decided_at"`
	Conditions      []dossierCondition `json:"conditions"`
}

type dossierCondition struct {
	Text     string `json:"text"`
	Deadline string `json:"deadline"`
}

type dossierCertificate struct {
	Number     string `json:"number"`
	ValidFrom  string `json:"valid_from"`
	ValidUntil string `json:"valid_until"`
}

// stamp is a moment in the dossier: UTC, to the second.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// buildDossier freezes what the decision rested on.
func buildDossier(con *Consolidation, d *models.Decision, conds []models.Condition, cert *models.Certificate) dossier {
	q := con.Q
	reviewer := map[string]string{}
	for i, asg := range con.Assignments {
		reviewer[asg.ReviewerID] = "reviewer-" + strconv.Itoa(i+1)
	}
	out := dossier{
		Format: dossierFormat,
		Assessment: dossierAssessment{
			ID: q.Assessment.ID, HotlineID: q.Hotline.ID, Hotline: q.Hotline.Name, Country: q.Hotline.Country, Round: q.Assessment.Round,
		},
		Framework: dossierFramework{Code: q.FrameworkRow.Code, Version: q.FrameworkRow.Version},
		Answers:   dossierAnswers(con),
		Reviews:   []dossierReview{},
		Result:    dossierResult{Proposed: string(con.Result.Proposed), Overall: con.Result.Overall, Criteria: map[string]*float64{}},
		Decision: dossierDecision{
			Outcome: d.Outcome, Rationale: d.Rationale, DepartureReason: d.DepartureReason,
			DecidedBy: "secretariat-1", DecidedAt: stamp(d.DecidedAt), Conditions: []dossierCondition{},
		},
	}
	if t := q.Assessment.SubmittedAt; t != nil {
		s := stamp(*t)
		out.Assessment.SubmittedAt = &s
	}
	for _, r := range con.Reviews {
		out.Reviews = append(out.Reviews, dossierReview{
			Reviewer: reviewer[r.ReviewerID], Recommendation: r.Recommendation, Summary: r.Summary, SubmittedAt: stamp(r.SubmittedAt),
		})
	}
	for _, c := range con.Result.Criteria {
		out.Result.Criteria[c.Code] = c.Consolidated
	}
	for _, c := range conds {
		out.Decision.Conditions = append(out.Decision.Conditions, dossierCondition{Text: c.Text, Deadline: c.Deadline.UTC().Format("2006-01-02")})
	}
	if cert != nil {
		out.Certificate = &dossierCertificate{Number: cert.Number, ValidFrom: stamp(cert.ValidFrom), ValidUntil: stamp(cert.ValidUntil)}
	}
	return out
}

// dossierAnswers is every answer with its evidence and each reviewer's
// score and comment, in framework order.
func dossierAnswers(con *Consolidation) []dossierAnswer {
	results := map[string][]*int{}
	for _, c := range con.Result.Criteria {
		results[c.Code] = c.Scores
	}
	out := []dossierAnswer{}
	for _, it := range con.Q.Items() {
		code := it.Criterion.Code
		a := dossierAnswer{
			Criterion: code, Applicable: it.Applicable, Level: it.Answer.Level, Narrative: it.Answer.Narrative,
			Evidence: []dossierEvidence{}, Scores: []dossierScore{},
		}
		for _, e := range it.Evidence {
			a.Evidence = append(a.Evidence, dossierEvidence{Kind: e.Kind, Filename: e.Filename, URL: e.URL, Size: e.Size, SHA256: e.SHA256})
		}
		scores, comments := results[code], con.Comments[code]
		for i := range con.Assignments {
			sc := dossierScore{Reviewer: "reviewer-" + strconv.Itoa(i+1)}
			if i < len(scores) {
				sc.Score = scores[i]
			}
			if i < len(comments) {
				sc.Comment = comments[i]
			}
			a.Scores = append(a.Scores, sc)
		}
		out = append(out, a)
	}
	return out
}

// canonicalDossier is the dossier as RFC 8785 canonical JSON and its
// SHA-256 in lower-case hex.
func canonicalDossier(d dossier) ([]byte, string, error) {
	raw, err := json.Marshal(d)
	if err != nil {
		return nil, "", fmt.Errorf("encode dossier: %w", err)
	}
	body, err := jcs.Transform(raw)
	if err != nil {
		return nil, "", fmt.Errorf("canonicalise dossier: %w", err)
	}
	sum := sha256.Sum256(body)
	return body, hex.EncodeToString(sum[:]), nil
}

// freezeDossier stores the dossier within the decision's transaction.
func freezeDossier(ctx context.Context, tx *models.DB, con *Consolidation, d *models.Decision, conds []models.Condition, cert *models.Certificate) error {
	body, sum, err := canonicalDossier(buildDossier(con, d, conds, cert))
	if err != nil {
		return err
	}
	row := &models.Dossier{AssessmentID: con.Q.Assessment.ID, SHA256: sum, Body: body, CreatedAt: d.DecidedAt}
	if cert != nil {
		row.CertificateID = &cert.ID
	}
	if err := models.InsertDossier(ctx, tx, row); err != nil {
		return fmt.Errorf("store dossier: %w", err)
	}
	return nil
}

// Dossier returns the dossier frozen with a certificate, for the
// secretariat or the hotline's manager; ErrNotFound when the certificate
// was decided before dossiers existed.
func (s *Service) Dossier(ctx context.Context, a Actor, number string) (*models.Dossier, *models.Certificate, error) {
	c, err := s.GetCertificate(ctx, a, number)
	if err != nil {
		return nil, nil, err
	}
	d, err := models.DossierOfCertificate(ctx, s.db, c.ID)
	if err != nil {
		return nil, nil, err
	}
	return d, c, nil
}

// DossierHash is the SHA-256 of the dossier frozen with a certificate, ""
// when it has none.
func (s *Service) DossierHash(ctx context.Context, c *models.Certificate) (string, error) {
	h, err := models.DossierHash(ctx, s.db, c.ID)
	if err != nil {
		return "", fmt.Errorf("load dossier hash of %s: %w", c.Number, err)
	}
	return h, nil
}
