// __KIND__ is a kind label from the vocabulary; the count store answers it.
MATCH (n:__KIND__)
RETURN count(n) AS count
