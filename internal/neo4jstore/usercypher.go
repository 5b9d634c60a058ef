package neo4jstore

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/graphapi/graphapi/internal/entities"
)

// MaxCypherBytes caps the length of a user query.
const MaxCypherBytes = 16 << 10

var _ entities.CypherRunner = (*Store)(nil)

// ReadCypher runs one read-only Cypher query for a power user and returns its
// columns and at most maxRows rows as JSON-ready values. Defence in depth:
//
//  1. a check of the text, outside strings and comments: one statement only; no
//     writing or schema clause (CREATE, MERGE, SET, REMOVE, DELETE, FOREACH, DROP,
//     ...), no LOAD CSV, no USE, no EXPLAIN/PROFILE/CYPHER prefix, no
//     administration command, no CALL of a procedure other than a few db.*
//     schema readers, no CALL { } IN TRANSACTIONS;
//  2. the server's own plan (EXPLAIN) must be of query type read-only ("r")
//     with no procedure call or LOAD CSV in it;
//  3. the query runs in a read access-mode transaction, which the server refuses
//     to let write, with a timeout (Config.CypherTimeout) and at most
//     maxRows+1 records fetched.
//
// Returns EINVALID for a refused or malformed query (the message says why),
// ETIMEOUT when it runs too long, EUNAVAILABLE when Neo4j cannot be reached.
func (s *Store) ReadCypher(ctx context.Context, query string, params map[string]any, maxRows int) ([]string, [][]any, error) {
	if maxRows <= 0 {
		maxRows = 1000
	}
	query, err := CheckReadOnlyCypher(query)
	if err != nil {
		return nil, nil, err
	}
	clean, err := cleanParams(params)
	if err != nil {
		return nil, nil, err
	}
	d := entities.TimeLeft(ctx, s.cfg.CypherTimeout)
	ctx, cancel := context.WithTimeout(ctx, d+time.Second)
	defer cancel()
	sess := s.session(ctx, neo4j.AccessModeRead, min(maxRows+1, 1000))
	defer sess.Close(context.WithoutCancel(ctx))
	txConfig := []func(*neo4j.TransactionConfig){neo4j.WithTxTimeout(d), neo4j.WithTxMetadata(map[string]any{"app": "graphapi", "op": "user-cypher"})}

	// 2: the plan.
	if err := s.checkPlan(ctx, sess, query, clean, txConfig, d); err != nil {
		return nil, nil, err
	}

	// 3: the run, in an explicit read transaction that is rolled back, never
	// committed.
	tx, err := sess.BeginTransaction(ctx, txConfig...)
	if err != nil {
		return nil, nil, s.mapUserErr(ctx, err, d)
	}
	defer tx.Close(context.WithoutCancel(ctx))
	res, err := tx.Run(ctx, query, clean)
	if err != nil {
		return nil, nil, s.mapUserErr(ctx, err, d)
	}
	cols, err := res.Keys()
	if err != nil {
		return nil, nil, s.mapUserErr(ctx, err, d)
	}
	rows := [][]any{}
	for len(rows) < maxRows && res.Next(ctx) {
		rec := res.Record()
		row := make([]any, len(rec.Values))
		for i, v := range rec.Values {
			row[i] = jsonValue(v)
		}
		rows = append(rows, row)
	}
	if err := res.Err(); err != nil {
		return nil, nil, s.mapUserErr(ctx, err, d)
	}
	if err := tx.Rollback(ctx); err != nil && ctx.Err() != nil {
		return nil, nil, s.mapUserErr(ctx, err, d)
	}
	if cols == nil {
		cols = []string{}
	}
	return cols, rows, nil
}

func (s *Store) checkPlan(ctx context.Context, sess neo4j.SessionWithContext, query string, params map[string]any, txConfig []func(*neo4j.TransactionConfig), d time.Duration) error {
	tx, err := sess.BeginTransaction(ctx, txConfig...)
	if err != nil {
		return s.mapUserErr(ctx, err, d)
	}
	defer tx.Close(context.WithoutCancel(ctx))
	res, err := tx.Run(ctx, "EXPLAIN "+query, params)
	if err != nil {
		return s.mapUserErr(ctx, err, d)
	}
	sum, err := res.Consume(ctx)
	if err != nil {
		return s.mapUserErr(ctx, err, d)
	}
	if t := sum.StatementType(); t != neo4j.StatementTypeReadOnly {
		return entities.Errorf(entities.EINVALID, "only read-only queries are allowed; Neo4j plans this one as %s", statementTypeName(t))
	}
	if op := forbiddenOperator(sum.Plan()); op != "" {
		return entities.Errorf(entities.EINVALID, "the query's plan uses %s, which is not allowed here", op)
	}
	return nil
}

