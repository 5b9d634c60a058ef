// One batch of relationships of one type that the new dataset no longer states.
UNWIND $rows AS row
MATCH (:Entity {id: row.from})-[r:__TYPE__]->(:Entity {id: row.to})
DELETE r
