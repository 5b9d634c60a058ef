MATCH (s:Source)
RETURN s.id AS id, s.hash AS hash
