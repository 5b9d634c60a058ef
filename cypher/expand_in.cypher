// One breadth-first step backward: the relationships entering the frontier;
// filters as in expand_out.cypher.
UNWIND $frontier AS fid
MATCH (u:Entity)-[r:__TYPES__]->(v:Entity {id: fid})
WHERE (NOT $asof OR (
        (r.vfrom IS NULL OR r.vfrom <= $day) AND (r.vto IS NULL OR r.vto >= $day)
        AND (u.id IN $exempt OR ((u.vfrom IS NULL OR u.vfrom <= $day) AND (u.vto IS NULL OR u.vto >= $day)))
        AND (v.id IN $exempt OR ((v.vfrom IS NULL OR v.vfrom <= $day) AND (v.vto IS NULL OR v.vto >= $day)))))
RETURN u.id AS from, type(r) AS type, v.id AS to, properties(r) AS props
