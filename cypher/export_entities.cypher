// One page of an export's entities: those after $after in id order, named in
// $ids (null for all), existing on day $day (null for no as_of; ignored when
// ids are named, as named entities always pass). Full rows when $full, else ids.
MATCH (n:Entity)
WHERE n.id > $after
  AND ($ids IS NULL OR n.id IN $ids)
  AND ($ids IS NOT NULL OR $day IS NULL OR
       ((n.vfrom IS NULL OR n.vfrom <= $day) AND (n.vto IS NULL OR n.vto >= $day)))
RETURN n.id AS id, CASE WHEN $full THEN properties(n) END AS n
ORDER BY n.id
LIMIT $limit
