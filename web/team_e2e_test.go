package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestTeamReview is the team scenario in Chromium against a real server with
// a users file and an audit trail: before signing in the page offers no write
// buttons; an editor signs in, accepts the items of a draft (each then says
// "by" whom) and applies it; a reader, in another tab, sees no write buttons,
// and the server refuses the reader's apply with 403. The trail holds the
// editor's writes and no token.
func TestTeamReview(t *testing.T) {
	requirePage(t)
	ws := newTeamWorkspace(t)
	bin, seedDir, draftsDir, usersFile, trail, it := ws.bin, ws.seedDir, ws.draftsDir, ws.usersFile, ws.trail, ws.it
	addUser := ws.addUser
	editor, reader := addUser("bo", "editor"), addUser("ana", "reader")
	base := startServer(t, "--seed", seedDir, "--drafts", draftsDir, "--users", usersFile, "--audit", trail)

	b := newBrowser(t)
	ctx := b.tab(90 * time.Second)
	run(t, ctx, chromedp.Navigate(base+"/#drafts/crt2019-niger"))
	draftsIdle(t, ctx, `d.draft === "crt2019-niger"`)
	if n := writeButtons(t, ctx); n != 0 {
		t.Errorf("before signing in the page offers %d write buttons", n)
	}

	signIn(t, ctx, editor, "bo")
	if who := text(t, ctx, "#session-user"); who != "bo · editor" {
		t.Errorf("the page says it acts for %q", who)
	}
	draftsIdle(t, ctx, `document.querySelector('#drafts button.accept') !== null`)
	edits := 0
	for _, item := range []string{it.nctb, it.ministry, it.reportsTo, it.niger} {
		clickItem(t, ctx, item, "accept")
		edits++
		draftsIdle(t, ctx, fmt.Sprintf("d.edits >= %d", edits))
		if s := itemStatus(t, ctx, item); s != "accepted" {
			t.Fatalf("%s is %s after Accept", item, s)
		}
		var by string
		eval(t, ctx, fmt.Sprintf(`(document.querySelector('li.item[data-id=%q] .decided') || {dataset: {}}).dataset.by || ''`, item), &by)
		if by != "bo" {
			t.Errorf("%s does not say it was accepted by bo (%q)", item, by)
		}
	}
	clickAt(t, ctx, "#drafts-preview-go")
	draftsIdle(t, ctx, "d.previews >= 1")
	applyOnPage(t, ctx, seedDir)
	screenshot(t, ctx, "team-editor-applied.png")

	// The reader, in a tab of their own (sessionStorage is per tab).
	rctx := b.tab(60 * time.Second)
	run(t, rctx, chromedp.Navigate(base+"/#drafts/crt2019-niger"))
	draftsIdle(t, rctx, `d.draft === "crt2019-niger"`)
	signIn(t, rctx, reader, "ana")
	draftsIdle(t, rctx, `document.getElementById('drafts-readonly') !== null`)
	if n := writeButtons(t, rctx); n != 0 {
		t.Errorf("the reader is offered %d write buttons", n)
	}
	var by string
	eval(t, rctx, fmt.Sprintf(`document.querySelector('li.item[data-id=%q] .decided').dataset.by`, it.nctb), &by)
	if by != "bo" {
		t.Errorf("the reader does not see who accepted %s: %q", it.nctb, by)
	}
	screenshot(t, rctx, "team-reader.png")
	// The server enforces what the page hides: the reader's apply, sent with
	// the token the tab signed in with, is refused. (Sent from here: the
	// browser would log the 403 as a failed load.)
	var tabToken string
	eval(t, rctx, `sessionStorage.getItem('graphapi.token')`, &tabToken)
	req, err := http.NewRequest(http.MethodPost, base+"/api/v1/drafts/crt2019-niger/apply", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+tabToken)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var refused struct{ Detail string }
	err = json.NewDecoder(res.Body).Decode(&refused)
	res.Body.Close()
	if err != nil || res.StatusCode != http.StatusForbidden || !strings.Contains(refused.Detail, "this route needs role editor; you are reader") {
		t.Errorf("the reader's apply: %d %+v (%v); want 403 naming the role needed", res.StatusCode, refused, err)
	}

	out, err := exec.Command(bin, "audit", "--user", "bo", trail).Output()
	if err != nil {
		t.Fatalf("graphapi audit: %v", err)
	}
	var actions []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var e struct{ User, Action string }
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("graphapi audit printed %q: %v", line, err)
		}
		actions = append(actions, e.Action)
	}
	if want := "item.accept item.accept item.accept item.accept pack.apply"; strings.Join(actions, " ") != want {
		t.Errorf("bo's entries in the trail: %v, want %s", actions, want)
	}
	data, err := os.ReadFile(trail)
	if err != nil {
		t.Fatal(err)
	}
	for _, tok := range []string{editor, reader} {
		if strings.Contains(string(data), tok[len(tok)-20:]) {
			t.Error("the audit trail holds a token")
		}
	}
}

// writeButtons counts the buttons of the Drafts view that write.
func writeButtons(tb testing.TB, ctx context.Context) int {
	tb.Helper()
	var n int
	eval(tb, ctx, `document.querySelectorAll('#drafts button.accept, #drafts button.reject, #drafts button.edit, #drafts-apply').length`, &n)
	return n
}

// teamWorkspace is a team's working folder for a browser test: a copy of the
// seed, the Niger draft to review, and a users file and audit trail that
// addUser fills.
type teamWorkspace struct {
	tb                                        testing.TB
	bin, seedDir, draftsDir, usersFile, trail string
	it                                        reviewItems
}

func newTeamWorkspace(tb testing.TB) *teamWorkspace {
	tb.Helper()
	root := moduleRoot(tb)
	work := tb.TempDir()
	ws := &teamWorkspace{tb: tb, bin: buildGraphapi(tb),
		seedDir: filepath.Join(work, "seed"), draftsDir: filepath.Join(work, "drafts"),
		usersFile: filepath.Join(work, "users.yaml"), trail: filepath.Join(work, "audit.jsonl")}
	if err := os.CopyFS(ws.seedDir, os.DirFS(filepath.Join(root, "seed"))); err != nil {
		tb.Fatal(err)
	}
	ws.it = draftNiger(tb, root, ws.bin, ws.seedDir, ws.draftsDir)
	return ws
}

// addUser runs `graphapi user add` and returns the token it prints once.
func (ws *teamWorkspace) addUser(name, role string) string {
	ws.tb.Helper()
	out, err := exec.Command(ws.bin, "user", "add", name, "--role", role, "--users", ws.usersFile, "--audit", ws.trail, "--by", "lead").Output()
	if err != nil {
		ws.tb.Fatalf("graphapi user add %s: %v", name, err)
	}
	return strings.TrimSpace(string(out))
}
