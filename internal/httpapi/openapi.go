package httpapi

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/graphapi/graphapi/internal/analytics"
	"github.com/graphapi/graphapi/internal/audit"
	"github.com/graphapi/graphapi/internal/entities"
)

// obj is a JSON object of the OpenAPI document. The document is built in Go rather
// than kept as a file so that its enums come from the vocabulary and its bounds
// from the limits this server enforces: it cannot drift from either.
type obj = map[string]any

func ref(name string) obj { return obj{"$ref": "#/components/schemas/" + name} }

func arrayOf(items obj) obj { return obj{"type": "array", "items": items} }

func str(desc string) obj { return obj{"type": "string", "description": desc} }

// openAPI returns the OpenAPI 3.0 document of every route in routes.go.
func openAPI(l entities.Limits, maxBodyBytes int64) obj {
	return obj{
		"openapi": "3.0.3",
		"info": obj{
			"title":   "graphapi",
			"version": "1",
			"description": "Traversal queries over a graph of armed groups and institutions, with provenance on every link. " +
				"Every error is an RFC 9457 application/problem+json document whose detail says what to fix. " +
				"Graph answers are deterministic: the same graph and query give the same answer in the same order.",
		},
		"paths": openAPIPaths(l, maxBodyBytes),
		"components": obj{"schemas": openAPISchemas(), "parameters": openAPIParameters(l), "responses": openAPIResponses(),
			"securitySchemes": obj{"bearerToken": obj{"type": "http", "scheme": "bearer",
				"description": "A user's token (graphapi user add prints it: gak_<id>_<secret>), or the server's write token (--write-token-file, GRAPHAPI_WRITE_TOKEN), which acts as the admin user \"admin\". " +
					"Roles: reader (every read route), editor (also edit, accept, reject and apply drafts), admin (also the audit trail). " +
					"The read routes are open to all unless the server was started with --open-reads=false. A token the server does not know is 401 on any route; " +
					"too many of them from one client IP are 429 with Retry-After."}}},
	}
}

