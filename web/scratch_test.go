package web_test

import (
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

func TestScratchLayout(t *testing.T) {
	if os.Getenv("SCRATCH") == "" {
		t.Skip()
	}
	requirePage(t)
	bigBase := startServer(t, "--seed", "/tmp/gen2600")
	b := newBrowser(t)
	ctx := b.tab(300 * time.Second)
	run(t, ctx, chromedp.Navigate(bigBase+"/?entity=ag-0&view=neighbors&depth=6&limit=2000"))
	settled(t, ctx, 1, 0)
	var out string
	eval(t, ctx, `(async () => {
		const cy = window.__explorer.cy;
		const res = [];
		const cfgs = [
			{quality: 'draft'},
			{quality: 'draft', packComponents: false, tile: false},
			{quality: 'default', numIter: 50},
			{quality: 'default', numIter: 100},
			{quality: 'default', numIter: 50, packComponents: false, tile: false},
		];
		for (const c of cfgs) {
			const t0 = performance.now();
			const l = cy.layout(Object.assign({name: 'fcose', randomize: true, animate: false, fit: true, nodeDimensionsIncludeLabels: false, uniformNodeDimensions: true, nodeRepulsion: () => 6000, idealEdgeLength: () => 60}, c));
			const p = l.promiseOn('layoutstop'); l.run(); await p;
			res.push(JSON.stringify(c) + ' ' + Math.round(performance.now() - t0) + 'ms zoom ' + cy.zoom().toFixed(2));
		}
		return res.join('\n');
	})()`, &out)
	t.Log(out)
}
