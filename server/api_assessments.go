package server

import (
	"mime/multipart"
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
	// PurgedAt is when the retention job removed the file (issue 16):
	// the name, size and hash stay, a download answers 410.
	PurgedAt string `json:"purged_at,omitempty"`
}

func evidenceFrom(e *models.Evidence) evidenceJSON {
	j := evidenceJSON{
		ID: e.ID, Criterion: e.Criterion, Kind: e.Kind, Filename: e.Filename, URL: e.URL, Size: e.Size,
		SHA256: e.SHA256, ContentType: e.ContentType, CarriedOver: e.CarriedOver, CreatedAt: rfc3339(e.CreatedAt),
	}
	if e.PurgedAt != nil {
		j.PurgedAt = rfc3339(*e.PurgedAt)
	}
	return j
}

type answerJSON struct {
	Criterion   string         `json:"criterion"`
	Section     string         `json:"section"`
	Level       *string        `json:"level"`
	Narrative   string         `json:"narrative"`
	Language    string         `json:"language"`
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
	// Deadline is the submission deadline, if the secretariat set one.
	Deadline *string `json:"deadline"`
	// Reviewers is left out for those who may not know who reviews.
	Reviewers *[]reviewerDueJSON   `json:"reviewers,omitempty"`
	Answers   []answerJSON         `json:"answers"`
	Progress  assessments.Progress `json:"progress"`
}

// startRequest names the hotline an assessment is opened for.
type startRequest struct {
	HotlineID string `json:"hotline_id"`
}

// apiStartAssessment opens an assessment for the manager's hotline.
func (s *Server) apiStartAssessment(c echo.Context) error {
	var req startRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	as, err := s.svc.StartAssessment(c.Request().Context(), actor(c), req.HotlineID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, assessmentSummary(as, as.Framework))
}

// assessmentFilter is the query string of the assessment lists, page and
// API.
type assessmentFilter struct {
	Status    string `query:"status"`
	HotlineID string `query:"hotline_id"`
	Page      int    `query:"page"`
}

func (f assessmentFilter) query(size int) assessments.AssessmentQuery {
	return assessments.AssessmentQuery{Status: f.Status, HotlineID: f.HotlineID, Page: assessments.Page{Number: max(f.Page, 1), Size: size}}
}

// apiAssessments lists the assessments the caller may see.
func (s *Server) apiAssessments(c echo.Context) error {
	var f assessmentFilter
	if err := bind(c, &f); err != nil {
		return err
	}
	items, total, err := s.svc.ListAssessments(c.Request().Context(), actor(c), f.query(100))
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
	q, err := s.loadQuestionnaire(c, actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	loc := localizer(c)
	out := assessmentJSON{assessmentSummaryJSON: assessmentSummary(q.Assessment, q.FrameworkRow), Progress: q.Progress,
		Deadline: optionalTime(q.Assessment.Deadline)}
	if out.Reviewers, err = s.reviewerDues(c, q.Assessment.ID); err != nil {
		return err
	}
	out.Answers = make([]answerJSON, 0, len(q.Items()))
	for _, it := range q.Items() {
		aj := answerJSON{
			Criterion: it.Criterion.Code, Section: it.Section, Level: it.Answer.Level, Narrative: it.Answer.Narrative, Language: it.Answer.Language,
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
	if err := bind(c, &in); err != nil {
		return err
	}
	version, err := s.svc.SaveAnswer(c.Request().Context(), actor(c), c.Param("id"), c.Param("criterion"), in)
	if err != nil {
		return err
	}
	// Written by hand: autosave is the busiest answer of all, and this is
	// what c.JSON would write, without the encoder.
	return c.JSONBlob(http.StatusOK, []byte(`{"version":`+strconv.Itoa(version)+"}\n"))
}

// apiSubmit submits a complete assessment.
func (s *Server) apiSubmit(c echo.Context) error {
	as, err := s.svc.Submit(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"status": as.Status})
}

// evidenceForm is an evidence upload (multipart "file") or link ("url",
// "title"). Criterion is the API's field; the page takes it from the
// path.
type evidenceForm struct {
	Criterion string                `json:"criterion" form:"criterion"`
	URL       string                `json:"url" form:"url"`
	Title     string                `json:"title" form:"title"`
	File      *multipart.FileHeader `json:"-" form:"file"`
}

// apiAddEvidence attaches a file (multipart "file") or a link ("url") to a
// criterion's answer.
func (s *Server) apiAddEvidence(c echo.Context) error {
	e, err := s.addEvidence(c, "")
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, evidenceFrom(e))
}

// addEvidence binds an upload or a link and hands it to the domain, for
// the criterion given (the page's path) or else the form's; without a file
// or link, the domain still checks access first, then says a file is
// needed.
func (s *Server) addEvidence(c echo.Context, criterion string) (*models.Evidence, error) {
	var in evidenceForm
	if err := bind(c, &in); err != nil {
		return nil, err
	}
	if criterion != "" {
		in.Criterion = criterion
	}
	ctx, a, id := c.Request().Context(), actor(c), c.Param("id")
	if in.URL != "" {
		return s.svc.AddEvidenceLink(ctx, a, id, in.Criterion, in.URL, in.Title)
	}
	if in.File == nil {
		return s.svc.AddEvidenceFile(ctx, a, id, in.Criterion, "", nil)
	}
	f, err := in.File.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return s.svc.AddEvidenceFile(ctx, a, id, in.Criterion, in.File.Filename, f)
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
