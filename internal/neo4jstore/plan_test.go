package neo4jstore_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/neo4jstore"
	"github.com/graphapi/graphapi/internal/neo4jstore/neo4jtest"
)

// operators lists every operator of a plan with its details, depth first.
// The driver's Plan.Children returns the last child in every position (it
// takes the address of its loop variable under Go 1.18 semantics), which
// would hide the left side of every Apply; so the tree is read from the
// driver's own plan value by reflection.
func operators(p neo4j.Plan) []string {
	var out []string
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		op := v.FieldByName("Operator").String()
		if d := v.FieldByName("Arguments").MapIndex(reflect.ValueOf("Details")); d.IsValid() && d.Elem().Kind() == reflect.String {
			op += " " + d.Elem().String()
		}
		out = append(out, op)
		ch := v.FieldByName("Children")
		for i := 0; i < ch.Len(); i++ {
			walk(ch.Index(i))
		}
	}
	walk(reflect.ValueOf(p).Elem().FieldByName("plan").Elem())
	return out
}

// explain returns the operators of the plan Neo4j makes for stmt.
func explain(tb testing.TB, d neo4j.DriverWithContext, stmt string, params map[string]any) []string {
	tb.Helper()
	res, err := neo4j.ExecuteQuery(context.Background(), d, "EXPLAIN "+stmt, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(database()))
	if err != nil {
		tb.Fatalf("EXPLAIN failed: %v\n%s", err, stmt)
	}
	if res.Summary.Plan() == nil {
		tb.Fatalf("EXPLAIN gave no plan")
	}
	return operators(res.Summary.Plan())
}

func database() string {
	if db := getenv("NEO4J_DATABASE"); db != "" {
		return db
	}
	return "neo4j"
}

func openDriver(tb testing.TB) neo4j.DriverWithContext {
	tb.Helper()
	neo4jtest.Open(tb) // skips, or fails under GRAPHAPI_REQUIRE_NEO4J=1, without a server
	cfg := neo4jstore.ConfigFromEnv(getenv)
	d, err := neo4j.NewDriverWithContext(cfg.URI, neo4j.BasicAuth(cfg.User, cfg.Password, ""))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { d.Close(context.Background()) })
	return d
}

func has(ops []string, prefix string) bool {
	for _, op := range ops {
		if strings.HasPrefix(op, prefix) {
			return true
		}
	}
	return false
}

// TestTraversalPlans runs EXPLAIN on every traversal statement the store can
// send (every direction, with and without a type filter, every depth, with
// and without as_of) and
// fails if a plan loses its intended operator: the pruning breadth-first
// expand for neighbourhoods and the lineage family, the bidirectional
// ShortestPath for paths, or if any variable-length expand is planned as the
// exhaustive kind (VarLengthExpand(All) enumerates every path).
func TestTraversalPlans(t *testing.T) {
	d := openDriver(t)
	params := map[string]any{"id": "x", "from": "x", "to": "y", "limit": int64(10), "day": int64(17000),
		"ancestors": true, "descendants": true, "ancestorIsFrom": []string{string(entities.MergedInto)}}
	typeSets := [][]entities.RelType{nil, {entities.ReportsTo}, {entities.MergedInto, entities.OperatesIn, entities.MemberOf}}
	exhaustive := []string{"VarLengthExpand(All)", "VarLengthExpand(Into)", "AntiConditionalApply", "ShortestPath(Exhaustive"}
	check := func(t *testing.T, stmt string, want string) {
		t.Helper()
		ops := explain(t, d, stmt, params)
		if !has(ops, want) {
			t.Errorf("the plan has no %s:\n%s", want, strings.Join(ops, "\n"))
		}
		for _, bad := range exhaustive {
			if has(ops, bad) {
				t.Errorf("the plan falls back to %s:\n%s", bad, strings.Join(ops, "\n"))
			}
		}
	}
	// One hop has nothing to prune: the planner expands *0..1 plainly, which
	// reads each relationship of the start once, as a breadth-first step would.
	checkOneHop := func(t *testing.T, stmt string) {
		t.Helper()
		ops := explain(t, d, stmt, params)
		for _, op := range ops {
			if strings.HasPrefix(op, "VarLengthExpand") && !strings.HasPrefix(op, "VarLengthExpand(Pruning,BFS") && !strings.Contains(op, "*0..1]") {
				t.Errorf("a one-hop neighbourhood expands further than one hop:\n%s", strings.Join(ops, "\n"))
			}
		}
		if !has(ops, "VarLengthExpand") {
			t.Errorf("the plan has no variable-length expand:\n%s", strings.Join(ops, "\n"))
		}
	}
	for _, asOf := range []bool{false, true} {
		for _, dir := range []entities.Direction{entities.Out, entities.In, entities.Both} {
			for _, types := range typeSets {
				for depth := 1; depth <= entities.DefaultLimits.MaxDepth; depth++ {
					name := fmt.Sprintf("%s/%v/depth%d/asof=%t", dir, types, depth, asOf)
					t.Run("neighbors/"+name, func(t *testing.T) {
						stmt, err := neo4jstore.TraversalStatement("neighbors", types, dir, depth, asOf)
						if err != nil {
							t.Fatal(err)
						}
						if depth == 1 {
							checkOneHop(t, stmt)
							return
						}
						check(t, stmt, "VarLengthExpand(Pruning,BFS")
					})
					t.Run("paths/"+name, func(t *testing.T) {
						stmt, err := neo4jstore.TraversalStatement("paths", types, dir, depth, asOf)
						if err != nil {
							t.Fatal(err)
						}
						check(t, stmt, "ShortestPath")
					})
				}
			}
		}
	}
	for _, asOf := range []bool{false, true} {
		t.Run(fmt.Sprintf("lineage/asof=%t", asOf), func(t *testing.T) {
			check(t, neo4jstore.LineageStatement(asOf), "VarLengthExpand(Pruning,BFS")
		})
	}
}

// TestExhaustiveShortestPathForbidden shows that the server refuses the
// exhaustive shortest-path fallback (dbms.cypher.forbid_exhaustive_shortestpath,
// which the launcher sets) instead of running it: the shortest path from gspc
// to aqim is one hop, which the predicate refuses, so only the exhaustive
// search could answer.
func TestExhaustiveShortestPathForbidden(t *testing.T) {
	s := neo4jtest.Open(t)
	MustReplace(t, s, lineageDataset())
	d := openDriver(t)
	_, err := neo4j.ExecuteQuery(context.Background(), d,
		"MATCH (a:Entity {id: 'gspc'}), (b:Entity {id: 'aqim'}) MATCH p = shortestPath((a)-[*..4]-(b)) WHERE length(p) > 1 RETURN p",
		nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(database()))
	if err == nil || !strings.Contains(err.Error(), "fallback has been explicitly disabled") {
		t.Fatalf("the exhaustive shortest-path search ran (err = %v); the server must set dbms.cypher.forbid_exhaustive_shortestpath", err)
	}
}