func openAPIPaths(l entities.Limits, maxBodyBytes int64) obj {
	params := func(names ...string) []any {
		out := make([]any, len(names))
		for i, n := range names {
			out[i] = obj{"$ref": "#/components/parameters/" + n}
		}
		return out
	}
	get := func(id, summary string, schema obj, params []any, errs ...string) obj {
		return obj{"get": operation(id, summary, schema, params, errs)}
	}
	// The analytics refuse a graph past the cap up front: once started, gonum
	// cannot be stopped at the deadline.
	capped := fmt.Sprintf(" A graph of more than %d entities or %d relationships is refused (400): ask for a part with ids or as_of.",
		l.MaxAnalyticsEntities, l.MaxAnalyticsRelationships)
	paths := obj{
		"/healthz": get("healthz", "Liveness: 200 while the process serves HTTP.", ref("Status"), nil),
		"/readyz": get("readyz", "Readiness: 200 when the store answers, 503 while it cannot.", ref("Status"), nil,
			"503"),
		"/api/v1/entities": get("searchEntities",
			"Search entity names and aliases by the start of their words, folded as for identity (case, accents, punctuation, apostrophes, Arabic articles and transliterations: \"Ansar Dine\" finds Ansar al-Dine, \"Jama'at Nasr al-Islam wal Muslimin\" finds JNIM); a last word typed so far matches every spelling it may grow into (\"Mo\" finds al-Mourabitoun, \"Qae\" al-Qa'ida); exact matches first, then prefix matches, then the rest.",
			ref("SearchResult"), params("q", "kind", "searchLimit", "offset", "as_known"), "504", "503"),
		"/api/v1/entities/{id}": get("getEntity",
			"One entity with its aliases, dates, attributes, evidence and relationship counts by type and direction.",
			ref("EntityDetail"), params("id", "as_known"), "404", "504", "503"),
		"/api/v1/entities/{id}/neighbors": get("getNeighbors",
			"The k-hop neighbourhood of an entity as a graph; nodes nearest first, then by id; cut at limit and marked truncated.",
			ref("Graph"), params("id", "depth", "types", "direction", "as_of", "nodeLimit", "as_known"), "404", "504", "503"),
		"/api/v1/entities/{id}/lineage": get("getLineage",
			"A group's ancestors and/or descendants over the lineage types (MERGED_INTO, SPLIT_FROM, BRANCH_OF, RENAMED_TO), transitively, each entity once.",
			ref("Graph"), params("id", "lineageDirection", "lineageAsOf", "nodeLimit", "as_known"), "404", "504", "503"),
		"/api/v1/paths": get("getPaths",
			"All shortest paths between two entities (up to limit), each as its node ids in order and the relationships between them.",
			ref("PathResult"), params("from", "to", "types", "direction", "max_depth", "as_of", "pathLimit", "as_known"), "404", "504", "503"),
		"/api/v1/subgraph": get("getSubgraph",
			"The named entities and every relationship among them.",
			ref("Graph"), params("ids", "as_known"), "404", "504", "503"),
		"/api/v1/schema": get("getSchema",
			"Entity kinds and relationship types with what each end means, whether it is lineage, and counts.",
			ref("Schema"), params("as_known"), "404", "504", "503"),
		"/api/v1/sources": get("getSources", "The source documents that evidence cites, by id; a pack applied through review says who applied it and when (applied).",
			arrayOf(ref("Source")), params("as_known"), "404", "504", "503"),
		"/api/v1/history": get("getHistory",
			"The packs in the order they entered the graph: first those that entered with the seed (no applied record), by source id; then those applied through review, by the time they were applied, ties by source id. "+
				"A pack reverted since is not listed: the audit log (pack.revert) keeps it.",
			ref("History"), nil, "504", "503"),
		"/api/v1/conflicts": get("getConflicts",
			"The fields whose sources disagree, entities' first, each by subject id and field: every claim with its source, and the value shown. "+
				"Claims agree when one date is the other at a coarser precision (2011 and 2011-12); the value shown is the one the most sources support, then the finer date, then the earlier date (for a confidence, the more cautious). "+
				"A group's lineage is in conflict too when two sources each give it a successor (field lineage.successor: the ends of its MERGED_INTO and RENAMED_TO links) or an origin (lineage.origin: of its SPLIT_FROM links) and share none (the links' dates tell whether that is a sequence); the claims are each source's ends, the graph keeps every link, and shown is the end most sources give.",
			ref("ConflictList"), params("conflictLimit", "offset", "as_known"), "504", "503"),
		"/api/v1/openapi.json": get("getOpenAPI", "This document.", obj{"type": "object"}, nil),
		"/api/v1/cypher": obj{"post": withBody(
			operation("postCypher",
				"Run one read-only Cypher query (Neo4j backend only: on the embedded store Cypher is off and the route answers 404, its detail saying to start graphapi serve --backend neo4j). Writes, procedure calls, LOAD CSV and schema commands are refused; rows are capped.",
				ref("CypherResponse"), nil, []string{"404", "504", "503"}),
			obj{
				"required":    true,
				"description": "At most " + strconv.FormatInt(maxBodyBytes, 10) + " bytes.",
				"content":     obj{"application/json": obj{"schema": ref("CypherRequest")}},
			})},
		"/api/v1/export": obj{"get": obj{"operationId": "exportGraph",
			"summary":    "The graph, or the part ids and as_of select, streamed as an attachment in an interchange format.",
			"parameters": params("format", "exportIds", "as_of", "as_known"),
			"responses": obj{
				"200": obj{"description": "OK", "content": obj{
					"application/graphml+xml":           obj{"schema": obj{"type": "string"}},
					"application/zip":                   obj{"schema": obj{"type": "string", "format": "binary"}},
					"application/stix+json;version=2.1": obj{"schema": obj{"type": "object"}},
					"application/json":                  obj{"schema": obj{"type": "object"}}}},
				"400": obj{"$ref": "#/components/responses/400"}, "404": obj{"$ref": "#/components/responses/404"},
				"413": obj{"$ref": "#/components/responses/413"}, "431": obj{"$ref": "#/components/responses/431"},
				"500": obj{"$ref": "#/components/responses/500"}, "501": obj{"$ref": "#/components/responses/501"},
				"503": obj{"$ref": "#/components/responses/503"}, "504": obj{"$ref": "#/components/responses/504"}}}},
		"/api/v1/analytics/centrality": get("getCentrality", "Top entities by degree and by betweenness centrality (undirected, normalized as networkx's default), computed with gonum."+capped,
			ref("Centrality"), params("top", "exportIds", "as_of", "as_known"), "404", "501", "504", "503"),
		"/api/v1/analytics/components": get("getComponents", "Connected components, largest first, each as its ids."+capped,
			ref("Components"), params("exportIds", "as_of", "as_known"), "404", "501", "504", "503"),
		"/api/v1/analytics/brokers": get("getBrokers", "Brokers: articulation points (entities whose removal splits their component) and bridges (links whose removal does) of the undirected simple graph, computed by Tarjan's low-link search over gonum's graph."+capped,
			ref("Brokers"), params("exportIds", "as_of", "as_known"), "404", "501", "504", "503"),
		"/api/v1/drafts": get("listDrafts",
			"The drafts in the server's drafts folder (graphapi draft --out), with their items counted by status. 404 when the server has no drafts folder (drafts are off): the detail says to start it with graphapi serve --seed DIR --drafts DIR --write-token-file FILE.",
			ref("DraftList"), nil, "404", "503"),
		"/api/v1/drafts/{draft}": get("getDraft",
			"One draft: its source, its text, and its proposed mentions, entity candidates and relationship candidates, each with its sentence (byte offsets into the text), score, reason and status. Fields are named as in the draft.review file.",
			ref("DraftView"), params("draft"), "404", "503"),
		"/api/v1/drafts/{draft}/preview": get("previewDraft",
			"What applying the draft would change: the new entities and relationships, the evidence added to ones the graph has, the values shown that would change, and the conflicts that would appear; computed by loading the seed with the pack in place, nothing written. 400 when an accepted item cannot stand or the seed would not load (detail lists file:line problems).",
			ref("DraftPreview"), params("draft"), "404", "409", "503", "504"),
		"/api/v1/drafts/{draft}/items/{item}": obj{"patch": needs(entities.RoleEditor, withBody(
			operation("editDraftItem",
				"Accept, reject or edit one item (a relationship's type, ends, dates and confidence; a candidate's kind, name and founded date), or resolve a candidate to an entity the graph has. Saves the draft, recording who decided an item and when (by, at), and returns it. The change is appended to the audit trail (when the server keeps one) before it is saved; if the append fails nothing is saved (503).",
				ref("DraftView"), params("draft", "item"), []string{"404", "503"}),
			obj{
				"required":    true,
				"description": "The fields to change; at most " + strconv.FormatInt(maxBodyBytes, 10) + " bytes.",
				"content":     obj{"application/json": obj{"schema": ref("DraftChange")}},
			}))},
		"/api/v1/drafts/{draft}/apply": obj{"post": needs(entities.RoleEditor, operation("applyDraft",
			"Write the accepted items as a source pack into the seed folder (pack.yaml, the text, statements.yaml) and reload the graph, all or nothing: if the reload fails the files are put back and the graph is unchanged. Returns what changed. The apply is appended to the audit trail (when the server keeps one) before the pack is written; if the append fails nothing is written (503).",
			ref("DraftApplied"), params("draft"), []string{"404", "409", "503", "504"}))},
		"/api/v1/packs/{pack}/revert": obj{"post": needs(entities.RoleAdmin, operation("revertPack",
			"Take one pack out: its folder leaves the seed and the graph is reloaded without it, all or nothing; what other packs state stays, with their evidence and claims (the loader's merge). "+
				"Recorded in the audit log (pack.revert, with the pack's files as before). With dry_run=true nothing changes and the answer is what would leave (removed_entities, removed_relationships, evidence_removed). "+
				"409 with dependants when a statement of another pack names an entity only this pack states: revert those first.",
			ref("PackReverted"), params("pack", "dry_run"), []string{"404", "409", "503", "504"}))},
		"/api/v1/whoami": get("whoami",
			"Who the request's token belongs to (user is null without one), and what the server asks: whether it takes writes at all, and whether the read routes need a token.",
			ref("Whoami"), nil),
		"/api/v1/audit": obj{"get": needs(entities.RoleAdmin, operation("getAudit",
			"The audit trail: every write (draft item edited, accepted or rejected; pack applied or reverted; user added or removed), oldest first, with who, when, the request id and the statements before and after. 501 when the server keeps no trail (--audit FILE).",
			ref("AuditList"), params("auditUser", "auditPack", "auditSince"), []string{"404", "503"}))},
		"/metrics": obj{"get": obj{
			"operationId": "getMetrics",
			"summary":     "Request counts and latencies by route and status, store query latencies by operation, and seed load figures, in the Prometheus text format.",
			"responses": obj{
				"200": obj{"description": "OK", "content": obj{"text/plain": obj{"schema": obj{"type": "string"}}}},
				"400": obj{"$ref": "#/components/responses/400"},
				"413": obj{"$ref": "#/components/responses/413"},
				"431": obj{"$ref": "#/components/responses/431"},
				"500": obj{"$ref": "#/components/responses/500"},
			},
		}},
	}
	// The rate limit, when on, applies to the API; the probes and /metrics are
	// exempt, since a load balancer or Prometheus calls them on a schedule. A
	// token is read on every API route but the document itself: a wrong one is
	// 401 anywhere, and reader routes take one (needed with --open-reads=false).
	for path, item := range paths {
		if strings.HasPrefix(path, "/api/v1/") {
			for _, op := range item.(obj) {
				responses := op.(obj)["responses"].(obj)
				responses["429"] = obj{"$ref": "#/components/responses/429"}
				if path == "/api/v1/openapi.json" {
					continue
				}
				responses["401"] = obj{"$ref": "#/components/responses/401"}
				if _, ok := op.(obj)["security"]; !ok {
					op.(obj)["security"] = []any{obj{}, obj{"bearerToken": []any{}}}
				}
			}
		}
	}
	return paths
}

