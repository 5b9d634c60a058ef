// The content hash of each of the given entities that the graph holds, for an
// addition (neo4jstore.Store.Add) to tell new, changed and unchanged apart
// without reading the rest of the graph. Each id is one index seek.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, n.hash AS hash
