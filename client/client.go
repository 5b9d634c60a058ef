// Package client is a Go client of graphapi's HTTP API, for programs outside
// this module: the answers' types as the API sends them (the wire contract
// the OpenAPI document at /api/v1/openapi.json describes), a Client whose
// methods ask the read routes, and Export, which streams the graph in one of
// the interchange formats.
//
// The types are the wire's, not the server's domain types (internal/entities,
// which are free to change): dates are strings at the precision the source
// gives (YYYY, YYYY-MM or YYYY-MM-DD), vocabularies are strings. A test keeps
// them in step with what the server sends, field for field.
package client

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Evidence is one citation: the source's id and, for a report, the exact
// quote; for a reference, where in it the fact stands.
type Evidence struct {
	Source  string `json:"source"`
	Quote   string `json:"quote,omitempty"`
	Locator string `json:"locator,omitempty"`
}

// Claim is what one source gives for one field (founded, dissolved, since,
// until, confidence, or attributes.<key>).
type Claim struct {
	Field  string `json:"field"`
	Value  string `json:"value"`
	Source string `json:"source"`
}

// Entity is an armed group, state body, place, event and so on, with its
// evidence and each source's claims; Founded, Dissolved and Attributes hold
// the values shown.
type Entity struct {
	ID          string            `json:"id"`
	Kind        string            `json:"kind"`
	Name        string            `json:"name"`
	Aliases     []string          `json:"aliases,omitempty"`
	Description string            `json:"description,omitempty"`
	Founded     string            `json:"founded,omitempty"`
	Dissolved   string            `json:"dissolved,omitempty"`
	Attributes  map[string]string `json:"attributes,omitempty"`
	Evidence    []Evidence        `json:"evidence"`
	Claims      []Claim           `json:"claims"`
}

// RelCount is how many relationships of a type an entity has in a direction.
type RelCount struct {
	Type      string `json:"type"`
	Direction string `json:"direction"` // out or in
	Count     int    `json:"count"`
}

// EntityDetail is GET /entities/{id}: the entity, its relationship counts and
// the fields its sources disagree on.
type EntityDetail struct {
	Entity
	RelationshipCounts []RelCount `json:"relationship_counts"`
	Conflicts          []Conflict `json:"conflicts"`
}

// Relationship is a typed link from one entity to another, with its evidence.
type Relationship struct {
	ID         string     `json:"id"` // from:TYPE:to
	Type       string     `json:"type"`
	From       string     `json:"from"`
	To         string     `json:"to"`
	Since      string     `json:"since,omitempty"`
	Until      string     `json:"until,omitempty"`
	Confidence string     `json:"confidence"` // fact, assessed or reported
	Note       string     `json:"note,omitempty"`
	Evidence   []Evidence `json:"evidence"`
	Claims     []Claim    `json:"claims"`
}

// Graph is a part of the graph: the answer of neighbors, lineage and subgraph.
type Graph struct {
	Nodes     []Entity       `json:"nodes"`
	Edges     []Relationship `json:"edges"`
	Truncated bool           `json:"truncated"`
}

// Path is one shortest path: its node ids in order and the relationships
// between them.
type Path struct {
	Nodes []string       `json:"nodes"`
	Edges []Relationship `json:"edges"`
}

// PathResult is GET /paths.
type PathResult struct {
	Paths     []Path   `json:"paths"`
	Nodes     []Entity `json:"nodes"`
	Length    int      `json:"length"`
	Truncated bool     `json:"truncated"`
}

// SearchResult is GET /entities: a page of hits and how many there are.
type SearchResult struct {
	Items []Entity `json:"items"`
	Total int      `json:"total"`
}

// Source is a document evidence cites.
type Source struct {
	ID        string `json:"id"`
	Kind      string `json:"kind"` // report or reference
	Title     string `json:"title"`
	Publisher string `json:"publisher,omitempty"`
	Published string `json:"published,omitempty"`
	URL       string `json:"url,omitempty"`
	File      string `json:"file,omitempty"`
	Country   string `json:"country,omitempty"`
}

// Conflict is a field whose sources disagree: every claim and the value shown.
type Conflict struct {
	Subject     string  `json:"subject"`
	SubjectKind string  `json:"subject_kind"` // entity or relationship
	Field       string  `json:"field"`
	Shown       string  `json:"shown"`
	Claims      []Claim `json:"claims"`
}

// ConflictList is GET /conflicts.
type ConflictList struct {
	Items []Conflict `json:"items"`
	Total int        `json:"total"`
}

// Problem is the API's error answer (RFC 9457): Detail says what to fix.
type Problem struct {
	Type      string `json:"type"`
	Title     string `json:"title"`
	Status    int    `json:"status"`
	Detail    string `json:"detail"`
	Instance  string `json:"instance"`
	Code      string `json:"code"` // not_found, invalid, timeout, …
	RequestID string `json:"request_id"`
}

