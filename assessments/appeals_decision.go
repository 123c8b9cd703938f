package assessments

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"hotlineportal/models"
)

// AppealDecisionInput is the secretariat's record of the panel's
// decision: upheld, or overturned with the outcome that replaces the
// decision (and its conditions when it is an accreditation with
// conditions).
type AppealDecisionInput struct {
	Outcome    string           `json:"outcome"`
	Rationale  string           `json:"rationale"`
	NewOutcome string           `json:"new_outcome"`
	Conditions []ConditionInput `json:"conditions"`
}

// overturning is what an overturned appeal changes, prepared before its
// transaction.
type overturning struct {
	con   *Consolidation
	d     *models.Decision
	conds []models.Condition
	sg    *signer
}

// DecideAppeal records the outcome of an appeal a panel has heard (the
// secretariat). Upheld changes nothing else. Overturned replaces the
// decision in the same transaction: its outcome and conditions, the
// figures the analytics read, a new frozen dossier, and the certificate:
// the current one revoked, a new one (new number) when the new outcome
// accredits, the status lists signed again. It returns the appeal and
// the new certificate, if any.
func (s *Service) DecideAppeal(ctx context.Context, a Actor, id string, in AppealDecisionInput) (*models.Appeal, *models.Certificate, error) {
	if !a.Is(models.RoleSecretariat) {
		return nil, nil, ErrForbidden
	}
	ap, err := models.AppealByID(ctx, s.db, appealScopeOf(a), id)
	if err != nil {
		return nil, nil, err
	}
	if err := s.checkHeard(ctx, ap); err != nil {
		return nil, nil, err
	}
	ov, err := s.checkAppealDecision(ctx, a, ap, &in)
	if err != nil {
		return nil, nil, err
	}
	var cert *models.Certificate
	for attempt := 0; attempt < 5; attempt++ {
		cert = nil
		err = s.decideAppealTx(ctx, a, ap, in, ov, &cert)
		if !errors.Is(err, errNumberTaken) {
			break
		}
	}
	if err != nil {
		return nil, nil, fmt.Errorf("decide appeal %s: %w", id, err)
	}
	s.prepareIssued(ctx, cert)
	ap.Status, ap.Rationale, ap.NewOutcome = in.Outcome, in.Rationale, in.NewOutcome
	return ap, cert, nil
}

// checkHeard: only an appeal with a panel, at least one of whose members
// gave a view, can be decided.
func (s *Service) checkHeard(ctx context.Context, ap *models.Appeal) error {
	switch {
	case !ap.Open():
		return Conflict("error.appeal.closed")
	case ap.Status != models.AppealPanel:
		return Conflict("error.appeal.no_panel")
	}
	members, err := models.AppealMembers(ctx, s.db, ap.ID)
	if err != nil {
		return fmt.Errorf("load panel of %s: %w", ap.ID, err)
	}
	for _, m := range members {
		if m.Status == models.MemberAnswered {
			return nil
		}
	}
	return Conflict("error.appeal.no_views")
}

// checkAppealDecision applies the rules of the input: a known outcome and
// a rationale; when overturned, a new outcome other than the current one,
// with conditions exactly as a decision has them (checkDecision). It
// loads what an overturn needs.
func (s *Service) checkAppealDecision(ctx context.Context, a Actor, ap *models.Appeal, in *AppealDecisionInput) (*overturning, error) {
	verr := &ValidationError{}
	if in.Outcome != models.AppealUpheld && in.Outcome != models.AppealOverturned {
		verr.Add("outcome", "error.appeal.outcome", nil)
	}
	if in.Rationale = strings.TrimSpace(in.Rationale); in.Rationale == "" {
		verr.Add("rationale", "error.rationale_required", nil)
	}
	if in.Outcome != models.AppealOverturned {
		in.NewOutcome, in.Conditions = "", nil
		return nil, verr.Err()
	}
	d, err := models.DecisionOf(ctx, s.db, ap.AssessmentID)
	if err != nil {
		return nil, fmt.Errorf("load the decision of %s: %w", ap.AssessmentID, err)
	}
	if in.NewOutcome == d.Outcome {
		verr.Add("new_outcome", "error.appeal.same_outcome", nil)
	}
	dec := DecisionInput{Outcome: in.NewOutcome, Rationale: in.Rationale, Conditions: in.Conditions}
	conds, cerr := checkDecision(&dec, in.NewOutcome, s.now())
	var cv *ValidationError
	if errors.As(cerr, &cv) {
		for field, m := range cv.Fields {
			if field == "outcome" {
				field = "new_outcome"
			}
			verr.Add(field, m.Key, m.Data)
		}
	}
	if err := verr.Err(); err != nil {
		return nil, err
	}
	con, err := s.LoadConsolidation(ctx, a, ap.AssessmentID)
	if err != nil {
		return nil, err
	}
	sg, err := s.signer(ctx)
	if err != nil {
		return nil, err
	}
	return &overturning{con: con, d: d, conds: conds, sg: sg}, nil
}

