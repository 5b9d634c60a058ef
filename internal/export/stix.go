package export

import (
	"bufio"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/loader"
)

// STIX 2.1, as OpenCTI and the OASIS validator read it. The mapping, documented
// here and in the README:
//
//	armed_group                                     threat-actor, threat_actor_types [terrorist]
//	state_body, international_organization, ngo,
//	religious_body                                  identity, identity_class organization
//	initiative                                      identity, identity_class group
//	operation                                       campaign
//	country                                         location, country (ISO code) or region
//	place                                           location, region
//	event                                           incident (STIX 2.1's incident stub)
//	person                                          identity, identity_class individual
//	a source                                        report, object_refs = what cites it
//	a relationship                                  relationship, relationship_type = the
//	                                                type in kebab case (merged-into …)
//
// STIX has no relationship types for the vocabulary's lineage, membership or
// support links, so every type is custom, named by its kebab case (MERGED_INTO →
// merged-into); the reference validator accepts custom types and warns (202)
// that they are not suggested ones. Three coincide with OpenCTI's own types:
// part-of, cooperates-with, participates-in.
//
// Evidence is in each object's description (after the entity's own description)
// and in external_references: one {source_name: source id, description: quote or
// locator} per citation, after a first {source_name: "graphapi", external_id:
// entity or relationship id}. Source URLs are not repeated there: a reference
// with a URL and no hash of the page draws a validator warning (302).
//
// Fields STIX has no place for (the kind, dates at their precision, attributes,
// confidence words, the note, the claims, a report's text) travel in a property
// extension, x-graphapi, declared by an extension-definition in the bundle: the
// whole entity, relationship or source as graphapi's JSON. The loader reads it
// to give back exactly the graph that was exported; bundles from elsewhere map
// through the standard properties.
//
// Claims where sources disagree: STIX gives an object one start_time, one
// first_seen, one confidence. So where the claims about a relationship
// disagree (entities.HasConflict), the relationship as the graph shows it is
// followed by one relationship object per source that makes a claim about it:
// same type and ends, that source's since/until/confidence as start_time,
// stop_time and confidence, that source's evidence only, and the source's
// report lists it. Where the claims about an entity disagree, one note per
// such source (object_refs: the entity) says what that source claims. Tools
// that read STIX (OpenCTI) then show each source's version beside the others.
// Those objects' x-graphapi extension holds {claim: {of, source, claims}}; the
// loader passes over them, since the entity or relationship carries every
// claim already.
//
// Ids are stable across runs: the UUID is the SHA-1 of a fixed namespace and the
// graphapi id (as UUIDv5 derives it) with the version bits set to 4, because the
// validator warns (103) about any SDO id that is not version 4. created and
// modified are the latest first day of a source's publication (the graph cannot
// be older than its newest source), so they too are the same on every run.
// Timestamps carry milliseconds. first_seen/start_time are the first instant of
// the founded/since date, last_seen/stop_time the last millisecond of the
// dissolved/until date, so that a one-day span is still later than its start.
//
// Memory: the bundle's reports list what cites each source, known only at the
// end, and a relationship needs the STIX type of its ends; so the writer keeps
// 17 bytes per exported entity and 17 per citation, not the graph.

var stixNamespace = [16]byte{0x6b, 0x1d, 0x2f, 0x4e, 0x2a, 0x5c, 0x4f, 0x0e, 0x9b, 0x57, 0x31, 0x6a, 0x82, 0xd0, 0x43, 0x11}

// stixID is a deterministic id of STIX type typ for a graphapi name.
func stixID(typ, name string) string {
	u := stixUUID(name)
	return typ + "--" + formatUUID(u)
}

func stixUUID(name string) [16]byte {
	h := sha1.New()
	h.Write(stixNamespace[:])
	h.Write([]byte(name))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return u
}

