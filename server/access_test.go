package server_test

import (
	"context"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"

	"hotlineportal/assessments"
	"hotlineportal/server/servertest"
)

const anonymous = "anonymous"

var roles = []string{anonymous, servertest.Secretariat, servertest.ManagerA, servertest.ManagerB, servertest.Reviewer1}

// want gives the expected status per role, in the order of roles.
type want [5]int

// routeCase is one row of the access matrix. Path placeholders: {A} the
// hotline of managerA, {C} a spare hotline, {U} a spare user, {AS} the
// draft assessment of hotline A, {E} an evidence file of it, {E2} and {E3}
// evidence links removed along the way, {F} the current framework.
type routeCase struct {
	method, route, path string
	form                url.Values
	json                any
	api                 bool
	want                want
}

func accessMatrix() []routeCase {
	secOnly := want{303, 200, 403, 403, 403}
	secPost := want{303, 303, 403, 403, 403}
	apiSec := want{401, 200, 403, 403, 403}
	visibleToA := want{303, 200, 200, 404, 404}
	apiVisibleToA := want{401, 200, 200, 404, 404}
	hotlineUpdate := url.Values{"name": {"x"}, "country": {"GR"}, "version": {"0"}}
	rows := []routeCase{
		{method: "GET", route: "/healthz", want: want{200, 200, 200, 200, 200}},
		{method: "GET", route: "/metrics", want: want{200, 200, 200, 200, 200}},
		{method: "GET", route: "/", want: want{303, 303, 303, 303, 303}},
		{method: "GET", route: "/login", want: want{200, 303, 303, 303, 303}},
		{method: "POST", route: "/login", form: url.Values{"email": {"x@test.example"}, "password": {"wrong"}}, want: want{401, 401, 401, 401, 401}},
		{method: "POST", route: "/logout", want: want{303, 303, 303, 303, 303}},
		{method: "GET", route: "/password/forgot", want: want{200, 200, 200, 200, 200}},
		{method: "POST", route: "/password/forgot", form: url.Values{"email": {""}}, want: want{422, 422, 422, 422, 422}},
		{method: "GET", route: "/password/set/:token", path: "/password/set/not-a-real-token", want: want{404, 404, 404, 404, 404}},
		{method: "POST", route: "/password/set/:token", path: "/password/set/not-a-real-token", want: want{404, 404, 404, 404, 404}},
		{method: "POST", route: "/language", form: url.Values{"lang": {"fr"}, "next": {"/login"}}, want: want{303, 303, 303, 303, 303}},
		{method: "GET", route: "/accessibility", want: want{200, 200, 200, 200, 200}},
		{method: "GET", route: "/privacy", want: want{200, 200, 200, 200, 200}},
		{method: "GET", route: "/dashboard", want: want{303, 200, 200, 200, 200}},
		{method: "GET", route: "/account", want: want{303, 200, 200, 200, 200}},
		{method: "GET", route: "/login/code", want: want{303, 303, 303, 303, 303}},
		{method: "POST", route: "/login/code", form: url.Values{"code": {"123456"}}, want: want{303, 303, 303, 303, 303}},
		{method: "GET", route: "/account/two-step", want: want{303, 200, 200, 200, 200}},
		{method: "POST", route: "/account/two-step/start", want: want{303, 303, 303, 303, 303}},
		{method: "POST", route: "/account/two-step/confirm", form: url.Values{"code": {"000000"}}, want: want{303, 422, 422, 422, 422}},
		{method: "POST", route: "/account/two-step/recovery-codes", form: url.Values{"code": {"000000"}}, want: want{303, 409, 409, 409, 409}},
		{method: "POST", route: "/account/two-step/disable", form: url.Values{"code": {"000000"}}, want: want{303, 409, 409, 409, 409}},
		{method: "GET", route: "/users/:id/two-step/reset", path: "/users/{U}/two-step/reset", want: secOnly},
		{method: "POST", route: "/users/:id/two-step/reset", path: "/users/{U}/two-step/reset", want: want{303, 409, 403, 403, 403}},
		{method: "POST", route: "/api/v1/me/totp", api: true, want: want{401, 201, 201, 201, 201}},
		{method: "POST", route: "/api/v1/me/totp/confirm", api: true, json: map[string]string{"code": "000000"}, want: want{401, 422, 422, 422, 422}},
		{method: "POST", route: "/api/v1/me/totp/recovery-codes", api: true, json: map[string]string{"code": "000000"}, want: want{401, 409, 409, 409, 409}},
		{method: "DELETE", route: "/api/v1/me/totp", api: true, json: map[string]string{"code": "000000"}, want: want{401, 409, 409, 409, 409}},
		{method: "DELETE", route: "/api/v1/users/:id/totp", path: "/api/v1/users/{U}/totp", api: true, want: want{401, 409, 403, 403, 403}},
		{method: "GET", route: "/hotlines/:id", path: "/hotlines/{A}", want: want{303, 200, 200, 404, 403}},
		{method: "GET", route: "/hotlines/:id/edit", path: "/hotlines/{A}/edit", want: want{303, 200, 200, 404, 403}},
		{method: "POST", route: "/hotlines/:id", path: "/hotlines/{A}", form: hotlineUpdate, want: want{303, 409, 409, 404, 403}},
		{method: "GET", route: "/hotlines", want: secOnly},
		{method: "GET", route: "/hotlines/new", want: secOnly},
		{method: "POST", route: "/hotlines", want: want{303, 422, 403, 403, 403}},
		{method: "GET", route: "/hotlines/:id/disable", path: "/hotlines/{C}/disable", want: secOnly},
		{method: "POST", route: "/hotlines/:id/disable", path: "/hotlines/{C}/disable", want: secPost},
		{method: "POST", route: "/hotlines/:id/enable", path: "/hotlines/{C}/enable", want: secPost},
		{method: "GET", route: "/users", want: secOnly},
		{method: "GET", route: "/users/new", want: secOnly},
		{method: "POST", route: "/users", want: want{303, 422, 403, 403, 403}},
		{method: "GET", route: "/users/:id", path: "/users/{U}", want: secOnly},
		{method: "GET", route: "/users/:id/edit", path: "/users/{U}/edit", want: secOnly},
		{method: "POST", route: "/users/:id", path: "/users/{U}", want: want{303, 422, 403, 403, 403}},
		{method: "GET", route: "/users/:id/disable", path: "/users/{U}/disable", want: secOnly},
		{method: "POST", route: "/users/:id/disable", path: "/users/{U}/disable", want: secPost},
		{method: "POST", route: "/users/:id/enable", path: "/users/{U}/enable", want: secPost},
		{method: "POST", route: "/users/:id/invite", path: "/users/{U}/invite", want: secPost},
		{method: "GET", route: "/audit", want: secOnly},
		{method: "GET", route: "/outbox", want: secOnly},
		{method: "GET", route: "/network", want: secOnly},
		{method: "GET", route: "/api/v1/analytics/network", api: true, want: apiSec},
		{method: "GET", route: "/network/agreement", want: secOnly},
		{method: "GET", route: "/api/v1/analytics/agreement", api: true, want: apiSec},
		{method: "POST", route: "/outbox/:id/retry", path: "/outbox/01a00000-0000-7000-8000-000000000000/retry", want: want{303, 404, 403, 403, 403}},
		{method: "GET", route: "/api/v1/outbox", api: true, want: apiSec},
		{method: "POST", route: "/api/v1/outbox/:id/retry", path: "/api/v1/outbox/01a00000-0000-7000-8000-000000000000/retry", api: true, want: want{401, 404, 403, 403, 403}},
		{method: "POST", route: "/api/v1/tokens", api: true, json: map[string]string{"email": "x@test.example", "password": "wrong"}, want: want{401, 401, 401, 401, 401}},
		{method: "DELETE", route: "/api/v1/tokens/current", api: true, want: want{401, 204, 204, 204, 204}},
		{method: "GET", route: "/api/v1/me", api: true, want: want{401, 200, 200, 200, 200}},
		{method: "GET", route: "/api/v1/hotlines", api: true, want: want{401, 200, 200, 200, 403}},
		{method: "GET", route: "/api/v1/hotlines/:id", path: "/api/v1/hotlines/{A}", api: true, want: want{401, 200, 200, 404, 403}},
		{method: "PUT", route: "/api/v1/hotlines/:id", path: "/api/v1/hotlines/{A}", api: true, json: map[string]any{"name": "x", "country": "GR", "version": 0}, want: want{401, 409, 409, 404, 403}},
		{method: "POST", route: "/api/v1/hotlines", api: true, json: map[string]any{}, want: want{401, 422, 403, 403, 403}},
		{method: "GET", route: "/api/v1/users", api: true, want: apiSec},
		{method: "GET", route: "/api/v1/users/:id", path: "/api/v1/users/{U}", api: true, want: apiSec},
		{method: "POST", route: "/api/v1/users", api: true, json: map[string]any{}, want: want{401, 422, 403, 403, 403}},

		{method: "GET", route: "/frameworks", want: secOnly},
		{method: "GET", route: "/frameworks/import", want: secOnly},
		{method: "POST", route: "/frameworks/import", want: want{303, 422, 403, 403, 403}},
		{method: "GET", route: "/frameworks/:id", path: "/frameworks/{F}", want: secOnly},
		{method: "GET", route: "/frameworks/:id/source", path: "/frameworks/{F}/source", want: secOnly},
		{method: "POST", route: "/frameworks/:id/publish", path: "/frameworks/{F}/publish", want: want{303, 409, 403, 403, 403}},
		{method: "GET", route: "/frameworks/:id/translations/:lang", path: "/frameworks/{F}/translations/el", want: secOnly},
		{method: "POST", route: "/frameworks/:id/translations", path: "/frameworks/{F}/translations", want: want{303, 422, 403, 403, 403}},
		{method: "GET", route: "/api/v1/frameworks/:id/translations", path: "/api/v1/frameworks/{F}/translations", api: true, want: apiSec},
		{method: "GET", route: "/api/v1/frameworks/:id/translations/:lang", path: "/api/v1/frameworks/{F}/translations/el", api: true, want: apiSec},
		{method: "PUT", route: "/api/v1/frameworks/:id/translations/:lang", path: "/api/v1/frameworks/{F}/translations/el", api: true, want: want{401, 415, 403, 403, 403}},

		{method: "GET", route: "/assessments", want: want{303, 200, 200, 200, 200}},
		{method: "POST", route: "/assessments", want: want{303, 403, 409, 303, 403}},
		{method: "GET", route: "/assessments/:id", path: "/assessments/{AS}", want: visibleToA},
		{method: "GET", route: "/assessments/:id/sections/:section", path: "/assessments/{AS}/sections/LEG", want: visibleToA},
		{method: "GET", route: "/assessments/:id/criteria/:code", path: "/assessments/{AS}/criteria/LEG-01", want: visibleToA},
		{method: "POST", route: "/assessments/:id/criteria/:code", path: "/assessments/{AS}/criteria/LEG-01", form: url.Values{"level": {"met"}, "version": {"999"}}, want: want{303, 403, 409, 404, 403}},
		{method: "POST", route: "/assessments/:id/criteria/:code/evidence", path: "/assessments/{AS}/criteria/LEG-01/evidence", want: want{303, 403, 422, 404, 403}},
		{method: "GET", route: "/assessments/:id/check", path: "/assessments/{AS}/check", want: visibleToA},
		{method: "POST", route: "/assessments/:id/submit", path: "/assessments/{AS}/submit", form: url.Values{"confirm": {"yes"}}, want: want{303, 403, 422, 404, 403}},
		{method: "GET", route: "/assessments/:id/submitted", path: "/assessments/{AS}/submitted", want: visibleToA},
		{method: "GET", route: "/evidence/:id", path: "/evidence/{E}", want: visibleToA},
		{method: "GET", route: "/evidence/:id/remove", path: "/evidence/{E}/remove", want: want{303, 403, 200, 404, 403}},
		{method: "POST", route: "/evidence/:id/remove", path: "/evidence/{E2}/remove", want: want{303, 403, 303, 404, 403}},

		{method: "GET", route: "/api/v1/frameworks/current", api: true, want: want{401, 200, 200, 200, 200}},
		{method: "POST", route: "/api/v1/assessments", api: true, json: map[string]any{"hotline_id": "{A}"}, want: want{401, 403, 409, 404, 403}},
		{method: "GET", route: "/api/v1/assessments", api: true, want: want{401, 200, 200, 200, 200}},
		{method: "GET", route: "/api/v1/assessments/:id", path: "/api/v1/assessments/{AS}", api: true, want: apiVisibleToA},
		{method: "PUT", route: "/api/v1/assessments/:id/answers/:criterion", path: "/api/v1/assessments/{AS}/answers/LEG-01", api: true, json: map[string]any{"level": "met", "narrative": "", "version": 999}, want: want{401, 403, 409, 404, 404}},
		{method: "POST", route: "/api/v1/assessments/:id/evidence", path: "/api/v1/assessments/{AS}/evidence", api: true, json: map[string]any{}, want: want{401, 403, 422, 404, 404}},
		{method: "POST", route: "/api/v1/assessments/:id/submit", path: "/api/v1/assessments/{AS}/submit", api: true, want: want{401, 403, 422, 404, 404}},
		{method: "GET", route: "/api/v1/evidence/:id", path: "/api/v1/evidence/{E}", api: true, want: apiVisibleToA},
		{method: "DELETE", route: "/api/v1/evidence/:id", path: "/api/v1/evidence/{E3}", api: true, want: want{401, 403, 204, 404, 404}},

		// Review routes on a draft: reviewer1 is not assigned (404), the
		// secretariat may act but the state is wrong (409) where it applies.
		{method: "GET", route: "/assessments/:id/reviewers", path: "/assessments/{AS}/reviewers", want: secOnly},
		{method: "POST", route: "/assessments/:id/reviewers", path: "/assessments/{AS}/reviewers", form: url.Values{"user_id": {"{R}"}}, want: want{303, 409, 403, 403, 403}},
		{method: "GET", route: "/assessments/:id/consolidation", path: "/assessments/{AS}/consolidation", want: secOnly},
		{method: "POST", route: "/assessments/:id/reconcile", path: "/assessments/{AS}/reconcile", form: url.Values{"criterion": {"LEG-01"}, "message": {"x"}}, want: want{303, 409, 403, 403, 403}},
		{method: "GET", route: "/assessments/:id/review", path: "/assessments/{AS}/review", want: want{303, 403, 403, 403, 404}},
		{method: "POST", route: "/assessments/:id/review/respond", path: "/assessments/{AS}/review/respond", form: url.Values{"decision": {"accept"}}, want: want{303, 403, 403, 403, 404}},
		{method: "GET", route: "/assessments/:id/review/criteria/:code", path: "/assessments/{AS}/review/criteria/LEG-01", want: want{303, 403, 403, 403, 404}},
		{method: "POST", route: "/assessments/:id/review/criteria/:code", path: "/assessments/{AS}/review/criteria/LEG-01", form: url.Values{"score": {"3"}}, want: want{303, 403, 403, 403, 404}},
		{method: "GET", route: "/assessments/:id/review/submit", path: "/assessments/{AS}/review/submit", want: want{303, 403, 403, 403, 404}},
		{method: "POST", route: "/assessments/:id/review/submit", path: "/assessments/{AS}/review/submit", want: want{303, 403, 403, 403, 404}},
		{method: "GET", route: "/assessments/:id/clarifications/new", path: "/assessments/{AS}/clarifications/new", want: want{303, 200, 403, 403, 404}},
		{method: "POST", route: "/assessments/:id/clarifications", path: "/assessments/{AS}/clarifications", form: url.Values{"criteria": {"LEG-01"}, "message": {"x"}}, want: want{303, 409, 403, 403, 404}},
		{method: "GET", route: "/notifications", want: want{303, 200, 200, 200, 200}},
		{method: "POST", route: "/session/keepalive", want: want{303, 204, 204, 204, 204}},
		{method: "POST", route: "/account/conflicts", form: url.Values{"hotline_id": {"{C}"}, "reason": {"Worked there"}}, want: want{303, 403, 403, 403, 303}},
		{method: "POST", route: "/account/conflicts/:id/remove", path: "/account/conflicts/00000000-0000-7000-8000-000000000000/remove", want: want{303, 403, 403, 403, 404}},
		{method: "POST", route: "/api/v1/assessments/:id/reviewers", path: "/api/v1/assessments/{AS}/reviewers", api: true, json: map[string]any{"user_id": "{R}"}, want: want{401, 409, 403, 404, 404}},
		{method: "POST", route: "/api/v1/assessments/:id/assignment", path: "/api/v1/assessments/{AS}/assignment", api: true, json: map[string]any{"accept": true}, want: want{401, 403, 403, 404, 404}},
		{method: "PUT", route: "/api/v1/assessments/:id/scores/:criterion", path: "/api/v1/assessments/{AS}/scores/LEG-01", api: true, json: map[string]any{"score": 3, "comment": ""}, want: want{401, 403, 403, 404, 404}},
		{method: "POST", route: "/api/v1/assessments/:id/clarifications", path: "/api/v1/assessments/{AS}/clarifications", api: true, json: map[string]any{"criteria": []string{"LEG-01"}, "message": "x"}, want: want{401, 409, 403, 404, 404}},
		{method: "POST", route: "/api/v1/assessments/:id/reviews", path: "/api/v1/assessments/{AS}/reviews", api: true, json: map[string]any{"recommendation": "accredit", "summary": "x"}, want: want{401, 403, 403, 404, 404}},
		{method: "POST", route: "/api/v1/assessments/:id/reconcile", path: "/api/v1/assessments/{AS}/reconcile", api: true, json: map[string]any{"criterion": "LEG-01", "message": "x"}, want: want{401, 409, 403, 404, 404}},
		{method: "GET", route: "/api/v1/assessments/:id/consolidation", path: "/api/v1/assessments/{AS}/consolidation", api: true, want: want{401, 200, 403, 404, 404}},
		{method: "GET", route: "/api/v1/notifications", api: true, want: want{401, 200, 200, 200, 200}},

		// Decisions and certificates: {X} is an unknown certificate number.
		{method: "GET", route: "/verify", want: want{303, 303, 303, 303, 303}},
		{method: "GET", route: "/verify/:number", path: "/verify/{X}", want: want{404, 404, 404, 404, 404}},
		{method: "GET", route: "/register", want: want{200, 200, 200, 200, 200}},
		{method: "GET", route: "/assessments/:id/decision", path: "/assessments/{AS}/decision", want: want{303, 409, 403, 403, 403}},
		{method: "POST", route: "/assessments/:id/decision", path: "/assessments/{AS}/decision", form: url.Values{"outcome": {"accredited"}, "rationale": {"x"}}, want: want{303, 409, 403, 403, 403}},
		{method: "GET", route: "/assessments/:id/results", path: "/assessments/{AS}/results", want: want{303, 404, 403, 404, 403}},
		{method: "GET", route: "/assessments/:id/report.pdf", path: "/assessments/{AS}/report.pdf", want: want{303, 409, 403, 404, 403}},
		{method: "POST", route: "/conditions/:id/evidence", path: "/conditions/{Z}/evidence", form: url.Values{"note": {"x"}}, want: want{303, 403, 404, 404, 403}},
		{method: "POST", route: "/conditions/:id/accept", path: "/conditions/{Z}/accept", want: want{303, 404, 403, 403, 403}},
		{method: "GET", route: "/certificates", want: want{303, 200, 200, 200, 403}},
		{method: "GET", route: "/certificates/:number", path: "/certificates/{X}", want: want{303, 404, 404, 404, 403}},
		{method: "GET", route: "/certificates/:number/pdf", path: "/certificates/{X}/pdf", want: want{303, 404, 404, 404, 403}},
		{method: "GET", route: "/certificates/:number/suspend", path: "/certificates/{X}/suspend", want: want{303, 404, 403, 403, 403}},
		{method: "POST", route: "/certificates/:number/suspend", path: "/certificates/{X}/suspend", form: url.Values{"reason": {"x"}}, want: want{303, 404, 403, 403, 403}},
		{method: "GET", route: "/certificates/:number/revoke", path: "/certificates/{X}/revoke", want: want{303, 404, 403, 403, 403}},
		{method: "POST", route: "/certificates/:number/revoke", path: "/certificates/{X}/revoke", form: url.Values{"reason": {"x"}}, want: want{303, 404, 403, 403, 403}},
		{method: "POST", route: "/certificates/:number/reinstate", path: "/certificates/{X}/reinstate", want: want{303, 404, 403, 403, 403}},
		{method: "POST", route: "/api/v1/assessments/:id/decision", path: "/api/v1/assessments/{AS}/decision", api: true, json: map[string]any{"outcome": "accredited", "rationale": "x"}, want: want{401, 409, 403, 404, 404}},
		{method: "GET", route: "/api/v1/assessments/:id/report.pdf", path: "/api/v1/assessments/{AS}/report.pdf", api: true, want: want{401, 409, 403, 404, 404}},
		{method: "GET", route: "/api/v1/assessments/:id/benchmark", path: "/api/v1/assessments/{AS}/benchmark", api: true, want: want{401, 409, 409, 404, 404}},
		{method: "GET", route: "/api/v1/certificates/:number", path: "/api/v1/certificates/{X}", api: true, want: want{401, 404, 404, 404, 404}},
		{method: "GET", route: "/api/v1/certificates/:number/pdf", path: "/api/v1/certificates/{X}/pdf", api: true, want: want{401, 404, 404, 404, 404}},
		{method: "POST", route: "/api/v1/certificates/:number/suspend", path: "/api/v1/certificates/{X}/suspend", api: true, json: map[string]any{"reason": "x"}, want: want{401, 404, 404, 404, 404}},
		{method: "POST", route: "/api/v1/certificates/:number/reinstate", path: "/api/v1/certificates/{X}/reinstate", api: true, json: map[string]any{"reason": "x"}, want: want{401, 404, 404, 404, 404}},
		{method: "POST", route: "/api/v1/certificates/:number/revoke", path: "/api/v1/certificates/{X}/revoke", api: true, json: map[string]any{"reason": "x"}, want: want{401, 404, 404, 404, 404}},
		{method: "POST", route: "/api/v1/conditions/:id/evidence", path: "/api/v1/conditions/{Z}/evidence", api: true, json: map[string]any{"note": "x"}, want: want{401, 404, 404, 404, 404}},
		{method: "POST", route: "/api/v1/conditions/:id/accept", path: "/api/v1/conditions/{Z}/accept", api: true, json: map[string]any{}, want: want{401, 404, 404, 404, 404}},
		{method: "GET", route: "/api/v1/public/certificates/:number", path: "/api/v1/public/certificates/{X}", api: true, want: want{404, 404, 404, 404, 404}},
		{method: "GET", route: "/api/v1/public/register", api: true, want: want{200, 200, 200, 200, 200}},
		{method: "GET", route: "/api/v1/openapi.json", api: true, want: want{200, 200, 200, 200, 200}},

		// Issue 15: the frozen dossier, credentials, status lists and the badge.
		{method: "GET", route: "/certificates/:number/dossier", path: "/certificates/{X}/dossier", want: want{303, 404, 404, 404, 403}},
		{method: "GET", route: "/api/v1/certificates/:number/dossier", path: "/api/v1/certificates/{X}/dossier", api: true, want: want{401, 404, 404, 404, 404}},
		{method: "GET", route: "/api/v1/public/certificates/:number/credential", path: "/api/v1/public/certificates/{X}/credential", api: true, want: want{404, 404, 404, 404, 404}},
		{method: "GET", route: "/api/v1/public/status/:list", path: "/api/v1/public/status/revocation-999", api: true, want: want{404, 404, 404, 404, 404}},
		{method: "GET", route: "/verify/:number/badge.svg", path: "/verify/{X}/badge.svg", want: want{404, 404, 404, 404, 404}},
		{method: "GET", route: "/.well-known/did.json", want: want{200, 200, 200, 200, 200}},

		// Issue 14: deadlines and the work list ({R} is not assigned to the draft).
		{method: "PATCH", route: "/api/v1/assessments/:id", path: "/api/v1/assessments/{AS}", api: true, json: map[string]any{"deadline": "2030-01-31"}, want: want{401, 200, 403, 403, 403}},
		{method: "PATCH", route: "/api/v1/assessments/:id/reviewers/:user_id", path: "/api/v1/assessments/{AS}/reviewers/{R}", api: true, json: map[string]any{"due_at": "2030-01-31"}, want: want{401, 404, 403, 403, 403}},
		{method: "GET", route: "/api/v1/worklist", api: true, want: apiSec},
		{method: "GET", route: "/worklist", want: secOnly},
		{method: "POST", route: "/assessments/:id/deadline", path: "/assessments/{AS}/deadline", form: url.Values{"value": {""}}, want: secPost},
		{method: "POST", route: "/assessments/:id/reviewers/:user_id/due", path: "/assessments/{AS}/reviewers/{R}/due", form: url.Values{"value": {"2030-01-31"}}, want: want{303, 404, 403, 403, 403}},
		// Issue 14: exports.
		{method: "GET", route: "/exports", want: secOnly},
		{method: "GET", route: "/exports/scores.csv", want: secOnly},
		{method: "GET", route: "/exports/scores.xlsx", want: secOnly},
		{method: "GET", route: "/exports/scores.json", want: secOnly},
		{method: "GET", route: "/api/v1/exports/scores.csv", api: true, want: apiSec},
		{method: "GET", route: "/api/v1/exports/scores.xlsx", api: true, want: apiSec},
		{method: "GET", route: "/api/v1/exports/scores.json", api: true, want: apiSec},
	}
	// Issue 16: due process and personal data, one list per area.
	rows = append(rows, replyAccessRows()...)
	rows = append(rows, appealAccessRows()...)
	rows = append(rows, personalDataAccessRows()...)
	rows = append(rows, retentionAccessRows()...)
	rows = append(rows, adminAccessRows()...)
	rows = append(rows, collaborationAccessRows()...)
	rows = append(rows, gapAccessRows()...)
	return rows
}

