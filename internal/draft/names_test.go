package draft

import (
	"slices"
	"strings"
	"testing"

	"github.com/graphapi/graphapi/internal/entities"
)

// candidateNames drafts text against idx and returns its new entities as
// "id=name" and its mentions as "id@text" (the text as the report writes it).
func candidateNames(tb testing.TB, text string, opts Options, idx Index) (cands, mentions []string) {
	tb.Helper()
	d := Make(text, opts, idx)
	for _, c := range d.Entities {
		if got := text[c.Span.Start:c.Span.End]; nameText(got) != c.Name && !slices.Contains(c.Aliases, nameText(got)) && c.Kind != entities.KindCountry {
			tb.Errorf("candidate %s %q: its span holds %q", c.Entity, c.Name, got)
		}
		cands = append(cands, c.Entity+"="+c.Name)
	}
	for _, m := range d.Mentions {
		if m.Text != text[m.Span.Start:m.Span.End] {
			tb.Errorf("mention %s: text %q, but its span holds %q", m.Entity, m.Text, text[m.Span.Start:m.Span.End])
		}
		mentions = append(mentions, m.Entity+"@"+m.Text)
	}
	checkQuotes(tb, text, d)
	return cands, mentions
}

// checkQuotes: every item's sentence is the report's bytes at its offsets.
func checkQuotes(tb testing.TB, text string, d *Draft) {
	tb.Helper()
	var where []Sentence
	for _, c := range d.Entities {
		where = append(where, c.Where)
	}
	for _, m := range d.Mentions {
		where = append(where, m.Where)
	}
	for _, r := range d.Relationships {
		where = append(where, r.Where)
	}
	for _, w := range where {
		if text[w.Start:w.End] != w.Text {
			tb.Errorf("sentence %d:%d is %q, but the text there is %q", w.Start, w.End, w.Text, text[w.Start:w.End])
		}
	}
}

// TestNamesAcrossLineBreaks: a name that a line wrap or a hyphen at a line
// end breaks is one name, taken with its white space folded; a short line (a
// heading, a list item) ends a name.
func TestNamesAcrossLineBreaks(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string // candidates, "id=name"
		not        []string // names that must not be candidates
	}{
		{"wrapped long form",
			"The main threat in the east came from Jama'at Nasr\nal-Islam wal Muslimin (JNIM), an alliance of groups.",
			[]string{"jnim=Jama'at Nasr al-Islam wal Muslimin"}, []string{"Jama'at Nasr"}},
		{"hyphen at a line end",
			"In the north, Al-Qa'ida in the Islamic Ma-\nghreb (AQIM) remained the principal terrorist threat.",
			[]string{"aqim=Al-Qa'ida in the Islamic Maghreb"}, []string{"Al-Qa'ida in the Islamic Ma"}},
		{"hyphen and indent",
			"The People's National Army and the gendarmerie both fall under the Ministry of Na-\n    tional Defense (MND) in Algiers.",
			[]string{"mnd-burkina-faso=Ministry of National Defense"}, nil},
		{"wrapped state body",
			"The National Police reports, as it has since 2015, to the Ministry\nof Security, which oversees it.",
			[]string{"ministry-of-security-burkina-faso=Ministry of Security"}, []string{"Ministry"}},
		{"short lines are a list",
			"Members:\nMali\nNiger\nChad",
			[]string{"mali=Mali", "niger=Niger", "chad=Chad"}, []string{"Mali Niger"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cands, _ := candidateNames(t, tt.text, Options{Country: "Burkina Faso"}, NewIndex(nil))
			for _, w := range tt.want {
				if !slices.Contains(cands, w) {
					t.Errorf("candidates %q, want %q among them", cands, w)
				}
			}
			for _, n := range tt.not {
				for _, c := range cands {
					if strings.HasSuffix(c, "="+n) {
						t.Errorf("candidate %q: %q is part of a longer name", c, n)
					}
				}
			}
		})
	}
}

// TestPageFurniture: a hard-wrapped PDF page whose sentence runs over a page
// footer and header is that sentence; the furniture makes no sentence and no
// name, and every offset is the report's.
func TestPageFurniture(t *testing.T) {
	header := "ANNUAL REPORT ON TERRORISM 2015                 MIDDLE EAST AND NORTH AFRICA"
	text := header + "\n\nALGERIA\n\n" +
		"Overview: Algeria continued its campaign against terrorist groups. The\n" +
		"General Directorate for National Security (DGSN) reports to the Ministry of\n" +
		"Interior. Algerian officials said that the reorganization would not affect\n\n" +
		"                                      112\n\n" + header + "\n\n" +
		"counterterrorism cooperation with Tunisia. Algeria is a member of the\n" +
		"Global Counterterrorism Forum (GCTF).\n"
	d := Make(text, Options{Country: "Algeria"}, NewIndex(nil))
	var sents []string
	for i := range len(d.Paragraphs) {
		for _, s := range sentences(text, d.Paragraphs[i:i+1]) {
			sents = append(sents, text[s.Start:s.End])
		}
	}
	cut := "Algerian officials said that the reorganization would not affect\n\n                                      112\n\n" + header + "\n\ncounterterrorism cooperation with Tunisia."
	if !slices.Contains(sents, cut) {
		t.Errorf("sentences %q: the one the page break cuts is missing", sents)
	}
	for _, s := range sents {
		if strings.HasPrefix(s, "ANNUAL") || strings.TrimSpace(s) == "112" {
			t.Errorf("furniture %q is a sentence", s)
		}
	}
	for _, c := range d.Entities {
		if strings.Contains(strings.ToUpper(c.Name), "ANNUAL") || strings.Contains(c.Name, "MIDDLE EAST") {
			t.Errorf("candidate %q is page furniture", c.Name)
		}
	}
	checkQuotes(t, text, d)
	if !slices.ContainsFunc(d.Entities, func(c Candidate) bool { return c.Name == "General Directorate for National Security" }) {
		t.Errorf("no candidate for the General Directorate for National Security, wrapped after \"The\"")
	}
}

