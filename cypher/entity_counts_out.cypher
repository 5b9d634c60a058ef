MATCH (:Entity {id: $id})-[r]->(:Entity)
RETURN type(r) AS type, count(r) AS count
