// One page of a whole-graph export's entities: those after $after in id order,
// existing on day $day (null for no as_of). Full rows when $full, else ids.
// (A named export reads export_entities_named.)
MATCH (n:Entity)
WHERE n.id > $after
  AND ($day IS NULL OR ((n.vfrom IS NULL OR n.vfrom <= $day) AND (n.vto IS NULL OR n.vto >= $day)))
RETURN n.id AS id, CASE WHEN $full THEN properties(n) END AS n
ORDER BY n.id
LIMIT $limit
