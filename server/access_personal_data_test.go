package server_test

import "net/url"

// personalDataAccessRows are the access matrix rows of issue 16's routes in
// routes_personal_data.go. The writes are sent incomplete (no reason, no
// kind) or for an unknown request, so that no row erases the spare user
// or leaves a request open for the rows after it.
func personalDataAccessRows() []routeCase {
	anyone := want{303, 200, 200, 200, 200}
	apiAnyone := want{401, 200, 200, 200, 200}
	return []routeCase{
		{method: "GET", route: "/api/v1/me/export", api: true, want: apiAnyone},
		{method: "POST", route: "/api/v1/me/requests", api: true, json: map[string]any{"kind": "correction"}, want: want{401, 422, 422, 422, 422}},
		{method: "GET", route: "/api/v1/data-requests", api: true, want: want{401, 200, 403, 403, 403}},
		{method: "POST", route: "/api/v1/data-requests/:id/close", path: "/api/v1/data-requests/{Z}/close", api: true, json: map[string]any{"status": "done", "response": "x"}, want: want{401, 404, 403, 403, 403}},
		{method: "POST", route: "/api/v1/users/:id/erase", path: "/api/v1/users/{U}/erase", api: true, json: map[string]any{"reason": ""}, want: want{401, 422, 403, 403, 403}},
		{method: "GET", route: "/account/export", want: anyone},
		{method: "POST", route: "/account/requests", form: url.Values{"kind": {"other"}}, want: want{303, 422, 422, 422, 422}},
		{method: "GET", route: "/data-requests", want: want{303, 200, 403, 403, 403}},
		{method: "GET", route: "/data-requests/:id", path: "/data-requests/{Z}", want: want{303, 404, 403, 403, 403}},
		{method: "POST", route: "/data-requests/:id/close", path: "/data-requests/{Z}/close", form: url.Values{"status": {"done"}, "response": {"x"}}, want: want{303, 404, 403, 403, 403}},
		{method: "GET", route: "/users/:id/erase", path: "/users/{U}/erase", want: want{303, 200, 403, 403, 403}},
		{method: "POST", route: "/users/:id/erase", path: "/users/{U}/erase", form: url.Values{"reason": {""}}, want: want{303, 422, 403, 403, 403}},
	}
}
