package httpapi_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/graphapi/graphapi/internal/audit"
	"github.com/graphapi/graphapi/internal/entities"
)

const (
	acceptItem  = "/api/v1/drafts/crt2019-niger/items/r-21d71cb3cb"
	acceptBody  = `{"status":"accepted"}`
	applyDraft  = "/api/v1/drafts/crt2019-niger/apply"
	auditRoute  = "/api/v1/audit"
	roleNone    = entities.Role("")
	statusGuard = -1 // any status but 401 and 403: the guard let the request through
)

func (rs *reviewServer) auth(role entities.Role) string {
	if role == roleNone {
		return ""
	}
	return "Bearer " + rs.tokens[role]
}

// TestRolesPerWriteRoute: each route that writes or reads the trail, for no
// token and each role: 401 without a token, 403 for a role below the route's,
// 200 (with the change made) for one at or above it. The problem names the role
// needed and the user's.
func TestRolesPerWriteRoute(t *testing.T) {
	rs := newTeamServer(t, "", teamOptions{users: true})
	for _, route := range []struct {
		method, path, body string
		need               entities.Role
	}{
		{http.MethodPatch, acceptItem, acceptBody, entities.RoleEditor},
		{http.MethodPost, applyDraft, "", entities.RoleEditor}, // after the accept above, so there is a pack
		{http.MethodGet, auditRoute, "", entities.RoleAdmin},
	} {
		for _, role := range []entities.Role{roleNone, entities.RoleReader, entities.RoleEditor, entities.RoleAdmin} {
			want, detail := http.StatusOK, ""
			switch {
			case role == roleNone:
				want, detail = http.StatusUnauthorized, "this route needs role "+string(route.need)
			case !role.Allows(route.need):
				want, detail = http.StatusForbidden, "this route needs role "+string(route.need)+"; you are "+string(role)
			}
			t.Run(route.method+" "+route.path+" as "+string(role), func(t *testing.T) {
				before := rs.draftFile(t)
				res := send(t, route.method, rs.URL+route.path, rs.auth(role), route.body)
				if res.status != want {
					t.Fatalf("status %d, want %d: %s", res.status, want, res.body)
				}
				if want == http.StatusOK {
					return
				}
				p := wantProblem(t, res, want, "")
				if !strings.Contains(p.Detail, detail) {
					t.Errorf("detail %q does not say %q", p.Detail, detail)
				}
				if rs.draftFile(t) != before {
					t.Error("a refused write changed the draft")
				}
			})
		}
	}
}

// TestRolesOnReads: with open reads (the default) every read route answers
// without a token; with reads needing a token each answers 401 without one and
// lets every role through. A token the server does not know is 401 anywhere.
func TestRolesOnReads(t *testing.T) {
	open := newTeamServer(t, "", teamOptions{users: true})
	closed := newTeamServer(t, "", teamOptions{users: true, readsNeedToken: true})
	reads := []string{
		"/api/v1/entities?q=ansar", "/api/v1/entities/jnim", "/api/v1/entities/jnim/neighbors",
		"/api/v1/entities/jnim/lineage", "/api/v1/paths?from=jnim&to=aqim", "/api/v1/subgraph?ids=jnim,aqim",
		"/api/v1/schema", "/api/v1/sources", "/api/v1/conflicts", "/api/v1/export?format=graphml",
		"/api/v1/analytics/centrality", "/api/v1/analytics/components", "/api/v1/analytics/brokers",
		"/api/v1/whoami", "/api/v1/drafts", "/api/v1/drafts/crt2019-niger",
	}
	for _, path := range reads {
		for _, tc := range []struct {
			name string
			srv  *reviewServer
			role entities.Role
			want int
		}{
			{"open, no token", open, roleNone, statusGuard},
			{"open, reader", open, entities.RoleReader, statusGuard},
			{"closed, no token", closed, roleNone, http.StatusUnauthorized},
			{"closed, reader", closed, entities.RoleReader, statusGuard},
			{"closed, editor", closed, entities.RoleEditor, statusGuard},
			{"closed, admin", closed, entities.RoleAdmin, statusGuard},
		} {
			t.Run(path+" "+tc.name, func(t *testing.T) {
				res := send(t, http.MethodGet, tc.srv.URL+path, tc.srv.auth(tc.role), "")
				if tc.want == statusGuard {
					if res.status == http.StatusUnauthorized || res.status == http.StatusForbidden {
						t.Fatalf("status %d: %s", res.status, res.body)
					}
					return
				}
				wantCode(t, res, tc.want, "unauthorized")
			})
		}
	}
	for _, srv := range []*reviewServer{open, closed} {
		res := send(t, http.MethodGet, srv.URL+"/api/v1/openapi.json", "", "")
		if res.status != http.StatusOK {
			t.Errorf("the OpenAPI document needs a token: %d", res.status)
		}
		bad := "Bearer " + srv.tokens[entities.RoleReader][:len(srv.tokens[entities.RoleReader])-1] + "A"
		wantCode(t, send(t, http.MethodGet, srv.URL+"/api/v1/schema", bad, ""), http.StatusUnauthorized, "unauthorized")
	}
}

