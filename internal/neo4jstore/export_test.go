package neo4jstore

// For the plan tests: the traversal statements exactly as the store sends them.
var (
	TraversalStatement = traversal
	LineageStatement   = lineageStmt
)
