package server_test

import "net/url"

// appealAccessRows are the access matrix rows of issue 16's routes in
// routes_appeals.go. {Z} stands for an appeal (and a file) nobody may
// see: the roles each action is for get 404, the others 403. {AS} is a
// draft: its manager cannot appeal it yet (409).
func appealAccessRows() []routeCase {
	mgrAction := want{303, 403, 404, 404, 403}
	apiMgrAction := want{401, 403, 404, 404, 403}
	secAction := want{303, 404, 403, 403, 403}
	apiSecAction := want{401, 404, 403, 403, 403}
	panelAction := want{303, 404, 403, 403, 404}
	apiPanelAction := want{401, 404, 403, 403, 404}
	view := map[string]any{"view": "uphold", "rationale": "x"}
	return []routeCase{
		{method: "GET", route: "/appeals", want: want{303, 200, 200, 200, 200}},
		{method: "GET", route: "/appeals/:id", path: "/appeals/{Z}", want: want{303, 404, 404, 404, 404}},
		{method: "GET", route: "/appeals/:id/files/:file", path: "/appeals/{Z}/files/{Z}", want: want{303, 404, 404, 404, 404}},
		{method: "GET", route: "/appeals/:id/dossier", path: "/appeals/{Z}/dossier", want: panelAction},
		{method: "GET", route: "/assessments/:id/appeal", path: "/assessments/{AS}/appeal", want: want{303, 403, 409, 404, 403}},
		{method: "POST", route: "/assessments/:id/appeal", path: "/assessments/{AS}/appeal", form: url.Values{"grounds": {"x"}}, want: want{303, 403, 409, 404, 403}},
		{method: "POST", route: "/appeals/:id/files", path: "/appeals/{Z}/files", want: mgrAction},
		{method: "GET", route: "/appeals/:id/withdraw", path: "/appeals/{Z}/withdraw", want: mgrAction},
		{method: "POST", route: "/appeals/:id/withdraw", path: "/appeals/{Z}/withdraw", want: mgrAction},
		{method: "POST", route: "/appeals/:id/panel", path: "/appeals/{Z}/panel", form: url.Values{"user_ids": {"{U}"}}, want: secAction},
		{method: "POST", route: "/appeals/:id/views", path: "/appeals/{Z}/views", form: url.Values{"view": {"uphold"}, "view_rationale": {"x"}}, want: panelAction},
		{method: "POST", route: "/appeals/:id/decline", path: "/appeals/{Z}/decline", form: url.Values{"reason": {"x"}}, want: panelAction},
		{method: "POST", route: "/appeals/:id/decision", path: "/appeals/{Z}/decision", form: url.Values{"outcome": {"upheld"}, "decision_rationale": {"x"}}, want: secAction},

		{method: "POST", route: "/api/v1/assessments/:id/appeal", path: "/api/v1/assessments/{AS}/appeal", api: true, json: map[string]any{"grounds": "x"}, want: want{401, 403, 409, 404, 403}},
		{method: "GET", route: "/api/v1/appeals", api: true, want: want{401, 200, 200, 200, 200}},
		{method: "GET", route: "/api/v1/appeals/:id", path: "/api/v1/appeals/{Z}", api: true, want: want{401, 404, 404, 404, 404}},
		{method: "POST", route: "/api/v1/appeals/:id/withdraw", path: "/api/v1/appeals/{Z}/withdraw", api: true, json: map[string]any{}, want: apiMgrAction},
		{method: "POST", route: "/api/v1/appeals/:id/evidence", path: "/api/v1/appeals/{Z}/evidence", api: true, json: map[string]any{}, want: apiMgrAction},
		{method: "POST", route: "/api/v1/appeals/:id/panel", path: "/api/v1/appeals/{Z}/panel", api: true, json: map[string]any{"user_ids": []string{"{U}"}}, want: apiSecAction},
		{method: "POST", route: "/api/v1/appeals/:id/views", path: "/api/v1/appeals/{Z}/views", api: true, json: view, want: apiPanelAction},
		{method: "POST", route: "/api/v1/appeals/:id/decline", path: "/api/v1/appeals/{Z}/decline", api: true, json: map[string]any{"reason": "x", "conflict": false}, want: apiPanelAction},
		{method: "POST", route: "/api/v1/appeals/:id/decision", path: "/api/v1/appeals/{Z}/decision", api: true, json: map[string]any{"outcome": "upheld", "rationale": "x"}, want: apiSecAction},
	}
}
