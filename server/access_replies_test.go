package server_test

import "net/url"

// replyAccessRows are the access matrix rows of issue 16's routes in
// routes_replies.go: on {AS}, a draft never shared, the secretariat may
// look but not share, hotline A's manager sees that nothing was shared
// (the page says how the right of reply works; the API's findings are not
// found) and cannot reply yet, everyone else is refused.
func replyAccessRows() []routeCase {
	return []routeCase{
		{method: "GET", route: "/assessments/:id/findings", path: "/assessments/{AS}/findings", want: want{303, 200, 200, 404, 403}},
		{method: "POST", route: "/assessments/:id/findings", path: "/assessments/{AS}/findings", want: want{303, 409, 403, 403, 403}},
		{method: "POST", route: "/assessments/:id/replies", path: "/assessments/{AS}/replies", form: url.Values{"criterion": {"LEG-01"}, "text": {"x"}}, want: want{303, 403, 409, 404, 403}},
		{method: "POST", route: "/api/v1/assessments/:id/findings", path: "/api/v1/assessments/{AS}/findings", api: true, want: want{401, 409, 403, 403, 403}},
		{method: "GET", route: "/api/v1/assessments/:id/findings", path: "/api/v1/assessments/{AS}/findings", api: true, want: want{401, 200, 404, 404, 403}},
		{method: "POST", route: "/api/v1/assessments/:id/replies", path: "/api/v1/assessments/{AS}/replies", api: true, json: map[string]any{"criterion": nil, "text": "x"}, want: want{401, 403, 409, 404, 403}},
	}
}
