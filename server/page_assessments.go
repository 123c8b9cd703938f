package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"hotlineportal/assessments"
	"hotlineportal/models"
)

type assessmentListData struct {
	Items  []models.Assessment
	Status string
	Pager  Pager
	// CanStart is set for a manager whose hotline has no open assessment.
	CanStart bool
}

// assessmentList lists the assessments the user may see.
func (s *Server) assessmentList(c echo.Context) error {
	ctx, a := c.Request().Context(), actor(c)
	var f assessmentFilter
	if err := bind(c, &f); err != nil {
		return err
	}
	q := f.query(pageSize)
	items, total, err := s.svc.ListAssessments(ctx, a, q)
	if err != nil {
		return err
	}
	data := assessmentListData{Items: items, Status: q.Status, Pager: newPager(c, q.Page, total)}
	if a.Is(models.RoleManager) {
		open, err := s.svc.OpenAssessment(ctx, a)
		if err != nil {
			return err
		}
		data.CanStart = open == nil
	}
	return s.render(c, http.StatusOK, "assessments", s.newPage(c, "assessments.title", data))
}

// assessmentStart opens an assessment for the manager's own hotline.
func (s *Server) assessmentStart(c echo.Context) error {
	a := actor(c)
	as, err := s.svc.StartAssessment(c.Request().Context(), a, *a.User.HotlineID)
	if err != nil {
		return err
	}
	key := "flash.assessment_started"
	if as.PreviousID != nil {
		key = "flash.assessment_renewed"
	}
	s.flash(c, key, as.Hotline.Name)
	return redirect(c, "/assessments/"+as.ID)
}

// questionnaireHub is the task list of an assessment: sections with their
// status, overall progress, and the way to what is still unanswered.
func (s *Server) questionnaireHub(c echo.Context) error {
	q, err := s.loadQuestionnaire(c, actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	p := s.newPage(c, "", q)
	p.Title = p.T("questionnaire.title", "Hotline", q.Hotline.Name)
	return s.render(c, http.StatusOK, "questionnaire", p)
}

type sectionData struct {
	Q       *assessments.Questionnaire
	Section assessments.SectionView
}

// questionnaireSection lists one section's criteria with their state.
func (s *Server) questionnaireSection(c echo.Context) error {
	q, err := s.loadQuestionnaire(c, actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	for _, sec := range q.Sections {
		if sec.Section.Code == c.Param("section") {
			p := s.newPage(c, "", sectionData{Q: q, Section: sec})
			p.Title = p.Text(sec.Section.Title)
			return s.render(c, http.StatusOK, "section", p)
		}
	}
	return assessments.ErrNotFound
}
