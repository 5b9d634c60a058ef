// The ids of the entities one of whose folded names or aliases is one of
// $keys (entities.FoldName): those a pack added to the graph may mean by a
// name. One pass over the entities for all of a pack's names.
MATCH (n:Entity)
WHERE n.name_fold IN $keys OR any(a IN coalesce(n.aliases_fold, []) WHERE a IN $keys)
RETURN n.id AS id
ORDER BY id