// needs marks an operation that needs a role: 401 without a token (or with one
// the server does not know), 403 for a user of a lesser role or when the
// server has writing off.
func needs(role entities.Role, op obj) obj {
	op["security"] = []any{obj{"bearerToken": []any{}}}
	op["summary"] = op["summary"].(string) + " Needs role " + string(role) + "."
	responses := op["responses"].(obj)
	responses["401"] = obj{"$ref": "#/components/responses/401"}
	responses["403"] = obj{"$ref": "#/components/responses/403"}
	return op
}

func withBody(op obj, body obj) obj {
	op["requestBody"] = body
	return op
}

// operation describes one route. Every route can answer 400 (a strict query
// string), 413 (a body over the cap, which every route refuses) and 500; errs
// adds the other problems it can give.
func operation(id, summary string, schema obj, params []any, errs []string) obj {
	responses := obj{
		"200": obj{"description": "OK", "content": obj{"application/json": obj{"schema": schema}}},
		"400": obj{"$ref": "#/components/responses/400"},
		"413": obj{"$ref": "#/components/responses/413"},
		"431": obj{"$ref": "#/components/responses/431"},
		"500": obj{"$ref": "#/components/responses/500"},
	}
	for _, code := range errs {
		responses[code] = obj{"$ref": "#/components/responses/" + code}
	}
	op := obj{"operationId": id, "summary": summary, "responses": responses}
	if params != nil {
		op["parameters"] = params
	}
	return op
}