func formatUUID(u [16]byte) string {
	var b [36]byte
	hex.Encode(b[0:8], u[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], u[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], u[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], u[8:10])
	b[23] = '-'
	hex.Encode(b[24:], u[10:])
	return string(b[:])
}

// stixTypes are the STIX types entities map to; the index is stored per entity.
var stixTypes = []string{"threat-actor", "identity", "campaign", "location", "incident", "relationship", "note"}

// Indexes into stixTypes of the types no entity maps to.
const (
	stixRelType = 5
	noteType    = 6
)

func stixTypeOf(k entities.Kind) int {
	switch k {
	case entities.KindArmedGroup:
		return 0
	case entities.KindOperation:
		return 2
	case entities.KindCountry, entities.KindPlace:
		return 3
	case entities.KindEvent:
		return 4
	default:
		return 1
	}
}

// STIXRelationshipType is the relationship_type a graphapi type is written as.
func STIXRelationshipType(t entities.RelType) string {
	return strings.ReplaceAll(strings.ToLower(string(t)), "_", "-")
}

// defaultRegion is where a location without a known country is put: graphapi's
// graphs are of the Sahel (the region-ov name).
const defaultRegion = "western-africa"

// stixObject has every property graphapi writes, in the order they are
// written; empty ones are left out.
type stixObject struct {
	Type               string                   `json:"type"`
	SpecVersion        string                   `json:"spec_version"`
	ID                 string                   `json:"id"`
	CreatedByRef       string                   `json:"created_by_ref,omitempty"`
	Created            string                   `json:"created"`
	Modified           string                   `json:"modified"`
	Name               string                   `json:"name,omitempty"`
	Description        string                   `json:"description,omitempty"`
	Aliases            []string                 `json:"aliases,omitempty"`
	ThreatActorTypes   []string                 `json:"threat_actor_types,omitempty"`
	IdentityClass      string                   `json:"identity_class,omitempty"`
	Country            string                   `json:"country,omitempty"`
	Region             string                   `json:"region,omitempty"`
	FirstSeen          string                   `json:"first_seen,omitempty"`
	LastSeen           string                   `json:"last_seen,omitempty"`
	RelationshipType   string                   `json:"relationship_type,omitempty"`
	SourceRef          string                   `json:"source_ref,omitempty"`
	TargetRef          string                   `json:"target_ref,omitempty"`
	StartTime          string                   `json:"start_time,omitempty"`
	StopTime           string                   `json:"stop_time,omitempty"`
	Confidence         int                      `json:"confidence,omitempty"`
	Abstract           string                   `json:"abstract,omitempty"`
	Content            string                   `json:"content,omitempty"`
	ReportTypes        []string                 `json:"report_types,omitempty"`
	Published          string                   `json:"published,omitempty"`
	ObjectRefs         []string                 `json:"object_refs,omitempty"`
	Schema             string                   `json:"schema,omitempty"`
	Version            string                   `json:"version,omitempty"`
	ExtensionTypes     []string                 `json:"extension_types,omitempty"`
	ExternalReferences []loader.STIXExternalRef `json:"external_references,omitempty"`
	Extensions         map[string]any           `json:"extensions,omitempty"`
}

// stixConfidence maps the confidence words onto STIX's None/Low/Med/High scale
// (STIX 2.1 appendix A): fact High, assessed Med, reported Low.
var stixConfidence = map[entities.Confidence]int{entities.Fact: 85, entities.Assessed: 50, entities.Reported: 15}

type stixRef struct {
	typ uint8
	id  [16]byte
}

type stixWriter struct {
	buf     *bufio.Writer
	w       errWriter
	enc     *json.Encoder
	query   entities.ExportQuery
	stamp   string
	sources []entities.Source
	cites   map[string][]stixRef // source id → what cites it, in bundle order
	types   map[[16]byte]uint8   // entity UUID → index into stixTypes
	opened  bool
	closed  bool
}

