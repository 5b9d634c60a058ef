package httpapi_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/graphapi/graphapi/internal/audit"
	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/history"
	"github.com/graphapi/graphapi/internal/httpapi"
	"github.com/graphapi/graphapi/internal/loader"
	"github.com/graphapi/graphapi/internal/memstore"
	"github.com/graphapi/graphapi/internal/review"
	"github.com/graphapi/graphapi/internal/users"
)

const (
	draftFixture = "../review/testdata/drafts/crt2019-niger"
	writeToken   = "s3cret-write-token-for-tests"
)

// reviewServer serves the API with a drafts folder: a copy of the Mali seed
// and of the review fixture's draft, the graph loaded from that copy, and an
// audit trail. With users, it has a users file with one user of each role.
type reviewServer struct {
	*httptest.Server
	seed, drafts, trail string
	tokens              map[entities.Role]string // the token of each role's user
	logs                *syncWriter              // the server's request log
	log                 *audit.Log
}

// teamOptions are what a team's server adds to the review server.
type teamOptions struct {
	users          bool // a users file with ana (reader), bo (editor), cy (admin)
	readsNeedToken bool
	packs          map[string]string // more packs in the seed: the pack.yaml of each, by folder
}

func newReviewServer(tb testing.TB, token string) *reviewServer {
	tb.Helper()
	return newTeamServer(tb, token, teamOptions{})
}

// newReviewServerWith is newReviewServer with more packs in the seed: the
// pack.yaml of each, by folder.
func newReviewServerWith(tb testing.TB, token string, packs map[string]string) *reviewServer {
	tb.Helper()
	return newTeamServer(tb, token, teamOptions{packs: packs})
}

func newTeamServer(tb testing.TB, token string, opt teamOptions) *reviewServer {
	tb.Helper()
	work := tb.TempDir()
	rs := &reviewServer{seed: filepath.Join(work, "seed"), drafts: filepath.Join(work, "drafts"),
		trail: filepath.Join(work, "audit.jsonl"), tokens: map[entities.Role]string{}, logs: &syncWriter{w: &bytes.Buffer{}}}
	if err := os.CopyFS(rs.seed, os.DirFS(seedDir)); err != nil {
		tb.Fatal(err)
	}
	for folder, packYAML := range opt.packs {
		if err := os.MkdirAll(filepath.Join(rs.seed, folder), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(rs.seed, folder, "pack.yaml"), []byte(packYAML), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	if err := os.CopyFS(filepath.Join(rs.drafts, "crt2019-niger"), os.DirFS(draftFixture)); err != nil {
		tb.Fatal(err)
	}
	store := memstore.New()
	if _, _, err := loader.Load(context.Background(), os.DirFS(rs.seed), store); err != nil {
		tb.Fatal(err)
	}
	trail, err := audit.Open(rs.trail)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { trail.Close() })
	rs.log = trail
	cfg := httpapi.Config{Drafts: review.NewService(rs.drafts, rs.seed, store).RecordingTo(trail), Audit: trail,
		ReadsNeedToken: opt.readsNeedToken,
		Known:          history.NewKnown(rs.seed, entities.DefaultLimits, 2)}
	usersFile := ""
	if opt.users {
		usersFile = filepath.Join(work, "users.yaml")
		f := &users.File{}
		for _, u := range []struct {
			name string
			role entities.Role
		}{{"ana", entities.RoleReader}, {"bo", entities.RoleEditor}, {"cy", entities.RoleAdmin}} {
			tok, err := f.Add(u.name, u.role, time.Now())
			if err != nil {
				tb.Fatal(err)
			}
			rs.tokens[u.role] = tok
		}
		if err := users.Write(usersFile, f); err != nil {
			tb.Fatal(err)
		}
	}
	if token != "" || opt.users {
		dir, err := users.NewDirectory(usersFile, []byte(token))
		if err != nil {
			tb.Fatal(err)
		}
		cfg.Users = dir
	}
	rs.Server = httptest.NewServer(httpapi.NewHandler(store, cfg, slog.New(slog.NewTextHandler(rs.logs, nil))))
	tb.Cleanup(rs.Close)
	return rs
}

// syncWriter lets the server's handlers share one log buffer.
type syncWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (s *syncWriter) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.String()
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

func (rs *reviewServer) draftFile(tb testing.TB) string {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(rs.drafts, "crt2019-niger", "draft.review"))
	if err != nil {
		tb.Fatal(err)
	}
	return string(data)
}

