// Every entity a word of whose folded name or a folded alias starts with one
// of the search texts ($texts: entities.SearchTexts, the folded text and what
// it may be the start of; a later word is " " + text); ranking and ordering
// happen in Go (semantics.go: byte order of folded names).
MATCH (n:Entity)
WHERE ($kind IS NULL OR n.kind = $kind)
  AND any(t IN $texts WHERE n.name_fold STARTS WITH t OR n.name_fold CONTAINS (' ' + t)
       OR any(a IN coalesce(n.aliases_fold, []) WHERE a STARTS WITH t OR a CONTAINS (' ' + t)))
RETURN n.id AS id, n.name_fold AS name, coalesce(n.aliases_fold, []) AS aliases
