package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/graphapi/graphapi/internal/neo4jstore/neo4jtest"
)

// TestRevertOnPage: an editor applies a draft; an admin opens History in
// Chromium, sees who applied the pack, previews what reverting it takes out
// (its new entities and relationship, its evidence on the merger edge),
// reverts it, and the graph is byte for byte the graph before the apply. The
// editor is offered no revert. It runs on the embedded store and on Neo4j.
func TestRevertOnPage(t *testing.T) {
	requirePage(t)
	t.Run("embedded", func(t *testing.T) { revertOnPage(t, "embedded") })
	t.Run("neo4j", func(t *testing.T) {
		neo4jtest.Require(t)
		revertOnPage(t, "neo4j")
	})
}

// revertOnPage is TestRevertOnPage on one backend; on Neo4j the seed is
// loaded into the database first, as `graphapi load` would for a team.
func revertOnPage(t *testing.T, backend string) {
	ws := newTeamWorkspace(t)
	bin, seedDir, draftsDir, usersFile, trail, it := ws.bin, ws.seedDir, ws.draftsDir, ws.usersFile, ws.trail, ws.it
	addUser := ws.addUser
	editor, admin := addUser("bo", "editor"), addUser("cy", "admin")
	if backend == "neo4j" {
		if out, err := exec.Command(bin, "load", "--seed", seedDir).CombinedOutput(); err != nil {
			t.Fatalf("graphapi load into Neo4j: %v\n%s", err, out)
		}
	}
	base := startServer(t, "--seed", seedDir, "--drafts", draftsDir, "--users", usersFile, "--audit", trail, "--backend", backend)
	graphNow := func() string {
		t.Helper()
		res, err := http.Get(base + "/api/v1/sources")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		src, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		return exportJSON(t, base) + string(src)
	}
	before := graphNow()

	send := func(method, path string) {
		t.Helper()
		body := strings.NewReader("")
		if method == http.MethodPatch {
			body = strings.NewReader(`{"status": "accepted"}`)
		}
		req, err := http.NewRequest(method, base+path, body)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+editor)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s %s: %d %s", method, path, res.StatusCode, data)
		}
	}
	for _, item := range []string{it.nctb, it.ministry, it.reportsTo, it.niger, it.merged} {
		send(http.MethodPatch, "/api/v1/drafts/crt2019-niger/items/"+item)
	}
	send(http.MethodPost, "/api/v1/drafts/crt2019-niger/apply")
	if graphNow() == before {
		t.Fatal("the apply left the graph as it was")
	}

	b := newBrowser(t)
	ectx := b.tab(60 * time.Second)
	run(t, ectx, chromedp.Navigate(base+"/#history"))
	signIn(t, ectx, editor, "bo")
	historyIdle(t, ectx, `document.getElementById('history-readonly') !== null`)
	var offered int
	eval(t, ectx, `document.querySelectorAll('#history button.revert-preview').length`, &offered)
	if offered != 0 {
		t.Errorf("the editor is offered %d reverts", offered)
	}

	ctx := b.tab(90 * time.Second)
	run(t, ctx, chromedp.Navigate(base+"/#history"))
	signIn(t, ctx, admin, "cy")
	historyIdle(t, ctx, `document.querySelector('#history button.revert-preview[data-pack="crt2019-niger"]') !== null`)
	var packs []string
	eval(t, ctx, `[...document.querySelectorAll('#history-list > li')].map((li) => li.dataset.pack)`, &packs)
	if len(packs) == 0 || packs[len(packs)-1] != "crt2019-niger" {
		t.Errorf("history %v: the applied pack comes last", packs)
	}
	var by string
	eval(t, ctx, `document.querySelector('#history-list > li[data-pack="crt2019-niger"] [data-by]').dataset.by`, &by)
	if by != "bo" {
		t.Errorf("the history says crt2019-niger was applied by %q, want bo", by)
	}

	clickAt(t, ctx, `#history button.revert-preview[data-pack="crt2019-niger"]`)
	historyIdle(t, ctx, "h.previews >= 1")
	gone := ids(t, ctx, "#revert-removed-entities > li")
	for _, want := range it.newEntities {
		if !slices.Contains(gone, want) {
			t.Errorf("the preview does not say %s leaves: %v", want, gone)
		}
	}
	if rels := ids(t, ctx, "#revert-removed-relationships > li"); !slices.Contains(rels, it.reportsToID) {
		t.Errorf("the preview does not say %s leaves: %v", it.reportsToID, rels)
	}
	if lost := ids(t, ctx, "#revert-evidence-removed > li"); !slices.Contains(lost, it.mergedID) {
		t.Errorf("the preview does not say the merger edge %s loses the pack's evidence: %v", it.mergedID, lost)
	}
	if graphNow() == before {
		t.Fatal("the preview changed the graph")
	}
	screenshot(t, ctx, "history-revert-preview.png")

	clickAt(t, ctx, "#history-revert")
	historyIdle(t, ctx, "h.reverted !== null")
	if _, err := os.Stat(filepath.Join(seedDir, "crt2019-niger")); !os.IsNotExist(err) {
		t.Errorf("the pack is still in the seed folder (%v)", err)
	}
	if graphNow() != before {
		t.Error("after the revert the graph is not the graph before the apply")
	}
	eval(t, ctx, `[...document.querySelectorAll('#history-list > li')].map((li) => li.dataset.pack)`, &packs)
	if slices.Contains(packs, "crt2019-niger") {
		t.Errorf("the history still lists the reverted pack: %v", packs)
	}
	screenshot(t, ctx, "history-reverted.png")
}

// historyIdle waits until the History view is idle and cond (over h, its
// test hook) holds.
func historyIdle(tb testing.TB, ctx context.Context, cond string) {
	tb.Helper()
	var res string
	eval(tb, ctx, fmt.Sprintf(`(async () => {
		for (let i = 0; i < 800; i++) {
			const h = window.__history;
			if (h && h.lastError) return "error: " + h.lastError;
			if (h && h.busy === 0 && (%s)) {
				await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
				return "ok";
			}
			await new Promise((r) => setTimeout(r, 25));
		}
		return "timed out: " + JSON.stringify(window.__history);
	})()`, cond), &res)
	if res != "ok" {
		tb.Fatalf("history view: waiting for %s: %s", cond, res)
	}
}
