// The content hash of every entity, to count created / updated / unchanged /
// deleted, and its element id, by which the load finds it again in this
// transaction without an index seek.
MATCH (n:Entity)
RETURN n.id AS id, n.hash AS hash, elementId(n) AS eid
