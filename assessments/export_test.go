package assessments

// The rules, exported for the table-driven tests of the assessments_test
// package (which builds its fixtures with domaintest, and so cannot be
// package assessments).

import (
	"time"

	"hotlineportal/assessments/framework"
	"hotlineportal/assessments/messages"
	"hotlineportal/assessments/scoring"
	"hotlineportal/models"
)

// ScopeOf is scopeOf: what an actor may see.
func ScopeOf(a Actor) models.Scope { return scopeOf(a) }

// MailRetryDelay is mailRetryDelay: the wait after a failed attempt.
func MailRetryDelay(attempt int) time.Duration { return mailRetryDelay(attempt) }

var (
	MissingKey      = missingKey
	CanEditAnswers  = canEditAnswers
	AnswerOpen      = answerOpen
	MayStart        = mayStart
	Incomplete      = incomplete
	ReopenedMissing = reopenedMissing
	UploadLimit     = uploadLimit
	CheckLink       = checkLink
	NormaliseCodes  = normaliseCodes
)

// CheckAnswerInput is AnswerInput.check.
func CheckAnswerInput(in *AnswerInput) error { return in.check(messages.MustLoad()) }

// CheckClarification is checkClarification.
func CheckClarification(q *Questionnaire, in ClarificationInput) ([]string, string, error) {
	return checkClarification(q, in)
}

// ItemsByCode gives a questionnaire made of items only, for the rules that
// look items up by code.
func ItemsByCode(items ...*Item) *Questionnaire {
	q := &Questionnaire{byCode: map[string]*Item{}}
	sv := SectionView{}
	for _, it := range items {
		q.byCode[it.Criterion.Code] = it
		sv.Items = append(sv.Items, it)
	}
	q.Sections = []SectionView{sv}
	return q
}

// The review rules, exported to the external tests (package
// assessments_test), which also build fixtures with domaintest.

// CheckScore applies the rules of a score save.
func CheckScore(in ScoreInput) error { return in.check() }

// StaleScore tells whether a save based on version is stale.
func StaleScore(cur *models.Score, version *int) bool { return staleScore(cur, version) }

// CheckReview applies the rules of a review, with the codes of the
// applicable criteria left unscored.
func CheckReview(in ReviewInput, unscored ...string) error {
	items := make([]*WorkspaceItem, 0, len(unscored))
	for _, code := range unscored {
		items = append(items, &WorkspaceItem{Item: &Item{Criterion: framework.Criterion{Code: code}, Applicable: true}})
	}
	return in.check(items)
}

// ConflictOf says whether a reviewer has a conflict with a hotline.
func ConflictOf(r models.User, h *models.Hotline, declared string) (key, detail string) {
	return conflictOf(r, h, declared)
}

// RankSuggestions orders suggestions best first.
func RankSuggestions(s []Suggestion) { rankSuggestions(s) }

// SharedLanguages lists the reviewer's languages the hotline works in.
func SharedLanguages(r models.User, h *models.Hotline) []string { return sharedLanguages(r, h) }

// AssignmentFacts are the facts an assignment is checked against.
type AssignmentFacts struct {
	Assigned []string
	Slots    int
}

// CheckAssignment says whether a reviewer may take a slot.
func CheckAssignment(f AssignmentFacts, reviewerID, conflictKey, overrideReason string) error {
	facts := reviewerFacts{assigned: map[string]bool{}}
	for _, id := range f.Assigned {
		facts.assigned[id] = true
	}
	return checkAssignment(facts, reviewerID, f.Slots, conflictKey, overrideReason)
}

// AssignmentResponse is what a reviewer's answer records.
func AssignmentResponse(asg *models.Assignment, accept bool, reason string) (string, string, error) {
	return assignmentResponse(asg, accept, reason)
}

// StatusAfterDecline is where an assessment goes when a reviewer declines.
func StatusAfterDecline(current models.Status, remaining int) (models.Status, bool) {
	return statusAfterDecline(current, remaining)
}

// CheckDecision applies the rules of a decision made at now.
func CheckDecision(in DecisionInput, proposed string, now time.Time) ([]models.Condition, error) {
	return checkDecision(&in, proposed, now)
}

// ParseDeadline reads a condition's deadline.
func ParseDeadline(s string) (time.Time, bool) { return parseDeadline(s) }

// CertificatePrefix and CertificateNumber make certificate numbers.
func CertificatePrefix(year int, country string) string { return certificatePrefix(year, country) }

// CertificateNumber is the number after n certificates with the prefix.
func CertificateNumber(prefix string, n int64) string { return certificateNumber(prefix, n) }

// CheckConditionEvidence applies the rules of a note on a condition.
func CheckConditionEvidence(c *models.Condition, note string) error {
	return checkConditionEvidence(c, note)
}

// CertificateScopeOf is which certificates an actor may see.
func CertificateScopeOf(a Actor) models.Scope { return certificateScopeOf(a) }

// CheckSuspend, CheckReinstate and CheckRevoke are the rules of the
// certificate actions.
func CheckSuspend(c *models.Certificate, until *time.Time, now time.Time) error {
	return checkSuspend(c, until, now)
}

// CheckReinstate: only a suspended, unrevoked certificate.
func CheckReinstate(c *models.Certificate) error { return checkReinstate(c) }

// CheckRevoke: a certificate is revoked once.
func CheckRevoke(c *models.Certificate) error { return checkRevoke(c) }

// RegisterEntries keeps each hotline's newest certificate when valid.
func RegisterEntries(certs []models.Certificate, now time.Time) []*models.Certificate {
	return registerEntries(certs, now)
}

// DueReminder and EnteredPeriods are the reminder rules.
func DueReminder(c *models.Certificate, periods []int, now time.Time) (int, bool) {
	return dueReminder(c, periods, now)
}

// EnteredPeriods lists the reminder periods entered at now.
func EnteredPeriods(c *models.Certificate, periods []int, now time.Time) models.StringList {
	return enteredPeriods(c, periods, now)
}

// MaySeeConsolidation: the secretariat, or the manager once decided.
func MaySeeConsolidation(a Actor, as *models.Assessment) bool { return maySeeConsolidation(a, as) }

// ConsolidationInput lines up scores and comments per criterion.
func ConsolidationInput(items []*Item, asgs []models.Assignment, scores []models.Score) ([]scoring.CriterionScores, map[string][]string) {
	return consolidationInput(items, asgs, scores)
}

// StatusBits is statusBits: a list's bits from its flagged entries.
var StatusBits = statusBits

// ParseStatusListID is parseStatusListID.
var ParseStatusListID = parseStatusListID
