package alias_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/graphapi/graphapi/internal/alias"
	"github.com/graphapi/graphapi/internal/entities"
)

// seedEntities reads every entity the seed states, whatever file or pack
// states it: the names the index must know are the names the sources give.
// Entities with no country are given the Mali report's country, as the loader
// gives a pack's statements its source's country.
func seedEntities(tb testing.TB) []entities.Entity {
	tb.Helper()
	var out []entities.Entity
	err := filepath.WalkDir("../../seed", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".yaml" {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var f struct {
			Entities []entities.Entity `yaml:"entities"`
		}
		if err := yaml.Unmarshal(b, &f); err != nil {
			return err
		}
		out = append(out, f.Entities...)
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	if len(out) < 50 {
		tb.Fatalf("read %d entities from the seed; the seed has more", len(out))
	}
	for i := range out {
		if out[i].Attributes["country"] == "" {
			out[i].Attributes = map[string]string{"country": "Mali"}
		}
	}
	return out
}

func TestResolve(t *testing.T) {
	ix := alias.New(seedEntities(t))
	tests := []struct {
		name    string
		kind    entities.Kind
		country string
		status  alias.Status
		id      string   // when Resolved
		cands   []string // when Ambiguous
		reason  string   // part of the reason
	}{
		{"Ansar Dine", entities.KindArmedGroup, "Mali", alias.Resolved, "ansar-al-dine", nil, `alias "Ansar Dine" of ansar-al-dine`},
		{"Ansar ad-Din", "", "", alias.Resolved, "ansar-al-dine", nil, `"Ansar ad-Din" is name "Ansar al-Dine" of ansar-al-dine`},
		{"ANSAR EDDINE", "", "", alias.Resolved, "ansar-al-dine", nil, ""},
		{"al-Mourabitoun", "", "", alias.Resolved, "al-murabitoun", nil, `alias "al-Mourabitoun"`},
		{"Al-Mourabitoune", "", "", alias.Resolved, "al-murabitoun", nil, ""},
		{"al-Qaeda in the Islamic Maghreb", "", "", alias.Resolved, "aqim", nil, ""},
		{"Al-Qaïda in the Islamic Maghreb", "", "", alias.Resolved, "aqim", nil, ""},
		{"al-Qaeda", "", "", alias.Resolved, "al-qaida", nil, ""},
		{"Islamic State in the Greater Sahara", "", "", alias.Resolved, "isis-gs", nil, ""},
		{"Islamic State", "", "", alias.Resolved, "islamic-state", nil, ""},
		{"Jamaat Nusrat al-Islam wa al-Muslimin", "", "", alias.Resolved, "jnim", nil, ""},
		{"Sevare", entities.KindPlace, "", alias.Resolved, "sevare", nil, ""},
		{"Tombouctou", "", "", alias.Resolved, "timbuktu", nil, ""},

		// Short acronyms are weak: candidates, never a resolution.
		{"GSIM", "", "", alias.Ambiguous, "", []string{"jnim"}, "short acronym"},
		{"JNIM", entities.KindArmedGroup, "Mali", alias.Ambiguous, "", []string{"jnim"}, "never decides identity alone"},
		{"AQIM", "", "", alias.Ambiguous, "", []string{"aqim"}, ""},
		{"FLM", "", "", alias.Ambiguous, "", []string{"macina-liberation-front"}, ""},

		// Different groups do not meet.
		{"Ansar al-Islam", "", "", alias.NotFound, "", nil, `no entity is named "Ansar al-Islam"`},
		{"Islamic State in West Africa", "", "", alias.NotFound, "", nil, ""},
		{"Ansar Dine", entities.KindStateBody, "", alias.NotFound, "", nil, ""},

		// Generic state-body names are scoped by country.
		{"National Gendarmerie", entities.KindStateBody, "Mali", alias.Resolved, "national-gendarmerie", nil, "in Mali"},
		{"Gendarmerie Nationale", "", "mali", alias.Resolved, "national-gendarmerie", nil, ""},
		{"National Gendarmerie", entities.KindStateBody, "Niger", alias.NotFound, "", nil, ""},
		{"Ministry of Defense", "", "Mali", alias.Resolved, "mod", nil, ""},
		{"Ministry of Defense", "", "Burkina Faso", alias.NotFound, "", nil, ""},
		{"Customs", "", "Niger", alias.NotFound, "", nil, ""},
		{"National Gendarmerie", "", "", alias.Ambiguous, "", []string{"national-gendarmerie"}, "no country scopes it"},
	}
	for _, tt := range tests {
		t.Run(tt.name+"/"+string(tt.kind)+"/"+tt.country, func(t *testing.T) {
			r := ix.Resolve(tt.name, tt.kind, tt.country)
			if r.Status != tt.status || r.ID != tt.id {
				t.Fatalf("Resolve(%q, %q, %q) = %v %q (%s), want %v %q", tt.name, tt.kind, tt.country, r.Status, r.ID, r.Reason, tt.status, tt.id)
			}
			if got := candidateIDs(r.Candidates); !slices.Equal(got, tt.cands) {
				t.Errorf("candidates %q, want %q", got, tt.cands)
			}
			if !strings.Contains(r.Reason, tt.reason) {
				t.Errorf("reason %q does not say %q", r.Reason, tt.reason)
			}
		})
	}
}

func candidateIDs(cs []alias.Candidate) []string {
	var ids []string
	for _, c := range cs {
		ids = append(ids, c.ID)
	}
	return ids
}

func TestResolveShared(t *testing.T) {
	ix := alias.New(seedEntities(t))
	ix.Add(alias.Entry{ID: "katiba-macina-2", Kind: entities.KindArmedGroup, Names: []alias.Name{{Text: "Katiba Macina"}}})
	r := ix.Resolve("Katiba Macina", "", "")
	if r.Status != alias.Ambiguous || !slices.Equal(candidateIDs(r.Candidates), []string{"katiba-macina-2", "macina-liberation-front"}) {
		t.Fatalf("a name two entities bear: %v %q %+v, want both as candidates", r.Status, r.ID, r.Candidates)
	}
	if !strings.Contains(r.Reason, "names 2 entities") {
		t.Errorf("reason %q", r.Reason)
	}
	// A kind tells them apart.
	ix.Add(alias.Entry{ID: "macina-op", Kind: entities.KindOperation, Names: []alias.Name{{Text: "Operation Macina"}, {Text: "Katiba Macina Op"}}})
	if r := ix.Resolve("Operation Macina", entities.KindOperation, ""); r.ID != "macina-op" {
		t.Errorf("by kind: %+v", r)
	}
}

func TestResolveNames(t *testing.T) {
	ix := alias.New(seedEntities(t))
	tests := []struct {
		names  []string
		status alias.Status
		id     string
	}{
		{[]string{"JNIM", "GSIM", "Jama'at Nusrat al-Islam wal-Muslimin"}, alias.Resolved, "jnim"},
		{[]string{"JNIM", "GSIM"}, alias.Ambiguous, ""},
		{[]string{"Ansar Dine", "FLM"}, alias.Resolved, "ansar-al-dine"}, // a weak match of another entity does not outweigh a strong one
		{[]string{"Ansar Dine", "al-Mourabitoun"}, alias.Ambiguous, ""},
		{[]string{"Ansar al-Islam", "Ansarul Islam"}, alias.NotFound, ""},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.names, ","), func(t *testing.T) {
			r := ix.ResolveNames(tt.names, "", "Mali")
			if r.Status != tt.status || r.ID != tt.id {
				t.Errorf("ResolveNames(%q) = %v %q (%s), want %v %q", tt.names, r.Status, r.ID, r.Reason, tt.status, tt.id)
			}
		})
	}
}

