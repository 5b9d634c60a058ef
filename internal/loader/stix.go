package loader

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/graphapi/graphapi/internal/entities"
)

// A *.json seed file is a STIX 2.1 bundle. What it holds becomes records like
// those of a YAML or CSV file and goes through the same checks, so a bundle
// meets every rule a hand-written seed meets and a refused bundle changes
// nothing. Each bundle stands alone: its relationships join objects in it.
//
// A bundle graphapi exported (internal/export) carries each object's graphapi
// fields in the x-graphapi extension and comes back exactly. Other bundles map
// through the standard properties: threat-actor and intrusion-set →
// armed_group; identity (organization or group) → state_body when a sector is
// government, defense or law enforcement, else ngo; campaign → operation;
// location → country when it gives only a country, else place; incident →
// event, dated by its first_seen (OpenCTI's); relationships whose
// relationship_type is a graphapi type in kebab case, or located-at
// (LOCATED_IN) or targets (TARGETED); confidence 70–100 fact, 30–69 assessed,
// else reported. Evidence: each report becomes a reference source and cites
// what its object_refs list; what no report lists cites the bundle itself, a
// reference source named after the file.
//
// Whatever else the bundle holds (malware, indicators, observables, a
// relationship to one of those…) is skipped, and each skipped object is listed
// by Seed.Skipped with its reason; bundle metadata (marking and extension
// definitions, graphapi's own identity) is not data and is passed over.
//
// Every problem names the line where its object starts; those found here name
// the object's STIX id too, since a minified bundle is all on line 1 (one
// graphapi writes has an object a line).

// STIXExtensionID is the id of the extension-definition that carries
// graphapi's own fields in every bundle graphapi writes, and STIXIdentityID
// graphapi's identity, the creator of every object in it. Both are fixed: an
// exported bundle must load back whichever version wrote it.
const (
	STIXExtensionID = "extension-definition--9a208e6c-1c6c-4369-84c9-6bca7450bd22"
	STIXIdentityID  = "identity--fdd6eb8f-9e2b-4480-8610-b824c7264726"
)

// STIXExtension is the x-graphapi property extension: exactly one of its
// fields is set, to the whole entity, relationship or source as graphapi's
// JSON, or to one source's claims about one of them.
type STIXExtension struct {
	ExtensionType string                 `json:"extension_type"`
	Entity        *entities.Entity       `json:"entity,omitempty"`
	Relationship  *entities.Relationship `json:"relationship,omitempty"`
	Source        *STIXSource            `json:"source,omitempty"`
	Claim         *STIXClaim             `json:"claim,omitempty"`
}

// STIXClaim is what one source claims about an entity or relationship whose
// sources disagree: the export writes it on a note or relationship object of
// its own, so that STIX tools show each source's version. The loader passes
// over those objects: the entity's or relationship's own extension holds
// every claim.
type STIXClaim struct {
	Of     string           `json:"of"` // the entity's or relationship's id
	Source string           `json:"source"`
	Claims []entities.Claim `json:"claims"`
}

// STIXSource is a source with its text, which entities.Source leaves out of
// its JSON.
type STIXSource struct {
	entities.Source
	Text string `json:"text,omitempty"`
}

// STIXExternalRef is one of an object's external_references.
type STIXExternalRef struct {
	SourceName  string `json:"source_name"`
	Description string `json:"description,omitempty"`
	ExternalID  string `json:"external_id,omitempty"`
}

// stixIn is every property the loader reads.
type stixIn struct {
	Type               string                     `json:"type"`
	SpecVersion        string                     `json:"spec_version"`
	ID                 string                     `json:"id"`
	Created            string                     `json:"created"`
	Modified           string                     `json:"modified"`
	CreatedByRef       string                     `json:"created_by_ref"`
	Name               string                     `json:"name"`
	Description        string                     `json:"description"`
	Aliases            []string                   `json:"aliases"`
	IdentityClass      string                     `json:"identity_class"`
	Sectors            []string                   `json:"sectors"`
	Country            string                     `json:"country"`
	Region             string                     `json:"region"`
	City               string                     `json:"city"`
	FirstSeen          string                     `json:"first_seen"`
	LastSeen           string                     `json:"last_seen"`
	RelationshipType   string                     `json:"relationship_type"`
	SourceRef          string                     `json:"source_ref"`
	TargetRef          string                     `json:"target_ref"`
	StartTime          string                     `json:"start_time"`
	StopTime           string                     `json:"stop_time"`
	Confidence         *int                       `json:"confidence"`
	Published          string                     `json:"published"`
	ObjectRefs         []string                   `json:"object_refs"`
	ExternalReferences []STIXExternalRef          `json:"external_references"`
	Extensions         map[string]json.RawMessage `json:"extensions"`

	line int // where the object starts in the file
}

var stixIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// stixMapped are the types the loader maps, with the properties STIX 2.1
// requires of each beyond type, id, spec_version, created and modified.
var stixMapped = map[string][]string{
	"threat-actor":  {"name"},
	"intrusion-set": {"name"},
	"identity":      {"name"},
	"campaign":      {"name"},
	"location":      nil,
	"incident":      {"name"},
	"relationship":  {"relationship_type", "source_ref", "target_ref"},
	"report":        {"name", "published", "object_refs"},
}

// stixMetadata are the types that describe a bundle rather than hold data.
var stixMetadata = map[string]bool{"marking-definition": true, "extension-definition": true, "language-content": true}

// readSTIX reads one STIX 2.1 bundle into recs and returns what it skipped,
// one line per object: where, its id and why.
func readSTIX(name string, data []byte, recs *records, probs *problemList) []string {
	objs := decodeBundle(name, data, probs)
	if objs == nil {
		probs.unreadable = true
		return nil
	}
	m := &stixMapper{name: name, probs: probs, recs: recs, objs: map[string]*stixIn{}, byRef: map[string]string{},
		cites: map[string][]string{}, usedIDs: map[string]bool{}}
	valid := objs[:0]
	for _, o := range objs {
		if m.valid(o) {
			valid = append(valid, o)
		}
	}
	// Reports first: foreign objects cite the reports that list them.
	for _, o := range valid {
		if o.Type == "report" {
			m.report(o)
		}
	}
	for _, o := range valid {
		switch {
		case o.Type == "report", o.Type == "relationship", stixMetadata[o.Type], o.ID == STIXIdentityID:
		default:
			m.entity(o)
		}
	}
	for _, o := range valid {
		if o.Type == "relationship" {
			m.relationship(o)
		}
	}
	if m.needBundle {
		recs.sources = append(recs.sources, sourceRec{at: at{name, 1}, src: entities.Source{
			ID: bundleSourceID(name), Kind: entities.SourceReference, Title: "The STIX bundle " + name}})
	}
	return m.skipped
}

// decodeBundle returns the bundle's objects, each with its line, or nil when
// the file is not a bundle at all.
func decodeBundle(name string, data []byte, probs *problemList) []*stixIn {
	lineAt := func(off int64) int { return 1 + bytes.Count(data[:min(off, int64(len(data)))], []byte("\n")) }
	fail := func(err error) []*stixIn {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			probs.add(name, lineAt(syn.Offset), "JSON syntax: %v", err)
		case errors.As(err, &typ):
			probs.add(name, lineAt(typ.Offset), "not a STIX bundle: %v", err)
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			probs.add(name, lineAt(int64(len(data))), "JSON ends before the bundle does")
		default:
			probs.add(name, 0, "not a STIX bundle: %v", err)
		}
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil {
		return fail(err)
	} else if tok != json.Delim('{') {
		probs.add(name, 1, "not a STIX bundle: a bundle is a JSON object {\"type\": \"bundle\", \"objects\": [...]}")
		return nil
	}
	var typ string
	objs := []*stixIn{}
	line, counted := 1, int64(0) // the line at offset counted
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fail(err)
		}
		switch tok {
		case "type":
			if err := dec.Decode(&typ); err != nil {
				return fail(err)
			}
		case "objects":
			if tok, err := dec.Token(); err != nil {
				return fail(err)
			} else if tok != json.Delim('[') {
				probs.add(name, lineAt(dec.InputOffset()), "not a STIX bundle: objects must be a list")
				return nil
			}
			for i := 0; dec.More(); i++ {
				// The offset is the end of what came before; the object
				// starts after the comma and blanks.
				start := dec.InputOffset()
				for start < int64(len(data)) && strings.IndexByte(" \t\r\n,", data[start]) >= 0 {
					start++
				}
				var raw json.RawMessage
				if err := dec.Decode(&raw); err != nil {
					return fail(err)
				}
				// Count the lines since the last object, not from the top:
				// a bundle may hold a great many objects.
				line += bytes.Count(data[counted:start], []byte("\n"))
				counted = start
				o := &stixIn{line: line}
				if err := json.Unmarshal(raw, o); err != nil {
					what := fmt.Sprintf("object %d of the bundle", i+1)
					if o.ID != "" {
						what = "object " + o.ID
					}
					var typ *json.UnmarshalTypeError
					switch {
					case errors.As(err, &typ) && typ.Field != "":
						probs.add(name, o.line, "%s: property %s cannot be a JSON %s", what, typ.Field, typ.Value)
					case typ != nil:
						probs.add(name, o.line, "%s is a JSON %s; a STIX object is a JSON object", what, typ.Value)
					default:
						probs.add(name, o.line, "%s: %v", what, err)
					}
					continue
				}
				objs = append(objs, o)
			}
			if _, err := dec.Token(); err != nil {
				return fail(err)
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return fail(err)
			}
		}
	}
	if _, err := dec.Token(); err != nil {
		return fail(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		probs.add(name, lineAt(dec.InputOffset()), "more JSON after the bundle; a file holds one bundle")
		return nil
	}
	if typ != "bundle" {
		probs.add(name, 1, "not a STIX bundle: type is %q, not \"bundle\"", typ)
		return nil
	}
	return objs
}

