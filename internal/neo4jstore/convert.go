package neo4jstore

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	gojson "github.com/goccy/go-json"

	"github.com/graphapi/graphapi/internal/entities"
)

// How the domain sits in Neo4j. An entity is a node (:Entity:<KindLabel>) with
// its fields as properties: dates as strings at their own precision (founded,
// dissolved) plus vfrom/vto, the first and last day they cover as day numbers,
// for as_of filters; aliases as a list; attributes and evidence as JSON
// strings, so they round-trip exactly; name_fold and aliases_fold for search;
// hash, a digest of the content, for load statistics. A relationship carries the
// same for its fields, except its id, which its ends and type give
// (entities.RelationshipID), and its hash (the load compares the fields
// themselves, relContent): fewer properties per relationship load faster. A source is a (:Source) node.

// entityProps is entityCreateRow as a map, for the statements that write an
// entity with SET n = map: the properties it has, none for a nil.
func entityProps(e *entities.Entity) map[string]any {
	return rowProps(entityCreateKeys, entityCreateRow(e))
}

// entityCreateKeys are the properties load_create_entities sets, in the order
// of its rows. entityCreateRow makes such a row, nil for a property the entity
// does not have; a load builds one per new entity, so without a map.
var entityCreateKeys = []string{"id", "kind", "name", "name_fold", "evidence", "hash", "aliases", "aliases_fold",
	"description", "attributes", "founded", "vfrom", "dissolved", "vto", "claims", "conflicted"}

func entityCreateRow(e *entities.Entity) []any {
	row := make([]any, len(entityCreateKeys))
	row[0], row[1], row[2] = e.ID, string(e.Kind), e.Name
	row[3] = entities.FoldName(e.Name)
	row[4], row[5] = mustJSON(e.Evidence), entityHash(e)
	if len(e.Aliases) > 0 {
		folds := make([]string, len(e.Aliases))
		for i, a := range e.Aliases {
			folds[i] = entities.FoldName(a)
		}
		row[6], row[7] = e.Aliases, folds
	}
	if e.Description != "" {
		row[8] = e.Description
	}
	if len(e.Attributes) > 0 {
		row[9] = mustJSON(e.Attributes)
	}
	putPeriodRow(row[10:14], e.Founded, e.Dissolved)
	putClaimsRow(row[14:16], e.Claims)
	return row
}

// relProps is relCreateRow's properties as a map, for the statements that
// write a relationship with SET r = map.
func relProps(r *entities.Relationship) map[string]any {
	return rowProps(relCreateKeys, relCreateRow(r, nil)[2:])
}

// relCreateKeys are the properties load_create_rels sets, in the order of its
// rows (row[2:]). relCreateRow makes such a row, nil for a property the
// relationship does not have, and leaves row[0] and row[1] for the ends'
// element ids, which are known only once the entities are written.
var relCreateKeys = []string{"confidence", "evidence", "note", "since", "vfrom", "until", "vto", "claims", "conflicted"}

func relCreateRow(r *entities.Relationship, ev *evidenceJSON) []any {
	row := make([]any, 2+len(relCreateKeys))
	row[2], row[3] = string(r.Confidence), ev.of(r.Evidence)
	if r.Note != "" {
		row[4] = r.Note
	}
	putPeriodRow(row[5:9], r.Since, r.Until)
	putClaimsRow(row[9:11], r.Claims)
	return row
}

// putClaimsRow fills claims, as JSON, and conflicted, true when two claims
// disagree, so that the conflicts query reads only what is conflicted; both
// are left out when there are no claims.
func putClaimsRow(row []any, claims []entities.Claim) {
	if len(claims) > 0 {
		row[0] = mustJSON(claims)
	}
	if entities.HasConflict(claims) {
		row[1] = true
	}
}

// putPeriodRow fills start, vfrom, end, vto: a date as a string at its own
// precision, and the first or last day it covers as a day number.
func putPeriodRow(row []any, start, end entities.Date) {
	if !start.IsZero() {
		row[0], row[1] = start.String(), int64(start.First())
	}
	if !end.IsZero() {
		row[2], row[3] = end.String(), int64(end.Last())
	}
}

// rowProps names a row's values by keys, leaving out the nils.
func rowProps(keys []string, row []any) map[string]any {
	p := make(map[string]any, len(keys))
	for i, k := range keys {
		if row[i] != nil {
			p[k] = row[i]
		}
	}
	return p
}