// TestWhoami: the page learns who it signed in as, and what the server asks.
func TestWhoami(t *testing.T) {
	rs := newTeamServer(t, "", teamOptions{users: true})
	for _, tc := range []struct {
		role entities.Role
		want string
	}{
		{roleNone, `{"user":null,"writing":true,"reads_need_token":false}`},
		{entities.RoleEditor, `{"user":{"name":"bo","role":"editor"},"writing":true,"reads_need_token":false}`},
	} {
		res := send(t, http.MethodGet, rs.URL+"/api/v1/whoami", rs.auth(tc.role), "")
		if res.status != http.StatusOK || string(res.body) != tc.want {
			t.Errorf("whoami as %q: %d %s, want %s", tc.role, res.status, res.body, tc.want)
		}
	}
	off := newReviewServer(t, "")
	if res := send(t, http.MethodGet, off.URL+"/api/v1/whoami", "", ""); !strings.Contains(string(res.body), `"writing":false`) {
		t.Errorf("a server without users says %s", res.body)
	}
}

// TestAuthFailuresLimited: a client that sends wrong tokens is refused 429,
// with Retry-After, after the burst, even when it then sends a right one; a
// client with no token at all is not counted.
func TestAuthFailuresLimited(t *testing.T) {
	rs := newTeamServer(t, "", teamOptions{users: true})
	for range 5 { // no token is no failure
		send(t, http.MethodPatch, rs.URL+acceptItem, "", acceptBody)
	}
	wrong := "Bearer gak_0123456789ab_notasecretnotasecretnotasecretnotasecre"
	for i := range 10 {
		if res := send(t, http.MethodGet, rs.URL+"/api/v1/schema", wrong, ""); res.status != http.StatusUnauthorized {
			t.Fatalf("wrong token %d: status %d, want 401", i+1, res.status)
		}
	}
	for _, auth := range []string{wrong, rs.auth(entities.RoleEditor)} {
		res := send(t, http.MethodGet, rs.URL+"/api/v1/schema", auth, "")
		wantCode(t, res, http.StatusTooManyRequests, "rate_limited")
		if ra := res.header.Get("Retry-After"); ra == "" || ra == "0" {
			t.Errorf("Retry-After %q", ra)
		}
	}
}