// NewSTIXWriter returns a writer of a STIX 2.1 bundle to w; q names the bundle.
func NewSTIXWriter(w io.Writer, q entities.ExportQuery) Writer {
	s := &stixWriter{buf: bufio.NewWriterSize(w, 64<<10), query: q, cites: map[string][]stixRef{}, types: map[[16]byte]uint8{}}
	s.w.w = s.buf
	s.enc = json.NewEncoder(&s.w)
	s.enc.SetEscapeHTML(false)
	return s
}

func (s *stixWriter) Sources(sources []entities.Source) error {
	s.sources = slices.Clone(sources)
	latest := int32(0)
	for _, src := range sources {
		if !src.Published.IsZero() {
			latest = max(latest, src.Published.First())
		}
	}
	s.stamp = stixTime(time.Unix(int64(latest)*86400, 0))
	ids := slices.Clone(s.query.IDs)
	slices.Sort(ids)
	name := "bundle:" + strings.Join(slices.Compact(ids), ",")
	if s.query.AsOf.Set {
		name += "@" + s.query.AsOf.Date.String()
	}
	s.w.WriteString(`{"type":"bundle","id":"` + stixID("bundle", name) + `","objects":[` + "\n")
	s.opened = true
	s.object(&stixObject{
		Type: "identity", ID: loader.STIXIdentityID, Name: "graphapi",
		Description:   "The graphapi service, which exported this bundle from its citable graph.",
		IdentityClass: "system",
	}, true)
	s.object(&stixObject{
		Type: "extension-definition", ID: loader.STIXExtensionID, CreatedByRef: loader.STIXIdentityID, Name: "x-graphapi",
		Description:    "graphapi's own fields: the whole entity, relationship or source as graphapi's JSON (kind, dates at the precision the source gives, attributes, evidence, note, claims, a report's text); on an object that holds one source's claims where sources disagree, {claim: {of, source, claims}}.",
		Schema:         "https://github.com/graphapi/graphapi/blob/main/internal/export/stix.go",
		Version:        "1.0.0",
		ExtensionTypes: []string{"property-extension"},
	}, false)
	return s.w.err
}

func stixTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func dayStart(d entities.Date) string {
	if d.IsZero() {
		return ""
	}
	return stixTime(time.Unix(int64(d.First())*86400, 0))
}

func dayEnd(d entities.Date) string {
	if d.IsZero() {
		return ""
	}
	return stixTime(time.Unix(int64(d.Last()+1)*86400, 0).Add(-time.Millisecond))
}

func (s *stixWriter) object(o *stixObject, first bool) {
	o.SpecVersion = "2.1"
	o.Created, o.Modified = s.stamp, s.stamp
	if !first {
		s.w.WriteString(",")
	}
	if s.w.err == nil {
		if err := s.enc.Encode(o); err != nil && s.w.err == nil {
			s.w.err = err
		}
	}
}

func (s *stixWriter) evidence(desc string, graphapiID string, ev []entities.Evidence) (string, []loader.STIXExternalRef) {
	refs := []loader.STIXExternalRef{{SourceName: "graphapi", ExternalID: graphapiID}}
	var b strings.Builder
	b.WriteString(desc)
	if len(ev) > 0 {
		if desc != "" {
			b.WriteString("\n\n")
		}
		b.WriteString("Evidence:")
	}
	for _, e := range ev {
		text := e.Quote
		if text == "" {
			text = e.Locator
		}
		refs = append(refs, loader.STIXExternalRef{SourceName: e.Source, Description: text})
		b.WriteString("\n- " + e.Source + ": ")
		if e.Quote != "" {
			b.WriteString("\"" + e.Quote + "\"")
		} else {
			b.WriteString(e.Locator)
		}
	}
	return b.String(), refs
}

func (s *stixWriter) cite(ev []entities.Evidence, ref stixRef) {
	for _, e := range ev {
		list := s.cites[e.Source]
		if n := len(list); n == 0 || list[n-1] != ref {
			s.cites[e.Source] = append(list, ref)
		}
	}
}

