// The entities whose claims disagree (the load sets conflicted only then).
MATCH (n:Entity)
WHERE n.conflicted = true
RETURN n.id AS id, n.claims AS claims
