MATCH (s:Source)
RETURN properties(s) AS s