func (s *stixWriter) Entity(e *entities.Entity) error {
	t := stixTypeOf(e.Kind)
	u := stixUUID("entity:" + e.ID)
	s.types[u] = uint8(t)
	o := &stixObject{Type: stixTypes[t], ID: stixTypes[t] + "--" + formatUUID(u), CreatedByRef: loader.STIXIdentityID, Name: e.Name}
	o.Description, o.ExternalReferences = s.evidence(e.Description, e.ID, e.Evidence)
	switch e.Kind {
	case entities.KindArmedGroup:
		o.ThreatActorTypes = []string{"terrorist"}
		o.Aliases = e.Aliases
		o.FirstSeen, o.LastSeen = dayStart(e.Founded), dayEnd(e.Dissolved)
	case entities.KindOperation:
		o.Aliases = e.Aliases
		o.FirstSeen, o.LastSeen = dayStart(e.Founded), dayEnd(e.Dissolved)
	case entities.KindCountry, entities.KindPlace:
		if e.Kind == entities.KindCountry {
			o.Country = countryCode(e)
		}
		if o.Country == "" {
			o.Region = defaultRegion
		}
	case entities.KindEvent:
	case entities.KindInitiative:
		o.IdentityClass = "group"
	case entities.KindPerson:
		o.IdentityClass = "individual"
	default:
		o.IdentityClass = "organization"
	}
	o.Extensions = map[string]any{loader.STIXExtensionID: loader.STIXExtension{ExtensionType: "property-extension", Entity: e}}
	s.object(o, false)
	s.cite(e.Evidence, stixRef{uint8(t), u})
	if entities.HasConflict(e.Claims) {
		s.entityClaims(e, o.ID)
	}
	return s.w.err
}

// entityClaims writes one note per source that makes a claim about e, whose
// claims disagree: what that source claims, on the entity.
func (s *stixWriter) entityClaims(e *entities.Entity, ref string) {
	for _, src := range claimSources(e.Claims) {
		claims := claimsOf(e.Claims, src)
		ev := evidenceOf(e.Evidence, src)
		u := stixUUID("claim:entity:" + e.ID + ":" + src)
		o := &stixObject{Type: "note", ID: "note--" + formatUUID(u), CreatedByRef: loader.STIXIdentityID,
			Abstract:   "What " + src + " claims about " + e.Name + ": " + claimText(claims),
			ObjectRefs: []string{ref}}
		o.Content, o.ExternalReferences = s.evidence(o.Abstract+"; other sources disagree.", e.ID, ev)
		o.Extensions = map[string]any{loader.STIXExtensionID: loader.STIXExtension{ExtensionType: "property-extension",
			Claim: &loader.STIXClaim{Of: e.ID, Source: src, Claims: claims}}}
		s.object(o, false)
		s.cite(ev, stixRef{noteType, u})
	}
}

func countryCode(e *entities.Entity) string {
	for _, n := range append([]string{e.Name}, e.Aliases...) {
		if c, ok := entities.CountryNamed(n); ok {
			return c.ISO2
		}
	}
	return ""
}

func (s *stixWriter) ref(id string) string {
	u := stixUUID("entity:" + id)
	return stixTypes[s.types[u]] + "--" + formatUUID(u)
}

func (s *stixWriter) Relationship(r *entities.Relationship) error {
	u := stixUUID("relationship:" + r.ID)
	o := &stixObject{
		Type: "relationship", ID: "relationship--" + formatUUID(u), CreatedByRef: loader.STIXIdentityID,
		RelationshipType: STIXRelationshipType(r.Type),
		SourceRef:        s.ref(r.From), TargetRef: s.ref(r.To),
		StartTime: dayStart(r.Since), StopTime: dayEnd(r.Until),
		Confidence: stixConfidence[r.Confidence],
	}
	o.Description, o.ExternalReferences = s.evidence(r.Note, r.ID, r.Evidence)
	o.Extensions = map[string]any{loader.STIXExtensionID: loader.STIXExtension{ExtensionType: "property-extension", Relationship: r}}
	s.object(o, false)
	s.cite(r.Evidence, stixRef{stixRelType, u})
	if entities.HasConflict(r.Claims) {
		s.relationshipClaims(r, o.SourceRef, o.TargetRef)
	}
	return s.w.err
}

