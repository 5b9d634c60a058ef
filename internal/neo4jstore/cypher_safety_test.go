package neo4jstore_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/neo4jstore/neo4jtest"
)

// attacks are attempts to write, escape or exhaust through ReadCypher. None may
// change the graph, and none may take the server down.
var attacks = []struct {
	name, query string
	params      map[string]any
}{
	{"create", "CREATE (n:Entity {id: 'x'}) RETURN n", nil},
	{"merge", "MERGE (n:Entity {id: 'jnim'}) RETURN n", nil},
	{"set", "MATCH (n:Entity) SET n.name = 'pwned' RETURN count(n)", nil},
	{"set lowercase", "match (n:Entity) set n.name = 'pwned' return count(n)", nil},
	{"remove", "MATCH (n:Entity) REMOVE n.name RETURN count(n)", nil},
	{"remove label", "MATCH (n:Entity) REMOVE n:Entity RETURN count(n)", nil},
	{"delete", "MATCH ()-[r]->() DELETE r RETURN count(r)", nil},
	{"detach delete", "MATCH (n) DETACH DELETE n", nil},
	{"foreach", "MATCH (n:Entity) WITH collect(n) AS ns FOREACH (x IN ns | SET x.name = 'p') RETURN 1", nil},
	{"union with a write", "MATCH (n:Entity) RETURN n.id AS id UNION CREATE (m:X) RETURN 'x' AS id", nil},
	{"call in transactions", "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS RETURN 1", nil},
	{"call subquery write", "CALL { CREATE (n:X) RETURN n } RETURN n", nil},
	{"load csv file", "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line", nil},
	{"load csv url", "LOAD CSV WITH HEADERS FROM 'http://127.0.0.1:1/x.csv' AS row RETURN row", nil},
	{"with load csv", "WITH 1 AS x LOAD CSV FROM 'file:///etc/hostname' AS l RETURN l", nil},
	{"dbms procedure", "CALL dbms.components()", nil},
	{"dbms security", "CALL dbms.security.createUser('evil', 'password123', false)", nil},
	{"dbms in match", "MATCH (n) CALL dbms.listConfig() YIELD name RETURN name", nil},
	{"db.createLabel", "CALL db.createLabel('Evil')", nil},
	{"terminate", "CALL dbms.killQueries(['query-1'])", nil},
	{"create index", "CREATE INDEX evil FOR (n:Entity) ON (n.name)", nil},
	{"drop constraint", "DROP CONSTRAINT graphapi_entity_id", nil},
	{"create constraint", "CREATE CONSTRAINT evil FOR (n:Evil) REQUIRE n.id IS UNIQUE", nil},
	{"create database", "CREATE DATABASE evil", nil},
	{"drop database", "DROP DATABASE neo4j", nil},
	{"show users", "SHOW USERS", nil},
	{"alter user", "ALTER USER neo4j SET PASSWORD 'hacked12345'", nil},
	{"use system", "USE system MATCH (n) RETURN n", nil},
	{"two statements", "MATCH (n) RETURN count(n); MATCH (n) DETACH DELETE n", nil},
	{"write hidden in a line comment", "MATCH (n) RETURN count(n) //\nCREATE (m:X)", nil},
	{"write after a block comment", "MATCH (n) /* read only */ DETACH DELETE n", nil},
	{"comment hiding a semicolon", "MATCH (n) RETURN n /* ; */ ; CREATE (x)", nil},
	{"backtick trick", "MATCH (n:`Entity`) SET n.`name` = 'x' RETURN 1", nil},
	{"explain of a write", "EXPLAIN CREATE (n:X)", nil},
	{"profile of a write", "PROFILE MATCH (n) DETACH DELETE n", nil},
	{"cypher options", "CYPHER runtime=interpreted CREATE (n:X)", nil},
	{"write as parameter", "MATCH (n) RETURN $q", map[string]any{"q": "CREATE (n)"}},
	{"unicode escape keyword", "MATCH (n) \u0043REATE (m) RETURN 1", nil},
	{"string with quote then write", `RETURN 'a\'' AS x CREATE (n)`, nil},
	{"huge unwind", "UNWIND range(1, 10000000000) AS x RETURN x", nil},
	{"huge unwind count", "UNWIND range(1, 10000000000) AS x RETURN count(x)", nil},
	{"huge collect", "UNWIND range(1, 2000000000) AS x RETURN size(collect(x))", nil},
	{"cartesian product", "MATCH (a), (b), (c), (d), (e) RETURN count(*)", nil},
	{"unbounded var-length", "MATCH p = (a)-[*]-(b) RETURN count(p)", nil},
	{"var-length shortest", "MATCH (a), (b) MATCH p = allShortestPaths((a)-[*]-(b)) RETURN count(p)", nil},
	{"syntax error", "MATCH (n RETURN n", nil},
	{"empty", "   ", nil},
}