func sourceProps(s *entities.Source) map[string]any {
	p := map[string]any{"id": s.ID, "kind": string(s.Kind), "title": s.Title}
	put := func(k, v string) {
		if v != "" {
			p[k] = v
		}
	}
	put("publisher", s.Publisher)
	put("published", s.Published.String())
	put("url", s.URL)
	put("file", s.File)
	put("country", s.Country)
	put("text", s.Text)
	if s.Applied != nil {
		p["applied_by"], p["applied_at"] = s.Applied.By, s.Applied.At.UTC().Format(time.RFC3339Nano)
	}
	p["hash"] = digest(p)
	return p
}

// entityHash digests what the embedded store compares to tell an updated entity
// from an unchanged one: empty and missing lists and maps are the same.
func entityHash(e *entities.Entity) string {
	return digest(struct {
		Kind, Name, Description, Founded, Dissolved string
		Aliases                                     []string
		Attributes                                  map[string]string
		Evidence                                    []entities.Evidence
		Claims                                      []entities.Claim
	}{string(e.Kind), e.Name, e.Description, e.Founded.String(), e.Dissolved.String(),
		nilIfEmpty(e.Aliases), nilMapIfEmpty(e.Attributes), nilIfEmpty(e.Evidence), nilIfEmpty(e.Claims)})
}

// relContent is what the load compares to tell an updated relationship from an
// unchanged one: its stored fields (relProps), with an empty and a missing
// evidence list the same. A relationship stores no hash (one property fewer to
// write per relationship); load_rel_hashes reads these fields back instead.
func relContent(r *entities.Relationship) string {
	claims := ""
	if len(r.Claims) > 0 {
		claims = mustJSON(r.Claims)
	}
	return storedRelContent(string(r.Confidence), r.Note, r.Since.String(), r.Until.String(), mustJSON(r.Evidence), claims)
}

func storedRelContent(confidence, note, since, until, evidence, claims string) string {
	if evidence == "[]" {
		evidence = "null"
	}
	return strings.Join([]string{confidence, note, since, until, evidence, claims}, "\x00")
}

func nilIfEmpty[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}

func nilMapIfEmpty(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	return m
}

func digest(v any) string {
	h := sha256.Sum256([]byte(mustJSON(v)))
	return hex.EncodeToString(h[:16])
}

// evidenceJSON encodes evidence lists, each list that rows share once: the
// loader hands every row of a seed's CSV file whose evidence is the same the
// same checked slice, and a bulk import writes millions of such rows. A nil
// *evidenceJSON encodes every list afresh.
type evidenceJSON struct {
	known map[evidenceKey]string
}

// evidenceKey is a list by where it is: a list once checked is never changed,
// and the key's pointer keeps it alive, so no other list can take its place.
type evidenceKey struct {
	first *entities.Evidence
	n     int
}

// maxKnownEvidence bounds what evidenceJSON keeps: a seed whose rows share no
// lists then costs a lookup per row, not a copy of every list.
const maxKnownEvidence = 1 << 16

func newEvidenceJSON() *evidenceJSON { return &evidenceJSON{known: map[evidenceKey]string{}} }

func (m *evidenceJSON) of(ev []entities.Evidence) string {
	if m == nil || len(ev) == 0 {
		return mustJSON(ev)
	}
	k := evidenceKey{&ev[0], len(ev)}
	if s, ok := m.known[k]; ok {
		return s
	}
	s := mustJSON(ev)
	if len(m.known) < maxKnownEvidence {
		m.known[k] = s
	}
	return s
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("neo4jstore: cannot encode %T: %v", v, err))
	}
	return string(b)
}

// decoding

type props map[string]any

func (p props) str(k string) string {
	s, _ := p[k].(string)
	return s
}

func (p props) date(k string) (entities.Date, error) {
	s := p.str(k)
	if s == "" {
		return entities.Date{}, nil
	}
	return entities.ParseDate(s)
}

func (p props) strings(k string) []string {
	list, _ := p[k].([]any)
	if len(list) == 0 {
		return nil
	}
	out := make([]string, len(list))
	for i, v := range list {
		out[i], _ = v.(string)
	}
	return out
}