// relationshipClaims writes one relationship object per source that makes a
// claim about r, whose claims disagree: r's type and ends with that source's
// since, until and confidence, and that source's evidence.
func (s *stixWriter) relationshipClaims(r *entities.Relationship, from, to string) {
	for _, src := range claimSources(r.Claims) {
		claims := claimsOf(r.Claims, src)
		ev := evidenceOf(r.Evidence, src)
		u := stixUUID("claim:relationship:" + r.ID + ":" + src)
		o := &stixObject{Type: "relationship", ID: "relationship--" + formatUUID(u), CreatedByRef: loader.STIXIdentityID,
			RelationshipType: STIXRelationshipType(r.Type), SourceRef: from, TargetRef: to}
		for _, c := range claims {
			switch c.Field {
			case entities.FieldSince:
				o.StartTime = dayStart(claimDate(c))
			case entities.FieldUntil:
				o.StopTime = dayEnd(claimDate(c))
			case entities.FieldConfidence:
				o.Confidence = stixConfidence[entities.Confidence(c.Value)]
			}
		}
		o.Description, o.ExternalReferences = s.evidence("As "+src+" states it: "+claimText(claims)+"; other sources disagree.", r.ID, ev)
		o.Extensions = map[string]any{loader.STIXExtensionID: loader.STIXExtension{ExtensionType: "property-extension",
			Claim: &loader.STIXClaim{Of: r.ID, Source: src, Claims: claims}}}
		s.object(o, false)
		s.cite(ev, stixRef{stixRelType, u})
	}
}

// Close writes one report per source, listing what cites it, and ends the bundle.
func (s *stixWriter) Close() error {
	if s.closed {
		return errClosed
	}
	s.closed = true
	if !s.opened {
		if err := s.Sources(nil); err != nil {
			return err
		}
	}
	for i := range s.sources {
		src := &s.sources[i]
		o := &stixObject{
			Type: "report", ID: stixID("report", "source:"+src.ID), CreatedByRef: loader.STIXIdentityID,
			Name: src.Title, ReportTypes: []string{"threat-report"}, Published: s.stamp,
		}
		if !src.Published.IsZero() {
			o.Published = dayStart(src.Published)
		}
		o.Description = "Source " + src.ID + " (" + string(src.Kind) + ")"
		if src.Publisher != "" {
			o.Description += ", published by " + src.Publisher
		}
		if src.URL != "" {
			o.Description += ", " + src.URL
		}
		o.Description += "."
		// A report must list at least one object; one that nothing exported
		// cites lists graphapi, its publisher here.
		refs := s.cites[src.ID]
		o.ObjectRefs = make([]string, 0, max(1, len(refs)))
		for _, r := range refs {
			o.ObjectRefs = append(o.ObjectRefs, stixTypes[r.typ]+"--"+formatUUID(r.id))
		}
		if len(o.ObjectRefs) == 0 {
			o.ObjectRefs = append(o.ObjectRefs, loader.STIXIdentityID)
		}
		o.ExternalReferences = []loader.STIXExternalRef{{SourceName: "graphapi", ExternalID: src.ID}}
		o.Extensions = map[string]any{loader.STIXExtensionID: loader.STIXExtension{ExtensionType: "property-extension", Source: &loader.STIXSource{Source: *src, Text: src.Text}}}
		s.object(o, false)
	}
	s.w.WriteString("]}\n")
	if s.w.err != nil {
		return s.w.err
	}
	return s.buf.Flush()
}