func send(tb testing.TB, method, url, auth, body string) response {
	tb.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return response{status: res.StatusCode, header: res.Header, body: b}
}

// wantCode is wantProblem with the problem's code checked too.
func wantCode(tb testing.TB, res response, status int, code string) {
	tb.Helper()
	if p := wantProblem(tb, res, status, ""); p.Code != code {
		tb.Errorf("problem code %q, want %q", p.Code, code)
	}
}

// TestWriteToken: the legacy write token still works, as the admin user: no
// token or a wrong one is 401 (with WWW-Authenticate), and a server without a
// token refuses every write with 403. A refused write changes nothing.
func TestWriteToken(t *testing.T) {
	withToken := newReviewServer(t, writeToken)
	noToken := newReviewServer(t, "")
	const accept = `{"status": "accepted"}`
	for _, route := range []struct{ method, path, body string }{
		{http.MethodPatch, "/api/v1/drafts/crt2019-niger/items/m-ee5444de52", accept},
		{http.MethodPost, "/api/v1/drafts/crt2019-niger/apply", ""},
		{http.MethodPost, "/api/v1/packs/mmp/revert", ""},
	} {
		for _, tc := range []struct {
			name   string
			srv    *reviewServer
			auth   string
			status int
			code   string
		}{
			{"no header", withToken, "", http.StatusUnauthorized, "unauthorized"},
			{"not bearer", withToken, "Basic " + writeToken, http.StatusUnauthorized, "unauthorized"},
			{"bearer without token", withToken, "Bearer", http.StatusUnauthorized, "unauthorized"},
			{"wrong token", withToken, "Bearer " + writeToken + "x", http.StatusUnauthorized, "unauthorized"},
			{"token's prefix", withToken, "Bearer " + writeToken[:8], http.StatusUnauthorized, "unauthorized"},
			{"writing off", noToken, "", http.StatusForbidden, "forbidden"},
			{"writing off, a token sent", noToken, "Bearer " + writeToken, http.StatusForbidden, "forbidden"},
		} {
			t.Run(route.method+" "+tc.name, func(t *testing.T) {
				before := tc.srv.draftFile(t)
				res := send(t, route.method, tc.srv.URL+route.path, tc.auth, route.body)
				wantCode(t, res, tc.status, tc.code)
				if tc.status == http.StatusUnauthorized && !strings.HasPrefix(res.header.Get("WWW-Authenticate"), "Bearer") {
					t.Errorf("WWW-Authenticate %q, want Bearer", res.header.Get("WWW-Authenticate"))
				}
				if tc.srv.draftFile(t) != before {
					t.Error("a refused write changed the draft")
				}
			})
		}
	}
	t.Run("right token", func(t *testing.T) {
		res := send(t, http.MethodPatch, withToken.URL+"/api/v1/drafts/crt2019-niger/items/m-ee5444de52", "Bearer "+writeToken, accept)
		if res.status != http.StatusOK {
			t.Fatalf("status %d: %s", res.status, res.body)
		}
		if !strings.Contains(withToken.draftFile(t), "id: m-ee5444de52\n    status: accepted") {
			t.Error("the accepted mention is not saved in draft.review")
		}
	})
}