type stixMapper struct {
	name       string
	probs      *problemList
	recs       *records
	objs       map[string]*stixIn  // every object with a valid id, by id
	byRef      map[string]string   // STIX id → entity id, for the objects mapped onto entities
	cites      map[string][]string // STIX id → the sources whose report lists it
	usedIDs    map[string]bool     // entity and source ids given out, for newID
	needBundle bool                // some object cites the bundle itself
	skipped    []string
}

func (m *stixMapper) problem(o *stixIn, format string, args ...any) {
	m.probs.add(m.name, o.line, "object "+o.ID+": "+format, args...)
}

func (m *stixMapper) skip(o *stixIn, format string, args ...any) {
	m.skipped = append(m.skipped, fmt.Sprintf("%s:%d: object %s skipped: ", m.name, o.line, o.ID)+fmt.Sprintf(format, args...))
}

// valid checks what every object needs and, for the types the loader maps,
// the properties STIX requires and the timestamps it reads. An invalid object
// is reported and not mapped.
func (m *stixMapper) valid(o *stixIn) bool {
	switch {
	case !stixIDPattern.MatchString(o.ID) || !strings.HasPrefix(o.ID, o.Type+"--"):
		m.probs.add(m.name, o.line, "object %q: id is not %s--UUID", o.ID, o.Type)
		return false
	case m.objs[o.ID] != nil:
		m.problem(o, "appears twice (first at line %d); give one version of each object", m.objs[o.ID].line)
		return false
	}
	m.objs[o.ID] = o
	required, mapped := stixMapped[o.Type]
	if !mapped {
		return true
	}
	ok := true
	if o.SpecVersion != "2.1" {
		m.problem(o, "spec_version is %q; graphapi reads STIX 2.1 (spec_version \"2.1\" on every object)", o.SpecVersion)
		ok = false
	}
	values := map[string]bool{"name": o.Name != "", "published": o.Published != "", "object_refs": len(o.ObjectRefs) > 0,
		"relationship_type": o.RelationshipType != "", "source_ref": o.SourceRef != "", "target_ref": o.TargetRef != ""}
	for _, f := range required {
		if !values[f] {
			m.problem(o, "a %s needs %s (STIX 2.1 requires it)", o.Type, f)
			ok = false
		}
	}
	for _, ts := range []struct{ name, value string }{
		{"created", o.Created}, {"modified", o.Modified}, {"first_seen", o.FirstSeen}, {"last_seen", o.LastSeen},
		{"start_time", o.StartTime}, {"stop_time", o.StopTime}, {"published", o.Published},
	} {
		if ts.value == "" {
			if ts.name == "created" || ts.name == "modified" {
				m.problem(o, "a %s needs %s (STIX 2.1 requires it)", o.Type, ts.name)
				ok = false
			}
			continue
		}
		if _, err := time.Parse(time.RFC3339Nano, ts.value); err != nil {
			m.problem(o, "%s %q is not a timestamp (RFC 3339, as 2017-03-02T00:00:00.000Z)", ts.name, ts.value)
			ok = false
		}
	}
	return ok
}

