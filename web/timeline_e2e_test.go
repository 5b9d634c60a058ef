package web_test

// End-to-end tests of the timeline view and of label legibility, in headless
// Chromium against a real `graphapi serve`, and the measurement of time to the
// timeline drawn (BenchmarkTimelineDrawn, run by scripts/bench-page.sh).

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// labelOverlapsJS lists every pair of drawn labels, or label and node, whose
// boxes overlap, on the Cytoscape canvas or in the timeline's SVG. A label is
// drawn when its element is shown, its text is not empty and its font is not
// below Cytoscape's min-zoomed-font-size at the current zoom.
const labelOverlapsJS = `(() => {
	const boxes = [];
	const svg = document.getElementById('timeline-svg');
	if (svg && !document.getElementById('timeline').hidden) {
		const shown = (e) => getComputedStyle(e).display !== 'none' && e.getAttribute('visibility') !== 'hidden';
		for (const t of svg.querySelectorAll('text.label')) {
			if (!shown(t) || !t.textContent) continue;
			const r = t.getBoundingClientRect();
			boxes.push({ what: 'label', id: t.textContent, x1: r.left, y1: r.top, x2: r.right, y2: r.bottom });
		}
		for (const b of svg.querySelectorAll('.lane rect')) {
			const r = b.getBoundingClientRect();
			boxes.push({ what: 'node', id: b.closest('.lane').dataset.id, x1: r.left, y1: r.top, x2: r.right, y2: r.bottom });
		}
	} else {
		const cy = window.__explorer.cy;
		const z = cy.zoom();
		const drawn = (e) => e.visible() && e.style('label') && parseFloat(e.style('font-size')) * z >= parseFloat(e.style('min-zoomed-font-size'));
		const only = { includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false, includeUnderlays: false };
		for (const n of cy.nodes().filter((n) => n.visible())) {
			boxes.push({ what: 'node', id: n.id(), ...n.boundingBox({ includeLabels: false, includeOverlays: false, includeUnderlays: false }) });
			if (drawn(n)) boxes.push({ what: 'label', id: n.id(), ...n.boundingBox(only) });
		}
		for (const e of cy.edges().filter(drawn)) boxes.push({ what: 'label', id: e.id(), ...e.boundingBox(only) });
	}
	const labels = boxes.filter((b) => b.what === 'label');
	const out = [];
	const tol = 0.5;
	for (const a of labels) {
		for (const b of boxes) {
			if (a === b || a.id === b.id || (b.what === 'label' && labels.indexOf(b) < labels.indexOf(a))) continue;
			if (a.x1 + tol < b.x2 && b.x1 + tol < a.x2 && a.y1 + tol < b.y2 && b.y1 + tol < a.y2) out.push('label of ' + a.id + ' over the ' + b.what + ' ' + b.id);
		}
	}
	return { labels: labels.length, overlaps: out };
})()`

type overlapReport struct {
	Labels   int      `json:"labels"`
	Overlaps []string `json:"overlaps"`
}

func checkNoOverlap(tb testing.TB, ctx context.Context, what string) {
	tb.Helper()
	var r overlapReport
	eval(tb, ctx, labelOverlapsJS, &r)
	if r.Labels == 0 {
		tb.Errorf("%s: no label drawn at all", what)
	}
	if len(r.Overlaps) > 0 {
		tb.Errorf("%s: %d of %d labels overlap:\n  %s", what, len(r.Overlaps), r.Labels, strings.Join(r.Overlaps, "\n  "))
	}
}

