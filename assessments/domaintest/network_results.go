package domaintest

import (
	"context"
	"fmt"
	"time"

	"hotlineportal/models"
)

// NetworkSeed describes a network of decided cycles to write straight into
// the database: Hotlines hotlines spread over Countries, each with Cycles
// decided assessments a year apart (the first in FirstYear), scored by
// the two fixture reviewers. Score gives reviewer r's (0 or 1) score of
// criterion j of hotline i in cycle c, nil for N/A; without it scores
// vary by hotline, criterion and cycle.
type NetworkSeed struct {
	Hotlines  int
	Cycles    int
	Countries []string
	FirstYear int
	Score     func(i, c, j, r int) *int
}

// NetworkSeeded is what SeedNetworkResults wrote: the hotlines and, per
// hotline, its assessments oldest first.
type NetworkSeeded struct {
	Hotlines    []models.Hotline
	Assessments [][]string
}

// Latest is hotline i's latest decided assessment.
func (n *NetworkSeeded) Latest(i int) string {
	a := n.Assessments[i]
	return a[len(a)-1]
}

// defaultNetworkScore spreads scores over the scale, with some N/A.
func defaultNetworkScore(i, c, j, r int) *int {
	if (i+j)%17 == 0 {
		return nil
	}
	v := (i + j*(r+1) + c) % 5
	return &v
}

// SeedNetworkResults writes a network of decided assessments with their
// stored results, reviews and scores directly through models, in batches
// (a thousand hotlines in seconds): the figures of the network analytics
// without playing every cycle through the domain.
func (e *Env) SeedNetworkResults(n NetworkSeed) *NetworkSeeded {
	e.T.Helper()
	ctx := context.Background()
	fw, f, err := e.Svc.CurrentFramework(ctx)
	if err != nil {
		e.T.Fatalf("seed network: %v", err)
	}
	if n.Score == nil {
		n.Score = defaultNetworkScore
	}
	if len(n.Countries) == 0 {
		n.Countries = []string{"GR", "BG", "FR", "DE", "IT", "ES", "PL", "BE", "NL", "PT"}
	}
	if n.FirstYear == 0 {
		n.FirstYear = time.Now().UTC().Year() - n.Cycles
	}
	reviewers := []string{e.Users[Reviewer1].ID, e.Users[Reviewer2].ID}
	out := &NetworkSeeded{}
	var (
		assessments []models.Assessment
		results     []models.AssessmentResult
		reviews     []models.Review
		scores      []models.Score
	)
	now := time.Now().UTC()
	for i := 0; i < n.Hotlines; i++ {
		h := models.Hotline{
			ID: models.NewID(), Name: fmt.Sprintf("Network hotline %04d", i), Country: n.Countries[i%len(n.Countries)],
			Channels: models.StringList{"phone", "chat", "email", "web"}, Version: 1, CreatedAt: now, UpdatedAt: now,
		}
		h.SearchKey = h.Name
		out.Hotlines = append(out.Hotlines, h)
		var ids []string
		for c := 0; c < n.Cycles; c++ {
			decided := time.Date(n.FirstYear+c, time.Month(1+i%12), 1+i%28, 10, 0, 0, 0, time.UTC)
			id := models.NewID()
			ids = append(ids, id)
			assessments = append(assessments, models.Assessment{
				ID: id, HotlineID: h.ID, FrameworkID: fw.ID, Status: models.StatusDecided, Round: 1, Version: 1,
				SubmittedAt: &decided, CreatedBy: e.Users[Secretariat].ID, CreatedAt: decided, UpdatedAt: decided,
			})
			res := models.AssessmentResult{
				AssessmentID: id, HotlineID: h.ID, FrameworkID: fw.ID, Outcome: "accredited", DecidedAt: decided,
				Sections: models.ScoreMap{}, Criteria: models.ScoreMap{},
			}
			var all, allN float64
			j := -1
			for _, sec := range f.Sections {
				var sum, cnt float64
				for _, cr := range sec.Criteria {
					j++
					var cs, cn float64
					for r, rid := range reviewers {
						v := n.Score(i, c, j, r)
						scores = append(scores, models.Score{
							ID: models.NewID(), AssessmentID: id, ReviewerID: rid, Criterion: cr.Code, Score: v, Version: 1, UpdatedAt: decided,
						})
						if v != nil {
							cs += float64(*v)
							cn++
						}
					}
					if cn > 0 {
						res.Criteria[cr.Code] = cs / cn
						sum += cs / cn
						cnt++
					}
				}
				if cnt > 0 {
					res.Sections[sec.Code] = sum / cnt
					all += sum
					allN += cnt
				}
			}
			if allN > 0 {
				o := all / allN
				res.Overall = &o
			}
			results = append(results, res)
			for _, rid := range reviewers {
				reviews = append(reviews, models.Review{ID: models.NewID(), AssessmentID: id, ReviewerID: rid, Recommendation: models.RecommendAccredit, SubmittedAt: decided})
			}
		}
		out.Assessments = append(out.Assessments, ids)
	}
	err = e.DB.WriteTx(ctx, func(tx *models.DB) error {
		for _, step := range []func() error{
			func() error { return tx.CreateInBatches(out.Hotlines, 200).Error },
			func() error { return tx.CreateInBatches(assessments, 200).Error },
			func() error { return tx.CreateInBatches(results, 200).Error },
			func() error { return tx.CreateInBatches(reviews, 200).Error },
			func() error { return tx.CreateInBatches(scores, 500).Error },
		} {
			if err := step(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		e.T.Fatalf("seed network: %v", err)
	}
	return out
}
