package httpapi

import (
	"github.com/gin-gonic/gin"

	"github.com/graphapi/graphapi/internal/entities"
)

// addRoutes lists the whole API surface. openapi.go documents each route, and
// TestOpenAPIMatchesRoutes keeps the two in step.
func addRoutes(r *gin.Engine, store entities.Store, cfg Config) {
	r.GET("/healthz", handleHealthz())
	r.GET("/readyz", handleReadyz(store))
	r.GET("/metrics", handleMetrics(cfg.Metrics))

	v1 := r.Group("/api/v1")
	// The read routes answer as_known=T from the graph as it stood at T
	// (entities/history.go): asKnown picks that graph, known answers from it.
	known := knownStore{live: store}
	read := asKnown(cfg.Known, store)
	v1.GET("/entities", read, handleSearch(known, cfg.Limits))
	v1.GET("/entities/:id", read, handleEntity(known))
	v1.GET("/entities/:id/neighbors", read, handleNeighbors(known, cfg.Limits))
	v1.GET("/entities/:id/lineage", read, handleLineage(known, cfg.Limits))
	v1.GET("/paths", read, handlePaths(known, cfg.Limits))
	v1.GET("/subgraph", read, handleSubgraph(known, cfg.Limits))
	v1.GET("/schema", read, handleSchema(known))
	v1.GET("/sources", read, handleSources(known))
	v1.GET("/history", handleHistory(store))
	v1.GET("/conflicts", read, handleConflicts(known, cfg.Limits))
	v1.GET("/openapi.json", handleOpenAPI(cfg.Limits, cfg.MaxBodyBytes))
	v1.POST("/cypher", handleCypher(cfg.Cypher, cfg.MaxCypherRows, cfg.MaxBodyBytes))
	v1.GET("/export", read, handleExport(known))
	v1.GET("/analytics/centrality", read, handleCentrality(known, cfg.Limits))
	v1.GET("/analytics/components", read, handleComponents(known, cfg.Limits))
	v1.GET("/analytics/brokers", read, handleBrokers(known, cfg.Limits))

	// Review of drafts: reads are open; writes need the write token.
	write := requireWriteToken(cfg.WriteToken)
	v1.GET("/drafts", handleDraftList(cfg.Drafts))
	v1.GET("/drafts/:draft", handleDraft(cfg.Drafts))
	v1.GET("/drafts/:draft/preview", handleDraftPreview(cfg.Drafts))
	v1.PATCH("/drafts/:draft/items/:item", write, handleDraftItem(cfg.Drafts))
	v1.POST("/drafts/:draft/apply", write, handleDraftApply(cfg.Drafts))
	// Taking a pack back needs an admin (requireRole(entities.RoleAdmin) once
	// users have roles): it undoes what an editor accepted.
	v1.POST("/packs/:pack/revert", write, handlePackRevert(cfg.Drafts))

	// The explorer page is not part of the API: it is served beside it, at /,
	// from whatever the command hands in, and uses only /api/v1.
	r.GET("/", handlePage(cfg.Page))
	r.GET("/assets/*file", handlePage(cfg.Page))

	r.NoRoute(noRoute)
	r.NoMethod(noMethod)
}
