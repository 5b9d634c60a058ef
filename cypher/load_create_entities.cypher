// One batch of entities of one kind that the graph does not hold yet (the
// load read every entity id in this transaction; the uniqueness constraint on
// :Entity(id) fails the whole load should another one create the same id).
// CREATE, not MERGE: no index seek per row. Each row is a list of the
// properties in neo4jstore.entityCreateKeys order, null for one the entity
// does not have (a null in the CREATE pattern is not stored): cheaper to send
// and read than a map, and without the property scan of SET n = map. Returns
// each entity id with its element id, by which the relationships of the new
// entities are written, as one list: one record a batch costs the driver far
// less to read than one a row.
// __KIND__ is a kind label from the vocabulary (entities.Kinds), never from a
// request.
UNWIND $rows AS row
CREATE (n:Entity:__KIND__ {id: row[0], kind: row[1], name: row[2], name_fold: row[3],
                           evidence: row[4], hash: row[5], aliases: row[6], aliases_fold: row[7],
                           description: row[8], attributes: row[9], founded: row[10], vfrom: row[11],
                           dissolved: row[12], vto: row[13], claims: row[14], conflicted: row[15]})
RETURN collect([row[0], elementId(n)]) AS created