func statementTypeName(t neo4j.StatementType) string {
	switch t {
	case neo4j.StatementTypeReadWrite:
		return "read-write"
	case neo4j.StatementTypeWriteOnly:
		return "write-only"
	case neo4j.StatementTypeSchemaWrite:
		return "a schema change"
	default:
		return "a command of unknown type"
	}
}

// forbiddenOperator returns the first plan operator that no read-only query of
// ours needs: procedure calls (other than those CheckReadOnlyCypher lets
// through), LOAD CSV, anything that writes.
func forbiddenOperator(p neo4j.Plan) string {
	if p == nil {
		return ""
	}
	op := p.Operator()
	base, _, _ := strings.Cut(op, "@")
	switch {
	case strings.HasPrefix(base, "ProcedureCall"):
		sig, _ := p.Arguments()["Details"].(string) // "db.labels() :: (label :: STRING)"
		if sig == "" {
			sig, _ = p.Arguments()["Signature"].(string)
		}
		name := strings.ToLower(strings.TrimSpace(sig))
		if i := strings.IndexByte(name, '('); i >= 0 {
			name = name[:i]
		}
		if !allowedProcedures[name] {
			return "a procedure call"
		}
	case strings.HasPrefix(base, "LoadCSV"):
		return "LOAD CSV"
	case strings.HasPrefix(base, "Create"), strings.HasPrefix(base, "Merge"), strings.HasPrefix(base, "Delete"),
		strings.HasPrefix(base, "DetachDelete"), strings.HasPrefix(base, "Set"), strings.HasPrefix(base, "Remove"),
		strings.HasPrefix(base, "Foreach"), strings.HasPrefix(base, "TransactionForeach"), strings.HasPrefix(base, "TransactionApply"):
		return base
	}
	for _, c := range p.Children() {
		if op := forbiddenOperator(c); op != "" {
			return op
		}
	}
	return ""
}

// mapUserErr maps errors of a user query: the server's refusals become EINVALID
// with the server's status code (never its text).
func (s *Store) mapUserErr(ctx context.Context, err error, d time.Duration) error {
	var ne *neo4j.Neo4jError
	if asNeo4jError(err, &ne) {
		code := ne.Code
		switch {
		case strings.HasPrefix(code, "Neo.ClientError.Statement.AccessMode"),
			strings.HasPrefix(code, "Neo.ClientError.Security.Forbidden"):
			return wrap(err, entities.EINVALID, "only read-only queries are allowed (%s)", code)
		case strings.HasPrefix(code, "Neo.ClientError.Statement.ParameterMissing"):
			return wrap(err, entities.EINVALID, "the query uses a parameter that params does not give (%s)", code)
		case strings.HasPrefix(code, "Neo.ClientError.Statement.") || strings.HasPrefix(code, "Neo.ClientError.Procedure.") ||
			strings.HasPrefix(code, "Neo.DatabaseError.Statement.") ||
			strings.HasPrefix(code, "Neo.ClientError.Request."):
			return wrap(err, entities.EINVALID, "Neo4j refused the query (%s); check its syntax and parameters", code)
		}
	}
	return s.mapErr(ctx, err, d)
}

func asNeo4jError(err error, target **neo4j.Neo4jError) bool {
	for e := err; e != nil; {
		if n, ok := e.(*neo4j.Neo4jError); ok {
			*target = n
			return true
		}
		u, ok := e.(interface{ Unwrap() error })
		if !ok {
			return false
		}
		e = u.Unwrap()
	}
	return false
}

// allowedProcedures are the only procedures a user query may CALL: read-only
// views of the schema.
var allowedProcedures = map[string]bool{
	"db.labels":                    true,
	"db.relationshiptypes":         true,
	"db.propertykeys":              true,
	"db.schema.visualization":      true,
	"db.schema.nodetypeproperties": true,
	"db.schema.reltypeproperties":  true,
}

// deniedWords are keywords that no read-only query needs. They are refused
// wherever they stand outside strings, comments and `quoted` names, except as a
// property key (after a dot) or a parameter (after $).
var deniedWords = map[string]string{
	"CREATE": "CREATE", "MERGE": "MERGE", "SET": "SET", "REMOVE": "REMOVE", "DELETE": "DELETE",
	"DETACH": "DETACH DELETE", "FOREACH": "FOREACH", "DROP": "DROP", "LOAD": "LOAD CSV",
	"ALTER": "ALTER", "GRANT": "GRANT", "DENY": "DENY", "REVOKE": "REVOKE", "RENAME": "RENAME",
	"SHOW": "SHOW", "TERMINATE": "TERMINATE", "USE": "USE", "TRANSACTIONS": "CALL { } IN TRANSACTIONS",
	"EXPLAIN": "EXPLAIN", "PROFILE": "PROFILE", "CYPHER": "CYPHER options", "DATABASE": "database commands",
	"DATABASES": "database commands", "ALIAS": "alias commands", "INDEX": "index commands",
	"CONSTRAINT": "constraint commands", "PERIODIC": "PERIODIC COMMIT", "DBMS": "dbms procedures",
	"ENABLE": "server commands", "DEALLOCATE": "server commands", "REALLOCATE": "server commands",
	"FINISH": "FINISH",
}

