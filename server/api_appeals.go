package server

import (
	"mime"
	"mime/multipart"
	"net/http"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
	"hotlineportal/models"
)

// appealJSON is an appeal as the API shows it. Members carry their user
// ID only for the panel and the secretariat; the hotline sees "Panel
// member 1" and a role.
type appealJSON struct {
	ID              string            `json:"id"`
	AssessmentID    string            `json:"assessment_id"`
	HotlineID       string            `json:"hotline_id"`
	Hotline         string            `json:"hotline"`
	Status          string            `json:"status"`
	Grounds         string            `json:"grounds,omitempty"`
	PreviousOutcome string            `json:"previous_outcome"`
	NewOutcome      *string           `json:"new_outcome"`
	Rationale       string            `json:"rationale,omitempty"`
	LodgedAt        string            `json:"lodged_at"`
	ViewsDueAt      *string           `json:"views_due_at"`
	ClosedAt        *string           `json:"closed_at"`
	Members         []appealMemberOut `json:"members,omitempty"`
	Timeline        []appealEventOut  `json:"timeline,omitempty"`
	Files           []appealFileOut   `json:"files,omitempty"`
}

type appealMemberOut struct {
	Member    string  `json:"member"`
	UserID    string  `json:"user_id,omitempty"`
	Role      string  `json:"role,omitempty"`
	Status    string  `json:"status"`
	View      string  `json:"view,omitempty"`
	Rationale string  `json:"rationale,omitempty"`
	Responded *string `json:"responded_at"`
}

type appealEventOut struct {
	At     string `json:"at"`
	Kind   string `json:"kind"`
	Actor  string `json:"actor_role"`
	Detail string `json:"detail,omitempty"`
}

// appealFileOut is a file of an appeal. URL is the page's download link
// (what clients have used so far); APIURL downloads it under /api/v1.
// Neither is set once the file is purged.
type appealFileOut struct {
	ID       string `json:"id"`
	URL      string `json:"url,omitempty"`
	APIURL   string `json:"api_url,omitempty"`
	Filename string `json:"filename"`
	Size     int64  `json:"size"`
	SHA256   string `json:"sha256"`
	Purged   bool   `json:"purged"`
}

// appealSummary is an appeal's own fields.
func appealSummary(ap *models.Appeal) appealJSON {
	out := appealJSON{
		ID: ap.ID, AssessmentID: ap.AssessmentID, HotlineID: ap.HotlineID, Status: ap.Status,
		PreviousOutcome: ap.PreviousOutcome, LodgedAt: rfc3339(ap.LodgedAt), Rationale: ap.Rationale,
	}
	if ap.Hotline != nil {
		out.Hotline = ap.Hotline.Name
	}
	if ap.NewOutcome != "" {
		out.NewOutcome = &ap.NewOutcome
	}
	if ap.ViewsDueAt != nil {
		v := rfc3339(*ap.ViewsDueAt)
		out.ViewsDueAt = &v
	}
	if ap.ClosedAt != nil {
		v := rfc3339(*ap.ClosedAt)
		out.ClosedAt = &v
	}
	return out
}

// appealDetailJSON is an appeal with its panel, timeline and files.
func appealDetailJSON(d *assessments.AppealDetail) appealJSON {
	out := appealSummary(d.Appeal)
	out.Grounds = d.Appeal.Grounds
	out.Members, out.Timeline, out.Files = []appealMemberOut{}, []appealEventOut{}, []appealFileOut{}
	for _, m := range d.Members {
		mo := appealMemberOut{Member: "panel-member-" + itoa(m.Seq), Status: m.Status, View: m.View, Rationale: m.Rationale}
		if m.User != nil {
			mo.UserID, mo.Role = m.UserID, string(m.User.Role)
		}
		if m.RespondedAt != nil {
			v := rfc3339(*m.RespondedAt)
			mo.Responded = &v
		}
		out.Members = append(out.Members, mo)
	}
	for _, e := range d.Events {
		out.Timeline = append(out.Timeline, appealEventOut{At: rfc3339(e.At), Kind: e.Kind, Actor: e.ActorRole, Detail: e.Detail})
	}
	for i := range d.Files {
		out.Files = append(out.Files, appealFileFrom(&d.Files[i]))
	}
	return out
}

// appealFileFrom is an appeal's file with its download links, while it
// is kept.
func appealFileFrom(f *models.AppealFile) appealFileOut {
	out := appealFileOut{ID: f.ID, Filename: f.Filename, Size: f.Size, SHA256: f.SHA256, Purged: f.PurgedAt != nil}
	if !out.Purged {
		out.URL = "/appeals/" + f.AppealID + "/files/" + f.ID
		out.APIURL = "/api/v1" + out.URL
	}
	return out
}

