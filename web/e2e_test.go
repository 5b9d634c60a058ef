package web_test

// End-to-end tests of the explorer page in real headless Chromium (Debian's
// chromium package, installed by scripts/install-chromium.sh) against a real
// `graphapi serve`. Each scenario fails on any console error, uncaught
// exception or failed resource load, and saves a screenshot of its view into
// artifacts/screenshots/ ($ARTIFACTS_DIR/screenshots/ when set).
// TestExplorerPerformance measures the figures that
// BENCHMARKS.md reports and logs them.

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/graphapi/graphapi/web"
)

const chromiumPath = "/usr/bin/chromium"

// moduleRoot is the repository root (where go.mod is).
func moduleRoot(tb testing.TB) string {
	tb.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		tb.Fatalf("go env GOMOD: %v", err)
	}
	return filepath.Dir(strings.TrimSpace(string(out)))
}

// requirePage fails (never skips) when the page has not been built or Chromium
// is missing: the end-to-end tests are part of the suite.
func requirePage(tb testing.TB) {
	tb.Helper()
	if !web.Built() {
		tb.Fatal("the explorer page is not built: web/dist/index.html is missing; run `npm ci && npm run build` in web/ and run the tests again")
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		tb.Fatalf("%s is missing: run scripts/install-chromium.sh", chromiumPath)
	}
}

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// buildGraphapi builds cmd/graphapi once per test run, with the page embedded.
func buildGraphapi(tb testing.TB) string {
	tb.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "graphapi-e2e-")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "graphapi")
		cmd := exec.Command("go", "build", "-o", binPath, "./cmd/graphapi")
		cmd.Dir = moduleRoot(tb)
		if out, err := cmd.CombinedOutput(); err != nil {
			binErr = fmt.Errorf("go build ./cmd/graphapi: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		tb.Fatal(binErr)
	}
	return binPath
}

// startServer runs `graphapi serve --addr 127.0.0.1:0 --backend embedded [args]`
// and returns its base URL once it says it is listening; the server stops when
// the test ends. The backend is named because the test environment may set
// NEO4J_URI for other packages, which would otherwise pick Neo4j.
func startServer(tb testing.TB, args ...string) string {
	tb.Helper()
	bin := buildGraphapi(tb)
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, append([]string{"serve", "--addr", "127.0.0.1:0", "--backend", "embedded"}, args...)...)
	cmd.Stderr = io.Discard
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		cancel()
		_ = cmd.Wait()
	})
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if rest, ok := strings.CutPrefix(sc.Text(), "graphapi listening on "); ok {
				found <- strings.TrimSpace(rest)
			}
		}
		close(found)
	}()
	var base string
	select {
	case u, ok := <-found:
		if !ok {
			tb.Fatal("graphapi serve exited before it listened")
		}
		base = u
	case <-time.After(60 * time.Second):
		tb.Fatal("graphapi serve did not say it was listening within 60 s")
	}
	res, err := http.Get(base + "/")
	if err != nil {
		tb.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), "graphapi explorer") {
		tb.Fatalf("GET / on graphapi serve answered %d without the explorer page: internal/httpapi must serve web.Assets() at /", res.StatusCode)
	}
	return base
}

// browser is one headless Chromium with a fresh profile. Every page it opens
// records console errors, uncaught exceptions and failed loads.
type browser struct {
	tb       testing.TB
	ctx      context.Context // the browser's own context; each tab is a child
	mu       sync.Mutex
	problems []string
}

func newBrowser(tb testing.TB) *browser {
	tb.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(tb.TempDir()),
		chromedp.WindowSize(1280, 800),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	tb.Cleanup(cancelAlloc)
	// The first Run starts the browser; its context has no deadline, since a
	// deadline there would stop the whole browser.
	ctx, cancel := chromedp.NewContext(allocCtx)
	tb.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		tb.Fatalf("starting %s: %v", chromiumPath, err)
	}
	b := &browser{tb: tb, ctx: ctx}
	tb.Cleanup(func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		for _, p := range b.problems {
			tb.Errorf("browser: %s", p)
		}
	})
	return b
}

