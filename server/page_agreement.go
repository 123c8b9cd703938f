package server

import (
	"net/http"
	"sort"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
	"hotlineportal/models"
)

// pairsPageSize is how many reviewer pairs one page lists: a network of
// forty reviewers can have hundreds of pairs.
const pairsPageSize = 50

// agreementData is the agreement page: the figures, the criteria to
// reword and one page of reviewer pairs, least agreeing first.
type agreementData struct {
	Figs       *assessments.AgreementFigures
	Frameworks []models.Framework
	Titles     map[string]string
	Flagged    []assessments.CriterionAgreement
	Pairs      []assessments.PairAgreement
	Pager      Pager
	PairCount  int
}

// agreementPage shows whether the reviewers agree (secretariat):
// Krippendorff's alpha overall, per criterion with the criteria under the
// threshold called out, and per reviewer pair.
func (s *Server) agreementPage(c echo.Context) error {
	var f agreementFilter
	if err := bind(c, &f); err != nil {
		return err
	}
	ctx := c.Request().Context()
	figs, err := s.svc.ReviewerAgreement(ctx, actor(c), f.FrameworkVersion)
	if err != nil {
		return err
	}
	fws, err := s.svc.ListFrameworks(ctx, actor(c))
	if err != nil {
		return err
	}
	p := s.newPage(c, "agreement.title", nil)
	d := &agreementData{Figs: figs, Frameworks: publishedFrameworks(fws), Titles: sectionTitles(p, figs.Sections), Flagged: figs.Flagged()}
	pairs := leastAgreeingFirst(figs.Pairs)
	d.PairCount = len(pairs)
	page := assessments.Page{Number: max(f.Page, 1), Size: pairsPageSize}
	pages := max((len(pairs)+pairsPageSize-1)/pairsPageSize, 1)
	page.Number = min(page.Number, pages)
	from := (page.Number - 1) * pairsPageSize
	d.Pairs = pairs[from:min(from+pairsPageSize, len(pairs))]
	d.Pager = newPager(c, page, int64(len(pairs)))
	p.Data = d
	return s.render(c, http.StatusOK, "agreement", p)
}

// leastAgreeingFirst orders a copy of the pairs by alpha, lowest first,
// undefined ones last, then by names: the pairs to talk to first.
func leastAgreeingFirst(pairs []assessments.PairAgreement) []assessments.PairAgreement {
	out := append([]assessments.PairAgreement(nil), pairs...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Value, out[j].Value
		switch {
		case a == nil || b == nil:
			return a != nil && b == nil
		case *a != *b:
			return *a < *b
		}
		return out[i].Names[0]+out[i].Names[1] < out[j].Names[0]+out[j].Names[1]
	})
	return out
}
