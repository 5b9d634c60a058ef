// One batch of relationships of one type that the graph does not hold and
// that have at least one end created by this load: no other transaction can
// see that end, so no other can have made the relationship, and CREATE is as
// safe as MERGE without its search. Ends are found by element id. Each row is
// a list, [a, b, confidence, evidence, note, since, vfrom, until, vto, claims,
// conflicted]
// (neo4jstore.relCreateRow): cheaper to send and to read than a map, and
// properties given in the CREATE pattern (a null one is not stored) cost
// neither the Eager nor the property scan that SET r = map needs. The count
// lets the load fail should an end be missing. __TYPE__ is a relationship type
// from the vocabulary (entities.RelTypes).
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row[0]
MATCH (b) WHERE elementId(b) = row[1]
CREATE (a)-[:__TYPE__ {confidence: row[2], evidence: row[3], note: row[4],
                       since: row[5], vfrom: row[6], until: row[7], vto: row[8],
                       claims: row[9], conflicted: row[10]}]->(b)
RETURN count(*) AS n
