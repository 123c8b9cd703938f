package assessments

// The questionnaire's rules, exported for the table-driven tests of the
// assessments_test package (which builds its fixtures with domaintest, and
// so cannot be package assessments).
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
func CheckAnswerInput(in *AnswerInput) error { return in.check() }

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
