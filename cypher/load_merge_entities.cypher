// One batch of new or changed entities of one kind. __KIND__ and __ALL_KINDS__
// are kind labels from the vocabulary (entities.Kinds), never from a request.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n = row
REMOVE n:__ALL_KINDS__
SET n:__KIND__
