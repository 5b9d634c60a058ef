UNWIND $ids AS id
MATCH (s:Source {id: id})
DELETE s
