// The content hash of every entity, to count created / updated / unchanged / deleted.
MATCH (n:Entity)
RETURN n.id AS id, n.hash AS hash
