package export

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"graphapi/internal/entities"
	"graphapi/internal/loader"
)

// ImportSTIX reads a STIX 2.1 bundle and writes it into dir as a seed that
// loader.ReadDir reads, all or nothing: the seed is written beside dir, read
// back through the loader (every check a hand-written seed meets), and only
// then renamed to dir, which must not exist yet or be empty. It returns the
// dataset and what it skipped (one line per object: its id and why); EINVALID
// for a malformed bundle, naming the object, or loader.Problems for a seed the
// loader refuses.
//
// A bundle graphapi exported carries each object's graphapi fields in the
// x-graphapi extension and comes back exactly. Other bundles map through the
// standard properties: threat-actor and intrusion-set → armed_group; identity
// (organization) → state_body when a sector is government, defense or law
// enforcement, else ngo; campaign → operation; location → country when it
// gives only a country, else place; incident → event; relationships whose
// relationship_type is a graphapi type in kebab case, or located-at
// (LOCATED_IN) or targets (TARGETED); confidence 70–100 fact, 30–69
// assessed, else reported. Evidence: each report becomes a reference source
// and cites what its object_refs list; what no report lists cites the bundle.
func ImportSTIX(r io.Reader, dir string) (*entities.Dataset, []string, error) {
	ds, skipped, err := ReadSTIX(r)
	if err != nil {
		return nil, skipped, err
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return nil, skipped, entities.Errorf(entities.EINVALID, "%s is not empty; import into a new directory", dir)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(filepath.Clean(dir)), ".import-")
	if err != nil {
		return nil, skipped, err
	}
	defer os.RemoveAll(tmp)
	if err := loader.WriteSeed(tmp, ds); err != nil {
		return nil, skipped, err
	}
	back, err := loader.ReadDir(os.DirFS(tmp))
	if err != nil {
		return nil, skipped, err
	}
	_ = os.Remove(dir) // an empty directory is replaced
	if err := os.Rename(tmp, dir); err != nil {
		return nil, skipped, err
	}
	return back, skipped, nil
}

// stixIn is every property the importer reads.
type stixIn struct {
	Type               string                     `json:"type"`
	ID                 string                     `json:"id"`
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
	ExternalReferences []stixExtRef               `json:"external_references"`
	Extensions         map[string]json.RawMessage `json:"extensions"`
}

// bundleSource is the source that evidence from a foreign bundle cites when no
// report in it lists the object.
const bundleSource = "stix-bundle"

var stixIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// ReadSTIX maps a STIX 2.1 bundle onto a dataset, without the loader's checks
// (ImportSTIX runs them); see ImportSTIX for the mapping.
func ReadSTIX(r io.Reader) (*entities.Dataset, []string, error) {
	var bundle struct {
		Type    string            `json:"type"`
		Objects []json.RawMessage `json:"objects"`
	}
	if err := json.NewDecoder(r).Decode(&bundle); err != nil {
		return nil, nil, entities.Errorf(entities.EINVALID, "not a STIX bundle: %v", err)
	}
	if bundle.Type != "bundle" {
		return nil, nil, entities.Errorf(entities.EINVALID, "not a STIX bundle: type is %q, not \"bundle\"", bundle.Type)
	}
	var problems, skipped []string
	objs := make([]stixIn, 0, len(bundle.Objects))
	seen := map[string]bool{}
	for i, raw := range bundle.Objects {
		var o stixIn
		if err := json.Unmarshal(raw, &o); err != nil {
			problems = append(problems, fmt.Sprintf("object %d: %v", i, err))
			continue
		}
		switch {
		case !stixIDPattern.MatchString(o.ID) || !strings.HasPrefix(o.ID, o.Type+"--"):
			problems = append(problems, fmt.Sprintf("object %d: id %q is not %s--UUID", i, o.ID, o.Type))
			continue
		case seen[o.ID]:
			problems = append(problems, fmt.Sprintf("object %s appears twice; give one version of each object", o.ID))
			continue
		}
		seen[o.ID] = true
		objs = append(objs, o)
	}
	if len(problems) > 0 {
		return nil, nil, entities.Errorf(entities.EINVALID, "the bundle has %d problem(s):\n%s", len(problems), strings.Join(problems, "\n"))
	}

	m := &stixMapper{byRef: map[string]string{}, cites: map[string][]string{}, usedIDs: map[string]bool{}}
	// Reports first: foreign objects cite the reports that list them.
	for i := range objs {
		if o := &objs[i]; o.Type == "report" {
			m.report(o)
		}
	}
	for i := range objs {
		o := &objs[i]
		switch o.Type {
		case "report", "relationship":
		case "extension-definition", "marking-definition":
		case "identity":
			if o.ID == stixIdentityID {
				continue
			}
			fallthrough
		default:
			if why := m.entity(o); why != "" {
				skipped = append(skipped, o.ID+": "+why)
			}
		}
	}
	for i := range objs {
		if o := &objs[i]; o.Type == "relationship" {
			if why := m.relationship(o); why != "" {
				skipped = append(skipped, o.ID+": "+why)
			}
		}
	}
	if len(m.problems) > 0 {
		return nil, skipped, entities.Errorf(entities.EINVALID, "the bundle has %d problem(s):\n%s", len(m.problems), strings.Join(m.problems, "\n"))
	}
	if m.needBundle {
		m.ds.Sources = append(m.ds.Sources, entities.Source{ID: bundleSource, Kind: entities.SourceReference, Title: "The imported STIX bundle"})
	}
	slices.SortFunc(m.ds.Sources, func(a, b entities.Source) int { return strings.Compare(a.ID, b.ID) })
	return &m.ds, skipped, nil
}

