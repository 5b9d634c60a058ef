// The relationships an export keeps that start at the entities $from (one page
// of exported entities): their end is exported too (named in $ids, or existing
// on $day), and they hold on $day (null for no as_of).
UNWIND $from AS id
MATCH (a:Entity {id: id})-[r]->(b:Entity)
WHERE ($ids IS NULL OR b.id IN $ids)
  AND ($ids IS NOT NULL OR $day IS NULL OR
       ((b.vfrom IS NULL OR b.vfrom <= $day) AND (b.vto IS NULL OR b.vto >= $day)))
  AND ($day IS NULL OR
       ((r.vfrom IS NULL OR r.vfrom <= $day) AND (r.vto IS NULL OR r.vto >= $day)))
RETURN a.id AS from, type(r) AS type, b.id AS to, properties(r) AS props
