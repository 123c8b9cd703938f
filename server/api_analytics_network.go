package server

import (
	"encoding/json"
	"net/http"
	"strconv"
	"sync"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
	"hotlineportal/models"
)

// networkFilter is the query string of the network figures, page and API.
type networkFilter struct {
	FrameworkVersion string `query:"framework_version"`
	Country          string `query:"country"`
	HotlineID        string `query:"hotline_id"`
	Page             int    `query:"page"`
}

func (f networkFilter) query() assessments.NetworkQuery {
	return assessments.NetworkQuery{FrameworkVersion: f.FrameworkVersion, Country: f.Country, HotlineID: f.HotlineID}
}

type networkHotlineJSON struct {
	HotlineID    string          `json:"hotline_id"`
	Name         string          `json:"name"`
	Country      string          `json:"country"`
	AssessmentID string          `json:"assessment_id"`
	Status       models.Status   `json:"status"`
	Outcome      string          `json:"outcome"`
	DecidedAt    string          `json:"decided_at"`
	Sections     models.ScoreMap `json:"sections"`
	Overall      *float64        `json:"overall"`
}

type networkCriterionJSON struct {
	Criterion    string         `json:"criterion"`
	N            int            `json:"n"`
	Mean         *float64       `json:"mean"`
	Distribution map[string]int `json:"distribution"`
}

type networkWeakJSON struct {
	Criterion string  `json:"criterion"`
	Mean      float64 `json:"mean"`
	Hotlines  int     `json:"hotlines"`
}

type networkTrendJSON struct {
	Year     int             `json:"year"`
	N        int             `json:"n"`
	Overall  *float64        `json:"overall"`
	Sections models.ScoreMap `json:"sections"`
}

type networkCycleJSON struct {
	AssessmentID string          `json:"assessment_id"`
	DecidedAt    string          `json:"decided_at"`
	Outcome      string          `json:"outcome"`
	Overall      *float64        `json:"overall"`
	Sections     models.ScoreMap `json:"sections"`
}

type networkHotlineTrendJSON struct {
	HotlineID string             `json:"hotline_id"`
	Name      string             `json:"name"`
	Country   string             `json:"country"`
	Cycles    []networkCycleJSON `json:"cycles"`
}

type networkJSON struct {
	FrameworkVersion string                   `json:"framework_version"`
	Hotlines         []networkHotlineJSON     `json:"hotlines"`
	Criteria         []networkCriterionJSON   `json:"criteria"`
	Weakest          []networkWeakJSON        `json:"weakest"`
	Trend            []networkTrendJSON       `json:"trend"`
	Hotline          *networkHotlineTrendJSON `json:"hotline,omitempty"`
}

// apiNetworkAnalytics answers the network's figures of api.md "Network
// analytics" (secretariat), with the weakest criteria and the trend.
func (s *Server) apiNetworkAnalytics(c echo.Context) error {
	var f networkFilter
	if err := bind(c, &f); err != nil {
		return err
	}
	figs, err := s.svc.NetworkAnalytics(c.Request().Context(), actor(c), f.query())
	if err != nil {
		return err
	}
	body, err := s.networkJSON.encode(figs)
	if err != nil {
		return err
	}
	return c.JSONBlob(http.StatusOK, body)
}

// figuresJSON keeps the encoded JSON of the figures the domain serves
// from its cache (the same pointer while they hold), so that a repeated
// request does not encode half a megabyte again. The zero value is ready.
type figuresJSON struct {
	mu     sync.Mutex
	byFigs map[*assessments.NetworkFigures][]byte
}

// encode returns the figures' JSON, encoding them the first time.
func (m *figuresJSON) encode(figs *assessments.NetworkFigures) ([]byte, error) {
	m.mu.Lock()
	body, ok := m.byFigs[figs]
	m.mu.Unlock()
	if ok {
		return body, nil
	}
	body, err := json.Marshal(networkJSONFrom(figs))
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.byFigs == nil || len(m.byFigs) >= 64 {
		m.byFigs = map[*assessments.NetworkFigures][]byte{} // the domain's cache holds as many
	}
	m.byFigs[figs] = body
	return body, nil
}

func networkJSONFrom(figs *assessments.NetworkFigures) networkJSON {
	out := networkJSON{
		FrameworkVersion: figs.Framework.Version,
		Hotlines:         make([]networkHotlineJSON, 0, len(figs.Hotlines)),
		Criteria:         make([]networkCriterionJSON, 0, len(figs.Criteria)),
		Weakest:          make([]networkWeakJSON, 0, len(figs.Weakest)),
		Trend:            make([]networkTrendJSON, 0, len(figs.Trend)),
	}
	for _, h := range figs.Hotlines {
		out.Hotlines = append(out.Hotlines, networkHotlineJSON{
			HotlineID: h.HotlineID, Name: h.Name, Country: h.Country, AssessmentID: h.AssessmentID,
			Status: h.Status, Outcome: h.Outcome, DecidedAt: rfc3339(h.DecidedAt), Sections: h.Sections, Overall: h.Overall,
		})
	}
	for _, cf := range figs.Criteria {
		dist := make(map[string]int, len(cf.Distribution))
		for v, n := range cf.Distribution {
			dist[strconv.Itoa(v)] = n
		}
		out.Criteria = append(out.Criteria, networkCriterionJSON{Criterion: cf.Code, N: cf.N, Mean: cf.Mean, Distribution: dist})
	}
	for _, w := range figs.Weakest {
		out.Weakest = append(out.Weakest, networkWeakJSON{Criterion: w.Code, Mean: w.Mean, Hotlines: w.Hotlines})
	}
	for _, p := range figs.Trend {
		out.Trend = append(out.Trend, networkTrendJSON{Year: p.Year, N: p.N, Overall: p.Overall, Sections: p.Sections})
	}
	if t := figs.Hotline; t != nil {
		ht := &networkHotlineTrendJSON{HotlineID: t.HotlineID, Name: t.Name, Country: t.Country, Cycles: make([]networkCycleJSON, 0, len(t.Cycles))}
		for _, cy := range t.Cycles {
			ht.Cycles = append(ht.Cycles, networkCycleJSON{
				AssessmentID: cy.AssessmentID, DecidedAt: rfc3339(cy.DecidedAt), Outcome: cy.Outcome, Overall: cy.Overall, Sections: cy.Sections,
			})
		}
		out.Hotline = ht
	}
	return out
}
