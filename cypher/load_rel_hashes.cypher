// Every relationship with the fields the load compares (relationships store no
// hash; neo4jstore.relContent).
MATCH (a:Entity)-[r]->(b:Entity)
RETURN a.id AS from, type(r) AS type, b.id AS to, r.confidence AS confidence,
       r.note AS note, r.since AS since, r.until AS until, r.evidence AS evidence,
       r.claims AS claims
