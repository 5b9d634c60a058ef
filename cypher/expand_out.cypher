// One breadth-first step forward: the relationships leaving the frontier that
// pass the type filter (:__TYPES__, from the vocabulary) and as_of, with both
// ends passing as_of (ids in $exempt always pass: the entities a query names).
UNWIND $frontier AS fid
MATCH (u:Entity {id: fid})-[r:__TYPES__]->(v:Entity)
WHERE (NOT $asof OR (
        (r.vfrom IS NULL OR r.vfrom <= $day) AND (r.vto IS NULL OR r.vto >= $day)
        AND (u.id IN $exempt OR ((u.vfrom IS NULL OR u.vfrom <= $day) AND (u.vto IS NULL OR u.vto >= $day)))
        AND (v.id IN $exempt OR ((v.vfrom IS NULL OR v.vfrom <= $day) AND (v.vto IS NULL OR v.vto >= $day)))))
RETURN u.id AS from, type(r) AS type, v.id AS to, properties(r) AS props
