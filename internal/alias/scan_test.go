package alias_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/graphapi/graphapi/internal/alias"
	"github.com/graphapi/graphapi/internal/entities"
)

func TestScan(t *testing.T) {
	ix := alias.New(seedEntities(t))
	ix.Add(alias.Entry{ID: "and-group", Kind: entities.KindArmedGroup, Names: []alias.Name{{Text: "Alliance for National Democracy"}, {Text: "AND"}}})
	ix.Add(alias.Entry{ID: "will-group", Kind: entities.KindArmedGroup, Names: []alias.Name{{Text: "Will of the People"}, {Text: "will", Weak: true}}})
	tests := []struct {
		text string
		want []string // text:id for a resolution, text:?cand,cand for candidates
	}{
		{"In 2017, Ansar Dine, al-Mourabitoun and AQIM's Sahara Branch merged into JNIM.",
			[]string{"Ansar Dine:ansar-al-dine", "al-Mourabitoun:al-murabitoun", "AQIM's Sahara Branch:aqim-sahara-branch", "JNIM:?jnim"}},
		{"the al-Qa’ida in the Islamic Maghreb and al-Qaeda", []string{"al-Qa’ida in the Islamic Maghreb:aqim", "al-Qaeda:al-qaida"}},
		{"Malian forces and the gendarmerie will act; AND will not.", []string{"Malian forces:malian-armed-forces", "gendarmerie:national-gendarmerie", "AND:?and-group"}},
		{"is ISIS in Sévaré or Sevare?", []string{"ISIS:?islamic-state", "Sévaré:sevare", "Sevare:sevare"}},
		{"aqim and jnim in lower case", nil}, // weak names match only as written
		{"Mali, Malian, Malians", []string{"Mali:mali"}},
		{"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			var got []string
			for _, m := range ix.Scan(tt.text, "Mali") {
				if tt.text[m.Start:m.End] != m.Text {
					t.Errorf("span %d:%d is %q, Text %q", m.Start, m.End, tt.text[m.Start:m.End], m.Text)
				}
				switch m.Status {
				case alias.Resolved:
					got = append(got, m.Text+":"+m.ID)
				default:
					got = append(got, m.Text+":?"+strings.Join(candidateIDs(m.Candidates), ","))
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Scan(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

// TestScanReport: the Mali report mentions the groups the seed knows, by the
// spellings the seed gives; each mention's span is its text in the report.
func TestScanReport(t *testing.T) {
	paths, _ := filepath.Glob("../../seed/*/*.txt")
	more, _ := filepath.Glob("../../seed/*/*/*.txt")
	paths = append(paths, more...)
	var report string
	for _, p := range paths {
		if strings.Contains(p, "mali") {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			report = string(b)
		}
	}
	if report == "" {
		t.Fatalf("no Mali report under seed/ (%q)", paths)
	}
	ix := alias.New(seedEntities(t))
	found := map[string]bool{}
	for _, m := range ix.Scan(report, "Mali") {
		if report[m.Start:m.End] != m.Text {
			t.Fatalf("span %d:%d is %q, Text %q", m.Start, m.End, report[m.Start:m.End], m.Text)
		}
		found[m.ID] = true
		for _, c := range m.Candidates {
			found["?"+c.ID] = true
		}
	}
	for _, id := range []string{"ansar-al-dine", "al-murabitoun", "aqim-sahara-branch", "macina-liberation-front", "isis-gs",
		"national-gendarmerie", "minusma", "?jnim", "gsign"} {
		if !found[id] && !found[strings.TrimPrefix(id, "?")] {
			t.Errorf("the report's mention of %s was not found", id)
		}
	}
}
