// Every entity a word of whose folded name or a folded alias starts with the
// folded text ($word is " " + $text: a later word); ranking and ordering happen
// in Go (semantics.go: byte order of folded names).
MATCH (n:Entity)
WHERE ($kind IS NULL OR n.kind = $kind)
  AND (n.name_fold STARTS WITH $text OR n.name_fold CONTAINS $word
       OR any(a IN coalesce(n.aliases_fold, []) WHERE a STARTS WITH $text OR a CONTAINS $word))
RETURN n.id AS id, n.name_fold AS name, coalesce(n.aliases_fold, []) AS aliases
