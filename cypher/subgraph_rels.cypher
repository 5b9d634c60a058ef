// Every relationship among the named entities.
UNWIND $ids AS id
MATCH (a:Entity {id: id})-[r]->(b:Entity)
WHERE b.id IN $ids
RETURN a.id AS from, type(r) AS type, b.id AS to, properties(r) AS props
