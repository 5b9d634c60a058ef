// One page of a named export's entities: those of $ids after $after, in id
// order, each looked up through the id constraint's index, so that exporting
// a few entities of a large graph reads only those. Named entities always
// pass, whatever the as_of day. Full rows when $full, else ids.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
WHERE id > $after
RETURN n.id AS id, CASE WHEN $full THEN properties(n) END AS n
ORDER BY n.id
LIMIT $limit