// TestAccessMatrix sends every route as every role and checks the status:
// what a role may never do is 403, what is not yours is 404.
func TestAccessMatrix(t *testing.T) {
	app := servertest.New(t, servertest.Options{Configure: func(o *assessments.Options) {
		o.AccountFailures, o.AddressFailures = 1000, 1000
	}})
	spare, err := app.Svc.CreateHotline(context.Background(), servertest.SystemActor(), assessments.HotlineInput{Name: "Kék Vonal", Country: "HU", Channels: []string{"phone"}})
	if err != nil {
		t.Fatal(err)
	}
	spareUser, err := app.Svc.CreateUserWithPassword(context.Background(), servertest.SystemActor(),
		assessments.UserInput{Email: "spare@test.example", Name: "Spare", Role: "reviewer", Country: "SK"}, servertest.Password)
	if err != nil {
		t.Fatal(err)
	}
	as := app.StartAssessment(servertest.ManagerA)
	mgr := app.APIClient(servertest.ManagerA)
	evidenceIDs := make([]string, 3)
	for i := range evidenceIDs {
		var r *servertest.Response
		if i == 0 {
			r = mgr.Upload("/api/v1/assessments/"+as.ID+"/evidence", map[string]string{"criterion": "LEG-01"}, "licence.pdf", servertest.PDF)
		} else {
			r = mgr.Upload("/api/v1/assessments/"+as.ID+"/evidence", map[string]string{"criterion": "LEG-01", "url": "https://example.org/proof"}, "", nil)
		}
		if r.StatusCode != 201 {
			t.Fatalf("evidence fixture: %d %s", r.StatusCode, r.Body)
		}
		var e struct{ ID string }
		r.Decode(&e)
		evidenceIDs[i] = e.ID
	}
	replacer := strings.NewReplacer("{AS}", as.ID, "{A}", app.HotlineA.ID, "{C}", spare.ID, "{U}", spareUser.ID,
		"{E2}", evidenceIDs[1], "{E3}", evidenceIDs[2], "{E}", evidenceIDs[0], "{F}", as.FrameworkID, "{R}", app.Users[servertest.Reviewer2].ID,
		"{X}", "MCE-0000-XX-0000", "{Z}", "00000000-0000-7000-8000-000000000000")
	covered := map[string]bool{}
	for _, rc := range accessMatrix() {
		covered[rc.method+" "+rc.route] = true
		path := rc.path
		if path == "" {
			path = rc.route
		}
		path = replacer.Replace(path)
		for i, role := range roles {
			t.Run(rc.method+" "+rc.route+" as "+role, func(t *testing.T) {
				c := clientFor(app, role, rc.api)
				var r *servertest.Response
				switch {
				case rc.api:
					r = c.JSON(rc.method, path, replaceJSON(rc.json, replacer))
				case rc.method == "GET":
					r = c.Get(path)
				default:
					r = c.PostForm(path, cloneValues(rc.form, replacer))
				}
				if r.StatusCode != rc.want[i] {
					t.Errorf("status %d, want %d\n%.300s", r.StatusCode, rc.want[i], r.Body)
				}
			})
		}
	}
	var missing []string
	for _, route := range app.Server.Routes() {
		if !covered[route] && !strings.HasPrefix(route, "GET /static") {
			missing = append(missing, route)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("routes missing from the access matrix: %v", missing)
	}
}

func clientFor(app *servertest.App, role string, api bool) *servertest.Client {
	switch {
	case role == anonymous:
		c := app.Client()
		c.Get("/login")
		return c
	case api:
		return app.APIClient(role)
	}
	return app.SignIn(role)
}

func cloneValues(v url.Values, r *strings.Replacer) url.Values {
	out := url.Values{}
	for k, vs := range v {
		for _, x := range vs {
			out.Add(k, r.Replace(x))
		}
	}
	return out
}

// Denials are written to the audit log.
func TestDenialsAreAudited(t *testing.T) {
	app := servertest.New(t)
	m := app.SignIn(servertest.ManagerB)
	m.Get("/hotlines/" + app.HotlineA.ID)
	m.Get("/users")
	if n := app.AuditCount("access.denied"); n != 2 {
		t.Fatalf("denials audited: %d, want 2", n)
	}
	_ = http.StatusOK
}

func replaceJSON(body any, r *strings.Replacer) any {
	m, ok := body.(map[string]any)
	if !ok {
		return body
	}
	out := map[string]any{}
	for k, v := range m {
		if s, ok := v.(string); ok {
			v = r.Replace(s)
		}
		out[k] = v
	}
	return out
}