// firstWords are the clauses a read-only query may start with.
var firstWords = map[string]bool{"MATCH": true, "OPTIONAL": true, "WITH": true, "UNWIND": true, "RETURN": true, "CALL": true}

type token struct {
	text string // a word, or one punctuation character
	word bool
}

// lex splits q into words and punctuation, dropping white space, comments,
// string literals (kept as one "'" token) and `quoted` names (one "`" token).
func lex(q string) ([]token, error) {
	var out []token
	for i := 0; i < len(q); {
		r, size := utf8.DecodeRuneInString(q[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return nil, entities.Errorf(entities.EINVALID, "the query is not valid UTF-8")
		case unicode.IsSpace(r):
			i += size
		case strings.HasPrefix(q[i:], "//"):
			j := strings.IndexAny(q[i:], "\n\r")
			if j < 0 {
				j = len(q) - i
			}
			i += j
		case strings.HasPrefix(q[i:], "/*"):
			j := strings.Index(q[i+2:], "*/")
			if j < 0 {
				return nil, entities.Errorf(entities.EINVALID, "the query has a comment that never ends")
			}
			i += j + 4
		case r == '\'' || r == '"':
			j := i + 1
			for ; j < len(q) && q[j] != byte(r); j++ {
				if q[j] == '\\' {
					j++
				}
			}
			if j >= len(q) {
				return nil, entities.Errorf(entities.EINVALID, "the query has a string that never ends")
			}
			out = append(out, token{text: "'"})
			i = j + 1
		case r == '`':
			j := i + 1
			for {
				k := strings.IndexByte(q[j:], '`')
				if k < 0 {
					return nil, entities.Errorf(entities.EINVALID, "the query has a `quoted` name that never ends")
				}
				j += k + 1
				if j < len(q) && q[j] == '`' { // `` is an escaped backtick
					j++
					continue
				}
				break
			}
			out = append(out, token{text: "`"})
			i = j
		case r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			j := i
			for j < len(q) {
				r2, s2 := utf8.DecodeRuneInString(q[j:])
				if r2 != '_' && !unicode.IsLetter(r2) && !unicode.IsDigit(r2) {
					break
				}
				j += s2
			}
			out = append(out, token{text: q[i:j], word: true})
			i = j
		default:
			out = append(out, token{text: q[i : i+size]})
			i += size
		}
	}
	return out, nil
}

// CheckReadOnlyCypher is the first line of ReadCypher's defence: it refuses,
// with EINVALID, any query whose text is not one read-only statement, and
// returns the query without a trailing semicolon.
func CheckReadOnlyCypher(q string) (string, error) {
	if len(q) > MaxCypherBytes {
		return "", entities.Errorf(entities.EINVALID, "the query is %d bytes long; at most %d are allowed", len(q), MaxCypherBytes)
	}
	toks, err := lex(q)
	if err != nil {
		return "", err
	}
	if len(toks) == 0 {
		return "", entities.Errorf(entities.EINVALID, "the query is empty")
	}
	for i, t := range toks {
		if t.text == ";" {
			if i != len(toks)-1 {
				return "", entities.Errorf(entities.EINVALID, "only one statement is allowed; remove the semicolons")
			}
			q = strings.TrimSpace(q)
			q = strings.TrimSuffix(q, ";")
			toks = toks[:i]
		}
	}
	if len(toks) == 0 {
		return "", entities.Errorf(entities.EINVALID, "the query is empty")
	}
	if first := strings.ToUpper(toks[0].text); !toks[0].word || !firstWords[first] {
		return "", entities.Errorf(entities.EINVALID, "a query must start with MATCH, OPTIONAL MATCH, WITH, UNWIND, RETURN or CALL, not %q", toks[0].text)
	}
	for i, t := range toks {
		if !t.word {
			continue
		}
		if i > 0 && (toks[i-1].text == "." || toks[i-1].text == "$") {
			continue // a property key or a parameter
		}
		up := strings.ToUpper(t.text)
		if what, bad := deniedWords[up]; bad {
			if i+1 < len(toks) && toks[i+1].text == ":" && i > 0 && (toks[i-1].text == "{" || toks[i-1].text == ",") {
				continue // a map key: {set: 1}
			}
			return "", entities.Errorf(entities.EINVALID, "only read-only queries are allowed: %s is refused here", what)
		}
		if up == "CALL" {
			if err := checkCall(toks[i+1:]); err != nil {
				return "", err
			}
		}
	}
	return q, nil
}

// checkCall allows CALL { subquery }, CALL (vars) { subquery } and CALL of an
// allowed procedure.
func checkCall(rest []token) error {
	if len(rest) == 0 {
		return entities.Errorf(entities.EINVALID, "CALL must be followed by a subquery or a procedure")
	}
	if rest[0].text == "{" || rest[0].text == "(" {
		return nil
	}
	var name strings.Builder
	for i := 0; i < len(rest); i++ {
		if i%2 == 0 {
			if !rest[i].word {
				return entities.Errorf(entities.EINVALID, "only CALL of %s is allowed", allowedList())
			}
			name.WriteString(rest[i].text)
		} else {
			if rest[i].text != "." {
				break
			}
			name.WriteString(".")
		}
	}
	if !allowedProcedures[strings.ToLower(name.String())] {
		return entities.Errorf(entities.EINVALID, "procedure %s is refused here; only %s may be called", name.String(), allowedList())
	}
	return nil
}

func allowedList() string {
	return "db.labels, db.relationshipTypes, db.propertyKeys, db.schema.visualization, db.schema.nodeTypeProperties and db.schema.relTypeProperties"
}

// cleanParams makes request parameters driver-ready: json.Number becomes int64
// or float64; anything that is not JSON data is refused.
func cleanParams(params map[string]any) (map[string]any, error) {
	out := make(map[string]any, len(params))
	for k, v := range params {
		c, err := cleanValue(v, 0)
		if err != nil {
			return nil, entities.Errorf(entities.EINVALID, "param %q: %s", k, entities.ErrorMessage(err))
		}
		out[k] = c
	}
	return out, nil
}

func cleanValue(v any, depth int) (any, error) {
	if depth > 32 {
		return nil, entities.Errorf(entities.EINVALID, "nested too deeply")
	}
	switch x := v.(type) {
	case nil, bool, string, int64, float64:
		return x, nil
	case int:
		return int64(x), nil
	case json.Number:
		if n, err := x.Int64(); err == nil {
			return n, nil
		}
		f, err := x.Float64()
		if err != nil {
			return nil, entities.Errorf(entities.EINVALID, "%s is not a number Neo4j can hold", x)
		}
		return f, nil
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			c, err := cleanValue(e, depth+1)
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			c, err := cleanValue(e, depth+1)
			if err != nil {
				return nil, err
			}
			out[k] = c
		}
		return out, nil
	}
	return nil, entities.Errorf(entities.EINVALID, "a value of type %T is not JSON data", v)
}