func (b *browser) problem(format string, args ...any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.problems = append(b.problems, fmt.Sprintf(format, args...))
}

// tab opens a new tab of 1280×800 with a deadline. Console errors, uncaught
// exceptions and errors of the browser log (a failed load) are recorded.
func (b *browser) tab(timeout time.Duration) context.Context {
	b.tb.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx)
	b.tb.Cleanup(cancel)
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				b.problem("%s (%s:%d)", m, m.URL, m.Line)
			}
		}
	}()
	ctx, cancelT := context.WithTimeout(ctx, timeout)
	b.tb.Cleanup(cancelT)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800)); err != nil {
		b.tb.Fatal(err)
	}
	return ctx
}

func run(tb testing.TB, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	tb.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		tb.Fatal(err)
	}
}

// get runs one action that returns a value.
func get[T any](tb testing.TB, ctx context.Context, a chromedp.Action[T]) T {
	tb.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

// eval evaluates a JavaScript expression, awaiting a promise, into out.
func eval[T any](tb testing.TB, ctx context.Context, expr string, out *T) {
	tb.Helper()
	*out = get(tb, ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

func text(tb testing.TB, ctx context.Context, sel string) string {
	tb.Helper()
	return get(tb, ctx, chromedp.Text(chromedp.CSS(sel)))
}

func value(tb testing.TB, ctx context.Context, sel string) string {
	tb.Helper()
	return get(tb, ctx, chromedp.Value(chromedp.CSS(sel)))
}

// settled waits until the page is ready, idle, and has drawn at least the
// given number of renders and steps.
func settled(tb testing.TB, ctx context.Context, renders, steps int) {
	tb.Helper()
	expr := fmt.Sprintf(`(async () => {
		const x = () => window.__explorer;
		for (let i = 0; i < 600; i++) {
			if (x() && x().ready && x().busy === 0 && x().renders >= %d && x().steps >= %d) {
				await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
				return x().lastError || "ok";
			}
			await new Promise((r) => setTimeout(r, 25));
		}
		return "timed out: " + JSON.stringify(x() && {ready: x().ready, busy: x().busy, renders: x().renders, steps: x().steps});
	})()`, renders, steps)
	var res string
	eval(tb, ctx, expr, &res)
	if res != "ok" {
		tb.Fatalf("page did not settle: %s", res)
	}
}

func renders(tb testing.TB, ctx context.Context) int {
	tb.Helper()
	var n int
	eval(tb, ctx, `window.__explorer ? window.__explorer.renders : 0`, &n)
	return n
}

// view is what the canvas shows: the visible nodes and edges, by id.
type view struct {
	Nodes []string `json:"nodes"`
	Edges []string `json:"edges"`
	URL   string   `json:"url"`
}

func currentView(tb testing.TB, ctx context.Context) view {
	tb.Helper()
	var v view
	eval(tb, ctx, `(() => {
		const cy = window.__explorer.cy;
		const vis = cy.elements().not('.off');
		return {
			nodes: vis.nodes().map((n) => n.id()).sort(),
			edges: vis.edges().map((e) => e.id()).sort(),
			url: location.search,
		};
	})()`, &v)
	return v
}

// screenshot saves the page as a PNG into $ARTIFACTS_DIR/screenshots, or
// artifacts/screenshots under the repository (ignored by git).
func screenshot(tb testing.TB, ctx context.Context, name string) {
	tb.Helper()
	dir := filepath.Join(artifactsDir(tb), "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	png := get(tb, ctx, chromedp.CaptureScreenshot())
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		tb.Fatal(err)
	}
}

func artifactsDir(tb testing.TB) string {
	tb.Helper()
	if d := os.Getenv("ARTIFACTS_DIR"); d != "" {
		return d
	}
	return filepath.Join(moduleRoot(tb), "artifacts")
}

// clickElement clicks the centre of a graph element (a node, or an edge's
// midpoint) with the mouse, as a person would.
func clickElement(tb testing.TB, ctx context.Context, id string) {
	tb.Helper()
	var xy []float64
	eval(tb, ctx, fmt.Sprintf(`(() => {
		const cy = window.__explorer.cy;
		const el = cy.getElementById(%q);
		if (el.empty()) return [];
		const p = el.isEdge() ? el.renderedMidpoint() : el.renderedPosition();
		const r = cy.container().getBoundingClientRect();
		return [r.left + p.x, r.top + p.y];
	})()`, id), &xy)
	if len(xy) != 2 {
		tb.Fatalf("no element %q on the canvas", id)
	}
	run(tb, ctx, chromedp.MouseClickXY(xy[0], xy[1]))
}

// pick types text into a search box and chooses the suggestion for id with
// the keyboard.
func pick(tb testing.TB, ctx context.Context, inputSel, listSel, text, id string) {
	tb.Helper()
	run(tb, ctx,
		chromedp.Click(chromedp.CSS(inputSel)),
		chromedp.SendKeys(chromedp.CSS(inputSel), text),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`%s li[data-id=%q]`, listSel, id))),
	)
	// Move down to the wanted suggestion, then Enter.
	var index int
	eval(tb, ctx, fmt.Sprintf(`[...document.querySelectorAll('%s li')].findIndex((li) => li.dataset.id === %q)`, listSel, id), &index)
	for range index {
		run(tb, ctx, chromedp.KeyEvent(kb.ArrowDown)) // ArrowDown
	}
	run(tb, ctx, chromedp.KeyEvent(kb.Enter))
}

