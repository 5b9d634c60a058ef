// The neighbourhood of $id in one statement (entities/semantics.go,
// Neighbors). The variable-length match, whose path is used only for its
// length and grouped by its end, runs as a pruning breadth-first expand
// (VarLengthExpand(Pruning,BFS)): each node once, with its hop count d. The
// type filter, the direction and the depth bound (from the validated query)
// are written into the text (cypher.WithTypes, WithDirection, WithDepth); as_of
// ("held on $day") is checked per step on every relationship and node, the
// start exempt, and written in only when asked (cypher.WithAsOf).
// Nodes are ranked by (d, id) and cut at $limit: string order in Cypher is code
// point order, as semantics.go's byte order. Then the edges: from each kept
// node nearer than the depth, the filtered relationships the walk could take
// to another kept node. One record: the kept nodes' properties in rank order,
// the edges as [from, type, to, properties], and whether the cut dropped any.
// An unknown $id gives no nodes.
MATCH (s:Entity {id: $id})
MATCH p = (s)__IN__-[rs:__TYPES__*0..__DEPTH__]-__OUT__(n)
/*as_of*/
WHERE all(r IN rs WHERE (r.vfrom IS NULL OR r.vfrom <= $day) AND (r.vto IS NULL OR r.vto >= $day))
  AND all(x IN nodes(p) WHERE x = s OR ((x.vfrom IS NULL OR x.vfrom <= $day) AND (x.vto IS NULL OR x.vto >= $day)))
/*end as_of*/
WITH n, min(length(p)) AS d
ORDER BY d, n.id
LIMIT $limit + 1
WITH collect(n) AS ranked, collect(d) AS dist
WITH ranked[..$limit] AS kept, dist, size(ranked) > $limit AS truncated
CALL {
  WITH kept, dist
  UNWIND range(0, size(kept) - 1) AS i
  WITH kept, kept[i] AS u
  WHERE dist[i] < __DEPTH__
  MATCH (u)__IN__-[r:__TYPES__]-__OUT__(v)
  WHERE v IN kept /*as_of*/ AND (r.vfrom IS NULL OR r.vfrom <= $day) AND (r.vto IS NULL OR r.vto >= $day) /*end as_of*/
  RETURN collect(DISTINCT r) AS rels
}
RETURN [n IN kept | properties(n)] AS nodes,
       [r IN rels | [startNode(r).id, type(r), endNode(r).id, properties(r)]] AS edges,
       truncated