// decideAppealTx closes the appeal with its outcome, once it is still
// heard at the version read, and for an overturn replaces the decision.
func (s *Service) decideAppealTx(ctx context.Context, a Actor, ap *models.Appeal, in AppealDecisionInput, ov *overturning, cert **models.Certificate) error {
	now := s.now()
	return s.tx(ctx, func(tx *models.DB) error {
		ok, err := models.ChangeAppeal(ctx, tx, ap.ID, models.AppealChange{From: []string{models.AppealPanel}, Version: ap.Version,
			Fields: map[string]any{"status": in.Outcome, "closed_at": now, "closed_by": a.User.ID, "rationale": in.Rationale, "new_outcome": in.NewOutcome}})
		if err != nil {
			return fmt.Errorf("close appeal: %w", err)
		}
		if !ok {
			return Conflict("error.appeal.changed")
		}
		detail := in.Outcome
		if ov != nil {
			if *cert, err = s.overturn(ctx, tx, a, ap, in, ov, now); err != nil {
				return err
			}
			detail += ": " + ap.PreviousOutcome + " → " + in.NewOutcome
		}
		return s.appealStep(ctx, tx, a, ap, appealStep{
			event: in.Outcome, audit: "appeal." + in.Outcome, detail: detail,
			notify: []appealNotice{{to: toManagers, kind: "appeal_decided"}, {to: toMembers, kind: "appeal_decided"}},
		})
	})
}

// overturn replaces the decision with the appeal's outcome and makes the
// certificate follow, within the appeal's transaction.
func (s *Service) overturn(ctx context.Context, tx *models.DB, a Actor, ap *models.Appeal, in AppealDecisionInput, ov *overturning, now time.Time) (*models.Certificate, error) {
	q, d := ov.con.Q, *ov.d
	d.Outcome, d.Rationale, d.DepartureReason, d.DecidedBy, d.DecidedAt = in.NewOutcome, in.Rationale, "", a.User.ID, now
	if d.Outcome != d.ProposedOutcome {
		d.DepartureReason = in.Rationale
	}
	if err := models.ReplaceDecision(ctx, tx, &d); err != nil {
		return nil, fmt.Errorf("replace decision: %w", err)
	}
	if err := models.DeleteDecisionConditions(ctx, tx, d.ID); err != nil {
		return nil, fmt.Errorf("remove conditions: %w", err)
	}
	conds := append([]models.Condition(nil), ov.conds...)
	for i := range conds {
		c := &conds[i]
		c.ID, c.DecisionID, c.AssessmentID, c.HotlineID, c.Status, c.CreatedAt = models.NewID(), d.ID, q.Assessment.ID, q.Hotline.ID, models.ConditionOpen, now
		if err := models.InsertCondition(ctx, tx, c); err != nil {
			return nil, fmt.Errorf("insert condition %d: %w", i, err)
		}
	}
	if err := models.ReplaceResultOutcome(ctx, tx, q.Assessment.ID, d.Outcome, now); err != nil {
		return nil, fmt.Errorf("replace stored outcome: %w", err)
	}
	if err := s.revokeReplaced(ctx, tx, a, ap, ov.sg, now); err != nil {
		return nil, err
	}
	var cert *models.Certificate
	if d.Outcome != models.OutcomeNotAccredited {
		var err error
		if cert, err = s.issueCertificate(ctx, tx, q, d.Outcome, conds, now); err != nil {
			return nil, err
		}
	}
	if err := freezeDossier(ctx, tx, ov.con, &d, conds, cert); err != nil {
		return nil, err
	}
	if err := s.audit(ctx, tx, a, "assessment.decide", "assessment", q.Assessment.ID, d.Outcome+" (on appeal "+ap.ID+")"); err != nil {
		return nil, err
	}
	return cert, nil
}

// revokeReplaced revokes the assessment's current certificate, if it has
// one still standing, as replaced on appeal, and signs its status lists
// again in the same transaction.
func (s *Service) revokeReplaced(ctx context.Context, tx *models.DB, a Actor, ap *models.Appeal, sg *signer, now time.Time) error {
	old, err := models.CertificateOfAssessment(ctx, tx, models.Scope{All: true}, ap.AssessmentID)
	if errors.Is(err, models.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("load certificate of %s: %w", ap.AssessmentID, err)
	}
	if old.RevokedAt != nil {
		return nil
	}
	reason := "Replaced on appeal " + ap.ID
	if err := models.RevokeCertificate(ctx, tx, old.ID, now, reason); err != nil {
		return fmt.Errorf("revoke %s: %w", old.Number, err)
	}
	old.RevokedAt, old.RevocationReason = &now, reason
	if err := s.refreshCertificateStatus(ctx, tx, sg, old); err != nil {
		return err
	}
	return s.audit(ctx, tx, a, "certificate.revoke", "certificate", old.Number, reason)
}