var predecessors = []string{"aqim-sahara-branch", "al-murabitoun", "ansar-al-dine", "macina-liberation-front"}

func mergers() []string {
	out := make([]string, len(predecessors))
	for i, p := range predecessors {
		out[i] = p + ":MERGED_INTO:jnim"
	}
	return out
}

func TestExplorer(t *testing.T) {
	requirePage(t)
	base := startServer(t)
	b := newBrowser(t)

	t.Run("SearchJNIMAndOpenLineage", func(t *testing.T) {
		ctx := b.tab(60 * time.Second)
		run(t, ctx, chromedp.Navigate(base+"/"))
		settled(t, ctx, 1, 0)
		screenshot(t, ctx, "01-start.png")
		// '/' focuses the search box from anywhere on the page.
		run(t, ctx, chromedp.KeyEvent("/"))
		var focused string
		eval(t, ctx, `document.activeElement.id`, &focused)
		if focused != "search-input" {
			t.Fatalf("'/' focused %q, not the search box", focused)
		}
		// CDP sends the key's character as an event of its own, which the
		// page's preventDefault on keydown cannot stop (a real key press is
		// stopped): clear it before typing.
		var cleared bool
		eval(t, ctx, `(() => { document.getElementById('search-input').value = ''; return true; })()`, &cleared)
		run(t, ctx, chromedp.SendKeys(chromedp.CSS("#search-input"), "JNIM"),
			chromedp.WaitVisible(chromedp.CSS(`#search-list li[data-id="jnim"]`)))
		screenshot(t, ctx, "02-search-suggestions.png")
		run(t, ctx, chromedp.KeyEvent(kb.Enter))
		settled(t, ctx, 2, 0)
		screenshot(t, ctx, "03-jnim-neighbours.png")

		run(t, ctx, chromedp.Click(chromedp.CSS("#view-lineage")))
		settled(t, ctx, 3, 0)
		v := currentView(t, ctx)
		for _, id := range append([]string{"jnim"}, predecessors...) {
			if !slices.Contains(v.Nodes, id) {
				t.Errorf("lineage of JNIM lacks %s; it shows %v", id, v.Nodes)
			}
		}
		for _, id := range mergers() {
			if !slices.Contains(v.Edges, id) {
				t.Errorf("lineage of JNIM lacks the merger edge %s", id)
			}
		}
		if !strings.Contains(v.URL, "entity=jnim") || !strings.Contains(v.URL, "view=lineage") {
			t.Errorf("the URL %q does not hold the view", v.URL)
		}
		// Time flows down: each predecessor is drawn above JNIM.
		var above bool
		eval(t, ctx, fmt.Sprintf(`(() => { const cy = window.__explorer.cy; const y = cy.getElementById('jnim').position('y');
			return %q.split(',').every((id) => cy.getElementById(id).position('y') < y); })()`, strings.Join(predecessors, ",")), &above)
		if !above {
			t.Error("the predecessors are not drawn above JNIM")
		}
		screenshot(t, ctx, "04-jnim-lineage.png")
	})

	t.Run("ClickMergerEdgeShowsQuotation", func(t *testing.T) {
		ctx := b.tab(60 * time.Second)
		run(t, ctx, chromedp.Navigate(base+"/?entity=jnim&view=lineage"))
		settled(t, ctx, 1, 0)
		clickElement(t, ctx, "al-murabitoun:MERGED_INTO:jnim")
		run(t, ctx, chromedp.WaitVisible(chromedp.CSS("#edge-sentence")))
		sentence, panel := text(t, ctx, "#edge-sentence"), text(t, ctx, "#panel")
		if got := strings.Join(strings.Fields(sentence), " "); got != "al-Murabitoun merged into JNIM" {
			t.Errorf("edge sentence = %q, want %q", got, "al-Murabitoun merged into JNIM")
		}
		for _, want := range []string{
			"the umbrella group that formed after the Sahara Branch of al-Qa'ida in the Islamic Maghreb (AQIM), al-Murabitoun, Ansar al-Dine, and the Macina Liberation Front merged",
			"Country Reports on Terrorism 2018, Chapter 1: Mali",
			"Fact",
			"2 March 2017",
		} {
			if !strings.Contains(panel, want) {
				t.Errorf("the edge panel lacks %q; it reads:\n%s", want, panel)
			}
		}
		screenshot(t, ctx, "05-merger-edge-evidence.png")
		// Escape closes the panel.
		run(t, ctx, chromedp.KeyEvent(kb.Escape), chromedp.WaitNotVisible(chromedp.CSS("#panel")))
	})

	t.Run("PathGSIGNToMinistryOfSecurity", func(t *testing.T) {
		ctx := b.tab(60 * time.Second)
		run(t, ctx, chromedp.Navigate(base+"/"))
		settled(t, ctx, 1, 0)
		run(t, ctx, chromedp.Click(chromedp.CSS("#toggle-path")), chromedp.WaitVisible(chromedp.CSS("#path-from")))
		pick(t, ctx, "#path-from", "#path-from-list", "GSIGN", "gsign")
		pick(t, ctx, "#path-to", "#path-to-list", "Ministry of Security", "mos")
		n := renders(t, ctx)
		run(t, ctx, chromedp.Click(chromedp.CSS("#path-go")))
		settled(t, ctx, n+1, 0)
		v := currentView(t, ctx)
		for _, id := range []string{"gsign", "national-gendarmerie", "mos"} {
			if !slices.Contains(v.Nodes, id) {
				t.Errorf("the path view lacks %s; it shows %v", id, v.Nodes)
			}
		}
		var onPath bool
		eval(t, ctx, `window.__explorer.cy.getElementById('national-gendarmerie').hasClass('onpath')`, &onPath)
		if !onPath {
			t.Error("the gendarmerie is not highlighted on the path")
		}
		list := text(t, ctx, "#path-list")
		if !strings.Contains(list, "GSIGN — National Gendarmerie — MOS") {
			t.Errorf("the path list reads %q", list)
		}
		if !strings.Contains(v.URL, "view=path") || !strings.Contains(v.URL, "from=gsign") || !strings.Contains(v.URL, "to=mos") {
			t.Errorf("the URL %q does not hold the path", v.URL)
		}
		screenshot(t, ctx, "06-path-gsign-mos.png")
	})

	t.Run("TimeSliderBefore2017HidesMergers", func(t *testing.T) {
		ctx := b.tab(60 * time.Second)
		run(t, ctx, chromedp.Navigate(base+"/?entity=jnim&view=lineage"))
		settled(t, ctx, 1, 0)
		dragSlider(t, ctx, 2016)
		label := text(t, ctx, "#asof-label")
		if label != "2016" {
			t.Fatalf("the slider reads %q after the drag, want 2016", label)
		}
		v := currentView(t, ctx)
		for _, id := range mergers() {
			if slices.Contains(v.Edges, id) {
				t.Errorf("the merger edge %s is still shown as of 2016", id)
			}
		}
		for _, id := range predecessors {
			if !slices.Contains(v.Nodes, id) {
				t.Errorf("%s existed in 2016 but is hidden", id)
			}
		}
		if !strings.Contains(v.URL, "as_of=2016") {
			t.Errorf("the URL %q does not hold as_of", v.URL)
		}
		screenshot(t, ctx, "07-lineage-as-of-2016.png")
		// Back to every date: the mergers return.
		dragSlider(t, ctx, 2020)
		v = currentView(t, ctx)
		for _, id := range mergers() {
			if !slices.Contains(v.Edges, id) {
				t.Errorf("the merger edge %s did not come back", id)
			}
		}
	})

	t.Run("SharedURLReloadsTheSameView", func(t *testing.T) {
		ctx := b.tab(90 * time.Second)
		run(t, ctx, chromedp.Navigate(base+"/?entity=jnim&view=lineage"))
		settled(t, ctx, 1, 0)
		// Expand JNIM's affiliation and its coordination through its panel,
		// hide a kind, move the slider.
		clickElement(t, ctx, "jnim")
		run(t, ctx, chromedp.Click(chromedp.CSS(`#panel button[data-expand="AFFILIATE_OF:out"]`)))
		settled(t, ctx, 1, 1)
		clickElement(t, ctx, "jnim")
		run(t, ctx, chromedp.Click(chromedp.CSS(`#panel button[data-expand="COORDINATES_WITH:out"]`)))
		settled(t, ctx, 1, 2)
		run(t, ctx, chromedp.Click(chromedp.CSS(`#kind-legend input[data-kind="place"]`)))
		dragSlider(t, ctx, 2018)
		before := currentView(t, ctx)
		screenshot(t, ctx, "08-shared-view-before-reload.png")
		if !strings.Contains(before.URL, "steps=") || !strings.Contains(before.URL, "hide_kinds=place") {
			t.Fatalf("the URL %q does not hold the steps and filters", before.URL)
		}
		// Undo takes the expansion back.
		run(t, ctx, chromedp.Click(chromedp.CSS("#undo")))
		undone := currentView(t, ctx)
		if len(undone.Nodes) >= len(before.Nodes) || strings.Contains(undone.URL, "COORDINATES_WITH") || !strings.Contains(undone.URL, "steps=x:jnim:AFFILIATE_OF:out") {
			t.Errorf("undo left %d nodes (had %d) and URL %q", len(undone.Nodes), len(before.Nodes), undone.URL)
		}

		// A fresh tab opening the shared URL gets the same view.
		other := b.tab(60 * time.Second)
		run(t, other, chromedp.Navigate(base+"/"+before.URL))
		settled(t, other, 1, 0)
		after := currentView(t, other)
		if !slices.Equal(before.Nodes, after.Nodes) || !slices.Equal(before.Edges, after.Edges) {
			t.Errorf("the shared URL gave another view:\nbefore %v\n       %v\nafter  %v\n       %v", before.Nodes, before.Edges, after.Nodes, after.Edges)
		}
		slider, label := value(t, other, "#asof"), text(t, other, "#asof-label")
		var placeOn bool
		eval(t, other, `document.querySelector('#kind-legend input[data-kind="place"]').checked`, &placeOn)
		if slider != "2018" || label != "2018" || placeOn {
			t.Errorf("after reload: slider %q, label %q, places shown %v", slider, label, placeOn)
		}
		screenshot(t, other, "09-shared-view-after-reload.png")
	})
}

