package httpapi_test

import (
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/httpapi"
	"github.com/graphapi/graphapi/internal/loader"
)

// TestGraphEncodingMatchesEncodingJSON holds the hand-written graph and paths
// encoders to the bytes json.Marshal writes, on the whole Mali seed and on
// strings that need escaping.
func TestGraphEncodingMatchesEncodingJSON(t *testing.T) {
	ds, err := loader.ReadDir(os.DirFS(seedDir))
	if err != nil {
		t.Fatal(err)
	}
	tricky := []string{"", "plain", `quote " and \ backslash`, "<script>&amp;</script>", "tab\tnew\nline\r\b\f\x00\x1f",
		"Sévaré Jama’at", "line\u2028para\u2029", "bad \xff utf-8 \xc3", "emoji 🙂"}
	// Each byte that needs escaping, at every offset of the 8-byte words the
	// encoder tests at once.
	for _, special := range []string{`"`, `\`, "<", ">", "&", "\x00", "\x1f", "\x7f", "é", "\u2028", "\xff"} {
		for at := 0; at < 16; at++ {
			tricky = append(tricky, strings.Repeat("a", at)+special+strings.Repeat("b", 16-at))
		}
	}
	odd := entities.Entity{ID: "odd", Kind: entities.KindPlace, Name: strings.Join(tricky, "|"), Aliases: tricky,
		Description: tricky[3], Founded: entities.Date{Year: 2013, Month: 8}, Dissolved: entities.Date{Year: 2017, Month: 3, Day: 2},
		Attributes: map[string]string{"z": tricky[4], "a<": tricky[6], "m": ""},
		Evidence:   []entities.Evidence{{Source: "s", Quote: tricky[2]}, {Source: "t", Locator: tricky[7]}}}
	bare := entities.Entity{ID: "bare", Kind: entities.KindEvent, Name: "bare", Aliases: []string{}, Attributes: map[string]string{}}
	rel := entities.Relationship{ID: "a:FUNDS:b", Type: entities.Funds, From: "a", To: "b", Since: entities.Date{Year: 2015},
		Confidence: entities.Reported, Note: tricky[5], Evidence: []entities.Evidence{}}
	tests := []struct {
		name string
		g    entities.Graph
	}{
		{"Mali seed", entities.Graph{Nodes: ds.Entities, Edges: ds.Relationships, Truncated: true}},
		{"escaping and empty fields", entities.Graph{Nodes: []entities.Entity{odd, bare}, Edges: []entities.Relationship{rel}}},
		{"nil lists", entities.Graph{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, err := json.Marshal(&tt.g)
			if err != nil {
				t.Fatal(err)
			}
			if got := httpapi.AppendGraph(nil, &tt.g); string(got) != string(want) {
				t.Errorf("got  %s\nwant %s", got, want)
			}
		})
	}
	paths := []struct {
		name string
		r    entities.PathResult
	}{
		{"paths", entities.PathResult{Paths: []entities.Path{
			{Nodes: []string{"a", tricky[2], "b"}, Edges: []entities.Relationship{rel, ds.Relationships[0]}},
			{Nodes: []string{"a"}, Edges: []entities.Relationship{}},
		}, Nodes: []entities.Entity{odd, bare}, Length: 2, Truncated: true}},
		{"no paths", entities.PathResult{Paths: []entities.Path{}, Nodes: []entities.Entity{}}},
		{"nil lists", entities.PathResult{Paths: []entities.Path{{}}}},
	}
	for _, tt := range paths {
		t.Run(tt.name, func(t *testing.T) {
			want, err := json.Marshal(&tt.r)
			if err != nil {
				t.Fatal(err)
			}
			if got := httpapi.AppendPathResult(nil, &tt.r); string(got) != string(want) {
				t.Errorf("got  %s\nwant %s", got, want)
			}
		})
	}
}

// TestGraphEncoderKnowsEveryField fails when a field is added to a type the
// graph encoder writes, so that the encoder is updated with it.
func TestGraphEncoderKnowsEveryField(t *testing.T) {
	tests := []struct {
		v    any
		tags []string
	}{
		{entities.Graph{}, []string{"nodes", "edges", "truncated"}},
		{entities.PathResult{}, []string{"paths", "nodes", "length", "truncated"}},
		{entities.Path{}, []string{"nodes", "edges"}},
		{entities.Entity{}, []string{"id", "kind", "name", "aliases,omitempty", "description,omitempty", "founded,omitzero", "dissolved,omitzero", "attributes,omitempty", "evidence", "claims"}},
		{entities.Relationship{}, []string{"id", "type", "from", "to", "since,omitzero", "until,omitzero", "confidence", "note,omitempty", "evidence", "claims"}},
		{entities.Claim{}, []string{"field", "value", "source"}},
		{entities.Evidence{}, []string{"source", "quote,omitempty", "locator,omitempty"}},
	}
	for _, tt := range tests {
		typ := reflect.TypeOf(tt.v)
		t.Run(typ.Name(), func(t *testing.T) {
			var tags []string
			for f := range typ.Fields() {
				tags = append(tags, f.Tag.Get("json"))
			}
			if !slices.Equal(tags, tt.tags) {
				t.Errorf("%s's JSON fields are %q; encode.go writes %q: update encode.go and this test", typ.Name(), tags, tt.tags)
			}
		})
	}
}

// BenchmarkAppendGraph encodes the whole Mali seed as one graph.
func BenchmarkAppendGraph(b *testing.B) {
	ds, err := loader.ReadDir(os.DirFS(seedDir))
	if err != nil {
		b.Fatal(err)
	}
	g := entities.Graph{Nodes: ds.Entities, Edges: ds.Relationships}
	buf := httpapi.AppendGraph(nil, &g)
	b.SetBytes(int64(len(buf)))
	for b.Loop() {
		buf = httpapi.AppendGraph(buf[:0], &g)
	}
}
