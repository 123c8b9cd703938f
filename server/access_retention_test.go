package server_test

// retentionAccessRows are the access matrix rows of issue 16's routes in
// routes_retention.go: the evidence access log is the hotline's managers'
// and the secretariat's; a reviewer is refused by role, another hotline's
// manager is shown nothing.
func retentionAccessRows() []routeCase {
	return []routeCase{
		{method: "GET", route: "/hotlines/:id/evidence-access", path: "/hotlines/{A}/evidence-access", want: want{303, 200, 200, 404, 403}},
		{method: "GET", route: "/api/v1/hotlines/:id/evidence-access", path: "/api/v1/hotlines/{A}/evidence-access", api: true, want: want{401, 200, 200, 404, 403}},
	}
}