// dragSlider drags the as_of slider's thumb to a year with the mouse.
func dragSlider(tb testing.TB, ctx context.Context, year int) {
	tb.Helper()
	var g struct {
		Left, Top, Width, Height, Min, Max, Value float64
	}
	eval(tb, ctx, `(() => { const s = document.getElementById('asof'); const r = s.getBoundingClientRect();
		return {left: r.left, top: r.top, width: r.width, height: r.height, min: +s.min, max: +s.max, value: +s.value}; })()`, &g)
	const thumb = 16.0 // Chromium's range thumb
	x := func(v float64) float64 { return g.Left + thumb/2 + (v-g.Min)/(g.Max-g.Min)*(g.Width-thumb) }
	y := g.Top + g.Height/2
	from, to := x(g.Value), x(float64(year))
	held := func(p *input.DispatchMouseEventParams) { p.Buttons = 1 }
	acts := []chromedp.Action[chromedp.Void]{
		chromedp.MouseEvent(chromedp.MouseMoved, from, y),
		chromedp.MouseEvent(chromedp.MousePressed, from, y, chromedp.ButtonLeft, chromedp.ClickCount(1), held),
	}
	for i := 1; i <= 10; i++ {
		acts = append(acts, chromedp.MouseEvent(chromedp.MouseMoved, from+(to-from)*float64(i)/10, y, chromedp.ButtonLeft, held))
	}
	acts = append(acts, chromedp.MouseEvent(chromedp.MouseReleased, to, y, chromedp.ButtonLeft, chromedp.ClickCount(1)))
	run(tb, ctx, acts...)
	got := value(tb, ctx, "#asof")
	if got != fmt.Sprint(year) {
		tb.Fatalf("dragging the slider to %d left it at %s", year, got)
	}
}

