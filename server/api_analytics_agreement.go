package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
)

// agreementFilter is the query string of the agreement figures, page and
// API.
type agreementFilter struct {
	FrameworkVersion string `query:"framework_version"`
	Page             int    `query:"page"`
}

type alphaJSON struct {
	Alpha *float64 `json:"alpha"`
	Units int      `json:"units"`
}

type criterionAlphaJSON struct {
	Criterion string   `json:"criterion"`
	Alpha     *float64 `json:"alpha"`
	Units     int      `json:"units"`
	Flagged   bool     `json:"flagged"`
}

type pairAlphaJSON struct {
	Reviewers [2]string `json:"reviewers"`
	Alpha     *float64  `json:"alpha"`
	Units     int       `json:"units"`
}

type agreementJSON struct {
	FrameworkVersion string               `json:"framework_version"`
	Threshold        float64              `json:"threshold"`
	Overall          alphaJSON            `json:"overall"`
	Criteria         []criterionAlphaJSON `json:"criteria"`
	ReviewerPairs    []pairAlphaJSON      `json:"reviewer_pairs"`
	ComputedAt       string               `json:"computed_at"`
}

// apiAgreement answers the reviewer agreement of api.md "Network
// analytics" (secretariat): Krippendorff's alpha, ordinal, overall, per
// criterion (flagged under the threshold) and per reviewer pair.
func (s *Server) apiAgreement(c echo.Context) error {
	var f agreementFilter
	if err := bind(c, &f); err != nil {
		return err
	}
	figs, err := s.svc.ReviewerAgreement(c.Request().Context(), actor(c), f.FrameworkVersion)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, agreementJSONFrom(figs))
}

func agreementJSONFrom(figs *assessments.AgreementFigures) agreementJSON {
	out := agreementJSON{
		FrameworkVersion: figs.Framework.Version,
		Threshold:        assessments.AgreementThreshold,
		Overall:          alphaJSON{Alpha: figs.Overall.Value, Units: figs.Overall.Units},
		Criteria:         make([]criterionAlphaJSON, 0, len(figs.Criteria)),
		ReviewerPairs:    make([]pairAlphaJSON, 0, len(figs.Pairs)),
		ComputedAt:       rfc3339(figs.ComputedAt),
	}
	for _, c := range figs.Criteria {
		out.Criteria = append(out.Criteria, criterionAlphaJSON{Criterion: c.Code, Alpha: c.Value, Units: c.Units, Flagged: c.Low()})
	}
	for _, p := range figs.Pairs {
		out.ReviewerPairs = append(out.ReviewerPairs, pairAlphaJSON{Reviewers: p.Reviewers, Alpha: p.Value, Units: p.Units})
	}
	return out
}
