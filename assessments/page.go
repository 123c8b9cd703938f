package assessments

import "hotlineportal/models"

// Page is one page of a list (see models.Page), named here for the
// handlers that page the domain's lists.
type Page = models.Page