// TestExplorerPerformance draws, in the browser, the Mali lineage in fresh
// tabs and a generated 2,000-node neighbourhood, then pans and zooms it with
// real input. It fails when a view does not draw or the page stops rendering
// frames; the times it logs are for reading, not asserted (a busy machine
// would fail them whatever the code does): scripts/bench-page.sh measures.
func TestExplorerPerformance(t *testing.T) {
	requirePage(t)
	base := startServer(t)
	b := newBrowser(t)

	// Navigation → Mali lineage drawn, in fresh tabs (the first warms the server).
	var times []float64
	for i := range 6 {
		ctx := b.tab(60 * time.Second)
		run(t, ctx, chromedp.Navigate(base+"/?entity=jnim&view=lineage"))
		settled(t, ctx, 1, 0)
		var ms float64
		eval(t, ctx, `window.__explorer.lastRender.sinceNavigationMs`, &ms)
		if i > 0 {
			times = append(times, ms)
		}
	}
	sort.Float64s(times)
	med := times[len(times)/2]
	// Logged, not asserted: a wall-clock bound fails on a busy machine whatever
	// the code does; the figures that count come from scripts/bench-page.sh.
	t.Logf("navigation → JNIM lineage drawn: median %.0f ms, min %.0f ms, max %.0f ms (%d runs, target ≤ 1000 ms)", med, times[0], times[len(times)-1], len(times))

	// A generated graph, served, and its 2,000-node neighbourhood drawn.
	dir := t.TempDir()
	gen := exec.Command(buildGraphapi(t), "gen", "--entities", "2600", "--relationships", "7000", "--out", dir)
	if out, err := gen.CombinedOutput(); err != nil {
		t.Fatalf("graphapi gen: %v\n%s", err, out)
	}
	bigBase := startServer(t, "--seed", dir)
	ctx := b.tab(120 * time.Second)
	run(t, ctx, chromedp.Navigate(bigBase+"/?entity=ag-0&view=neighbors&depth=6&limit=2000"))
	settled(t, ctx, 1, 0)
	var r struct {
		Nodes        int     `json:"nodes"`
		Edges        int     `json:"edges"`
		FetchMs      float64 `json:"fetchMs"`
		LayoutMs     float64 `json:"layoutMs"`
		LayoutOnlyMs float64 `json:"layoutOnlyMs"`
		TotalMs      float64 `json:"totalMs"`
	}
	eval(t, ctx, `(() => { const r = window.__explorer.lastRender; return {nodes: r.nodes, edges: r.edges, fetchMs: r.fetchMs, layoutMs: r.layoutMs, layoutOnlyMs: r.layoutOnlyMs, totalMs: r.totalMs}; })()`, &r)
	t.Logf("generated neighbourhood: %d nodes, %d edges; fetch %.0f ms, fcose layout %.0f ms, layout and first draw %.0f ms (target ≤ 3000 ms), navigation to drawn %.0f ms", r.Nodes, r.Edges, r.FetchMs, r.LayoutOnlyMs, r.LayoutMs, r.TotalMs)
	if r.Nodes < 1900 {
		t.Errorf("the generated neighbourhood has %d nodes, want about 2,000", r.Nodes)
	}
	screenshot(t, ctx, "10-generated-2000-nodes.png")

	// Pan (a mouse drag on the background) and zoom (the wheel), with real
	// input events, while the page records the time between its frames.
	var spot []float64
	eval(t, ctx, `(() => {
		const cy = window.__explorer.cy;
		const r = cy.container().getBoundingClientRect();
		const pts = cy.nodes().map((n) => n.renderedPosition());
		let best = [r.left + 20, r.top + 20], bestD = -1;
		for (let x = 20; x < r.width - 20; x += 20) for (let y = 20; y < r.height - 20; y += 20) {
			let d = Infinity;
			for (const p of pts) d = Math.min(d, Math.hypot(p.x - x, p.y - y));
			if (d > bestD) { bestD = d; best = [r.left + x, r.top + y]; }
		}
		return best;
	})()`, &spot)
	record := func(name string, input ...chromedp.Action[chromedp.Void]) []float64 {
		var ok bool
		eval(t, ctx, `(() => { const f = window.__frames = []; window.__recording = true;
			const loop = (last) => requestAnimationFrame((now) => { if (!window.__recording) return; f.push(now - last); loop(now); });
			loop(performance.now()); return true; })()`, &ok)
		run(t, ctx, input...)
		var ms []float64
		eval(t, ctx, `new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => { window.__recording = false; r(window.__frames); })))`, &ms)
		if len(ms) < 5 {
			t.Fatalf("%s: only %d frames recorded", name, len(ms))
		}
		return ms
	}
	x, y := spot[0], spot[1]
	pan := []chromedp.Action[chromedp.Void]{
		chromedp.MouseEvent(chromedp.MouseMoved, x, y),
		chromedp.MouseEvent(chromedp.MousePressed, x, y, chromedp.ButtonLeft, chromedp.ClickCount(1)),
	}
	for i := 1; i <= 60; i++ {
		dx := float64(i) * 4
		if i > 30 {
			dx = float64(60-i) * 4
		}
		pan = append(pan, chromedp.MouseEvent(chromedp.MouseMoved, x+dx, y+dx/2, chromedp.ButtonLeft, func(p *input.DispatchMouseEventParams) { p.Buttons = 1 }))
	}
	pan = append(pan, chromedp.MouseEvent(chromedp.MouseReleased, x, y, chromedp.ButtonLeft, chromedp.ClickCount(1)))
	var centre []float64
	eval(t, ctx, `(() => { const r = window.__explorer.cy.container().getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()`, &centre)
	var zoom []chromedp.Action[chromedp.Void]
	for i := range 40 {
		dy := -120.0
		if i >= 20 {
			dy = 120
		}
		zoom = append(zoom, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseWheel, centre[0], centre[1], func(p *input.DispatchMouseEventParams) { p.DeltaY = dy; p.DeltaX = 0.01 })) // a zero DeltaX is left out of the command, which Chromium refuses
	}
	frames := struct{ Pan, Zoom []float64 }{record("pan", pan...), record("zoom", zoom...)}
	for _, f := range []struct {
		name string
		ms   []float64
	}{{"pan", frames.Pan}, {"zoom", frames.Zoom}} {
		s := slices.Clone(f.ms)
		sort.Float64s(s)
		var sum float64
		for _, v := range s {
			sum += v
		}
		t.Logf("%s frame time over %d frames: mean %.1f ms, median %.1f ms, p95 %.1f ms, max %.1f ms", f.name, len(s), sum/float64(len(s)), s[len(s)/2], s[len(s)*95/100], s[len(s)-1])
	}
	raw, _ := json.Marshal(r)
	t.Logf("raw: %s", raw)
}
