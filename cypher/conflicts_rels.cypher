// The relationships whose claims disagree (the load sets conflicted only then).
MATCH (a:Entity)-[r]->(b:Entity)
WHERE r.conflicted = true
RETURN a.id AS from, type(r) AS type, b.id AS to, r.claims AS claims
