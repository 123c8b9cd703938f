package server

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
	"hotlineportal/models"
)

type assessmentSummaryJSON struct {
	ID               string        `json:"id"`
	HotlineID        string        `json:"hotline_id"`
	Hotline          string        `json:"hotline,omitempty"`
	Status           models.Status `json:"status"`
	FrameworkVersion string        `json:"framework_version"`
	Round            int           `json:"round"`
	SubmittedAt      *string       `json:"submitted_at"`
	UpdatedAt        string        `json:"updated_at"`
}

func assessmentSummary(as *models.Assessment, fw *models.Framework) assessmentSummaryJSON {
	out := assessmentSummaryJSON{ID: as.ID, HotlineID: as.HotlineID, Status: as.Status, Round: as.Round, UpdatedAt: rfc3339(as.UpdatedAt)}
	if as.Hotline != nil {
		out.Hotline = as.Hotline.Name
	}
	if fw != nil {
		out.FrameworkVersion = fw.Version
	}
	if as.SubmittedAt != nil {
		s := rfc3339(*as.SubmittedAt)
		out.SubmittedAt = &s
	}
	return out
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

type evidenceJSON struct {
	ID          string `json:"id"`
	Criterion   string `json:"criterion"`
	Kind        string `json:"kind"`
	Filename    string `json:"filename"`
	URL         string `json:"url,omitempty"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256,omitempty"`
	ContentType string `json:"content_type,omitempty"`
	CarriedOver bool   `json:"carried_over"`
	CreatedAt   string `json:"created_at"`
}

func evidenceFrom(e *models.Evidence) evidenceJSON {
	return evidenceJSON{
		ID: e.ID, Criterion: e.Criterion, Kind: e.Kind, Filename: e.Filename, URL: e.URL, Size: e.Size,
		SHA256: e.SHA256, ContentType: e.ContentType, CarriedOver: e.CarriedOver, CreatedAt: rfc3339(e.CreatedAt),
	}
}

type answerJSON struct {
	Criterion   string         `json:"criterion"`
	Section     string         `json:"section"`
	Level       *string        `json:"level"`
	Narrative   string         `json:"narrative"`
	Applicable  bool           `json:"applicable"`
	Reason      string         `json:"reason,omitempty"`
	Version     int            `json:"version"`
	CarriedOver bool           `json:"carried_over"`
	Editable    bool           `json:"editable"`
	Complete    bool           `json:"complete"`
	Evidence    []evidenceJSON `json:"evidence"`
}

type assessmentJSON struct {
	assessmentSummaryJSON
	Answers  []answerJSON         `json:"answers"`
	Progress assessments.Progress `json:"progress"`
}

// apiStartAssessment opens an assessment for the manager's hotline.
func (s *Server) apiStartAssessment(c echo.Context) error {
	var req struct {
		HotlineID string `json:"hotline_id"`
	}
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	as, err := s.svc.StartAssessment(c.Request().Context(), actor(c), req.HotlineID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, assessmentSummary(as, as.Framework))
}

// apiAssessments lists the assessments the caller may see.
func (s *Server) apiAssessments(c echo.Context) error {
	n, _ := strconv.Atoi(c.QueryParam("page"))
	q := assessments.AssessmentQuery{Status: c.QueryParam("status"), HotlineID: c.QueryParam("hotline_id"), Page: assessments.Page{Number: n, Size: 100}}
	items, total, err := s.svc.ListAssessments(c.Request().Context(), actor(c), q)
	if err != nil {
		return err
	}
	out := make([]assessmentSummaryJSON, 0, len(items))
	for i := range items {
		out = append(out, assessmentSummary(&items[i], items[i].Framework))
	}
	return c.JSON(http.StatusOK, map[string]any{"items": out, "total": total})
}

// apiAssessment shows one assessment with an entry per criterion.
func (s *Server) apiAssessment(c echo.Context) error {
	q, err := s.svc.LoadQuestionnaire(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	loc := localizer(c)
	out := assessmentJSON{assessmentSummaryJSON: assessmentSummary(q.Assessment, q.FrameworkRow), Progress: q.Progress}
	out.Answers = make([]answerJSON, 0, len(q.Items()))
	for _, it := range q.Items() {
		aj := answerJSON{
			Criterion: it.Criterion.Code, Section: it.Section, Level: it.Answer.Level, Narrative: it.Answer.Narrative,
			Applicable: it.Applicable, Version: it.Answer.Version, CarriedOver: it.Answer.CarriedOver,
			Editable: it.Editable, Complete: it.Complete(), Evidence: []evidenceJSON{},
		}
		if !it.Applicable {
			aj.Reason = notApplicableReason(loc, it)
		}
		for i := range it.Evidence {
			aj.Evidence = append(aj.Evidence, evidenceFrom(&it.Evidence[i]))
		}
		out.Answers = append(out.Answers, aj)
	}
	return c.JSON(http.StatusOK, out)
}

// apiSaveAnswer saves one answer; a stale version answers 409 with the
// newer saved answer in "current".
func (s *Server) apiSaveAnswer(c echo.Context) error {
	var in assessments.AnswerInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	version, err := s.svc.SaveAnswer(c.Request().Context(), actor(c), c.Param("id"), c.Param("criterion"), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]int{"version": version})
}

// apiSubmit submits a complete assessment.
func (s *Server) apiSubmit(c echo.Context) error {
	as, err := s.svc.Submit(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"status": as.Status})
}

// apiAddEvidence attaches a file (multipart "file") or a link ("url") to a
// criterion's answer.
func (s *Server) apiAddEvidence(c echo.Context) error {
	e, err := s.addEvidence(c, c.FormValue("criterion"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, evidenceFrom(e))
}

// addEvidence reads a multipart upload or link and hands it to the domain.
func (s *Server) addEvidence(c echo.Context, code string) (*models.Evidence, error) {
	ctx, a, id := c.Request().Context(), actor(c), c.Param("id")
	if url := c.FormValue("url"); url != "" {
		return s.svc.AddEvidenceLink(ctx, a, id, code, url, c.FormValue("title"))
	}
	fh, err := c.FormFile("file")
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, &assessments.ErrTooLarge{Key: "error.evidence_too_large", Data: map[string]any{"MB": s.cfg.MaxUploadMB}}
		}
		// No file: the domain still checks access first, then says so.
		return s.svc.AddEvidenceFile(ctx, a, id, code, "", nil)
	}
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return s.svc.AddEvidenceFile(ctx, a, id, code, fh.Filename, f)
}

// apiEvidence downloads an evidence file as an attachment.
func (s *Server) apiEvidence(c echo.Context) error {
	return s.downloadEvidence(c)
}

// apiRemoveEvidence deletes an evidence item while its answer is editable.
func (s *Server) apiRemoveEvidence(c echo.Context) error {
	if _, err := s.svc.RemoveEvidence(c.Request().Context(), actor(c), c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