func openAPIResponses() obj {
	problem := func(desc string) obj {
		return obj{"description": desc, "content": obj{problemContentType: obj{"schema": ref("Problem")}}}
	}
	return obj{
		"400": problem("The request is wrong (an unknown or repeated query parameter, a bad number, type, direction or date, a limit out of range, a graph too large to analyse); detail says what to fix."),
		"401": withHeaders(problem("The route needs a signed-in user and the request carries no Authorization: Bearer token, or the token is not one the server knows (or its user was removed)."), obj{
			"WWW-Authenticate": obj{"description": "Bearer.", "schema": obj{"type": "string"}},
		}),
		"403": problem("The user's role is not enough for this route (detail names the role it needs and the user's), or the server knows no users (writing is off)."),
		"404": problem("No entity (or draft, or draft item) has that id, detail naming it; or the route is a feature that is off on this server (drafts without --drafts, Cypher on the embedded store), detail saying which flag turns it on."),
		"409": problem("The draft is not in a state that allows this (nothing in it is accepted yet); detail says what to do first."),
		"413": problem("The request body is larger than the server accepts."),
		// Go's HTTP server answers this one itself, before any handler runs, in
		// plain text; the document says so rather than promise a problem.
		"431": obj{"description": "The request line and headers (the URL included) are larger than the server accepts; send fewer or shorter ids.",
			"content": obj{"text/plain": obj{"schema": obj{"type": "string"}}}},
		"429": withHeaders(problem("This client sent more requests than the server's per-client rate limit allows."), obj{
			"Retry-After": obj{"description": "Seconds to wait before the next request.", "schema": obj{"type": "integer", "minimum": 1}},
		}),
		"500": problem("The server failed; the request id ties the answer to the server's log."),
		"501": problem("This store does not offer the operation, and no flag turns it on."),
		"503": problem("The backing store cannot be reached right now; retry later."),
		"504": problem("The query ran past the server's deadline; ask for less."),
	}
}

func withHeaders(response obj, headers obj) obj {
	response["headers"] = headers
	return response
}

// asOfPattern is what ParseAsOf accepts, as closely as a pattern can say it: a
// year other than 0000, optionally with a month, optionally with a day that the
// month has. It leaves out 29 February, which only some
// years have, so that every date it admits is one the server accepts.
const asOfPattern = `^(?!0000)[0-9]{4}(-(` +
	`(0[13578]|1[02])(-(0[1-9]|[12][0-9]|3[01]))?|` +
	`(0[469]|11)(-(0[1-9]|[12][0-9]|30))?|` +
	`02(-(0[1-9]|1[0-9]|2[0-8]))?))?$`

// momentPattern is a day or an RFC 3339 time, as as_known and the audit's
// since take; like asOfPattern it leaves out 29 February, which it cannot tell
// from 29 February of a common year.
const momentPattern = `^(?!0000)[0-9]{4}-(` +
	`(0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|` +
	`(0[469]|11)-(0[1-9]|[12][0-9]|30)|` +
	`02-(0[1-9]|1[0-9]|2[0-8]))` +
	`(T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9]))?$`

