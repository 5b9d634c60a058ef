// Every entity whose folded name or a folded alias contains the folded text;
// ranking and ordering happen in Go (semantics.go: byte order of folded names).
MATCH (n:Entity)
WHERE ($kind IS NULL OR n.kind = $kind)
  AND (n.name_fold CONTAINS $text
       OR any(a IN coalesce(n.aliases_fold, []) WHERE a CONTAINS $text))
RETURN n.id AS id, n.name_fold AS name, coalesce(n.aliases_fold, []) AS aliases
