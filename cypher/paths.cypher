// All shortest paths from $from to $to in one statement (entities/semantics.go,
// Paths). Both ends are fixed by id and the type filter, the direction, the
// bound (written into the text from the validated query: cypher.WithTypes,
// WithDirection, WithDepth) and as_of ("held on $day", per relationship and per
// node, the two ends exempt; cypher.WithAsOf writes it in only when asked, as
// a predicate slows the search) are all inside the pattern, so Neo4j runs its bidirectional
// breadth-first search (ShortestPath) and never the exhaustive fallback, which
// the server forbids (dbms.cypher.forbid_exhaustive_shortestpath). Paths are
// ordered step by step by the next node's id, then the relationship's id
// (entities.RelationshipID: from:TYPE:to), and cut at $limit. One record:
// whether each end exists, the kept paths as [node ids, edges as [from, type,
// to, properties]], the properties of every node on them, and whether the cut
// dropped any. $from = $to is answered without this statement.
OPTIONAL MATCH (a:Entity {id: $from})
OPTIONAL MATCH (b:Entity {id: $to})
CALL {
  WITH a, b
  MATCH p = allShortestPaths((a)__IN__-[rs:__TYPES__*..__DEPTH__]-__OUT__(b))
  /*as_of*/
  WHERE all(r IN rs WHERE (r.vfrom IS NULL OR r.vfrom <= $day) AND (r.vto IS NULL OR r.vto >= $day))
    AND all(x IN nodes(p) WHERE x = a OR x = b OR ((x.vfrom IS NULL OR x.vfrom <= $day) AND (x.vto IS NULL OR x.vto >= $day)))
  /*end as_of*/
  WITH p, [i IN range(0, length(p) - 1) |
           [nodes(p)[i + 1].id, startNode(rs[i]).id + ':' + type(rs[i]) + ':' + endNode(rs[i]).id]] AS key
  ORDER BY key
  LIMIT $limit + 1
  RETURN collect(p) AS found
}
WITH a, b, found[..$limit] AS kept, size(found) > $limit AS truncated
RETURN a IS NOT NULL AS fromFound, b IS NOT NULL AS toFound,
       [p IN kept | [[x IN nodes(p) | x.id],
                     [r IN relationships(p) | [startNode(r).id, type(r), endNode(r).id, properties(r)]]]] AS paths,
       [x IN reduce(on = [], p IN kept | on + [y IN nodes(p) WHERE NOT y IN on]) | properties(x)] AS nodes,
       truncated
