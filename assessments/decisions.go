package assessments

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"hotlineportal/models"
)

// ConditionInput is one condition of an accreditation with conditions:
// what the hotline must show, and by when. Deadline ("due_at" in JSON, as
// api.md names it) is a date ("2027-06-30", meaning the end of that day,
// UTC) or an RFC 3339 time.
type ConditionInput struct {
	Text     string `json:"text"`
	Deadline string `json:"due_at"`
}

// DecisionInput is the secretariat's decision. DepartureReason explains a
// decision other than the rule's proposal.
type DecisionInput struct {
	Outcome         string           `json:"outcome"`
	Rationale       string           `json:"rationale"`
	DepartureReason string           `json:"departure_reason"`
	Conditions      []ConditionInput `json:"conditions"`
}

// parseDeadline reads a condition's deadline: a date (the end of that
// day, UTC) or an RFC 3339 time.
func parseDeadline(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t.Add(23*time.Hour + 59*time.Minute), true
	}
	t, err := time.Parse(time.RFC3339, s)
	return t.UTC(), err == nil
}

// checkDecision applies the rules of a decision made at now against the
// proposed outcome: a known outcome, a rationale, a departure reason when
// the outcome is not the proposed one (the rationale serves when none is
// given separately, as api.md has it, on the pages too), and conditions (each with a text
// and a due date in the future) exactly when the outcome is an
// accreditation with conditions. Rows left wholly blank (the page's spare
// row) are not conditions. It returns the conditions to record.
func checkDecision(in *DecisionInput, proposed string, now time.Time) ([]models.Condition, error) {
	verr := &ValidationError{}
	switch in.Outcome {
	case models.OutcomeAccredited, models.OutcomeWithConditions, models.OutcomeNotAccredited:
	default:
		verr.Add("outcome", "error.outcome", nil)
	}
	if in.Rationale = strings.TrimSpace(in.Rationale); in.Rationale == "" {
		verr.Add("rationale", "error.rationale_required", nil)
	}
	if in.DepartureReason = strings.TrimSpace(in.DepartureReason); in.DepartureReason == "" && in.Outcome != proposed {
		in.DepartureReason = in.Rationale
	}
	if in.Outcome != proposed && in.DepartureReason == "" {
		verr.Add("departure_reason", "error.departure_reason_required", nil)
	}
	var conds []models.Condition
	for i, c := range in.Conditions {
		text := strings.TrimSpace(c.Text)
		if text == "" && strings.TrimSpace(c.Deadline) == "" {
			continue
		}
		due, ok := parseDeadline(c.Deadline)
		field := fmt.Sprintf("conditions.%d", i)
		switch {
		case text == "":
			verr.Add(field, "error.condition_text", nil)
		case !ok:
			verr.Add(field, "error.condition_deadline", nil)
		case !due.After(now):
			verr.Add(field, "error.condition_deadline_past", nil)
		}
		conds = append(conds, models.Condition{Text: text, Deadline: due})
	}
	if in.Outcome == models.OutcomeWithConditions && len(conds) == 0 {
		verr.Add("conditions", "error.conditions_required", nil)
	}
	if in.Outcome != models.OutcomeWithConditions && len(conds) > 0 {
		verr.Add("conditions", "error.conditions_only_with_conditions", nil)
	}
	return conds, verr.Err()
}

// Decide records the final decision on a reviewed assessment (secretariat)
// and, unless it is a refusal, issues the certificate: a unique number,
// valid from today for the configured period, its content fixed now.
// Decisions are final: a second one is a conflict.
func (s *Service) Decide(ctx context.Context, a Actor, assessmentID string, in DecisionInput) (*models.Decision, *models.Certificate, error) {
	con, err := s.LoadConsolidation(ctx, a, assessmentID)
	if err != nil {
		return nil, nil, err
	}
	q := con.Q
	if err := CheckTransition(TransDecide, a.User.Role, q.Assessment.Status); err != nil {
		return nil, nil, err
	}
	proposed, now := string(con.Result.Proposed), s.now()
	conds, err := checkDecision(&in, proposed, now)
	if err != nil {
		return nil, nil, err
	}
	d := &models.Decision{
		ID: models.NewID(), AssessmentID: q.Assessment.ID, Outcome: in.Outcome, ProposedOutcome: proposed,
		Rationale: in.Rationale, DepartureReason: in.DepartureReason, DecidedBy: a.User.ID, DecidedAt: now,
	}
	var cert *models.Certificate
	// Two certificates issued at once may pick the same number; the
	// unique index refuses the second, which simply tries again.
	for attempt := 0; attempt < 5; attempt++ {
		cert = nil
		err = s.decideTx(ctx, a, con, d, in, conds, proposed, now, &cert)
		if !errors.Is(err, errNumberTaken) {
			break
		}
	}
	if err != nil {
		return nil, nil, fmt.Errorf("decide %s: %w", q.Assessment.ID, err)
	}
	s.prepareIssued(ctx, cert)
	return d, cert, nil
}

// prepareIssued signs and renders a certificate just issued (by a
// decision, or an overturned appeal), after its transaction, so the first
// download is as quick as the others; a failure here only leaves the work
// to that download. A nil certificate (a refusal) needs nothing.
func (s *Service) prepareIssued(ctx context.Context, cert *models.Certificate) {
	if cert == nil {
		return
	}
	if _, err := s.ensureCredential(ctx, cert); err != nil {
		s.log.Error("issue credential", "number", cert.Number, "err", err)
	}
	if _, err := s.storeCertificatePDF(ctx, cert); err != nil {
		s.log.Error("render certificate", "number", cert.Number, "err", err)
	}
}

