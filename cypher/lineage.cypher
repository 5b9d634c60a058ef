// The lineage of $id in one statement (entities/semantics.go, Lineage), with
// lineage's as_of rule, "known by $day": a relationship or node passes when it
// began on or before the day, whatever its end (written in only when asked:
// cypher.WithAsOf).
//
// Which end of an edge is the ancestor depends on its type, and a step that
// picks it (the walk goes against MERGED_INTO but along SPLIT_FROM) needs the
// relationship and the node it leads to at once: Neo4j 5 cannot check such a
// predicate during its breadth-first searches, only on whole paths, which
// means enumerating every path. So the statement first gathers the family, the
// nodes joined to $id by lineage relationships either way, with a pruning
// breadth-first expand (each node once), and the family's relationships; then
// walks ancestor steps ($ancestors) and descendant steps ($descendants) over
// that short list breadth-first, a layer per round of reduce, each node once
// with its hop count; ranks by (smaller count, id), cuts at $limit and keeps
// the relationships walked between kept nodes. $ancestorIsFrom names the types
// whose start is the ancestor (entities.AncestorTypes). The type filter is the
// lineage types (cypher.WithTypes). One record: nodes in rank order, edges as [from, type, to,
// properties], whether the cut dropped any; an unknown $id gives no nodes.
MATCH (s:Entity {id: $id})
MATCH p = (s)-[rs:__TYPES__*0..]-(c)
/*as_of*/
WHERE all(r IN rs WHERE r.vfrom IS NULL OR r.vfrom <= $day)
  AND all(x IN nodes(p) WHERE x = s OR x.vfrom IS NULL OR x.vfrom <= $day)
/*end as_of*/
WITH DISTINCT s, c
WITH s, collect(c) AS family
CALL {
  WITH family
  UNWIND family AS u
  MATCH (u)-[r:__TYPES__]->(v)
  WHERE v IN family /*as_of*/ AND (r.vfrom IS NULL OR r.vfrom <= $day) /*end as_of*/
  RETURN collect(r) AS rels
}
// steps[i] is rels[i] as [descendant end, ancestor end].
WITH s, family, rels,
     [r IN rels | CASE WHEN type(r) IN $ancestorIsFrom THEN [endNode(r), startNode(r)] ELSE [startNode(r), endNode(r)] END] AS steps
WITH s, rels, steps,
     CASE WHEN $ancestors THEN
       reduce(w = {seen: [s], dist: [0], frontier: [s]}, d IN range(1, size(family)) |
         CASE WHEN size(w.frontier) = 0 THEN w ELSE
           reduce(l = {seen: w.seen, dist: w.dist, frontier: []}, e IN steps |
             CASE WHEN e[0] IN w.frontier AND NOT e[1] IN l.seen
                  THEN {seen: l.seen + e[1], dist: l.dist + d, frontier: l.frontier + e[1]} ELSE l END)
         END)
     ELSE {seen: [], dist: []} END AS anc,
     CASE WHEN $descendants THEN
       reduce(w = {seen: [s], dist: [0], frontier: [s]}, d IN range(1, size(family)) |
         CASE WHEN size(w.frontier) = 0 THEN w ELSE
           reduce(l = {seen: w.seen, dist: w.dist, frontier: []}, e IN steps |
             CASE WHEN e[1] IN w.frontier AND NOT e[0] IN l.seen
                  THEN {seen: l.seen + e[0], dist: l.dist + d, frontier: l.frontier + e[0]} ELSE l END)
         END)
     ELSE {seen: [], dist: []} END AS desc
CALL {
  WITH anc, desc
  UNWIND [i IN range(0, size(anc.seen) - 1) | [anc.seen[i], anc.dist[i]]] +
         [i IN range(0, size(desc.seen) - 1) | [desc.seen[i], desc.dist[i]]] AS nd
  WITH nd[0] AS n, min(nd[1]) AS d
  ORDER BY d, n.id
  LIMIT $limit + 1
  RETURN collect(n) AS ranked
}
WITH rels, steps, anc, desc, ranked[..$limit] AS kept, size(ranked) > $limit AS truncated
RETURN [n IN kept | properties(n)] AS nodes,
       [i IN range(0, size(rels) - 1)
        WHERE steps[i][0] IN kept AND steps[i][1] IN kept AND (steps[i][0] IN anc.seen OR steps[i][1] IN desc.seen) |
        [startNode(rels[i]).id, type(rels[i]), endNode(rels[i]).id, properties(rels[i])]] AS edges,
       truncated