func openAPIParameters(l entities.Limits) obj {
	moment := obj{"type": "string", "pattern": momentPattern}
	q := func(name, desc string, schema obj, example any) obj {
		return obj{"name": name, "in": "query", "description": desc, "schema": schema, "example": example}
	}
	required := func(p obj) obj {
		p["required"] = true
		return p
	}
	intRange := func(min, max, def int) obj {
		return obj{"type": "integer", "minimum": min, "maximum": max, "default": def}
	}
	list := func(items obj, maxItems int) obj {
		s := arrayOf(items)
		s["minItems"] = 1
		if maxItems > 0 {
			s["maxItems"] = maxItems
		}
		return s
	}
	commaList := func(p obj) obj {
		p["style"] = "form"
		p["explode"] = false
		return p
	}
	// The pattern is the loader's rule for ids: a seed can hold no other, so any
	// other text can only be answered 404 (or 400), never 200.
	id := obj{"type": "string", "description": "An entity id: letters, digits, '.', '_' and '-'.",
		"pattern": entities.IDPattern, "minLength": 1, "maxLength": 200}
	return obj{
		"id": obj{"name": "id", "in": "path", "required": true, "description": "The entity's id.",
			"schema": obj{"type": "string", "pattern": entities.IDPattern, "maxLength": 200}, "example": "jnim"},
		"q": q("q", "Text a word of a name or alias starts with; case, accents, apostrophes, punctuation and Arabic articles fold away (entities.FoldName). Empty matches every entity.",
			obj{"type": "string", "maxLength": l.MaxSearchChars}, "ansar al dine"),
		"kind":          q("kind", "Only entities of this kind.", obj{"type": "string", "enum": kindNames()}, string(entities.KindArmedGroup)),
		"conflictLimit": q("limit", "Conflicts on the page.", intRange(1, l.MaxLimit, 100), 10),
		"searchLimit":   q("limit", "Hits on the page.", intRange(1, l.MaxLimit, 20), 10),
		"offset":        q("offset", "Hits to skip.", intRange(0, l.MaxOffset, 0), 0),
		"depth":         q("depth", "Hops from the entity.", intRange(1, l.MaxDepth, 1), 2),
		"types": commaList(q("types", "Comma-separated relationship types to follow; all types when absent.",
			list(obj{"type": "string", "enum": relTypeNames()}, 0), []string{string(entities.ReportsTo)})),
		"direction": q("direction", "Follow relationships from start to end (out), end to start (in), or either way.",
			obj{"type": "string", "enum": []string{string(entities.Out), string(entities.In), string(entities.Both)}, "default": string(entities.Both)},
			string(entities.Out)),
		"lineageDirection": q("direction", "Which side of the lineage to walk.",
			obj{"type": "string", "enum": []string{string(entities.Ancestors), string(entities.Descendants), string(entities.BothLineage)}, "default": string(entities.BothLineage)},
			string(entities.Ancestors)),
		"as_of": q("as_of", "Keep only what held on this day (\"held on D\"): entities whose founded..dissolved period and relationships whose since..until period cover the day, both ends of a relationship included. A partial date means its last day (2016 is the end of 2016); an entity or relationship with an unknown start counts as always having existed. The entities the query names are always returned. 29 February is accepted in leap years, though the pattern, which cannot count leap years, leaves it out.",
			obj{"type": "string", "pattern": asOfPattern}, "2018"),
		"lineageAsOf": q("as_of", "The lineage as it stood on this day (\"known by D\"): every lineage relationship whose since is on or before the day and every group founded on or before it, including groups that had ended by then (they keep their dissolved date); nothing founded or dated after the day. until and dissolved are not used. A partial date means its last day (2016 is the end of 2016); an unknown since or founded counts as always. The start entity is always returned.",
			obj{"type": "string", "pattern": asOfPattern}, "2010"),
		"nodeLimit": q("limit", "Nodes in the answer, the start included; nearest first, then by id.",
			intRange(1, l.MaxLimit, l.DefaultLimit), 100),
		"from":      required(q("from", "The entity paths start from.", id, "gsign")),
		"to":        required(q("to", "The entity paths end at.", id, "mos")),
		"max_depth": q("max_depth", "The longest path, in hops, worth finding.", intRange(1, l.MaxDepth, l.MaxDepth), 4),
		"pathLimit": q("limit", "Paths in the answer.", intRange(1, l.MaxPaths, l.DefaultPaths), 10),
		"ids": required(commaList(q("ids", "Comma-separated entity ids.",
			list(id, l.MaxIDs), []string{"jnim", "al-murabitoun", "ansar-al-dine"}))),
		"format": required(q("format", "graphml; csv (a zip of the neo4j-admin seed files); stix (a STIX 2.1 bundle); cytoscape (Cytoscape.js elements).",
			obj{"type": "string", "enum": []string{"graphml", "csv", "stix", "cytoscape"}}, "graphml")),
		"exportIds": commaList(q("ids", "Comma-separated entity ids; the whole graph when absent.", list(id, 0), []string{"jnim", "aqim"})),
		"top":       q("top", "Entities per measure.", intRange(1, analytics.MaxTop, analytics.DefaultTop), 10),
		"draft": obj{"name": "draft", "in": "path", "required": true, "description": "The draft's folder name in the drafts folder.",
			"schema": obj{"type": "string", "pattern": entities.NewSourceIDPattern, "maxLength": 200}, "example": "crt2019-niger"},
		"pack": obj{"name": "pack", "in": "path", "required": true, "description": "The pack's source id, as GET /api/v1/history lists it.",
			"schema": obj{"type": "string", "maxLength": 200}, "example": "crt2019-niger"},
		"dry_run": q("dry_run", "true: change nothing, answer what the revert would take out.", obj{"type": "boolean", "default": false}, true),
		"as_known": q("as_known", "Answer from the graph as it stood then: the seed with only the packs applied by this moment (a day, the end of that day in UTC, or an RFC 3339 time) and those that entered with the seed, less those taken out by then; a pack reverted since counts for the time it was in. "+
			"Not as_of, which asks what existed in the world on a day. The server builds that graph from its seed folder on the embedded store and keeps the last few it built; "+
			"on the Neo4j backend too, so that both answer alike (a moment after every pack was applied is answered by the store itself). 501 when the server has no seed folder.",
			moment, "2026-12-07"),
		"auditUser":  q("user", "Only the entries of this user.", obj{"type": "string", "minLength": 1, "maxLength": maxAuditUser}, "ana"),
		"auditPack":  q("pack", "Only the entries of this pack (its folder in the seed).", obj{"type": "string", "minLength": 1, "maxLength": maxAuditPack}, "crt2019-niger"),
		"auditSince": q("since", "Only the entries from this day (from its start, UTC) or this time on.", moment, "2026-12-07"),
		"item": obj{"name": "item", "in": "path", "required": true, "description": "The item's id in the draft (m-…, e-… or r-…).",
			"schema": obj{"type": "string", "maxLength": 200}, "example": "r-21d71cb3cb"},
	}
}

