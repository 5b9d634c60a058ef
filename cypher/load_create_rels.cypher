// One batch of relationships of one type that the graph does not hold and
// that have at least one end created by this load: no other transaction can
// see that end, so no other can have made the relationship, and CREATE is as
// safe as MERGE without its search. Ends are found by element id ($rows: a, b,
// props); the count lets the load fail should an end be missing. __TYPE__ is a
// relationship type from the vocabulary (entities.RelTypes).
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.a
MATCH (b) WHERE elementId(b) = row.b
CREATE (a)-[r:__TYPE__]->(b)
SET r = row.props
RETURN count(r) AS n
