package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/graphapi/graphapi/internal/entities"
)

// twoPacks are two packs applied after the seed, first-YEAR1 on 1 January of
// year1 and second-YEAR2 on 1 January of year2: the second states a
// relationship from the group only the first states.
func twoPacks(year1, year2 int) map[string]string {
	pack := func(id string, year int, by, states string) string {
		return fmt.Sprintf("source: {id: %s, kind: reference, title: %s}\napplied: {by: %s, at: \"%d-01-01T00:00:00Z\"}\n%s", id, id, by, year, states)
	}
	first, second := fmt.Sprintf("first-%d", year1), fmt.Sprintf("second-%d", year2)
	return map[string]string{
		first: pack(first, year1, "amina", "entities:\n  - {id: new-group, kind: armed_group, name: New Group, evidence: [{locator: \"p. 1\"}]}\n"),
		second: pack(second, year2, "bram",
			"relationships:\n  - {from: new-group, type: OPERATES_IN, to: mali, confidence: reported, evidence: [{locator: \"p. 2\"}]}\n"),
	}
}

var appliedPacks = twoPacks(2030, 2031)

// TestHistoryAndRevert: the history lists the seed's packs by id, then the
// applied ones by time; a revert of a pack that another depends on is a 409
// naming the dependant; a dry run changes nothing; an unknown pack is 404.
func TestHistoryAndRevert(t *testing.T) {
	rs := newReviewServerWith(t, writeToken, appliedPacks)
	res := send(t, http.MethodGet, rs.URL+"/api/v1/history", "", "")
	if res.status != http.StatusOK {
		t.Fatalf("history: %d %s", res.status, res.body)
	}
	var h struct{ Items []entities.Source }
	if err := json.Unmarshal(res.body, &h); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range h.Items {
		ids = append(ids, s.ID)
	}
	n := len(ids)
	if n < 3 || !slices.IsSorted(ids[:n-2]) || ids[n-2] != "first-2030" || ids[n-1] != "second-2031" {
		t.Errorf("history %v: the seed's packs by id, then first-2030, second-2031", ids)
	}
	if a := h.Items[n-1].Applied; a == nil || a.By != "bram" || a.At.Year() != 2031 {
		t.Errorf("second-2031's applied record: %+v", a)
	}
	sources := send(t, http.MethodGet, rs.URL+"/api/v1/sources", "", "")

	auth := "Bearer " + writeToken
	refused, dry := 0, 0
	for _, id := range ids {
		res := send(t, http.MethodPost, rs.URL+"/api/v1/packs/"+id+"/revert?dry_run=true", auth, "")
		switch res.status {
		case http.StatusConflict:
			refused++
			wantProblem(t, res, http.StatusConflict, "cannot be reverted")
			var deps struct {
				Dependants []struct{ Pack, Relationship, Entity string }
			}
			if err := json.Unmarshal(res.body, &deps); err != nil {
				t.Fatal(err)
			}
			// second-2031's relationship names new-group, which only
			// first-2030 states, and mali, which only crt2018-mali does.
			end := map[string]string{"first-2030": "new-group", "crt2018-mali": "mali"}[id]
			want := []struct{ Pack, Relationship, Entity string }{{"second-2031", "new-group:OPERATES_IN:mali", end}}
			if end == "" || !slices.Equal(deps.Dependants, want) {
				t.Errorf("%s: refused with dependants %+v, want %+v", id, deps.Dependants, want)
			}
		case http.StatusOK:
			dry++
			var rv struct {
				Pack    string
				DryRun  bool `json:"dry_run"`
				Changes struct {
					Removed []entities.Entity `json:"removed_entities"`
				}
			}
			if err := json.Unmarshal(res.body, &rv); err != nil || rv.Pack != id || !rv.DryRun {
				t.Errorf("%s: dry run %s", id, res.body)
			}
		default:
			t.Errorf("%s: dry run status %d: %s", id, res.status, res.body)
		}
	}
	// The Mali seed's packs restate every entity they name, so none depends
	// on another.
	if refused != 2 || dry != n-2 {
		t.Errorf("of %d packs, %d refused and %d previewed; want 2 and %d", n, refused, dry, n-2)
	}
	if again := send(t, http.MethodGet, rs.URL+"/api/v1/sources", "", ""); string(again.body) != string(sources.body) {
		t.Error("a dry run changed the graph's sources")
	}
	wantCode(t, send(t, http.MethodPost, rs.URL+"/api/v1/packs/no-such-pack/revert", auth, ""), http.StatusNotFound, entities.ENOTFOUND)
	wantCode(t, send(t, http.MethodPost, rs.URL+"/api/v1/packs/mmp/revert?dry_run=maybe", auth, ""), http.StatusBadRequest, entities.EINVALID)
}