func (p *Problem) Error() string {
	return fmt.Sprintf("graphapi %s: %d %s: %s", p.Instance, p.Status, p.Code, p.Detail)
}

// Format is an export format.
type Format string

// The export formats: GraphML, neo4j-admin import CSV files (a zip), a STIX
// 2.1 bundle, and Cytoscape.js elements JSON.
const (
	GraphML   Format = "graphml"
	CSV       Format = "csv"
	STIX      Format = "stix"
	Cytoscape Format = "cytoscape"
)

// Client asks one graphapi server.
type Client struct {
	base string
	http *http.Client
}

// New returns a client of the server at baseURL (http://127.0.0.1:8080),
// asking through hc, or http.DefaultClient when hc is nil.
func New(baseURL string, hc *http.Client) *Client {
	if hc == nil {
		hc = http.DefaultClient
	}
	return &Client{base: strings.TrimSuffix(baseURL, "/") + "/api/v1", http: hc}
}

// Params are a request's query parameters, as the API names them (depth,
// types, direction, as_of, limit, …); see the OpenAPI document.
type Params map[string]string

// Search finds entities by name or alias (q), with kind, limit and offset
// among params.
func (c *Client) Search(ctx context.Context, q string, params Params) (*SearchResult, error) {
	return get[SearchResult](ctx, c, "/entities", with(params, "q", q))
}

// Entity returns one entity by id.
func (c *Client) Entity(ctx context.Context, id string) (*EntityDetail, error) {
	return get[EntityDetail](ctx, c, "/entities/"+url.PathEscape(id), nil)
}

// Neighbors returns an entity's k-hop neighbourhood (depth, types, direction,
// as_of, limit among params).
func (c *Client) Neighbors(ctx context.Context, id string, params Params) (*Graph, error) {
	return get[Graph](ctx, c, "/entities/"+url.PathEscape(id)+"/neighbors", params)
}

// Lineage returns a group's ancestors and/or descendants (direction, as_of,
// limit among params).
func (c *Client) Lineage(ctx context.Context, id string, params Params) (*Graph, error) {
	return get[Graph](ctx, c, "/entities/"+url.PathEscape(id)+"/lineage", params)
}

// Paths returns the shortest paths between two entities (types, direction,
// max_depth, as_of, limit among params).
func (c *Client) Paths(ctx context.Context, from, to string, params Params) (*PathResult, error) {
	return get[PathResult](ctx, c, "/paths", with(with(params, "from", from), "to", to))
}

// Subgraph returns the entities ids names and every relationship among them.
func (c *Client) Subgraph(ctx context.Context, ids []string) (*Graph, error) {
	return get[Graph](ctx, c, "/subgraph", Params{"ids": strings.Join(ids, ",")})
}

// Sources returns the documents evidence cites.
func (c *Client) Sources(ctx context.Context) ([]Source, error) {
	s, err := get[[]Source](ctx, c, "/sources", nil)
	if err != nil {
		return nil, err
	}
	return *s, nil
}

// Conflicts returns the fields whose sources disagree (limit, offset among
// params).
func (c *Client) Conflicts(ctx context.Context, params Params) (*ConflictList, error) {
	return get[ConflictList](ctx, c, "/conflicts", params)
}

// Export streams the graph, or the part ids and as_of in params select, in
// format f to w.
func (c *Client) Export(ctx context.Context, f Format, params Params, w io.Writer) error {
	res, err := c.do(ctx, "/export", with(params, "format", string(f)))
	if err != nil {
		return err
	}
	defer res.Body.Close()
	_, err = io.Copy(w, res.Body)
	return err
}

func with(params Params, key, value string) Params {
	out := Params{key: value}
	for k, v := range params {
		if k != key {
			out[k] = v
		}
	}
	return out
}

// do sends a GET and returns a 2xx response, or the server's Problem.
func (c *Client) do(ctx context.Context, path string, params Params) (*http.Response, error) {
	q := url.Values{}
	for k, v := range params {
		q.Set(k, v)
	}
	u := c.base + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	res, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	if res.StatusCode/100 == 2 {
		return res, nil
	}
	defer res.Body.Close()
	p := &Problem{}
	body, _ := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if json.Unmarshal(body, p) != nil || p.Status == 0 {
		return nil, &Problem{Status: res.StatusCode, Title: http.StatusText(res.StatusCode), Instance: path,
			Detail: "the answer is no problem document: " + strconv.Quote(string(body))}
	}
	return nil, p
}

func get[T any](ctx context.Context, c *Client, path string, params Params) (*T, error) {
	res, err := c.do(ctx, path, params)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	out := new(T)
	if err := json.NewDecoder(res.Body).Decode(out); err != nil {
		return nil, fmt.Errorf("graphapi %s: decoding the answer: %w", path, err)
	}
	return out, nil
}
