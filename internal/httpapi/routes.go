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
	v1.GET("/entities", handleSearch(store, cfg.Limits))
	v1.GET("/entities/:id", handleEntity(store))
	v1.GET("/entities/:id/neighbors", handleNeighbors(store, cfg.Limits))
	v1.GET("/entities/:id/lineage", handleLineage(store, cfg.Limits))
	v1.GET("/paths", handlePaths(store, cfg.Limits))
	v1.GET("/subgraph", handleSubgraph(store, cfg.Limits))
	v1.GET("/schema", handleSchema(store))
	v1.GET("/sources", handleSources(store))
	v1.GET("/conflicts", handleConflicts(store, cfg.Limits))
	v1.GET("/openapi.json", handleOpenAPI(cfg.Limits, cfg.MaxBodyBytes))
	v1.POST("/cypher", handleCypher(cfg.Cypher, cfg.MaxCypherRows, cfg.MaxBodyBytes))
	v1.GET("/export", handleExport(store))
	v1.GET("/analytics/centrality", handleCentrality(store, cfg.Limits))
	v1.GET("/analytics/components", handleComponents(store, cfg.Limits))
	v1.GET("/analytics/brokers", handleBrokers(store, cfg.Limits))

	// Review of drafts: reads are open; writes need the write token.
	write := requireWriteToken(cfg.WriteToken)
	v1.GET("/drafts", handleDraftList(cfg.Drafts))
	v1.GET("/drafts/:draft", handleDraft(cfg.Drafts))
	v1.GET("/drafts/:draft/preview", handleDraftPreview(cfg.Drafts))
	v1.PATCH("/drafts/:draft/items/:item", write, handleDraftItem(cfg.Drafts))
	v1.POST("/drafts/:draft/apply", write, handleDraftApply(cfg.Drafts))

	// The explorer page is not part of the API: it is served beside it, at /,
	// from whatever the command hands in, and uses only /api/v1.
	r.GET("/", handlePage(cfg.Page))
	r.GET("/assets/*file", handlePage(cfg.Page))

	r.NoRoute(noRoute)
	r.NoMethod(noMethod)
}