func openAPISchemas() obj {
	date := obj{"type": "string", "pattern": `^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$`,
		"description": "A date at the precision the source gives: YYYY, YYYY-MM or YYYY-MM-DD."}
	object := func(required []string, props obj) obj {
		return obj{"type": "object", "required": required, "properties": props}
	} // evidenceOn is evidence a change adds to, or takes from, something
	// that stays.
	evidenceOn := func(subject string) obj {
		return object([]string{"subject", "subject_kind", "name", "evidence"}, obj{
			"subject":      str(subject),
			"subject_kind": obj{"type": "string", "enum": []string{entities.SubjectEntity, entities.SubjectRelationship}},
			"name":         obj{"type": "string"},
			"evidence":     arrayOf(ref("Evidence")),
		})
	}
	applied := object([]string{"by", "at"}, obj{
		"by": str("Who applied the pack through review."),
		"at": obj{"type": "string", "format": "date-time", "description": "When, in UTC."},
	})

	entity := obj{
		"id":          str("Stable id, used in URLs."),
		"kind":        obj{"type": "string", "enum": kindNames()},
		"name":        str("What analysts call it."),
		"aliases":     arrayOf(obj{"type": "string"}),
		"description": obj{"type": "string"},
		"founded":     date,
		"dissolved":   date,
		"attributes":  obj{"type": "object", "additionalProperties": obj{"type": "string"}},
		"evidence":    arrayOf(ref("Evidence")),
		"claims":      arrayOf(ref("Claim")),
	}
	entity["claims"].(obj)["description"] = "What each source gives for founded, dissolved and attributes; founded, dissolved and attributes hold the values shown."
	return obj{
		"Status": object([]string{"status"}, obj{"status": obj{"type": "string", "enum": []string{"ok", "ready"}}}),
		"Evidence": object([]string{"source"}, obj{
			"source":  str("The id of the cited source."),
			"quote":   str("The exact words of a report source that support the fact."),
			"locator": str("Where in a reference source the fact stands."),
		}),
		"Entity": object([]string{"id", "kind", "name", "evidence", "claims"}, entity),
		"EntityDetail": obj{"allOf": []any{ref("Entity"), object([]string{"relationship_counts", "conflicts"}, obj{
			"relationship_counts": arrayOf(ref("RelCount")),
			"conflicts":           arrayOf(ref("Conflict")),
		})}},
		"Claim": object([]string{"field", "value", "source"}, obj{
			"field":  str("founded, dissolved, since, until, confidence, or attributes.<key>."),
			"value":  str("The value the source gives: a date at its own precision, a confidence, or a string."),
			"source": str("The id of the source that gives it."),
		}),
		"Conflict": object([]string{"subject", "subject_kind", "field", "shown", "claims"}, obj{
			"subject":      str("The id of the entity or relationship."),
			"subject_kind": obj{"type": "string", "enum": []string{entities.SubjectEntity, entities.SubjectRelationship}},
			"field":        str("The field the sources disagree on: a claim's field, or lineage.successor or lineage.origin."),
			"shown":        str("The value the graph shows."),
			"claims":       arrayOf(ref("Claim")),
		}),
		"ConflictList": object([]string{"items", "total"}, obj{
			"items": arrayOf(ref("Conflict")),
			"total": obj{"type": "integer", "minimum": 0, "description": "All conflicts, before offset and limit."},
		}),
		"RelCount": object([]string{"type", "direction", "count"}, obj{
			"type":      obj{"type": "string", "enum": relTypeNames()},
			"direction": obj{"type": "string", "enum": []string{string(entities.Out), string(entities.In)}},
			"count":     obj{"type": "integer", "minimum": 1},
		}),
		"Relationship": object([]string{"id", "type", "from", "to", "confidence", "evidence", "claims"}, obj{
			"id":         str("from:TYPE:to"),
			"type":       obj{"type": "string", "enum": relTypeNames()},
			"from":       str("The id of the start entity."),
			"to":         str("The id of the end entity."),
			"since":      date,
			"until":      date,
			"confidence": obj{"type": "string", "enum": []string{string(entities.Fact), string(entities.Assessed), string(entities.Reported)}},
			"note":       obj{"type": "string"},
			"evidence":   arrayOf(ref("Evidence")),
			"claims":     obj{"type": "array", "items": ref("Claim"), "description": "What each source gives for since, until and confidence; the fields above hold the values shown."},
		}),
		"Graph": object([]string{"nodes", "edges", "truncated"}, obj{
			"nodes":     arrayOf(ref("Entity")),
			"edges":     arrayOf(ref("Relationship")),
			"truncated": obj{"type": "boolean", "description": "True when the limit cut the answer."},
		}),
		"Path": object([]string{"nodes", "edges"}, obj{
			"nodes": arrayOf(obj{"type": "string"}),
			"edges": arrayOf(ref("Relationship")),
		}),
		"PathResult": object([]string{"paths", "nodes", "length", "truncated"}, obj{
			"paths":     arrayOf(ref("Path")),
			"nodes":     arrayOf(ref("Entity")),
			"length":    obj{"type": "integer", "minimum": 0, "description": "Hops in each path; 0 when none was found."},
			"truncated": obj{"type": "boolean"},
		}),
		"SearchResult": object([]string{"items", "total"}, obj{
			"items": arrayOf(ref("Entity")),
			"total": obj{"type": "integer", "minimum": 0, "description": "All hits, before offset and limit."},
		}),
		"Schema": object([]string{"entity_kinds", "relationship_types"}, obj{
			"entity_kinds": arrayOf(object([]string{"kind", "description", "label", "color", "shape", "count"}, obj{
				"kind":        obj{"type": "string", "enum": kindNames()},
				"description": obj{"type": "string"},
				"label":       str("The kind in words, as the page's legend shows it."),
				"color":       obj{"type": "string", "pattern": "^#[0-9a-f]{6}$", "description": "The fill the page draws the kind's nodes with."},
				"shape":       str("The Cytoscape.js node shape the page draws the kind with."),
				"count":       obj{"type": "integer", "minimum": 0},
			})),
			"relationship_types": arrayOf(object([]string{"type", "from", "to", "verb", "description", "lineage", "color", "count"}, obj{
				"type":        obj{"type": "string", "enum": relTypeNames()},
				"from":        str("What the start entity is."),
				"to":          str("What the end entity is."),
				"verb":        obj{"type": "string"},
				"description": obj{"type": "string"},
				"lineage":     obj{"type": "boolean"},
				"color":       obj{"type": "string", "pattern": "^#[0-9a-f]{6}$", "description": "The colour the page draws the type's edges with; one per type."},
				"count":       obj{"type": "integer", "minimum": 0},
			})),
		}),
		"Source": object([]string{"id", "kind", "title"}, obj{
			"id":        obj{"type": "string"},
			"kind":      obj{"type": "string", "enum": []string{string(entities.SourceReport), string(entities.SourceReference)}},
			"title":     obj{"type": "string"},
			"publisher": obj{"type": "string"},
			"published": date,
			"url":       obj{"type": "string"},
			"file":      str("The source's text, relative to the seed directory (report sources)."),
			"country":   str("The country a pack's source is about: its generic state-body names (National Gendarmerie) are that country's."),
			"applied":   applied,
		}),
		"History": object([]string{"items"}, obj{"items": arrayOf(ref("Source"))}),
		"PackReverted": object([]string{"pack", "folder", "changes", "dry_run"}, obj{
			"pack":    str("The pack's source id."),
			"folder":  str("Its folder in the seed."),
			"changes": ref("DraftPreview"),
			"dry_run": obj{"type": "boolean", "description": "true: nothing changed."},
		}),
		"Problem": object([]string{"type", "title", "status", "detail", "instance", "code", "request_id"}, obj{
			"type":       str("about:blank: the status code says it all."),
			"title":      str("The status text."),
			"status":     obj{"type": "integer"},
			"detail":     str("What went wrong and what to fix."),
			"instance":   str("The request's path and query."),
			"code":       obj{"type": "string", "enum": []string{entities.ENOTFOUND, entities.EINVALID, entities.ETIMEOUT, entities.EUNAVAILABLE, entities.ENOTIMPLEMENTED, entities.ECONFLICT, entities.EINTERNAL, "method_not_allowed", codeTooLarge, codeRateLimited, codeUnauthorized, codeForbidden}},
			"request_id": str("The X-Request-Id of the request, as the server logged it."),
			"dependants": arrayOf(object([]string{"pack", "relationship", "entity"}, obj{
				"pack":         str("A pack that depends on the one a revert would take out."),
				"relationship": str("Its statement that names the entity."),
				"entity":       str("The entity only the reverted pack states."),
			})),
		}),
		"CypherRequest": object([]string{"query"}, obj{
			"query":  obj{"type": "string", "minLength": 1, "pattern": `\S`, "description": "One read-only Cypher statement."},
			"params": obj{"type": "object", "additionalProperties": true, "description": "Query parameters, referred to as $name."},
		}),
		"Score":      object([]string{"id", "name", "value"}, obj{"id": str("Entity id."), "name": str("Entity name."), "value": obj{"type": "number"}}),
		"Centrality": object([]string{"nodes", "degree", "betweenness"}, obj{"nodes": obj{"type": "integer"}, "degree": arrayOf(ref("Score")), "betweenness": arrayOf(ref("Score"))}),
		"Components": object([]string{"count", "components"}, obj{"count": obj{"type": "integer"},
			"components": arrayOf(object([]string{"size", "ids"}, obj{"size": obj{"type": "integer"}, "ids": arrayOf(obj{"type": "string"})}))}),
		"Brokers": object([]string{"articulation_points", "bridges"}, obj{
			"articulation_points": arrayOf(object([]string{"id", "name"}, obj{"id": str("Entity id."), "name": str("Entity name.")})),
			"bridges": arrayOf(object([]string{"from", "to"}, obj{
				"from": str("Entity id at one end; the lesser of the two."),
				"to":   str("Entity id at the other end."),
			}))}),
		"DraftList": object([]string{"items"}, obj{"items": arrayOf(object([]string{"id", "source", "title", "mentions", "entities", "relationships"}, obj{
			"id":            str("The draft's folder name."),
			"source":        str("The id of the source the draft would add."),
			"title":         obj{"type": "string"},
			"published":     date,
			"mentions":      ref("DraftCounts"),
			"entities":      ref("DraftCounts"),
			"relationships": ref("DraftCounts"),
			"problem":       str("Why the draft cannot be read (its text changed since it was drafted, say)."),
		}))}),
		"DraftCounts": object([]string{"proposed", "accepted", "rejected"}, obj{
			"proposed": obj{"type": "integer", "minimum": 0},
			"accepted": obj{"type": "integer", "minimum": 0},
			"rejected": obj{"type": "integer", "minimum": 0},
		}),
		"DraftView": object([]string{"id", "source", "text", "draft"}, obj{
			"id":     str("The draft's folder name."),
			"source": obj{"type": "object", "description": "The pack's source: id, kind, title, published, file, country."},
			"text":   str("The report's text; every offset and quotation refers to its bytes (UTF-8)."),
			"draft": obj{"type": "object", "description": "The draft as draft.review states it (format graphapi-draft/1): paragraphs (byte spans), " +
				"mentions, entities and relationships, each item with id, status (proposed, accepted, rejected), score, reason and sentence {text, start, end, paragraph}."},
		}),
		"DraftChange": obj{"type": "object", "additionalProperties": false, "properties": obj{
			"status":     obj{"type": "string", "enum": []string{"proposed", "accepted", "rejected"}},
			"type":       obj{"type": "string", "enum": relTypeNames()},
			"from":       str("An entity id of the graph, or the id a candidate of this draft would get."),
			"to":         str("An entity id of the graph, or the id a candidate of this draft would get."),
			"since":      str("A date (YYYY, YYYY-MM or YYYY-MM-DD), or empty to clear it."),
			"until":      str("A date, or empty to clear it."),
			"confidence": obj{"type": "string", "enum": []string{string(entities.Fact), string(entities.Assessed), string(entities.Reported)}},
			"kind":       obj{"type": "string", "enum": kindNames()},
			"name":       obj{"type": "string"},
			"founded":    str("A date, or empty to clear it."),
			"resolve":    str("For a candidate: the id of the entity the graph has that it names; it becomes an accepted mention of it."),
		}},
		"DraftPreview": object([]string{"pack", "statements", "new_entities", "new_relationships", "evidence_added", "conflicts", "changed", "removed_entities", "removed_relationships", "evidence_removed"}, obj{
			"pack":              str("The pack's folder in the seed: the source id."),
			"statements":        str("The statements.yaml the pack would hold: the accepted items in the seed's pack format."),
			"new_entities":      arrayOf(ref("Entity")),
			"new_relationships": arrayOf(ref("Relationship")),
			"evidence_added":    arrayOf(evidenceOn("The id of the entity or relationship the graph has.")),
			"conflicts":         arrayOf(ref("Conflict")),
			"changed": arrayOf(object([]string{"subject", "subject_kind", "field", "before", "after"}, obj{
				"subject":      str("The id of the entity or relationship the graph has."),
				"subject_kind": obj{"type": "string", "enum": []string{entities.SubjectEntity, entities.SubjectRelationship}},
				"field":        str("name, kind, founded, dissolved, since, until or confidence."),
				"before":       str("The value shown now; empty when none."),
				"after":        str("The value shown once applied; empty when none."),
			})),
			"removed_entities":      arrayOf(ref("Entity")),
			"removed_relationships": arrayOf(ref("Relationship")),
			"evidence_removed":      arrayOf(evidenceOn("The id of the entity or relationship that stays.")),
			"names": obj{"type": "object", "additionalProperties": obj{"type": "string"},
				"description": "The name of each entity the lists above refer to by id."},
		}),
		"DraftApplied": object([]string{"pack", "applied", "changes"}, obj{
			"pack":    str("The pack's folder in the seed."),
			"applied": applied,
			"changes": ref("DraftPreview"),
		}),
		"Whoami": object([]string{"user", "writing", "reads_need_token"}, obj{
			"user": obj{"type": "object", "nullable": true, "required": []string{"name", "role"}, "properties": obj{
				"name": str("The user's name, as the audit trail records it."),
				"role": obj{"type": "string", "enum": roleNames()},
			}},
			"writing":          obj{"type": "boolean", "description": "Whether the server takes writes from anyone (it knows users)."},
			"reads_need_token": obj{"type": "boolean", "description": "Whether the read routes need a reader's token (--open-reads=false)."},
		}),
		"AuditList": object([]string{"items"}, obj{"items": arrayOf(ref("AuditEntry"))}),
		"AuditEntry": object([]string{"time", "user", "action"}, obj{
			"time":       obj{"type": "string", "format": "date-time"},
			"user":       str("Who wrote."),
			"action":     obj{"type": "string", "enum": audit.Actions},
			"draft":      str("The draft written to."),
			"pack":       str("The pack applied or reverted (its folder in the seed)."),
			"item":       str("The draft item edited, accepted or rejected."),
			"before":     obj{"description": "What the write changed, as it was (an item, a user); absent when it is new."},
			"after":      obj{"description": "What the write made (an item, a user, a pack's statements and changes); absent when it is gone."},
			"request_id": str("The request's X-Request-Id, as the server's log has it."),
		}),
		"CypherResponse": object([]string{"columns", "rows"}, obj{
			"columns": arrayOf(obj{"type": "string"}),
			"rows":    arrayOf(arrayOf(obj{})),
		}),
	}
}

func roleNames() []string {
	out := make([]string, len(entities.Roles))
	for i, r := range entities.Roles {
		out[i] = string(r)
	}
	return out
}

func kindNames() []string {
	out := make([]string, len(entities.Kinds))
	for i, k := range entities.Kinds {
		out[i] = string(k.Kind)
	}
	return out
}

func relTypeNames() []string {
	out := make([]string, len(entities.RelTypes))
	for i, t := range entities.RelTypes {
		out[i] = string(t.Type)
	}
	return out
}
