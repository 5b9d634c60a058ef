package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestLegendDrawsTheVocabulary checks that the page draws every kind and
// relationship type of /schema as the server states it: its own colour, its
// own words, never the fallback grey of a type the page does not know.
func TestLegendDrawsTheVocabulary(t *testing.T) {
	requirePage(t)
	base := startServer(t)
	var schema struct {
		Kinds []struct{ Kind, Label, Color, Shape string } `json:"entity_kinds"`
		Types []struct{ Type, Verb, Color string }        `json:"relationship_types"`
	}
	resp, err := http.Get(base + "/api/v1/schema")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(&schema); err != nil {
		t.Fatal(err)
	}

	b := newBrowser(t)
	ctx := b.tab(60 * time.Second)
	run(t, ctx, chromedp.Navigate(base+"/"))
	settled(t, ctx, 1, 0)

	// What the legend shows, with colours as the browser computed them.
	type drawn struct{ Label, Color string }
	var kinds, types map[string]drawn
	eval(t, ctx, `Object.fromEntries([...document.querySelectorAll('#kind-legend li')].map((li) => [
		li.querySelector('input').dataset.kind,
		{ Label: li.querySelector('label').childNodes[1].textContent, Color: getComputedStyle(li.querySelector('.swatch')).backgroundColor }]))`, &kinds)
	eval(t, ctx, `Object.fromEntries([...document.querySelectorAll('#type-legend li')].map((li) => [
		li.querySelector('input').dataset.type,
		{ Label: li.querySelector('label').childNodes[1].textContent, Color: getComputedStyle(li.querySelector('.line')).borderTopColor }]))`, &types)

	if len(kinds) != len(schema.Kinds) || len(types) != len(schema.Types) {
		t.Fatalf("the legend shows %d kinds and %d types; /schema has %d and %d", len(kinds), len(types), len(schema.Kinds), len(schema.Types))
	}
	colours := map[string]string{}
	for _, k := range schema.Kinds {
		got := kinds[k.Kind]
		if got.Label != k.Label || got.Color != rgb(t, k.Color) {
			t.Errorf("kind %s is drawn as %+v; /schema says %q in %s", k.Kind, got, k.Label, k.Color)
		}
	}
	for _, ty := range schema.Types {
		got := types[ty.Type]
		if got.Label != ty.Verb || got.Color != rgb(t, ty.Color) {
			t.Errorf("type %s is drawn as %+v; /schema says %q in %s", ty.Type, got, ty.Verb, ty.Color)
		}
		if other, ok := colours[got.Color]; ok {
			t.Errorf("types %s and %s are drawn in one colour, %s", other, ty.Type, got.Color)
		}
		colours[got.Color] = ty.Type
	}
}

// rgb writes #rrggbb as the browser's computed style does: rgb(r, g, b).
func rgb(tb testing.TB, hex string) string {
	tb.Helper()
	var r, g, b int
	if _, err := fmt.Sscanf(hex, "#%02x%02x%02x", &r, &g, &b); err != nil {
		tb.Fatalf("colour %q: %v", hex, err)
	}
	return fmt.Sprintf("rgb(%d, %d, %d)", r, g, b)
}