// ext decodes o's x-graphapi extension, or returns nil when it has none or
// it cannot be read (a problem then).
func (m *stixMapper) ext(o *stixIn) *STIXExtension {
	raw, ok := o.Extensions[STIXExtensionID]
	if !ok {
		return nil
	}
	var x STIXExtension
	if err := json.Unmarshal(raw, &x); err != nil {
		m.problem(o, "extension x-graphapi: %v", err)
		return nil
	}
	return &x
}

// evidence turns graphapi evidence into records standing at o.
func (m *stixMapper) evidence(o *stixIn, ev []entities.Evidence) []evidenceRec {
	out := make([]evidenceRec, len(ev))
	for i, e := range ev {
		out[i] = evidenceRec{ev: e, at: at{m.name, o.line}}
	}
	return out
}

func (m *stixMapper) report(o *stixIn) {
	if x := m.ext(o); x != nil {
		if x.Source == nil {
			m.problem(o, "extension x-graphapi of a report must hold its source")
			return
		}
		src := x.Source.Source
		src.Text = x.Source.Text
		m.recs.sources = append(m.recs.sources, sourceRec{src: src, at: at{m.name, o.line}})
		return
	}
	src := entities.Source{ID: m.newID(o, "report"), Kind: entities.SourceReference, Title: o.Name, Published: stixDate(o.Published)}
	m.recs.sources = append(m.recs.sources, sourceRec{src: src, at: at{m.name, o.line}})
	for _, ref := range o.ObjectRefs {
		m.cites[ref] = append(m.cites[ref], src.ID)
	}
}

// foreignEvidence is what a foreign object cites: the reports that list it, or
// the bundle.
func (m *stixMapper) foreignEvidence(o *stixIn) []evidenceRec {
	var ev []entities.Evidence
	for _, src := range m.cites[o.ID] {
		ev = append(ev, entities.Evidence{Source: src, Locator: "lists STIX object " + o.ID})
	}
	if len(ev) == 0 {
		m.needBundle = true
		ev = append(ev, entities.Evidence{Source: bundleSourceID(m.name), Locator: "STIX object " + o.ID})
	}
	return m.evidence(o, ev)
}

var slugSpace = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// bundleSourceID is the id of the source that stands for the bundle in file
// name: its path made an id (feeds/opencti.json → feeds-opencti.json).
func bundleSourceID(name string) string {
	return strings.Trim(slugSpace.ReplaceAllString(strings.ReplaceAll(path.Clean(name), "/", "-"), "-"), "-._")
}

// newID is the graphapi id of a foreign object: the external id graphapi gave
// it, else a slug of its name and the start of its UUID, which keeps it unique.
func (m *stixMapper) newID(o *stixIn, fallback string) string {
	for _, r := range o.ExternalReferences {
		if r.SourceName == "graphapi" && r.ExternalID != "" && !m.usedIDs[r.ExternalID] {
			m.usedIDs[r.ExternalID] = true
			return r.ExternalID
		}
	}
	slug := strings.Trim(slugSpace.ReplaceAllString(strings.ToLower(o.Name), "-"), "-._")
	if slug == "" {
		slug = fallback
	}
	if len(slug) > 150 {
		slug = slug[:150]
	}
	_, uuid, _ := strings.Cut(o.ID, "--")
	id := slug + "-" + uuid[:8]
	m.usedIDs[id] = true
	return id
}

// stixDate is the day (UTC) of a timestamp valid has checked; zero for none.
func stixDate(s string) entities.Date {
	t, err := time.Parse(time.RFC3339Nano, s)
	if s == "" || err != nil {
		return entities.Date{}
	}
	t = t.UTC()
	return entities.Date{Year: int16(t.Year()), Month: int8(t.Month()), Day: int8(t.Day())}
}