// TestAddMerges: a second source that states an entity adds its names.
func TestAddMerges(t *testing.T) {
	ix := alias.New(seedEntities(t))
	if r := ix.Resolve("Jamaat Nosrat al-Islam", "", ""); r.Status != alias.NotFound {
		t.Fatalf("before: %+v", r)
	}
	ix.Add(alias.Entry{ID: "jnim", Names: []alias.Name{{Text: "Jamaat Nosrat al-Islam"}, {Text: "JNIM"}}})
	if r := ix.Resolve("Jama'at Nosrat al Islam", "", ""); r.ID != "jnim" {
		t.Fatalf("after: %+v", r)
	}
	if r := ix.Resolve("Ansar Dine", "", ""); r.ID != "ansar-al-dine" {
		t.Fatalf("others unchanged: %+v", r)
	}
}

func TestShared(t *testing.T) {
	ix := alias.New(nil)
	add := func(id string, kind entities.Kind, country string, names ...string) {
		en := alias.Entry{ID: id, Kind: kind, Country: country}
		for _, n := range names {
			en.Names = append(en.Names, alias.Name{Text: n})
		}
		ix.Add(en)
	}
	add("ansar-al-dine", entities.KindArmedGroup, "", "Ansar al-Dine", "Ansar Dine")
	add("ansar-dine-2", entities.KindArmedGroup, "", "Ansar Eddine")
	add("gendarmerie-mali", entities.KindStateBody, "Mali", "National Gendarmerie")
	add("gendarmerie-niger", entities.KindStateBody, "Niger", "National Gendarmerie")
	add("gendarmerie-mali-2", entities.KindStateBody, "Mali", "National gendarmerie")
	add("jnim", entities.KindArmedGroup, "", "JNIM", "GSIM")
	add("gsim-2", entities.KindArmedGroup, "", "GSIM")
	var got []string
	for _, s := range ix.Shared() {
		got = append(got, s.Key+":"+strings.Join(candidateIDs(s.Candidates), ","))
	}
	want := []string{
		"ansar din:ansar-al-dine,ansar-dine-2",
		"gsim:gsim-2,jnim",
		"national gendarmerie:gendarmerie-mali,gendarmerie-mali-2", // not Niger's
	}
	if !slices.Equal(got, want) {
		t.Errorf("Shared() = %q, want %q", got, want)
	}
}

// TestSeedShares: the seed's own names: every alias two seed entities share
// is listed, and none of the groups' names is among them.
func TestSeedShares(t *testing.T) {
	ix := alias.New(seedEntities(t))
	for _, s := range ix.Shared() {
		for _, c := range s.Candidates {
			for _, group := range []string{"jnim", "aqim", "ansar-al-dine", "al-murabitoun", "isis-gs", "al-qaida"} {
				if c.ID == group && !c.Weak {
					t.Errorf("%q of %s is shared with %+v", c.Alias, group, s.Candidates)
				}
			}
		}
	}
}