// errNumberTaken is a certificate number taken by a concurrent issue.
var errNumberTaken = errors.New("certificate number taken")

// decideTx records the decision, its conditions and the certificate in
// one transaction, once the assessment is still found reviewed, with the
// figures the network analytics read.
func (s *Service) decideTx(ctx context.Context, a Actor, con *Consolidation, d *models.Decision, in DecisionInput, conds []models.Condition, proposed string, now time.Time, cert **models.Certificate) error {
	q := con.Q
	return s.tx(ctx, func(tx *models.DB) error {
		if err := s.checkLockedTransition(ctx, tx, q.Assessment.ID, TransDecide, a, true); err != nil {
			return err
		}
		// Issue 16: not while the hotline may still reply to shared findings.
		if err := s.checkReplyWindowClosed(ctx, tx, q.Assessment.ID); err != nil {
			return err
		}
		if err := models.InsertDecision(ctx, tx, d); errors.Is(err, models.ErrDuplicate) {
			return Conflict("error.transition.decide")
		} else if err != nil {
			return fmt.Errorf("insert decision: %w", err)
		}
		for i := range conds {
			c := &conds[i]
			c.ID, c.DecisionID, c.AssessmentID, c.HotlineID, c.Status, c.CreatedAt = models.NewID(), d.ID, q.Assessment.ID, q.Hotline.ID, models.ConditionOpen, now
			if err := models.InsertCondition(ctx, tx, c); err != nil {
				return fmt.Errorf("insert condition %d: %w", i, err)
			}
		}
		if err := storeResult(ctx, tx, q.Assessment, d, con.Result); err != nil {
			return err
		}
		if in.Outcome != models.OutcomeNotAccredited {
			var err error
			if *cert, err = s.issueCertificate(ctx, tx, q, in.Outcome, conds, now); err != nil {
				return err
			}
		}
		if err := freezeDossier(ctx, tx, con, d, conds, *cert); err != nil {
			return err
		}
		if err := s.setStatusTo(ctx, tx, q.Assessment.ID, TransDecide.Target()); err != nil {
			return err
		}
		detail := in.Outcome + " (proposed " + proposed + ")"
		if in.DepartureReason != "" {
			detail += ": " + in.DepartureReason
		}
		if err := s.audit(ctx, tx, a, "assessment.decide", "assessment", q.Assessment.ID, detail); err != nil {
			return err
		}
		return s.notifyManagers(ctx, tx, "decided", q.Assessment)
	})
}

// certificatePrefix is the start of the numbers of a year's certificates
// for a country ("MCE-2026-GR-").
func certificatePrefix(year int, country string) string {
	return fmt.Sprintf("MCE-%d-%s-", year, country)
}

// certificateNumber is the number after n certificates with the prefix
// ("MCE-2026-GR-0003" after two).
func certificateNumber(prefix string, n int64) string {
	return fmt.Sprintf("%s%04d", prefix, n+1)
}

// conditionLines is how conditions are printed on a certificate and a
// report: the text and the due date, one per line.
func conditionLines(conds []models.Condition) []string {
	lines := make([]string, 0, len(conds))
	for _, c := range conds {
		lines = append(lines, c.Text+" — "+c.Deadline.Format("2006-01-02"))
	}
	return lines
}

// newCertificate is a certificate issued at now with a number, its
// content copied from the assessment so that it never changes, valid for
// the given years.
func newCertificate(q *Questionnaire, number, outcome string, conds []models.Condition, now time.Time, years int) *models.Certificate {
	return &models.Certificate{
		ID: models.NewID(), Number: number, AssessmentID: q.Assessment.ID,
		HotlineID: q.Hotline.ID, HotlineName: q.Hotline.Name, HotlineLatin: q.Hotline.EnglishName, Country: q.Hotline.Country,
		Channels: q.Hotline.Channels, FrameworkCode: q.FrameworkRow.Code, FrameworkVersion: q.FrameworkRow.Version,
		Outcome: outcome, Conditions: strings.Join(conditionLines(conds), "\n"), ValidFrom: now,
		ValidUntil: now.AddDate(years, 0, 0), IssuedAt: now,
	}
}

// issueCertificate makes the certificate with the next number of the
// year for the country ("MCE-2026-GR-0003").
func (s *Service) issueCertificate(ctx context.Context, tx *models.DB, q *Questionnaire, outcome string, conds []models.Condition, now time.Time) (*models.Certificate, error) {
	prefix := certificatePrefix(now.Year(), q.Hotline.Country)
	n, err := models.CertificatesNumbered(ctx, tx, prefix)
	if err != nil {
		return nil, fmt.Errorf("count certificates %s: %w", prefix, err)
	}
	cert := newCertificate(q, certificateNumber(prefix, n), outcome, conds, now, s.opts.CertificateYears)
	if err := models.InsertCertificate(ctx, tx, cert); errors.Is(err, models.ErrDuplicate) {
		return nil, errNumberTaken
	} else if err != nil {
		return nil, fmt.Errorf("insert certificate %s: %w", cert.Number, err)
	}
	return cert, nil
}