func (m *stixMapper) entity(o *stixIn) {
	if x := m.ext(o); x != nil {
		if x.Claim != nil {
			return // one source's claims, which the entity holds
		}
		if x.Entity == nil {
			m.problem(o, "extension x-graphapi of a %s must hold its entity", o.Type)
			return
		}
		e := *x.Entity
		m.byRef[o.ID] = e.ID
		m.usedIDs[e.ID] = true
		m.recs.entities = append(m.recs.entities, entityRec{ent: e, at: at{m.name, o.line}, evidence: m.evidence(o, e.Evidence),
			statement: statement{exported: true}})
		return
	}
	e := entities.Entity{Name: o.Name, Description: o.Description, Aliases: o.Aliases}
	switch o.Type {
	case "threat-actor", "intrusion-set":
		e.Kind = entities.KindArmedGroup
		e.Founded, e.Dissolved = stixDate(o.FirstSeen), stixDate(o.LastSeen)
	case "identity":
		if o.IdentityClass != "organization" && o.IdentityClass != "group" {
			m.skip(o, "identity_class %s has no graphapi kind", o.IdentityClass)
			return
		}
		e.Kind = entities.KindNGO
		for _, s := range o.Sectors {
			if strings.HasPrefix(s, "government") || s == "defense" || s == "defence" || s == "law-enforcement" {
				e.Kind = entities.KindStateBody
			}
		}
	case "campaign":
		e.Kind = entities.KindOperation
		e.Founded, e.Dissolved = stixDate(o.FirstSeen), stixDate(o.LastSeen)
	case "location":
		if e.Name == "" {
			m.skip(o, "a location without a name cannot be an entity")
			return
		}
		e.Kind = entities.KindPlace
		if o.Country != "" && o.City == "" && o.Region == "" {
			e.Kind = entities.KindCountry
		}
	case "incident":
		// STIX 2.1's incident has no date of its own; OpenCTI gives first_seen.
		e.Kind = entities.KindEvent
		e.Founded = stixDate(o.FirstSeen)
	default:
		m.skip(o, "type %s has no graphapi kind", o.Type)
		return
	}
	e.ID = m.newID(o, o.Type)
	m.byRef[o.ID] = e.ID
	m.recs.entities = append(m.recs.entities, entityRec{ent: e, at: at{m.name, o.line}, evidence: m.foreignEvidence(o)})
}

// end is the entity id a relationship's ref names. A ref to nothing in the
// bundle is a problem (the bundle is broken); a ref to an object that is not
// an entity here (skipped, or a report) skips the relationship.
func (m *stixMapper) end(o *stixIn, prop, ref string) (string, bool) {
	if id, ok := m.byRef[ref]; ok {
		return id, true
	}
	if target := m.objs[ref]; target != nil {
		m.skip(o, "its %s %s, a %s, is not an entity here", prop, ref, target.Type)
	} else {
		m.problem(o, "%s %s is not an object of the bundle", prop, ref)
	}
	return "", false
}

func (m *stixMapper) relationship(o *stixIn) {
	from, okFrom := m.end(o, "source_ref", o.SourceRef)
	to, okTo := m.end(o, "target_ref", o.TargetRef)
	if !okFrom || !okTo {
		return
	}
	if x := m.ext(o); x != nil {
		r := x.Relationship
		switch {
		case x.Claim != nil:
			// One source's claims, which the relationship holds.
		case r == nil:
			m.problem(o, "extension x-graphapi of a relationship must hold its relationship")
		case r.From != from || r.To != to:
			m.problem(o, "source_ref and target_ref (%s, %s) disagree with its x-graphapi ends (%s, %s)", from, to, r.From, r.To)
		default:
			m.recs.rels = append(m.recs.rels, relRec{rel: *r, at: at{m.name, o.line}, evidence: m.evidence(o, r.Evidence),
				statement: statement{exported: true}, confidenceGiven: true})
		}
		return
	}
	var t entities.RelType
	switch o.RelationshipType {
	case "located-at":
		t = entities.LocatedIn
	case "targets":
		t = entities.Targeted
	default:
		t = entities.RelType(strings.ToUpper(strings.ReplaceAll(o.RelationshipType, "-", "_")))
		if _, ok := entities.RelTypeIndex(t); !ok {
			m.skip(o, "relationship_type %s has no graphapi type", o.RelationshipType)
			return
		}
	}
	r := entities.Relationship{From: from, To: to, Type: t, Since: stixDate(o.StartTime), Until: stixDate(o.StopTime),
		Confidence: entities.Reported, Note: o.Description}
	if c := o.Confidence; c != nil {
		switch {
		case *c >= 70:
			r.Confidence = entities.Fact
		case *c >= 30:
			r.Confidence = entities.Assessed
		}
	}
	m.recs.rels = append(m.recs.rels, relRec{rel: r, at: at{m.name, o.line}, evidence: m.foreignEvidence(o), confidenceGiven: true})
}

// Skipped lists the STIX objects the seed's bundles hold that have no place in
// the graph, one line each (file:line: object id skipped: why), for the
// command to show: the seed loads without them.
func (sd *Seed) Skipped() []string { return sd.skipped }
