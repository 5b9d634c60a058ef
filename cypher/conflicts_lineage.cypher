// The links a group's successor or origin is read from (entities.LineageField):
// every MERGED_INTO, RENAMED_TO and SPLIT_FROM, with its claims' sources.
MATCH (a:Entity)-[r:MERGED_INTO|RENAMED_TO|SPLIT_FROM]->(b:Entity)
RETURN a.id AS from, type(r) AS type, b.id AS to, r.claims AS claims
