package neo4jstore

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// For the plan tests: the traversal statements exactly as the store sends them.
var (
	TraversalStatement = traversal
	LineageStatement   = lineageStmt
)

// Bookmarks returns what the store's bookmark manager holds.
func (s *Store) Bookmarks(ctx context.Context) (neo4j.Bookmarks, error) {
	return s.bookmarks.GetBookmarks(ctx)
}