// TestLabelsDoNotOverlap opens every view of the Mali graph the page offers
// and fails when a drawn label covers another label or a node; then zooms
// out until labels are too small to read (they are hidden) and back in.
func TestLabelsDoNotOverlap(t *testing.T) {
	requirePage(t)
	base := startServer(t)
	b := newBrowser(t)
	views := []struct{ name, query string }{
		{"jnim-neighbours", "?entity=jnim&view=neighbors"},
		{"jnim-lineage", "?entity=jnim&view=lineage"},
		{"jnim-timeline", "?entity=jnim&view=timeline"},
		{"aqim-lineage-2010", "?entity=aqim&view=lineage&as_of=2010"},
		{"mali-neighbours", "?entity=mali&view=neighbors"},
		{"path-gsign-mos", "?view=path&from=gsign&to=mos"},
		{"jnim-neighbours-depth-2", "?entity=jnim&view=neighbors&depth=2"},
	}
	for i, v := range views {
		t.Run(v.name, func(t *testing.T) {
			ctx := b.tab(120 * time.Second)
			run(t, ctx, chromedp.Navigate(base+"/"+v.query))
			settled(t, ctx, 1, 0)
			checkNoOverlap(t, ctx, v.name)
			screenshot(t, ctx, fmt.Sprintf("20-labels-%02d-%s.png", i, v.name))
		})
	}

	// A label with no free spot is drawn while its element is hovered.
	t.Run("CrowdedEdgeLabelShowsOnHover", func(t *testing.T) {
		ctx := b.tab(60 * time.Second)
		run(t, ctx, chromedp.Navigate(base+"/?entity=jnim&view=lineage"))
		settled(t, ctx, 1, 0)
		var id string
		eval(t, ctx, `(window.__explorer.cy.edges('.label-hover').map((e) => e.id())[0]) || ''`, &id)
		if id == "" {
			t.Fatal("every edge label of JNIM's lineage found a spot: nothing to hover (the layout changed?)")
		}
		labelOf := func() string {
			var l string
			eval(t, ctx, fmt.Sprintf(`window.__explorer.cy.getElementById(%q).style('label')`, id), &l)
			return l
		}
		if l := labelOf(); l != "" {
			t.Fatalf("the crowded edge %s draws its label %q before any hover", id, l)
		}
		var xy []float64
		eval(t, ctx, fmt.Sprintf(`(() => { const cy = window.__explorer.cy; const p = cy.getElementById(%q).renderedMidpoint();
			const r = cy.container().getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; })()`, id), &xy)
		run(t, ctx, chromedp.MouseEvent(chromedp.MouseMoved, xy[0]-3, xy[1]-3), chromedp.MouseEvent(chromedp.MouseMoved, xy[0], xy[1]))
		if l := labelOf(); l == "" {
			t.Errorf("hovering the crowded edge %s does not draw its label", id)
		}
		screenshot(t, ctx, "22-labels-hover.png")
	})

	t.Run("SmallLabelsHideAndComeBackOnZoom", func(t *testing.T) {
		ctx := b.tab(60 * time.Second)
		run(t, ctx, chromedp.Navigate(base+"/?entity=jnim&view=neighbors"))
		settled(t, ctx, 1, 0)
		drawnAt := func(zoom float64) int {
			var n int
			eval(t, ctx, fmt.Sprintf(`(async () => { const cy = window.__explorer.cy; cy.zoom(%g); cy.center();
				await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
				return cy.nodes().filter((n) => n.visible() && n.style('label') && parseFloat(n.style('font-size')) * cy.zoom() >= parseFloat(n.style('min-zoomed-font-size'))).length; })()`, zoom), &n)
			return n
		}
		if n := drawnAt(0.4); n != 0 {
			t.Errorf("at zoom 0.4 (13 px type drawn at 5 px) %d node labels are still drawn", n)
		}
		screenshot(t, ctx, "21-labels-zoomed-out.png")
		if n := drawnAt(1.2); n == 0 {
			t.Error("zoomed back in to 1.2, no node label is drawn")
		}
	})
}

// connectorJS returns the timeline's connectors: id, type, date, words, classes, x.
const connectorsJS = `[...document.querySelectorAll('#timeline-svg .connector')].map((g) => ({
	id: g.dataset.id, type: g.dataset.type, since: g.dataset.since, words: g.getAttribute('aria-label'),
	later: g.classList.contains('later'), x: +g.dataset.x,
}))`

type connector struct {
	ID    string  `json:"id"`
	Type  string  `json:"type"`
	Since string  `json:"since"`
	Words string  `json:"words"`
	Later bool    `json:"later"`
	X     float64 `json:"x"`
}

