// One batch of new or changed relationships of one type. __TYPE__ is a
// relationship type from the vocabulary (entities.RelTypes).
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
MERGE (a)-[r:__TYPE__]->(b)
SET r = row.props