// TestDraftRoutes: reads need no token; bad requests are 4xx problems that
// say what to fix. A server without a drafts folder: see TestFeaturesOff.
func TestDraftRoutes(t *testing.T) {
	rs := newReviewServer(t, writeToken)
	auth := "Bearer " + writeToken
	for _, tc := range []struct {
		name, method, url, body string
		status                  int
		code                    string
	}{
		{"list", http.MethodGet, rs.URL + "/api/v1/drafts", "", http.StatusOK, ""},
		{"one", http.MethodGet, rs.URL + "/api/v1/drafts/crt2019-niger", "", http.StatusOK, ""},
		{"unknown draft", http.MethodGet, rs.URL + "/api/v1/drafts/crt2020-chad", "", http.StatusNotFound, "not_found"},
		{"bad draft name", http.MethodGet, rs.URL + "/api/v1/drafts/Bad..Name", "", http.StatusBadRequest, "invalid"},
		{"unknown parameter", http.MethodGet, rs.URL + "/api/v1/drafts?all=1", "", http.StatusBadRequest, "invalid"},
		{"preview of nothing accepted", http.MethodGet, rs.URL + "/api/v1/drafts/crt2019-niger/preview", "", http.StatusConflict, "conflict"},
		{"unknown item", http.MethodPatch, rs.URL + "/api/v1/drafts/crt2019-niger/items/r-0000000000", `{"status":"accepted"}`, http.StatusNotFound, "not_found"},
		{"unknown field", http.MethodPatch, rs.URL + "/api/v1/drafts/crt2019-niger/items/m-ee5444de52", `{"state":"accepted"}`, http.StatusBadRequest, "invalid"},
		{"empty body", http.MethodPatch, rs.URL + "/api/v1/drafts/crt2019-niger/items/m-ee5444de52", ``, http.StatusBadRequest, "invalid"},
		{"bad date", http.MethodPatch, rs.URL + "/api/v1/drafts/crt2019-niger/items/r-6955b5ad92", `{"since":"March 2017"}`, http.StatusBadRequest, "invalid"},
		{"end nobody has", http.MethodPatch, rs.URL + "/api/v1/drafts/crt2019-niger/items/r-6955b5ad92", `{"to":"nobody"}`, http.StatusBadRequest, "invalid"},
		{"apply of nothing accepted", http.MethodPost, rs.URL + "/api/v1/drafts/crt2019-niger/apply", "", http.StatusConflict, "conflict"},
		{"resolve to nothing", http.MethodPatch, rs.URL + "/api/v1/drafts/crt2019-niger/items/e-d58a03d91f", `{"resolve":"no-such-unit"}`, http.StatusBadRequest, "invalid"},
		{"resolve", http.MethodPatch, rs.URL + "/api/v1/drafts/crt2019-niger/items/e-d58a03d91f", `{"resolve":"fiu"}`, http.StatusOK, ""},
		{"resolved is a mention", http.MethodPatch, rs.URL + "/api/v1/drafts/crt2019-niger/items/e-d58a03d91f", `{"kind":"state_body"}`, http.StatusBadRequest, "invalid"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := send(t, tc.method, tc.url, auth, tc.body)
			if tc.code == "" {
				if res.status != tc.status {
					t.Fatalf("status %d, want %d: %s", res.status, tc.status, res.body)
				}
				return
			}
			wantCode(t, res, tc.status, tc.code)
		})
	}
}

// TestFeaturesOff: a route whose feature a flag turns on answers, while the
// flag is off, 404 not_found naming the flag, never a 5xx that would page
// whoever watches for server errors.
func TestFeaturesOff(t *testing.T) {
	dir, err := users.NewDirectory("", []byte(writeToken))
	if err != nil {
		t.Fatal(err)
	}
	off := mustServer(t, httpapi.Config{Users: dir})
	auth := "Bearer " + writeToken
	const drafts = "graphapi serve --seed DIR --drafts DIR --write-token-file FILE"
	for _, tc := range []struct {
		name, method, path, body, detail string
	}{
		{"drafts list", http.MethodGet, "/api/v1/drafts", "", drafts},
		{"one draft", http.MethodGet, "/api/v1/drafts/crt2019-niger", "", drafts},
		{"draft preview", http.MethodGet, "/api/v1/drafts/crt2019-niger/preview", "", drafts},
		{"draft item edit", http.MethodPatch, "/api/v1/drafts/crt2019-niger/items/m-ee5444de52", `{"status":"accepted"}`, drafts},
		{"draft apply", http.MethodPost, "/api/v1/drafts/crt2019-niger/apply", "", drafts},
		{"cypher on the embedded store", http.MethodPost, "/api/v1/cypher", `{"query":"MATCH (n) RETURN n LIMIT 1"}`, "graphapi serve --backend neo4j"},
		{"pack revert", http.MethodPost, "/api/v1/packs/cep/revert", "", drafts},
		{"audit trail", http.MethodGet, "/api/v1/audit", "", "graphapi serve --audit FILE"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := send(t, tc.method, off.URL+tc.path, auth, tc.body)
			if p := wantProblem(t, res, http.StatusNotFound, tc.detail); p.Code != "not_found" {
				t.Errorf("problem code %q, want not_found", p.Code)
			}
		})
	}
}