func TestReadCypherRefusesWritesAndSurvivesExhaustion(t *testing.T) {
	s := neo4jtest.Open(t)
	MustReplace(t, s, lineageDataset())
	ctx := context.Background()
	before, err := s.Fingerprint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range attacks {
		t.Run(a.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			defer cancel()
			start := time.Now()
			cols, rows, err := s.ReadCypher(ctx, a.query, a.params, 100)
			took := time.Since(start)
			if err != nil {
				code := entities.ErrorCode(err)
				if code != entities.EINVALID && code != entities.ETIMEOUT {
					t.Errorf("error code %s (%v), want invalid or timeout", code, err)
				}
				if strings.Contains(err.Error(), "Neo.") && !strings.Contains(err.Error(), "(Neo.") {
					t.Errorf("driver text leaked: %v", err)
				}
				t.Logf("refused in %v: %s: %v", took.Round(time.Millisecond), entities.ErrorCode(err), err)
			} else {
				if len(rows) > 100 {
					t.Errorf("%d rows, more than the cap", len(rows))
				}
				t.Logf("answered in %v: %v, %d rows", took.Round(time.Millisecond), cols, len(rows))
			}
			if took > 25*time.Second {
				t.Errorf("took %v", took)
			}
			if err := s.Ping(context.Background()); err != nil {
				t.Fatalf("server down after %q: %v", a.name, err)
			}
		})
	}
	after, err := s.Fingerprint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after != before {
		t.Fatalf("the graph changed: fingerprint %s → %s", before, after)
	}
}

func TestReadCypherAnswersReads(t *testing.T) {
	s := neo4jtest.Open(t)
	MustReplace(t, s, lineageDataset())
	cols, rows, err := s.ReadCypher(context.Background(),
		"MATCH (a:Entity {id: $id})-[r:MERGED_INTO]->(b) RETURN a.id AS from, b.id AS to, r.since AS since ORDER BY to;",
		map[string]any{"id": "murabitoun"}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if got := mustJSON(t, map[string]any{"c": cols, "r": rows}); got != `{"c":["from","to","since"],"r":[["murabitoun","aqim","2015-12-04"],["murabitoun","jnim","2017-03-02"]]}` {
		t.Fatalf("got %s", got)
	}
	_, rows, err = s.ReadCypher(context.Background(), "MATCH p = (a:Entity)-[r]->(b) RETURN p, a, r, date('2020-01-02') AS d, {set: 1} AS m", nil, 3)
	if err != nil || len(rows) != 3 {
		t.Fatalf("rows %d, err %v", len(rows), err)
	}
	if _, _, err := s.ReadCypher(context.Background(), "CALL db.labels() YIELD label RETURN label ORDER BY label", nil, 100); err != nil {
		t.Fatalf("db.labels refused: %v", err)
	}
	_, rows, err = s.ReadCypher(context.Background(), "UNWIND range(1, 100000000000) AS x RETURN x", nil, 5)
	if err != nil || len(rows) != 5 {
		t.Fatalf("row cap: %d rows, %v", len(rows), err)
	}
}