func TestTimeline(t *testing.T) {
	requirePage(t)
	base := startServer(t)
	b := newBrowser(t)

	t.Run("JNIM", func(t *testing.T) {
		ctx := b.tab(90 * time.Second)
		run(t, ctx, chromedp.Navigate(base+"/?entity=jnim&view=lineage"))
		settled(t, ctx, 1, 0)
		run(t, ctx, chromedp.Click(chromedp.CSS("#view-timeline")))
		settled(t, ctx, 2, 0)
		var lanes []string
		eval(t, ctx, `[...document.querySelectorAll('#timeline-svg .lane')].map((g) => g.dataset.id)`, &lanes)
		if len(lanes) != 10 {
			t.Errorf("the JNIM timeline has %d lanes, want 10: %v", len(lanes), lanes)
		}
		for _, id := range append([]string{"jnim", "gspc", "gia", "aqim", "mujao"}, predecessors...) {
			if !slices.Contains(lanes, id) {
				t.Errorf("no lane for %s", id)
			}
		}
		var conns []connector
		eval(t, ctx, connectorsJS, &conns)
		var mergerX []float64
		for _, c := range conns {
			if c.Type == "MERGED_INTO" && strings.HasSuffix(c.ID, ":jnim") && c.Since == "2017-03-02" {
				mergerX = append(mergerX, c.X)
			}
		}
		if len(mergerX) != 4 || slices.Min(mergerX) != slices.Max(mergerX) {
			t.Errorf("merger connectors into JNIM on 2017-03-02 at x %v, want four at one x", mergerX)
		}
		i := slices.IndexFunc(conns, func(c connector) bool { return c.ID == "gspc:RENAMED_TO:aqim" })
		if i < 0 || !strings.HasPrefix(conns[i].Since, "2007") {
			t.Fatalf("no connector for the GSPC's rename in 2007: %+v", conns)
		}
		if conns[i].Words != "GSPC was renamed AQIM, 24 January 2007" {
			t.Errorf("the rename reads %q", conns[i].Words)
		}
		var drawnWords []string
		eval(t, ctx, `[...document.querySelectorAll('#timeline-svg text.connector-label')].map((t) => t.textContent)`, &drawnWords)
		for _, want := range []string{"GSPC was renamed AQIM, 24 January 2007", "al-Murabitoun merged into JNIM, 2 March 2017"} {
			if !slices.Contains(drawnWords, want) {
				t.Errorf("no connector label reads %q; the labels are %q", want, drawnWords)
			}
		}
		// Leaders, where the sources give dates: marks on their groups' lanes.
		var leaders []string
		eval(t, ctx, `[...document.querySelectorAll('#timeline-svg .leader')].map((g) => g.dataset.id).sort()`, &leaders)
		for _, want := range []string{"iyad-ag-ghaly:FOUNDED:ansar-al-dine", "iyad-ag-ghaly:LEADS:jnim", "mokhtar-belmokhtar:LEADS:al-mulathamun-battalion"} {
			if !slices.Contains(leaders, want) {
				t.Errorf("no leader mark for %s; the marks are %v", want, leaders)
			}
		}
		if !strings.Contains(currentView(t, ctx).URL, "view=timeline") {
			t.Error("the URL does not say view=timeline")
		}
		checkNoOverlap(t, ctx, "JNIM timeline")
		screenshot(t, ctx, "30-timeline-jnim.png")

		// The slider: as of 2016, the mergers come later and fade; the rename does not.
		dragSlider(t, ctx, 2016)
		eval(t, ctx, connectorsJS, &conns)
		for _, c := range conns {
			wantLater := c.Since > "2016-12-31"
			if c.Later != wantLater {
				t.Errorf("as of 2016 the connector %s (%s) faded = %v, want %v", c.ID, c.Since, c.Later, wantLater)
			}
		}
		var veil bool
		eval(t, ctx, `!!document.querySelector('#timeline-svg .cursor .veil')`, &veil)
		if !veil {
			t.Error("as of 2016 no veil covers the time after the cursor")
		}
		if !strings.Contains(currentView(t, ctx).URL, "as_of=2016") {
			t.Error("the URL does not hold as_of=2016")
		}
		screenshot(t, ctx, "31-timeline-jnim-as-of-2016.png")
		dragSlider(t, ctx, 2020)

		// A click on a merger connector opens the evidence panel with the quotation.
		clickTimeline(t, ctx, `.connector[data-id="al-murabitoun:MERGED_INTO:jnim"]`)
		run(t, ctx, chromedp.WaitVisible(chromedp.CSS("#edge-sentence")))
		if got := strings.Join(strings.Fields(text(t, ctx, "#edge-sentence")), " "); got != "al-Murabitoun merged into JNIM" {
			t.Errorf("the panel's sentence is %q", got)
		}
		panel := text(t, ctx, "#panel")
		for _, want := range []string{
			"the umbrella group that formed after the Sahara Branch of al-Qa'ida in the Islamic Maghreb (AQIM), al-Murabitoun, Ansar al-Dine, and the Macina Liberation Front merged",
			"Country Reports on Terrorism 2018, Chapter 1: Mali",
		} {
			if !strings.Contains(panel, want) {
				t.Errorf("the panel lacks %q; it reads:\n%s", want, panel)
			}
		}
		screenshot(t, ctx, "32-timeline-connector-evidence.png")
		// A click on a bar opens the group.
		clickTimeline(t, ctx, `.lane[data-id="gspc"] .bar`)
		run(t, ctx, chromedp.WaitVisible(chromedp.CSS("#panel .panel-title")))
		if got := text(t, ctx, "#panel .panel-title"); got != "GSPC" {
			t.Errorf("clicking the GSPC's bar opened %q", got)
		}
	})

	// The lineage rule: as of 2010, AQIM's lineage holds the GSPC, which had
	// become AQIM in 2007 (marked as ended), and the GIA it split from.
	t.Run("LineageAsOf2010KeepsEndedAncestors", func(t *testing.T) {
		ctx := b.tab(60 * time.Second)
		run(t, ctx, chromedp.Navigate(base+"/?entity=aqim&view=lineage&as_of=2010"))
		settled(t, ctx, 1, 0)
		v := currentView(t, ctx)
		for _, id := range []string{"aqim", "gspc", "gia"} {
			if !slices.Contains(v.Nodes, id) {
				t.Errorf("AQIM's lineage as of 2010 lacks %s; it shows %v", id, v.Nodes)
			}
		}
		for _, id := range []string{"gspc:RENAMED_TO:aqim", "gspc:SPLIT_FROM:gia"} {
			if !slices.Contains(v.Edges, id) {
				t.Errorf("AQIM's lineage as of 2010 lacks %s; it shows %v", id, v.Edges)
			}
		}
		if slices.Contains(v.Nodes, "jnim") {
			t.Error("AQIM's lineage as of 2010 shows JNIM, founded in 2017")
		}
		var ended bool
		eval(t, ctx, `window.__explorer.cy.getElementById('gspc').hasClass('ended')`, &ended)
		if !ended {
			t.Error("the GSPC, renamed in 2007, is not marked as ended as of 2010")
		}
		screenshot(t, ctx, "34-aqim-lineage-as-of-2010.png")
	})

	t.Run("ExportsSVGAndPNGWithSources", func(t *testing.T) {
		ctx := b.tab(90 * time.Second)
		for _, q := range []string{"?entity=jnim&view=timeline", "?entity=jnim&view=lineage"} {
			run(t, ctx, chromedp.Navigate(base+"/"+q))
			settled(t, ctx, 1, 0)
			var out struct {
				SVG     string `json:"svg"`
				PNGType string `json:"pngType"`
				PNGSize int    `json:"pngSize"`
				Parsed  bool   `json:"parsed"`
			}
			eval(t, ctx, `(async () => {
				const svg = window.__explorer.exportSVG();
				const png = await window.__explorer.exportPNG();
				const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
				return { svg, pngType: png.type, pngSize: png.size, parsed: !doc.querySelector('parsererror') && doc.documentElement.localName === 'svg' };
			})()`, &out)
			if !out.Parsed {
				t.Errorf("%s: the SVG export does not parse as SVG", q)
			}
			for _, want := range []string{"Sources (", "Country Reports on Terrorism 2018, Chapter 1: Mali", "JNIM"} {
				if !strings.Contains(out.SVG, want) {
					t.Errorf("%s: the SVG export lacks %q", q, want)
				}
			}
			if out.PNGType != "image/png" || out.PNGSize < 10000 {
				t.Errorf("%s: the PNG export is %q of %d bytes", q, out.PNGType, out.PNGSize)
			}
			name := strings.NewReplacer("?", "", "&", "-", "=", "-").Replace(q)
			dir := filepath.Join(artifactsDir(t), "exports")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, name+".svg"), []byte(out.SVG), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	})

	t.Run("Generated200Groups", func(t *testing.T) {
		dir := t.TempDir()
		writeLineageSeed(t, dir, 200)
		genBase := startServer(t, "--seed", dir)
		ctx := b.tab(180 * time.Second)
		run(t, ctx, chromedp.Navigate(genBase+"/?entity=g000&view=timeline"))
		settled(t, ctx, 1, 0)
		var lanes, conns int
		eval(t, ctx, `document.querySelectorAll('#timeline-svg .lane').length`, &lanes)
		eval(t, ctx, `document.querySelectorAll('#timeline-svg .connector').length`, &conns)
		if lanes != 200 || conns < 199 {
			t.Errorf("the generated lineage drew %d lanes and %d connectors, want 200 and at least 199", lanes, conns)
		}
		checkNoOverlap(t, ctx, "generated timeline")
		screenshot(t, ctx, "33-timeline-generated-200.png")
	})
}