// apiLodgeAppeal lodges the hotline's appeal against a decision.
func (s *Server) apiLodgeAppeal(c echo.Context) error {
	var in struct {
		Grounds string `json:"grounds"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	ap, err := s.svc.LodgeAppeal(c.Request().Context(), actor(c), c.Param("id"), in.Grounds)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]string{"id": ap.ID, "status": ap.Status})
}

// appealFilter is the query string of the appeal lists, page and API.
type appealFilter struct {
	Status string `query:"status"`
	Page   int    `query:"page"`
}

// apiAppeals lists the appeals the caller may see, a page at a time.
func (s *Server) apiAppeals(c echo.Context) error {
	var f appealFilter
	if err := bind(c, &f); err != nil {
		return err
	}
	items, total, err := s.svc.ListAppeals(c.Request().Context(), actor(c), f.Status, assessments.Page{Number: max(f.Page, 1), Size: 100})
	if err != nil {
		return err
	}
	out := make([]appealJSON, 0, len(items))
	for i := range items {
		out = append(out, appealSummary(&items[i]))
	}
	return c.JSON(http.StatusOK, map[string]any{"items": out, "total": total})
}

// apiAppeal shows one appeal with its timeline.
func (s *Server) apiAppeal(c echo.Context) error {
	d, err := s.svc.GetAppeal(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, appealDetailJSON(d))
}

// apiWithdrawAppeal withdraws an open appeal.
func (s *Server) apiWithdrawAppeal(c echo.Context) error {
	ap, err := s.svc.WithdrawAppeal(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]string{"id": ap.ID, "status": ap.Status})
}

// appealFileForm is a file attached to an appeal (multipart "file").
type appealFileForm struct {
	File *multipart.FileHeader `json:"-" form:"file"`
}

// addAppealFile binds the upload and hands it to the domain; without a
// file the domain still checks access first, then says one is needed.
func (s *Server) addAppealFile(c echo.Context) (*models.AppealFile, error) {
	var in appealFileForm
	if err := bind(c, &in); err != nil {
		return nil, err
	}
	ctx, a, id := c.Request().Context(), actor(c), c.Param("id")
	if in.File == nil {
		return s.svc.AddAppealFile(ctx, a, id, "", nil)
	}
	f, err := in.File.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return s.svc.AddAppealFile(ctx, a, id, in.File.Filename, f)
}

// apiAddAppealFile attaches evidence to an open appeal.
func (s *Server) apiAddAppealFile(c echo.Context) error {
	f, err := s.addAppealFile(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, appealFileFrom(f))
}

// appealFileDownload sends an appeal's file as an attachment the browser
// must never render, like answers' evidence.
func (s *Server) appealFileDownload(c echo.Context) error {
	f, file, err := s.svc.OpenAppealFile(c.Request().Context(), actor(c), c.Param("id"), c.Param("file"))
	if err != nil {
		return err
	}
	defer file.Close()
	return serveAttachment(c, f.Filename, f.ContentType, f.Size, file)
}

// appealDossierDownload sends the frozen dossier of an appeal's
// assessment to its panel and the secretariat, as JSON.
func (s *Server) appealDossierDownload(c echo.Context) error {
	d, err := s.svc.AppealDossier(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": "dossier-" + d.AssessmentID + ".json"}))
	return c.Blob(http.StatusOK, "application/json", d.Body)
}

// apiFormPanel forms or extends an appeal's panel.
func (s *Server) apiFormPanel(c echo.Context) error {
	var in struct {
		UserIDs []string `json:"user_ids"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	ap, err := s.svc.FormPanel(c.Request().Context(), actor(c), c.Param("id"), in.UserIDs)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, appealSummary(ap))
}

// apiAppealView records a panel member's view.
func (s *Server) apiAppealView(c echo.Context) error {
	var in assessments.AppealViewInput
	if err := bind(c, &in); err != nil {
		return err
	}
	if err := s.svc.RecordView(c.Request().Context(), actor(c), c.Param("id"), in); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]string{"view": in.View})
}

// apiAppealDecline takes a panel member off the panel.
func (s *Server) apiAppealDecline(c echo.Context) error {
	var in assessments.AppealDeclineInput
	if err := bind(c, &in); err != nil {
		return err
	}
	if err := s.svc.DeclineAppeal(c.Request().Context(), actor(c), c.Param("id"), in); err != nil {
		return err
	}
	status := models.MemberDeclined
	if in.Conflict {
		status = models.MemberConflict
	}
	return c.JSON(http.StatusOK, map[string]string{"status": status})
}

// apiDecideAppeal records the outcome of an appeal.
func (s *Server) apiDecideAppeal(c echo.Context) error {
	var in assessments.AppealDecisionInput
	if err := bind(c, &in); err != nil {
		return err
	}
	ap, cert, err := s.svc.DecideAppeal(c.Request().Context(), actor(c), c.Param("id"), in)
	if err != nil {
		return err
	}
	out := map[string]any{"outcome": ap.Status, "certificate": nil}
	if cert != nil {
		out["certificate"] = cert.Number
	}
	return c.JSON(http.StatusOK, out)
}
