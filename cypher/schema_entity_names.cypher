// Every entity's folded name and folded aliases, each value whole (the keyword
// analyzer makes one term of a value and splits nothing), so that the entities
// a pack names are found by index lookups (entities_named), not by reading
// every entity.
CREATE FULLTEXT INDEX graphapi_entity_names IF NOT EXISTS
FOR (n:Entity) ON EACH [n.name_fold, n.aliases_fold]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'keyword'}}