// clickTimeline scrolls an element of the timeline into view and clicks a
// point of it that is not covered by anything else.
func clickTimeline(tb testing.TB, ctx context.Context, sel string) {
	tb.Helper()
	var xy []any
	eval(tb, ctx, fmt.Sprintf(`(() => {
		const el = document.querySelector('#timeline-svg %s');
		if (!el) return ['missing'];
		el.scrollIntoView({ block: 'center', inline: 'center' });
		const r = el.getBoundingClientRect();
		for (let f = 0.5; f < 1; f += 0.05) for (const g of [f, 1 - f]) {
			const x = r.left + r.width / 2, y = r.top + r.height * g;
			const hit = document.elementFromPoint(x, y);
			if (hit && (hit === el || el.contains(hit) || hit.closest('g') === el.closest('g'))) return [x, y];
		}
		const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
		return ['covered', JSON.stringify(r), hit ? hit.outerHTML.slice(0, 200) : 'nothing'];
	})()`, sel), &xy)
	x, okX := xy[0].(float64)
	y, okY := xy[len(xy)-1].(float64)
	if len(xy) != 2 || !okX || !okY {
		tb.Fatalf("no clickable point on the timeline's %s: %v", sel, xy)
	}
	run(tb, ctx, chromedp.MouseClickXY(x, y))
}