// TestAuditTrail: every write is in the trail with who, what, the request id
// and the item before and after; the decided item carries by and at; the
// route filters by user, pack and since; no token is in the trail, the server's
// log or any answer.
func TestAuditTrail(t *testing.T) {
	rs := newTeamServer(t, "", teamOptions{users: true})
	editor, admin := rs.auth(entities.RoleEditor), rs.auth(entities.RoleAdmin)
	var bodies []string
	do := func(method, path, auth, body string, want int) response {
		t.Helper()
		res := send(t, method, rs.URL+path, auth, body)
		if res.status != want {
			t.Fatalf("%s %s: status %d, want %d: %s", method, path, res.status, want, res.body)
		}
		bodies = append(bodies, string(res.body))
		return res
	}
	start := time.Now().UTC().Truncate(time.Second)
	accepted := do(http.MethodPatch, acceptItem, editor, acceptBody, http.StatusOK)
	do(http.MethodPatch, "/api/v1/drafts/crt2019-niger/items/m-ee5444de52", admin, `{"status":"rejected"}`, http.StatusOK)
	do(http.MethodPatch, "/api/v1/drafts/crt2019-niger/items/r-21d71cb3cb", editor, `{"confidence":"assessed"}`, http.StatusOK)
	do(http.MethodPost, applyDraft, editor, "", http.StatusOK)

	if !strings.Contains(rs.draftFile(t), "    by: bo\n") || !strings.Contains(rs.draftFile(t), "    by: cy\n") {
		t.Errorf("draft.review does not say who decided the items:\n%s", rs.draftFile(t))
	}

	type list struct{ Items []audit.Entry }
	all := decode[list](t, do(http.MethodGet, auditRoute, admin, "", http.StatusOK).body).Items
	var got []string
	for _, e := range all {
		got = append(got, e.User+" "+e.Action+" "+e.Item+e.Pack)
	}
	want := []string{"bo item.accept r-21d71cb3cb", "cy item.reject m-ee5444de52", "bo item.edit r-21d71cb3cb", "bo pack.apply crt2019-niger"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("the trail:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	first := all[0]
	if first.RequestID == "" || first.RequestID != accepted.header.Get("X-Request-Id") {
		t.Errorf("request id %q, want the answer's %q", first.RequestID, accepted.header.Get("X-Request-Id"))
	}
	var before, after struct{ Status, By string }
	if json.Unmarshal(first.Before, &before) != nil || json.Unmarshal(first.After, &after) != nil ||
		before.Status != "proposed" || after.Status != "accepted" || after.By != "bo" {
		t.Errorf("before %s, after %s: want the item proposed, then accepted by bo", first.Before, first.After)
	}
	if first.Time.Before(start) || first.Time.After(time.Now()) {
		t.Errorf("time %v is not the time of the request", first.Time)
	}
	if !strings.Contains(string(all[3].After), `"statements"`) {
		t.Errorf("the apply entry does not hold the pack's statements: %s", all[3].After)
	}

	for _, tc := range []struct {
		query string
		want  int
	}{
		{"?user=bo", 3}, {"?user=cy", 1}, {"?pack=crt2019-niger", 1}, {"?user=zed", 0},
		{"?since=" + start.Format(time.DateOnly), 4}, {"?since=" + time.Now().Add(time.Hour).UTC().Format(time.RFC3339), 0},
	} {
		items := decode[list](t, do(http.MethodGet, auditRoute+tc.query, admin, "", http.StatusOK).body).Items
		if len(items) != tc.want {
			t.Errorf("%s: %d entries, want %d", tc.query, len(items), tc.want)
		}
	}
	wantCode(t, send(t, http.MethodGet, rs.URL+auditRoute+"?since=last+week", admin, ""), http.StatusBadRequest, "invalid")
	wantCode(t, send(t, http.MethodGet, rs.URL+auditRoute+"?who=bo", admin, ""), http.StatusBadRequest, "invalid")
	wantCode(t, send(t, http.MethodGet, rs.URL+auditRoute+"?user="+strings.Repeat("a", 65), admin, ""), http.StatusBadRequest, "invalid")
	wantCode(t, send(t, http.MethodGet, rs.URL+auditRoute+"?pack=", admin, ""), http.StatusBadRequest, "invalid")

	trail, err := os.ReadFile(rs.trail)
	if err != nil {
		t.Fatal(err)
	}
	for role, tok := range rs.tokens {
		_, secret, _ := strings.Cut(strings.TrimPrefix(tok, entities.TokenPrefix), "_")
		for where, text := range map[string]string{"the trail": string(trail), "the server log": rs.logs.String(), "the answers": strings.Join(bodies, "\n")} {
			if strings.Contains(text, secret) || strings.Contains(text, tok) {
				t.Errorf("%s holds the %s token", where, role)
			}
		}
	}
}

// TestAuditFailureRefusesWrite: when the trail cannot be appended to, the
// write is refused (503) and not made: the draft and the seed stay as they were.
func TestAuditFailureRefusesWrite(t *testing.T) {
	rs := newTeamServer(t, "", teamOptions{users: true})
	editor := rs.auth(entities.RoleEditor)
	if res := send(t, http.MethodPatch, rs.URL+acceptItem, editor, acceptBody); res.status != http.StatusOK {
		t.Fatalf("accept: %d %s", res.status, res.body)
	}
	rs.log.Close()
	before := rs.draftFile(t)
	for _, route := range []struct{ method, path, body string }{
		{http.MethodPatch, acceptItem, `{"status":"rejected"}`},
		{http.MethodPost, applyDraft, ""},
	} {
		res := send(t, route.method, rs.URL+route.path, editor, route.body)
		p := wantProblem(t, res, http.StatusServiceUnavailable, "")
		if !strings.Contains(p.Detail, "audit trail could not be written, so nothing was changed") {
			t.Errorf("%s: detail %q", route.path, p.Detail)
		}
	}
	if rs.draftFile(t) != before {
		t.Error("a write whose audit entry failed changed the draft")
	}
	if _, err := os.Stat(filepath.Join(rs.seed, "crt2019-niger")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("an apply whose audit entry failed wrote its pack: %v", err)
	}
	if !strings.Contains(rs.logs.String(), "audit log: closed") {
		t.Error("the server log does not say why the trail failed")
	}
}
