// The fields the load compares (neo4jstore.relContent) of each of the given
// relationships that the graph holds, found from their start entity by id.
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})-[r]->(b:Entity {id: row.to})
WHERE type(r) = row.type
RETURN a.id AS from, type(r) AS type, b.id AS to, r.confidence AS confidence,
       r.note AS note, r.since AS since, r.until AS until, r.evidence AS evidence,
       r.claims AS claims
