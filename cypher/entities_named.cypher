// The ids of the entities one of whose folded names or aliases is one of the
// keys (entities.FoldName) that $queries spell as Lucene queries, each a
// disjunction of quoted keys (graphapi_entity_names: one term per name or
// alias, so a quoted key matches a whole value only): those a pack added to
// the graph may mean by a name, by index lookups whatever the graph's size.
UNWIND $queries AS q
CALL db.index.fulltext.queryNodes('graphapi_entity_names', q) YIELD node
RETURN DISTINCT node.id AS id
ORDER BY id