// TestDefinitionLinks: a long form with its acronym links to the graph's
// entity when either meets, and makes no twin (jnim-2).
func TestDefinitionLinks(t *testing.T) {
	idx := NewIndex(maliGraph(t))
	tests := []struct {
		name, text, entity string
	}{
		{"transliteration meets the alias", "Near Mopti, a convoy was attacked by Jama'at Nasr\nal-Islam wal Muslimin (JNIM) fighters.", "jnim"},
		{"only the acronym meets", "The Group for the Support of Islam and Muslims (GSIM) attacked a convoy.", "jnim"},
		{"one word written another way", "Jama'at Nusrah al-Islam wal Muslimin (JNIM) attacked a convoy.", "jnim"},
		{"only the long form meets", "Jama'at Nusrat al-Islam wal-Muslimin (GSIM) attacked a convoy.", "jnim"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cands, mentions := candidateNames(t, tt.text, Options{Country: "Mali"}, idx)
			if !slices.ContainsFunc(mentions, func(m string) bool { return strings.HasPrefix(m, tt.entity+"@") }) {
				t.Errorf("mentions %q, want one of %s", mentions, tt.entity)
			}
			for _, c := range cands {
				if strings.HasPrefix(c, tt.entity+"-") || strings.Contains(c, "Jama") || strings.Contains(c, "Support") {
					t.Errorf("candidate %q: a twin of %s", c, tt.entity)
				}
			}
		})
	}
	// An acronym the graph gives another group, defined with other words,
	// is a new entity.
	cands, mentions := candidateNames(t, "The Front for the Liberation of Mauritania (FLM) held a rally.", Options{Country: "Mali"}, idx)
	if slices.ContainsFunc(mentions, func(m string) bool { return strings.HasPrefix(m, "macina-liberation-front@") }) ||
		!slices.ContainsFunc(cands, func(c string) bool { return strings.HasPrefix(c, "flm=") }) {
		t.Errorf("candidates %q, mentions %q: want a new entity flm, not the Macina Liberation Front", cands, mentions)
	}
}

// TestGenericBodiesTakeTheirCountry: a generic state-body name takes the
// country of the section, the document, the title or the paragraph, in that
// order, or a possessive on it; a bare "Ministry" is no name.
func TestGenericBodiesTakeTheirCountry(t *testing.T) {
	tests := []struct {
		name string
		text string
		opts Options
		rels []string
		not  []string
	}{
		{"the document's country",
			"The National Police reports to the Ministry of Security.",
			Options{Country: "Burkina Faso"},
			[]string{"national-police-burkina-faso REPORTS_TO ministry-of-security-burkina-faso"}, nil},
		{"the section's country, in a two-country brief",
			"Burkina Faso and Niger\n\nBurkina Faso\n\nThe National Police reports to the Ministry of Security.\n\nNiger\n\nThe National Gendarmerie reports to the Ministry of Defense.",
			Options{Title: "Brief: Burkina Faso and Niger"},
			[]string{"national-police-burkina-faso REPORTS_TO ministry-of-security-burkina-faso",
				"national-gendarmerie-niger REPORTS_TO ministry-of-defense-niger"}, nil},
		{"the title's country",
			"The National Police reports to the Ministry of Security.",
			Options{Title: "Country Reports on Terrorism 2019: Burkina Faso"},
			[]string{"national-police-burkina-faso REPORTS_TO ministry-of-security-burkina-faso"}, nil},
		{"the paragraph's country",
			"In Burkina Faso, the National Police reports to the Ministry of Security.",
			Options{},
			[]string{"national-police-burkina-faso REPORTS_TO ministry-of-security-burkina-faso"}, nil},
		{"a possessive beats the section",
			"Burkina Faso\n\nNiger's National Police arrested suspects. The National Police reports to the Ministry of Security.",
			Options{},
			[]string{"national-police-burkina-faso REPORTS_TO ministry-of-security-burkina-faso"}, []string{"national-police-niger REPORTS_TO"}},
		{"a bare Ministry is no name",
			"The National Police reports to the Ministry, which also commands the gendarmerie.",
			Options{Country: "Burkina Faso"},
			nil, []string{"ministry"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Make(tt.text, tt.opts, NewIndex(maliGraph(t)))
			var rels []string
			for _, r := range d.Relationships {
				rels = append(rels, r.From.Ref+" "+string(r.Type)+" "+r.To.Ref)
			}
			var ids []string
			for _, c := range d.Entities {
				ids = append(ids, c.Entity)
				if c.Name == "Ministry" {
					t.Errorf("entity %s is named %q alone", c.Entity, c.Name)
				}
			}
			for _, w := range tt.rels {
				if !slices.Contains(rels, w) {
					t.Errorf("relationships %q, want %q", rels, w)
				}
			}
			for _, n := range tt.not {
				for _, r := range append(rels, ids...) {
					if strings.HasPrefix(r, n) {
						t.Errorf("%q drafted (relationships %q, entities %q)", r, rels, ids)
					}
				}
			}
			for _, id := range ids {
				if id == "ministry" || id == "national-police" || id == "national-police-mali" {
					t.Errorf("entity %q: unscoped or Mali's (entities %q)", id, ids)
				}
			}
		})
	}
}