// decodeJSON decodes a JSON property graphapi wrote (evidence, claims,
// attributes). Every answer decodes one or two for each node and edge it
// holds, so decoding was a large part of an answer's time; goccy/go-json
// decodes with fewer allocations than encoding/json (BENCHMARKS.md, "after
// two decoding fixes"). Writes keep encoding/json, whose bytes the content hashes
// are made of.
func decodeJSON(s string, v any) error { return gojson.Unmarshal([]byte(s), v) }

// evidence decodes the evidence list, never nil, so that every store writes
// "evidence": [] rather than null for an empty list.
func (p props) evidence() ([]entities.Evidence, error) {
	var ev []entities.Evidence
	if s := p.str("evidence"); s != "" {
		if err := decodeJSON(s, &ev); err != nil {
			return nil, err
		}
	}
	if ev == nil {
		ev = []entities.Evidence{}
	}
	return ev, nil
}

// claims decodes the claims, never nil.
func (p props) claims() ([]entities.Claim, error) {
	cs := []entities.Claim{}
	if s := p.str("claims"); s != "" {
		if err := decodeJSON(s, &cs); err != nil {
			return nil, err
		}
	}
	return cs, nil
}

func corrupt(what, id string, err error) error {
	return wrap(err, entities.EINTERNAL, "the %s %q in Neo4j is not as graphapi wrote it; reload the graph", what, id)
}

func toEntity(raw any) (entities.Entity, error) {
	p, _ := raw.(map[string]any)
	pp := props(p)
	e := entities.Entity{
		ID:          pp.str("id"),
		Kind:        entities.Kind(pp.str("kind")),
		Name:        pp.str("name"),
		Aliases:     pp.strings("aliases"),
		Description: pp.str("description"),
	}
	var err error
	if e.Founded, err = pp.date("founded"); err != nil {
		return e, corrupt("entity", e.ID, err)
	}
	if e.Dissolved, err = pp.date("dissolved"); err != nil {
		return e, corrupt("entity", e.ID, err)
	}
	if s := pp.str("attributes"); s != "" {
		if err := decodeJSON(s, &e.Attributes); err != nil {
			return e, corrupt("entity", e.ID, err)
		}
	}
	if e.Evidence, err = pp.evidence(); err != nil {
		return e, corrupt("entity", e.ID, err)
	}
	if e.Claims, err = pp.claims(); err != nil {
		return e, corrupt("entity", e.ID, err)
	}
	return e, nil
}

func toRel(from, typ, to string, raw any) (entities.Relationship, error) {
	p, _ := raw.(map[string]any)
	pp := props(p)
	r := entities.Relationship{
		ID:         entities.RelationshipID(from, entities.RelType(typ), to),
		Type:       entities.RelType(typ),
		From:       from,
		To:         to,
		Confidence: entities.Confidence(pp.str("confidence")),
		Note:       pp.str("note"),
	}
	var err error
	if r.Since, err = pp.date("since"); err != nil {
		return r, corrupt("relationship", r.ID, err)
	}
	if r.Until, err = pp.date("until"); err != nil {
		return r, corrupt("relationship", r.ID, err)
	}
	if r.Evidence, err = pp.evidence(); err != nil {
		return r, corrupt("relationship", r.ID, err)
	}
	if r.Claims, err = pp.claims(); err != nil {
		return r, corrupt("relationship", r.ID, err)
	}
	return r, nil
}

func toSource(raw any) (entities.Source, error) {
	p, _ := raw.(map[string]any)
	pp := props(p)
	s := entities.Source{
		ID:        pp.str("id"),
		Kind:      entities.SourceKind(pp.str("kind")),
		Title:     pp.str("title"),
		Publisher: pp.str("publisher"),
		URL:       pp.str("url"),
		File:      pp.str("file"),
		Country:   pp.str("country"),
		Text:      pp.str("text"),
	}
	var err error
	if s.Published, err = pp.date("published"); err != nil {
		return s, corrupt("source", s.ID, err)
	}
	if by := pp.str("applied_by"); by != "" {
		at, err := time.Parse(time.RFC3339, pp.str("applied_at"))
		if err != nil {
			return s, corrupt("source", s.ID, err)
		}
		s.Applied = &entities.Applied{By: by, At: at.UTC()}
	}
	return s, nil
}
