package httpapi

import (
	"github.com/gin-gonic/gin"

	"github.com/graphapi/graphapi/internal/entities"
)

// addRoutes lists the whole API surface and the role each route needs.
// openapi.go documents each route, and TestOpenAPIMatchesRoutes keeps the two
// in step. Reader routes are open to all unless the server makes reads need a
// token; the probes, the metrics, the OpenAPI document and the page always are.
func addRoutes(r *gin.Engine, store entities.Store, cfg Config) {
	requireRole := roleGuard(cfg.ReadsNeedToken, cfg.Users != nil)
	reader := requireRole(entities.RoleReader)
	editor := requireRole(entities.RoleEditor)
	admin := requireRole(entities.RoleAdmin)

	r.GET("/healthz", handleHealthz())
	r.GET("/readyz", handleReadyz(store))
	r.GET("/metrics", handleMetrics(cfg.Metrics))

	v1 := r.Group("/api/v1")
	v1.GET("/openapi.json", handleOpenAPI(cfg.Limits, cfg.MaxBodyBytes))
	// The read routes answer as_known=T from the graph as it stood at T
	// (entities/history.go): asKnown picks that graph, known answers from it.
	known := knownStore{live: store}
	read := asKnown(cfg.Known, store)
	v1.GET("/entities", reader, read, handleSearch(known, cfg.Limits))
	v1.GET("/entities/:id", reader, read, handleEntity(known))
	v1.GET("/entities/:id/neighbors", reader, read, handleNeighbors(known, cfg.Limits))
	v1.GET("/entities/:id/lineage", reader, read, handleLineage(known, cfg.Limits))
	v1.GET("/paths", reader, read, handlePaths(known, cfg.Limits))
	v1.GET("/subgraph", reader, read, handleSubgraph(known, cfg.Limits))
	v1.GET("/schema", reader, read, handleSchema(known))
	v1.GET("/sources", reader, read, handleSources(known))
	v1.GET("/history", reader, handleHistory(store))
	v1.GET("/conflicts", reader, read, handleConflicts(known, cfg.Limits))
	v1.POST("/cypher", reader, handleCypher(cfg.Cypher, cfg.MaxCypherRows, cfg.MaxBodyBytes))
	v1.GET("/export", reader, read, handleExport(known))
	v1.GET("/analytics/centrality", reader, read, handleCentrality(known, cfg.Limits))
	v1.GET("/analytics/components", reader, read, handleComponents(known, cfg.Limits))
	v1.GET("/analytics/brokers", reader, read, handleBrokers(known, cfg.Limits))
	v1.GET("/whoami", reader, handleWhoami(cfg.Users != nil, cfg.ReadsNeedToken))

	v1.GET("/drafts", reader, handleDraftList(cfg.Drafts))
	v1.GET("/drafts/:draft", reader, handleDraft(cfg.Drafts))
	v1.GET("/drafts/:draft/preview", reader, handleDraftPreview(cfg.Drafts))
	v1.PATCH("/drafts/:draft/items/:item", editor, handleDraftItem(cfg.Drafts))
	v1.POST("/drafts/:draft/apply", editor, handleDraftApply(cfg.Drafts))
	// Taking a pack back undoes what an editor accepted: an admin's to do.
	v1.POST("/packs/:pack/revert", admin, handlePackRevert(cfg.Drafts))

	v1.GET("/audit", admin, handleAudit(cfg.Audit))

	// The explorer page is not part of the API: it is served beside it, at /,
	// from whatever the command hands in, and uses only /api/v1.
	r.GET("/", handlePage(cfg.Page))
	r.GET("/assets/*file", handlePage(cfg.Page))

	r.NoRoute(noRoute)
	r.NoMethod(noMethod)
}