// TestAsKnown: as_known on a server whose packs all came with the seed
// answers the graph now, and one without a seed folder too (it has nothing
// applied); a malformed moment is a 400 saying what to give.
func TestAsKnown(t *testing.T) {
	rs := newReviewServer(t, writeToken)
	now := send(t, http.MethodGet, rs.URL+"/api/v1/entities/jnim/neighbors?depth=2", "", "")
	then := send(t, http.MethodGet, rs.URL+"/api/v1/entities/jnim/neighbors?depth=2&as_known=2020-01-01", "", "")
	if then.status != http.StatusOK || string(then.body) != string(now.body) {
		t.Errorf("as_known on a seed with no applied pack: %d, want the graph now", then.status)
	}
	for _, bad := range []string{"2020-13-01", "last+week", "2020", "2020-01-01&as_known=2020-01-02"} {
		res := send(t, http.MethodGet, rs.URL+"/api/v1/entities/jnim?as_known="+bad, "", "")
		wantCode(t, res, http.StatusBadRequest, entities.EINVALID)
	}
}

// TestAsKnownBeforeAndAfterAPack: the graph as known before a pack was
// applied lacks what it states; as known after, it has it, and lacks what a
// pack applied later states.
func TestAsKnownBeforeAndAfterAPack(t *testing.T) {
	rs := newReviewServerWith(t, writeToken, appliedPacks)
	get := func(path string) response { return send(t, http.MethodGet, rs.URL+path, "", "") }
	wantCode(t, get("/api/v1/entities/new-group?as_known=2029-12-31"), http.StatusNotFound, entities.ENOTFOUND)
	for _, tc := range []struct {
		known string
		edges int // new-group's relationships
	}{{"2030-06-01", 0}, {"2031-01-01T00:00:00Z", 1}, {"", 1}} {
		q := ""
		if tc.known != "" {
			q = "?as_known=" + tc.known
		}
		res := get("/api/v1/entities/new-group/neighbors" + q)
		if res.status != http.StatusOK {
			t.Fatalf("as_known=%s: %d %s", tc.known, res.status, res.body)
		}
		var g entities.Graph
		if err := json.Unmarshal(res.body, &g); err != nil {
			t.Fatal(err)
		}
		if len(g.Edges) != tc.edges {
			t.Errorf("as_known=%s: new-group has %d relationships, want %d", tc.known, len(g.Edges), tc.edges)
		}
	}
	// as_known is not as_of: a day before the pack entered the graph, its
	// source is not listed at all.
	var before []entities.Source
	if err := json.Unmarshal(get("/api/v1/sources?as_known=2030-06-01").body, &before); err != nil {
		t.Fatal(err)
	}
	if slices.ContainsFunc(before, func(s entities.Source) bool { return s.ID == "second-2031" }) ||
		!slices.ContainsFunc(before, func(s entities.Source) bool { return s.ID == "first-2030" }) {
		t.Errorf("sources as known on 2030-06-01: %+v", before)
	}
}

// TestAsKnownAfterARevert: a reverted pack leaves the graph now, but the graph
// as known while it was in still has what it stated; as known before it was
// applied, not.
func TestAsKnownAfterARevert(t *testing.T) {
	rs := newReviewServerWith(t, writeToken, twoPacks(2020, 2021))
	edges := func(known string) int {
		t.Helper()
		q := ""
		if known != "" {
			q = "?as_known=" + known
		}
		res := send(t, http.MethodGet, rs.URL+"/api/v1/entities/new-group/neighbors"+q, "", "")
		if res.status != http.StatusOK {
			t.Fatalf("as_known=%s: %d %s", known, res.status, res.body)
		}
		var g entities.Graph
		if err := json.Unmarshal(res.body, &g); err != nil {
			t.Fatal(err)
		}
		return len(g.Edges)
	}
	if n := edges(""); n != 1 {
		t.Fatalf("before the revert new-group has %d relationships, want 1", n)
	}
	if res := send(t, http.MethodPost, rs.URL+"/api/v1/packs/second-2021/revert", "Bearer "+writeToken, ""); res.status != http.StatusOK {
		t.Fatalf("revert: %d %s", res.status, res.body)
	}
	for _, tc := range []struct {
		known string
		want  int
	}{{"", 0}, {"2020-06-01", 0}, {"2021-06-01", 1}, {"2021-01-01T00:00:00Z", 1}} {
		if n := edges(tc.known); n != tc.want {
			t.Errorf("after the revert, as_known=%q: new-group has %d relationships, want %d", tc.known, n, tc.want)
		}
	}
}