// writeLineageSeed writes a seed of n armed groups in one lineage: each group
// after the first comes from an earlier one that still exists (a split, a
// branch, a merger or a rename, dated at its founding), and every seventh
// also absorbs a second group; a group that merges or is renamed ends then.
func writeLineageSeed(tb testing.TB, dir string, n int) {
	tb.Helper()
	founded := make([]string, n)
	for i := range n {
		y, m, d := 1960+i*55/n, 1+(i*7)%12, 1+i%28
		switch i % 3 {
		case 0:
			founded[i] = fmt.Sprint(y)
		case 1:
			founded[i] = fmt.Sprintf("%d-%02d", y, m)
		default:
			founded[i] = fmt.Sprintf("%d-%02d-%02d", y, m, d)
		}
	}
	dissolved := make([]string, n)
	var rels strings.Builder
	rels.WriteString("relationships:\n")
	ev := "    confidence: fact\n    evidence:\n      - source: gen-lineage\n        locator: generated lineage\n"
	rng := uint32(7)
	next := func(k int) int { rng = rng*1664525 + 1013904223; return int(rng>>8) % k }
	alive := func(lo, hi int) []int {
		var out []int
		for j := max(lo, 0); j < hi; j++ {
			if dissolved[j] == "" {
				out = append(out, j)
			}
		}
		return out
	}
	for i := 1; i < n; i++ {
		cands := alive(i-15, i)
		if len(cands) == 0 {
			cands = alive(0, i)
		}
		p := cands[next(len(cands))]
		types := []string{"SPLIT_FROM", "SPLIT_FROM", "BRANCH_OF", "MERGED_INTO", "RENAMED_TO"}
		typ := types[i%len(types)]
		from, to := i, p
		if typ == "MERGED_INTO" || typ == "RENAMED_TO" {
			from, to = p, i
			dissolved[p] = founded[i]
		}
		fmt.Fprintf(&rels, "  - from: g%03d\n    type: %s\n    to: g%03d\n    since: %s\n%s", from, typ, to, founded[i], ev)
		if i%7 == 0 {
			if more := alive(i-30, i); len(more) > 0 {
				q := more[next(len(more))]
				dissolved[q] = founded[i]
				fmt.Fprintf(&rels, "  - from: g%03d\n    type: MERGED_INTO\n    to: g%03d\n    since: %s\n%s", q, i, founded[i], ev)
			}
		}
	}
	var ents strings.Builder
	ents.WriteString("entities:\n")
	for i := range n {
		fmt.Fprintf(&ents, "  - id: g%03d\n    kind: armed_group\n    name: Lineage group %03d\n    founded: %s\n", i, i, founded[i])
		if dissolved[i] != "" {
			fmt.Fprintf(&ents, "    dissolved: %s\n", dissolved[i])
		}
		ents.WriteString("    evidence:\n      - source: gen-lineage\n        locator: generated lineage\n")
	}
	files := map[string]string{
		"sources.yaml":       "sources:\n  - id: gen-lineage\n    kind: reference\n    title: Generated lineage\n    publisher: graphapi tests\n",
		"armed-groups.yaml":  ents.String(),
		"relationships.yaml": rels.String(),
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

// BenchmarkTimelineDrawn measures, in the browser, the time from navigation
// to the timeline drawn (performance.now() at the end of the render, which
// includes fetching the lineage), to the leaders added (0 when the graph has
// no people: they are fetched, one request per group, once the lanes are on
// screen), and the drawing alone, for
// JNIM's lineage and for a generated lineage of 200 groups, beside the JNIM
// lineage graph as a baseline (its ms-draw is 0: no timeline). Each iteration is
// a fresh tab; the first, which warms the server, is not counted.
func BenchmarkTimelineDrawn(b *testing.B) {
	requirePage(b)
	dir := b.TempDir()
	writeLineageSeed(b, dir, 200)
	// The baseline, measured in the same run: JNIM's lineage drawn as a graph
	// (the page's boot, the fetch and dagre), the view the timeline sits beside.
	for _, c := range []struct{ name, seed, query string }{
		{"baseline-jnim-lineage-graph", "", "?entity=jnim&view=lineage"},
		{"jnim", "", "?entity=jnim&view=timeline"},
		{"generated-200", dir, "?entity=g000&view=timeline"},
	} {
		b.Run(c.name, func(b *testing.B) {
			var args []string
			if c.seed != "" {
				args = []string{"--seed", c.seed}
			}
			base := startServer(b, args...)
			br := newBrowser(b)
			measure := func() (total, draw, leaders float64) {
				ctx := br.tab(120 * time.Second)
				run(b, ctx, chromedp.Navigate(base+"/"+c.query))
				settled(b, ctx, 1, 0)
				var r struct {
					Total   float64 `json:"total"`
					Draw    float64 `json:"draw"`
					Leaders float64 `json:"leaders"`
				}
				eval(b, ctx, `({ total: window.__explorer.lastRender.sinceNavigationMs, draw: window.__explorer.lastRender.timelineDrawMs, leaders: window.__explorer.leadersDrawnMs || 0 })`, &r)
				return r.Total, r.Draw, r.Leaders
			}
			measure()
			var totals, draws, leaders []float64
			for b.Loop() {
				total, draw, lead := measure()
				totals = append(totals, total)
				draws = append(draws, draw)
				leaders = append(leaders, lead)
			}
			sort.Float64s(totals)
			sort.Float64s(draws)
			sort.Float64s(leaders)
			b.ReportMetric(leaders[len(leaders)/2], "ms-to-leaders-median")
			b.ReportMetric(totals[len(totals)/2], "ms-to-drawn-median")
			b.ReportMetric(totals[len(totals)-1], "ms-to-drawn-max")
			b.ReportMetric(draws[len(draws)/2], "ms-draw-median")
			b.ReportMetric(0, "ns/op")
		})
	}
}

// conflictPacks is a seed of three source packs that disagree: one dates
// Ansar al-Dine's founding to December 2011, another to 2012; one dates
// al-Murabitoun's merger into JNIM to 2 March 2017, another to 2016. A person
// founds one group and leads the other.
var conflictPacks = map[string]string{
	"report-a/report.txt": "Jama'at Nusrat al-Islam wal-Muslimin (JNIM) is the umbrella group formed after al-Murabitoun, Ansar al-Dine, and others merged. Iyad Ag Ghaly leads JNIM.\n",
	"report-a/pack.yaml": `source:
  id: report-a
  kind: report
  title: A country report on Mali
  published: 2019-11
  file: report.txt
entities:
  - id: jnim
    kind: armed_group
    name: JNIM
    evidence:
      - quote: "Jama'at Nusrat al-Islam wal-Muslimin (JNIM) is the umbrella group"
  - id: al-murabitoun
    kind: armed_group
    name: al-Murabitoun
    evidence:
      - quote: "al-Murabitoun, Ansar al-Dine, and others merged"
  - id: ansar-al-dine
    kind: armed_group
    name: Ansar al-Dine
    evidence:
      - quote: "Ansar al-Dine, and others merged"
  - id: iyad-ag-ghaly
    kind: person
    name: Iyad Ag Ghaly
    evidence:
      - quote: "Iyad Ag Ghaly leads JNIM"
relationships:
  - from: al-murabitoun
    type: MERGED_INTO
    to: jnim
    since: 2017-03-02
    evidence:
      - quote: "formed after al-Murabitoun, Ansar al-Dine, and others merged"
  - from: ansar-al-dine
    type: MERGED_INTO
    to: jnim
    since: 2017-03-02
    evidence:
      - quote: "formed after al-Murabitoun, Ansar al-Dine, and others merged"
  - from: iyad-ag-ghaly
    type: LEADS
    to: jnim
    since: 2017-03-02
    evidence:
      - quote: "Iyad Ag Ghaly leads JNIM"
`,
	"ref-b/pack.yaml": `source:
  id: ref-b
  kind: reference
  title: A research profile of JNIM
entities:
  - id: ansar-al-dine
    founded: 2011-12
    evidence:
      - locator: "profile, Ansar Dine"
  - id: jnim
    founded: 2017-03-02
    evidence:
      - locator: "profile, formation"
relationships:
  - from: iyad-ag-ghaly
    type: FOUNDED
    to: ansar-al-dine
    since: 2011-12
    evidence:
      - locator: "profile, Ansar Dine's founder"
`,
	"ref-c/pack.yaml": `source:
  id: ref-c
  kind: reference
  title: A chronology of the Sahel
entities:
  - id: ansar-al-dine
    founded: 2012
    evidence:
      - locator: "chronology, 2012"
relationships:
  - from: al-murabitoun
    type: MERGED_INTO
    to: jnim
    since: 2016
    evidence:
      - locator: "chronology, 2016"
`,
}

// TestEvidencePanelShowsConflictingClaims loads packs that disagree and
// checks that the panel shows both claims side by side, marked, and that the
// timeline draws both dates and the leaders.
func TestEvidencePanelShowsConflictingClaims(t *testing.T) {
	requirePage(t)
	dir := t.TempDir()
	for name, body := range conflictPacks {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	base := startServer(t, "--seed", dir)
	b := newBrowser(t)
	ctx := b.tab(90 * time.Second)
	run(t, ctx, chromedp.Navigate(base+"/?entity=jnim&view=timeline"))
	settled(t, ctx, 1, 0)

	type claim struct {
		Field  string `json:"field"`
		Value  string `json:"value"`
		Source string `json:"source"`
	}
	marks := func(sel string) []claim {
		var out []claim
		eval(t, ctx, fmt.Sprintf(`[...document.querySelectorAll('#timeline-svg %s .claim-mark.conflict')].map((m) => ({field: m.dataset.field, value: m.dataset.value, source: m.dataset.source}))`, sel), &out)
		sort.Slice(out, func(i, j int) bool { return out[i].Value < out[j].Value })
		return out
	}
	if got, want := marks(`.lane[data-id="ansar-al-dine"]`), []claim{{"founded", "2011-12", "ref-b"}, {"founded", "2012", "ref-c"}}; !slices.Equal(got, want) {
		t.Errorf("Ansar al-Dine's lane marks %v, want %v", got, want)
	}
	if got, want := marks(`.connector[data-id="al-murabitoun:MERGED_INTO:jnim"]`), []claim{{"since", "2016", "ref-c"}, {"since", "2017-03-02", "report-a"}}; !slices.Equal(got, want) {
		t.Errorf("the merger's connector marks %v, want %v", got, want)
	}
	var leaders []string
	eval(t, ctx, `[...document.querySelectorAll('#timeline-svg .leader')].map((g) => g.getAttribute('aria-label')).sort()`, &leaders)
	if want := []string{"Iyad Ag Ghaly founded Ansar al-Dine, from December 2011", "Iyad Ag Ghaly leads JNIM, from 2 March 2017"}; !slices.Equal(leaders, want) {
		t.Errorf("leader marks %q, want %q", leaders, want)
	}
	checkNoOverlap(t, ctx, "conflict timeline")
	screenshot(t, ctx, "40-timeline-conflicts.png")

	panelClaims := func() (fields []string, cards []claim) {
		run(t, ctx, chromedp.WaitVisible(chromedp.CSS("#claims")))
		eval(t, ctx, `[...document.querySelectorAll('#claims .claim-field.conflict')].map((f) => f.dataset.field)`, &fields)
		eval(t, ctx, `[...document.querySelectorAll('#claims .claim.conflicting')].map((c) => ({field: c.closest('.claim-field').dataset.field, value: c.dataset.value, source: c.dataset.source}))`, &cards)
		sort.Slice(cards, func(i, j int) bool { return cards[i].Value < cards[j].Value })
		return fields, cards
	}
	clickTimeline(t, ctx, `.lane[data-id="ansar-al-dine"] .bar`)
	fields, cards := panelClaims()
	if !slices.Equal(fields, []string{"founded"}) || !slices.Equal(cards, []claim{{"founded", "2011-12", "ref-b"}, {"founded", "2012", "ref-c"}}) {
		t.Errorf("Ansar al-Dine's panel marks conflicting fields %v and claims %v", fields, cards)
	}
	panel := text(t, ctx, "#panel")
	for _, want := range []string{"December 2011", "2012", "A research profile of JNIM", "A chronology of the Sahel", "sources disagree"} {
		if !strings.Contains(panel, want) {
			t.Errorf("Ansar al-Dine's panel lacks %q; it reads:\n%s", want, panel)
		}
	}
	screenshot(t, ctx, "41-panel-conflicting-founding.png")

	clickTimeline(t, ctx, `.connector-label[data-for="al-murabitoun:MERGED_INTO:jnim"]`)
	run(t, ctx, chromedp.WaitVisible(chromedp.CSS("#edge-sentence")))
	fields, cards = panelClaims()
	if !slices.Equal(fields, []string{"since"}) || !slices.Equal(cards, []claim{{"since", "2016", "ref-c"}, {"since", "2017-03-02", "report-a"}}) {
		t.Errorf("the merger's panel marks conflicting fields %v and claims %v", fields, cards)
	}
	if panel := text(t, ctx, "#panel"); !strings.Contains(panel, "formed after al-Murabitoun, Ansar al-Dine, and others merged") {
		t.Errorf("the merger's panel lacks the quotation; it reads:\n%s", panel)
	}
	screenshot(t, ctx, "42-panel-conflicting-merger-date.png")
}