// jsonValue turns a driver value into one encoding/json writes: nodes,
// relationships and paths as objects, temporal values as ISO strings, points as
// objects, non-finite floats as strings.
func jsonValue(v any) any {
	switch x := v.(type) {
	case nil, bool, string, int64:
		return x
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Sprint(x)
		}
		return x
	case []byte:
		return x
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonValue(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = jsonValue(e)
		}
		return out
	case dbtype.Node:
		return map[string]any{"element_id": x.ElementId, "labels": x.Labels, "properties": jsonValue(x.Props)}
	case dbtype.Relationship:
		return map[string]any{"element_id": x.ElementId, "type": x.Type, "start": x.StartElementId, "end": x.EndElementId, "properties": jsonValue(x.Props)}
	case dbtype.Path:
		nodes := make([]any, len(x.Nodes))
		for i, n := range x.Nodes {
			nodes[i] = jsonValue(n)
		}
		rels := make([]any, len(x.Relationships))
		for i, r := range x.Relationships {
			rels[i] = jsonValue(r)
		}
		return map[string]any{"nodes": nodes, "relationships": rels}
	case dbtype.Date:
		return x.Time().Format("2006-01-02")
	case dbtype.LocalDateTime:
		return x.Time().Format("2006-01-02T15:04:05.999999999")
	case dbtype.LocalTime:
		return x.Time().Format("15:04:05.999999999")
	case dbtype.Time:
		return x.Time().Format("15:04:05.999999999Z07:00")
	case time.Time:
		return x.Format(time.RFC3339Nano)
	case dbtype.Duration:
		return x.String()
	case dbtype.Point2D:
		return map[string]any{"srid": x.SpatialRefId, "x": jsonValue(x.X), "y": jsonValue(x.Y)}
	case dbtype.Point3D:
		return map[string]any{"srid": x.SpatialRefId, "x": jsonValue(x.X), "y": jsonValue(x.Y), "z": jsonValue(x.Z)}
	}
	return fmt.Sprint(v)
}
