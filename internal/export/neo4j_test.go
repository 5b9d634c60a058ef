package export_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/export"
	"github.com/graphapi/graphapi/internal/loader"
	"github.com/graphapi/graphapi/internal/neo4jstore/neo4jtest"
)

// TestCSVRoundTripThroughNeo4j: the CSV export of the Mali graph, loaded into
// Neo4j with Replace, exports the same files again from Neo4j, and every
// format of every part the other tests export is the same from both stores. Skipped without
// NEO4J_URI; GRAPHAPI_REQUIRE_NEO4J=1 makes a missing Neo4j a failure. It
// replaces the whole graph in NEO4J_DATABASE: point it at a test database.
func TestCSVRoundTripThroughNeo4j(t *testing.T) {
	neo := neo4jtest.Open(t)
	ctx := context.Background()
	first, second := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	if err := export.Run(ctx, mustStore(t, mali(t)), entities.ExportQuery{}, export.NewCSVWriter(export.DirFiles(first))); err != nil {
		t.Fatal(err)
	}
	back, err := loader.ReadDir(os.DirFS(first))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := neo.Replace(ctx, back); err != nil {
		t.Fatal(err)
	}
	if err := export.Run(ctx, neo, entities.ExportQuery{}, export.NewCSVWriter(export.DirFiles(second))); err != nil {
		t.Fatal(err)
	}
	sameTree(t, first, second)

	// Both stores export every part alike.
	mem := mustStore(t, back)
	for _, tc := range queries(t) {
		t.Run(tc.name, func(t *testing.T) {
			for _, f := range export.Formats {
				if f == export.CSV {
					continue
				}
				if !bytes.Equal(mustExport(t, mem, tc.q, f), mustExport(t, neo, tc.q, f)) {
					t.Errorf("%s: the Neo4j store's export differs from the embedded store's", f)
				}
			}
		})
	}
}
