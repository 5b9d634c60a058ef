// __TYPE__ is a relationship type from the vocabulary; the count store answers it.
MATCH ()-[r:__TYPE__]->()
RETURN count(r) AS count
