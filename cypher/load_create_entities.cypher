// One batch of entities of one kind that the graph does not hold yet (the
// load read every entity id in this transaction; the uniqueness constraint on
// :Entity(id) fails the whole load should another one create the same id).
// CREATE, not MERGE: no index seek per row. Returns each element id, by which
// the relationships of the new entities are written. __KIND__ is a kind label
// from the vocabulary (entities.Kinds), never from a request.
UNWIND $rows AS row
CREATE (n:Entity:__KIND__)
SET n = row
RETURN row.id AS id, elementId(n) AS eid
