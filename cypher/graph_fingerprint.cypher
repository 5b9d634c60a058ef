// Every node and relationship with its labels or type and properties, for the
// store's Fingerprint (tests use it to show that a query changed nothing).
MATCH (n)
OPTIONAL MATCH (n)-[r]->(m)
RETURN elementId(n) AS n, labels(n) AS labels, properties(n) AS props,
       elementId(r) AS r, type(r) AS type, elementId(m) AS m, properties(r) AS rprops