type stixMapper struct {
	ds         entities.Dataset
	byRef      map[string]string   // STIX id → entity id
	cites      map[string][]string // STIX id → ids of the sources whose report lists it
	usedIDs    map[string]bool
	needBundle bool
	problems   []string
}

// ext decodes o's x-graphapi extension into v, reporting whether it has one.
func (m *stixMapper) ext(o *stixIn, v *stixExtension) bool {
	raw, ok := o.Extensions[STIXExtensionID]
	if !ok {
		return false
	}
	if err := json.Unmarshal(raw, v); err != nil {
		m.problems = append(m.problems, fmt.Sprintf("object %s: extension x-graphapi: %v", o.ID, err))
		return false
	}
	return true
}

func (m *stixMapper) report(o *stixIn) {
	var x stixExtension
	if m.ext(o, &x) && x.Source != nil {
		src := x.Source.Source
		src.Text = x.Source.Text
		m.ds.Sources = append(m.ds.Sources, src)
		return
	}
	src := entities.Source{ID: m.newID(o, "report"), Kind: entities.SourceReference, Title: o.Name}
	if src.Title == "" {
		src.Title = "STIX report " + o.ID
	}
	if t, err := time.Parse(time.RFC3339Nano, o.Published); err == nil {
		src.Published = entities.Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day()}
	}
	m.ds.Sources = append(m.ds.Sources, src)
	for _, ref := range o.ObjectRefs {
		m.cites[ref] = append(m.cites[ref], src.ID)
	}
}

// evidence is what a foreign object cites: the reports that list it, or the bundle.
func (m *stixMapper) evidence(o *stixIn) []entities.Evidence {
	var ev []entities.Evidence
	for _, src := range m.cites[o.ID] {
		ev = append(ev, entities.Evidence{Source: src, Locator: "lists STIX object " + o.ID})
	}
	if len(ev) == 0 {
		m.needBundle = true
		ev = append(ev, entities.Evidence{Source: bundleSource, Locator: "STIX object " + o.ID})
	}
	return ev
}

var slugSpace = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

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

func stixDate(s string) entities.Date {
	t, err := time.Parse(time.RFC3339Nano, s)
	if s == "" || err != nil {
		return entities.Date{}
	}
	t = t.UTC()
	return entities.Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day()}
}

func (m *stixMapper) entity(o *stixIn) string {
	var x stixExtension
	if m.ext(o, &x) && x.Entity != nil {
		m.byRef[o.ID] = x.Entity.ID
		m.usedIDs[x.Entity.ID] = true
		m.ds.Entities = append(m.ds.Entities, *x.Entity)
		return ""
	}
	e := entities.Entity{Name: o.Name, Description: o.Description, Aliases: o.Aliases}
	switch o.Type {
	case "threat-actor", "intrusion-set":
		e.Kind = entities.KindArmedGroup
		e.Founded, e.Dissolved = stixDate(o.FirstSeen), stixDate(o.LastSeen)
	case "identity":
		if o.IdentityClass != "organization" && o.IdentityClass != "group" {
			return "identity_class " + o.IdentityClass + " has no graphapi kind"
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
		e.Kind = entities.KindPlace
		if o.Country != "" && o.City == "" && o.Region == "" {
			e.Kind = entities.KindCountry
		}
	case "incident":
		e.Kind = entities.KindEvent
	default:
		return "type " + o.Type + " has no graphapi kind"
	}
	if e.Name == "" {
		return "no name"
	}
	e.ID = m.newID(o, o.Type)
	e.Evidence = m.evidence(o)
	m.byRef[o.ID] = e.ID
	m.ds.Entities = append(m.ds.Entities, e)
	return ""
}

func (m *stixMapper) relationship(o *stixIn) string {
	var x stixExtension
	from, okFrom := m.byRef[o.SourceRef]
	to, okTo := m.byRef[o.TargetRef]
	if !okFrom || !okTo {
		return "an end (" + o.SourceRef + " or " + o.TargetRef + ") was not imported"
	}
	if m.ext(o, &x) && x.Relationship != nil {
		if x.Relationship.From != from || x.Relationship.To != to {
			m.problems = append(m.problems, fmt.Sprintf("object %s: source_ref and target_ref disagree with its x-graphapi ends", o.ID))
			return ""
		}
		m.ds.Relationships = append(m.ds.Relationships, *x.Relationship)
		return ""
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
			return "relationship_type " + o.RelationshipType + " has no graphapi type"
		}
	}
	r := entities.Relationship{From: from, To: to, Type: t, Since: stixDate(o.StartTime), Until: stixDate(o.StopTime),
		Confidence: entities.Reported, Note: o.Description, Evidence: m.evidence(o)}
	r.ID = entities.RelationshipID(from, t, to)
	if c := o.Confidence; c != nil {
		switch {
		case *c >= 70:
			r.Confidence = entities.Fact
		case *c >= 30:
			r.Confidence = entities.Assessed
		}
	}
	m.ds.Relationships = append(m.ds.Relationships, r)
	return ""
}
