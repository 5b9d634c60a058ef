package draft

import (
	"bytes"
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/loader"
	"github.com/graphapi/graphapi/seed"
)

// relStrings drafts text against idx and returns its relationships as
// "from TYPE to [since] (confidence)", ends by id ("?" when unresolved).
func relStrings(tb testing.TB, text, country string, idx Index) []string {
	tb.Helper()
	d := Make(text, Options{Country: country, Published: "2019"}, idx)
	var out []string
	for _, r := range d.Relationships {
		end := func(e End) string {
			if e.Match == MatchUnresolved {
				return "?"
			}
			return e.Ref
		}
		s := end(r.From) + " " + string(r.Type) + " " + end(r.To)
		if r.Since != "" {
			s += " " + r.Since
		}
		if r.Confidence != entities.Fact {
			s += " (" + string(r.Confidence) + ")"
		}
		out = append(out, s)
	}
	return out
}

func TestSentenceForms(t *testing.T) {
	empty := NewIndex(nil)
	tests := []struct {
		name, text string
		want       []string
	}{
		{"merged into", "Ansar Dine merged into Jama'at Nusrat al-Islam wal-Muslimin (JNIM) in March 2017.",
			[]string{"ansar-dine MERGED_INTO jnim 2017-03"}},
		{"joined together to form", "Katiba Serma, Katiba Macina and Ansar Dine joined together to form Jama'at Nusrat al-Islam wal-Muslimin (JNIM) on 2 March 2017.",
			[]string{"katiba-serma MERGED_INTO jnim 2017-03-02", "katiba-macina MERGED_INTO jnim 2017-03-02", "ansar-dine MERGED_INTO jnim 2017-03-02"}},
		{"states that form a body are members", "Niger, Chad and Benin joined together to form the Multinational Joint Task Force (MNJTF).",
			[]string{"niger MEMBER_OF mnjtf", "chad MEMBER_OF mnjtf", "benin MEMBER_OF mnjtf"}},
		{"broke away from", "The Islamic State in the Greater Sahara (ISGS) broke away from al-Mourabitoun in May 2015.",
			[]string{"isgs SPLIT_FROM al-mourabitoun 2015-05"}},
		{"a faction of", "Katiba Salaheddine, a faction of Ansar Dine, is active near the border.",
			[]string{"katiba-salaheddine BRANCH_OF ansar-dine"}},
		{"pledged allegiance", "Ansaroul Islam reportedly pledged allegiance to Ansar Dine in 2017.",
			[]string{"ansaroul-islam AFFILIATE_OF ansar-dine 2017 (reported)"}},
		{"reports to", "The National Guard reports to the Ministry of Interior.",
			[]string{"national-guard-niger REPORTS_TO ministry-of-interior-niger"}},
		{"is subordinate to, hedged", "ISGS is likely subordinate to Islamic State West Africa Province (ISWAP).",
			[]string{"isgs REPORTS_TO iswap (assessed)"}},
		{"falls under", "The National Gendarmerie falls under the Ministry of Defense.",
			[]string{"national-gendarmerie-niger REPORTS_TO ministry-of-defense-niger"}},
		{"member of", "Niger is a member of the Egmont Group.",
			[]string{"niger MEMBER_OF egmont-group"}},
		{"cooperates with", "The Nigerien Armed Forces cooperate with Operation Barkhane.",
			[]string{"nigerien-armed-forces COOPERATES_WITH operation-barkhane"}},
		{"coordinates with", "Ansaroul Islam coordinates closely with Katiba Macina.",
			[]string{"ansaroul-islam COORDINATES_WITH katiba-macina"}},
		{"trains and funds", "The European Union trains the Central Service for the Fight against Terrorism (SCLCT) and funds equipment for the National Guard.",
			[]string{"european-union TRAINS sclct-niger", "european-union FUNDS national-guard-niger"}},
		{"supports", "France supports the Nigerien Armed Forces.",
			[]string{"france SUPPORTS nigerien-armed-forces"}},
		{"attack with place and date", "On June 3, 2016, Boko Haram fighters attacked an army position in Bosso.",
			[]string{"attack-2016-06-03-bosso OCCURRED_IN bosso", "boko-haram PARTICIPATES_IN attack-2016-06-03-bosso"}},
		{"a facility described by who pays for it", "In Niamey, officers trained at the new European Union-funded police academy.",
			[]string{"european-union FUNDS european-union-funded-police-academy", "european-union-funded-police-academy LOCATED_IN niamey"}},
		{"a participle after the clause, a shared demonym", "Nigerien forces patrol Tillabéri. ISGS continued its raids, primarily targeting Nigerien and foreign military forces.",
			[]string{"isgs TARGETED nigerien-forces"}},
		{"founded by a person", "Ansaroul Islam was founded in December 2016 by Ibrahim Malam Dicko, a preacher.",
			[]string{"ibrahim-malam-dicko FOUNDED ansaroul-islam 2016-12"}},
		{"a person takes over", "In 2017, his brother Jafar Dicko took over Ansaroul Islam.",
			[]string{"jafar-dicko LEADS ansaroul-islam 2017"}},
		{"according to press reports", "The cell was preparing attacks in Niamey and Agadez, according to press reports. ",
			nil},
		{"no relationship in a plain sentence", "The weather in Niamey was hot.", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := relStrings(t, tc.text, "Niger", empty)
			if !slices.Equal(got, tc.want) {
				t.Errorf("%q\n got  %q\n want %q", tc.text, got, tc.want)
			}
		})
	}
}

func TestDates(t *testing.T) {
	tests := []struct {
		text string
		year int
		want []string
	}{
		{"It happened in March 2017.", 0, []string{"in March 2017=2017-03"}},
		{"It happened on 2 March 2017.", 0, []string{"on 2 March 2017=2017-03-02"}},
		{"It happened on March 2, 2017, at night.", 0, []string{"on March 2, 2017=2017-03-02"}},
		{"It happened in 2012.", 0, []string{"in 2012=2012"}},
		{"On April 14, they struck.", 2018, []string{"On April 14=2018-04-14"}},
		{"In October, the unit deployed.", 2018, []string{"In October=2018-10"}},
		{"Le 2 mars 2017, le groupe est né.", 0, []string{"2 mars 2017=2017-03-02"}},
		{"Borders extend approximately 4,500 miles.", 0, nil},
		{"It may happen again.", 2018, nil},
		{"Without a year: on April 14.", 0, nil},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			var got []string
			for _, d := range findDates(tc.text, Span{0, len(tc.text)}, tc.year) {
				if tc.text[d.Span.Start:d.Span.End] != d.Text {
					t.Errorf("span %v is %q, not the text %q", d.Span, tc.text[d.Span.Start:d.Span.End], d.Text)
				}
				got = append(got, d.Text+"="+d.Value)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestHedges(t *testing.T) {
	tests := []struct {
		text string
		want entities.Confidence
	}{
		{"The group attacked the camp.", entities.Fact},
		{"The group likely attacked the camp.", entities.Assessed},
		{"Security forces believed the groups were coordinating.", entities.Assessed},
		{"The group reportedly attacked the camp.", entities.Reported},
		{"The cell was planning attacks, according to press reports.", entities.Reported},
		{"Press reported that forces dismantled a cell.", entities.Reported},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			if got, _ := confidence(tc.text); got != tc.want {
				t.Errorf("confidence = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestAnaphora(t *testing.T) {
	empty := NewIndex(nil)
	tests := []struct {
		name, text string
		want       []string
	}{
		{"the group: one group before", "Ansaroul Islam was founded in Soum Province. The group pledged allegiance to Ansar Dine.",
			[]string{"ansaroul-islam LOCATED_IN soum-province", "ansaroul-islam AFFILIATE_OF ansar-dine"}},
		{"it: one actor before", "Ansaroul Islam was founded in Soum Province. It pledged allegiance to Ansar Dine.",
			[]string{"ansaroul-islam LOCATED_IN soum-province", "ansaroul-islam AFFILIATE_OF ansar-dine"}},
		{"the group: the subject of the sentence before", "Ansaroul Islam fought Katiba Macina in 2017. The group pledged allegiance to Ansar Dine.",
			[]string{"ansaroul-islam COUNTERS katiba-macina 2017", "ansaroul-islam AFFILIATE_OF ansar-dine"}},
		{"the group: two groups, neither the subject", "In 2017, fighting between Ansaroul Islam and Katiba Macina grew. The group pledged allegiance to Ansar Dine.",
			[]string{"? AFFILIATE_OF ansar-dine"}},
		{"a new paragraph forgets a group named once", "Ansaroul Islam was founded in Soum Province.\n\nThe group pledged allegiance to Ansar Dine.",
			[]string{"ansaroul-islam LOCATED_IN soum-province", "? AFFILIATE_OF ansar-dine"}},
		{"a new paragraph: the group the text is about", "Ansaroul Islam was founded in Soum Province. Ansaroul Islam grew. Ansaroul Islam recruited fighters.\n\nThe group pledged allegiance to Ansar Dine.",
			[]string{"ansaroul-islam LOCATED_IN soum-province", "ansaroul-islam AFFILIATE_OF ansar-dine"}},
		{"its: the entity the sentence before is about", "Burkina Faso is a member of GIABA. Its financial intelligence unit, the Financial Intelligence Unit (CENTIF), joined the Egmont Group.",
			[]string{"burkina-faso MEMBER_OF giaba", "centif-burkina-faso PART_OF burkina-faso", "centif-burkina-faso MEMBER_OF egmont-group"}},
		{"these groups", "ISGS and JNIM operate in Mali. Officials believed these groups were coordinating.",
			[]string{"isgs OPERATES_IN mali", "jnim OPERATES_IN mali", "? COORDINATES_WITH ? (assessed)"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := relStrings(t, tc.text, "Burkina Faso", empty)
			if !slices.Equal(got, tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

// TestItemsQuoteTheText: every sentence and span of a draft is the text's own
// bytes at its offsets, so every quotation stays checkable.
func TestItemsQuoteTheText(t *testing.T) {
	text := maliText(t)
	d := Make(text, Options{Country: "Mali", Published: "2019-11"}, NewIndex(maliGraph(t)))
	check := func(what string, s Sentence) {
		if text[s.Start:s.End] != s.Text {
			t.Fatalf("%s: sentence at %d:%d is not the text", what, s.Start, s.End)
		}
		p := d.Paragraphs[s.Paragraph-1]
		if s.Start < p.Start || s.End > p.End {
			t.Fatalf("%s: sentence %d:%d outside its paragraph %v", what, s.Start, s.End, p)
		}
	}
	for _, m := range d.Mentions {
		check(m.ID, m.Where)
		if text[m.Span.Start:m.Span.End] != m.Text {
			t.Fatalf("%s: span is not %q", m.ID, m.Text)
		}
	}
	for _, c := range d.Entities {
		check(c.ID, c.Where)
	}
	for _, r := range d.Relationships {
		check(r.ID, r.Where)
		for _, e := range []End{r.From, r.To} {
			if text[e.Span.Start:e.Span.End] != e.Text {
				t.Fatalf("%s: end %q is not the text at %v", r.ID, e.Text, e.Span)
			}
		}
	}
	if len(d.Mentions) == 0 || len(d.Relationships) == 0 {
		t.Fatalf("the Mali chapter drafted to %d mentions and %d relationships", len(d.Mentions), len(d.Relationships))
	}
}

func TestDeterministic(t *testing.T) {
	text := maliText(t)
	idx := NewIndex(maliGraph(t))
	opts := Options{SourceID: "crt2018-mali-again", Title: "Mali", Published: "2019-11", Country: "Mali"}
	var packs [2][]byte
	for i := range packs {
		dir := t.TempDir()
		if err := Write(dir, &Pack{Source: SourceInfo{ID: opts.SourceID, Kind: "report", Title: opts.Title, File: TextFile}, Text: []byte(text), Draft: Make(text, opts, idx)}); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(filepath.Join(dir, ReviewFile))
		if err != nil {
			t.Fatal(err)
		}
		packs[i] = data
		got, err := os.ReadFile(filepath.Join(dir, TextFile))
		if err != nil || string(got) != text {
			t.Fatalf("the pack's text is not the report byte for byte (err %v)", err)
		}
	}
	if !bytes.Equal(packs[0], packs[1]) {
		t.Fatal("the same report drafted twice gave two drafts")
	}
}

func TestReadChecksTheText(t *testing.T) {
	dir := t.TempDir()
	text := "Ansar Dine merged into JNIM in March 2017.\n"
	p := &Pack{Source: SourceInfo{ID: "t", Kind: "report", Title: "T", File: TextFile}, Text: []byte(text), Draft: Make(text, Options{}, NewIndex(nil))}
	if err := Write(dir, p); err != nil {
		t.Fatal(err)
	}
	got, err := Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Draft.Relationships) != len(p.Draft.Relationships) {
		t.Fatalf("read %d relationships, wrote %d", len(got.Draft.Relationships), len(p.Draft.Relationships))
	}
	if err := os.WriteFile(filepath.Join(dir, TextFile), []byte(text+"more\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Read(dir); err == nil || !strings.Contains(err.Error(), "text changed") {
		t.Fatalf("Read of a pack whose text changed: %v, want a text_sha256 error", err)
	}
}

func TestStatements(t *testing.T) {
	text := "Katiba Serma merged into Jama'at Nusrat al-Islam wal-Muslimin (JNIM) in March 2017. Ansar Dine fought the group."
	d := Make(text, Options{}, NewIndex(maliGraph(t)))
	var merge *RelCandidate
	for i := range d.Relationships {
		if d.Relationships[i].Type == entities.MergedInto {
			merge = &d.Relationships[i]
		}
	}
	if merge == nil {
		t.Fatal("no MERGED_INTO proposed")
	}
	if merge == nil || merge.From.Match != MatchCandidate || merge.To.Match != MatchEntity || merge.To.Ref != "jnim" {
		t.Fatalf("want katiba-serma (candidate) MERGED_INTO jnim (known), got %+v", merge)
	}
	if what, err := d.SetStatus(merge.ID, Accepted); err != nil || what != "relationship" {
		t.Fatalf("SetStatus(%s) = %q, %v", merge.ID, what, err)
	}
	if _, err := d.SetStatus("r-nonesuch", Accepted); err == nil {
		t.Fatal("SetStatus of an unknown id succeeded")
	}
	if _, err := d.Statements(); err == nil || !strings.Contains(err.Error(), "not accepted") {
		t.Fatalf("accepting a relationship to a candidate that is not accepted: %v, want an error", err)
	}
	for i := range d.Entities {
		if d.Entities[i].Entity == merge.From.Ref {
			d.Entities[i].Status = Accepted
		}
	}
	st, err := d.Statements()
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Entities) != 1 || st.Entities[0].ID != "katiba-serma" || st.Entities[0].Evidence[0].Quote != merge.Where.Text {
		t.Fatalf("entities = %+v", st.Entities)
	}
	r := st.Relationships
	if len(r) != 1 || r[0].From != "katiba-serma" || r[0].To != "jnim" || r[0].Since != "2017-03" || r[0].Evidence[0].Quote != merge.Where.Text {
		t.Fatalf("relationships = %+v", r)
	}
}

func TestExtractHTML(t *testing.T) {
	page := `<!doctype html><html><head><title>T</title><style>p{color:red}</style><script>var x = "Ansar Dine";</script></head>
<body><nav><a href="/">Home</a> <a href="/groups">Groups</a></nav>
<h1>Mali</h1><p>Ansar Dine merged into
   JNIM</p><p>The National Gendarmerie reports to the Ministry of Defense.</p>
<ul><li>On April 14, attackers struck Timbuktu</li><li>Gao</li></ul><footer>© State</footer></body></html>`
	got, err := Extract(context.Background(), "report.html", []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	want := "Mali\n\nAnsar Dine merged into JNIM\n\nThe National Gendarmerie reports to the Ministry of Defense.\n\n• On April 14, attackers struck Timbuktu\n\n• Gao\n\n© State\n"
	if got != want {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
	// A block's end ends the sentence: "JNIM" and "The National ..." are two.
	d := Make(got, Options{}, NewIndex(nil))
	for _, r := range d.Relationships {
		if strings.Contains(r.Where.Text, "JNIM") && strings.Contains(r.Where.Text, "Gendarmerie") {
			t.Fatalf("a sentence ran over a block's end: %q", r.Where.Text)
		}
	}
}

func TestExtractPDF(t *testing.T) {
	if _, err := exec.LookPath(PDFToText); err != nil {
		t.Fatalf("pdftotext is required (scripts/install-poppler.sh): %v", err)
	}
	data, err := os.ReadFile("testdata/report.pdf")
	if err != nil {
		t.Fatal(err)
	}
	got, err := Extract(context.Background(), "report.pdf", data)
	if err != nil {
		t.Fatal(err)
	}
	want := "Ansar Dine merged into JNIM in March 2017.\nThe National Gendarmerie reports to the Ministry of Defense.\n"
	if strings.TrimSpace(got) != strings.TrimSpace(want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	rels := relStrings(t, got, "Mali", NewIndex(nil))
	if !slices.Contains(rels, "ansar-dine MERGED_INTO jnim 2017-03") {
		t.Fatalf("drafted from the PDF: %q", rels)
	}
}

func TestExtractErrors(t *testing.T) {
	t.Run("not UTF-8", func(t *testing.T) {
		_, err := Extract(context.Background(), "report.txt", []byte("caf\xe9"))
		if err == nil || !strings.Contains(err.Error(), "byte 3") {
			t.Fatalf("err = %v, want one naming byte 3", err)
		}
	})
	t.Run("pdftotext missing", func(t *testing.T) {
		old := PDFToText
		PDFToText = "pdftotext-that-is-not-installed"
		defer func() { PDFToText = old }()
		_, err := Extract(context.Background(), "report.pdf", []byte("%PDF-1.4\n"))
		if err == nil || !strings.Contains(err.Error(), "install-poppler.sh") {
			t.Fatalf("err = %v, want one saying how to install pdftotext", err)
		}
	})
	t.Run("broken PDF", func(t *testing.T) {
		_, err := Extract(context.Background(), "report.pdf", []byte("%PDF-1.4\nnot a pdf"))
		if err == nil || !strings.Contains(err.Error(), "pdftotext could not read") {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestGenericNamesAreScoped(t *testing.T) {
	idx := NewIndex(maliGraph(t))
	text := "The Burkinabe National Gendarmerie reports to the Ministry of Defense. Ansar Dine attacked Gao."
	d := Make(text, Options{Country: "Burkina Faso"}, idx)
	for _, m := range d.Mentions {
		if m.Entity == "national-gendarmerie" || m.Entity == "mod" {
			t.Errorf("%q in a Burkina Faso report linked to Mali's %s", m.Text, m.Entity)
		}
	}
	var linked []string
	for _, m := range d.Mentions {
		linked = append(linked, m.Entity)
	}
	if !slices.Contains(linked, "ansar-al-dine") || !slices.Contains(linked, "gao") {
		t.Errorf("mentions %q, want ansar-al-dine and gao", linked)
	}
}

func maliGraph(tb testing.TB) *entities.Dataset {
	tb.Helper()
	ds, err := loader.ReadDir(seed.FS)
	if err != nil {
		tb.Fatal(err)
	}
	return ds
}

func maliText(tb testing.TB) string {
	tb.Helper()
	for _, s := range maliGraph(tb).Sources {
		if s.ID == "crt2018-mali" {
			return s.Text
		}
	}
	tb.Fatal("the seed has no crt2018-mali text")
	return ""
}

var update = flag.Bool("update", false, "rewrite the golden drafts under testdata/golden")

// TestGoldenDraft pins whole drafts: the Burkina Faso test document against
// the Mali seed's graph, and two documents of the corpus's dev half (a group
// profile and a report with PDF line wraps) against the empty graph. After a
// deliberate change to the rules, run
// go test ./internal/draft -run GoldenDraft -update and read the diff.
func TestGoldenDraft(t *testing.T) {
	tests := []struct {
		text, golden string
		opts         Options
		graph        bool
	}{
		{"testdata/eval/burkina.txt", "burkina.review", Options{SourceID: "test-burkina", Published: "2019", Country: "Burkina Faso"}, true},
		{"testdata/corpus/dev/a-boko-haram-profile.txt", "dev-boko-haram-profile.review", Options{SourceID: "dev-boko-haram-profile", Country: "Nigeria"}, false},
		{"testdata/corpus/dev/a-algeria-pdf.txt", "dev-algeria-pdf.review", Options{SourceID: "dev-algeria-pdf", Country: "Algeria"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.golden, func(t *testing.T) {
			text, err := os.ReadFile(tc.text)
			if err != nil {
				t.Fatal(err)
			}
			idx := NewIndex(nil)
			if tc.graph {
				idx = NewIndex(maliGraph(t))
			}
			got, err := MarshalYAML(Make(string(text), tc.opts, idx))
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "golden", tc.golden)
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("the draft differs from %s; if the change is meant, rerun with -update and review the diff", golden)
			}
		})
	}
}

// TestItemRulesCarryCodes checks that refusing a status change says why in a
// code the API maps (EINVALID 400, ENOTFOUND 404) and leaves the draft as it
// was, and that a statement with an end that cannot stand is EINVALID.
func TestItemRulesCarryCodes(t *testing.T) {
	text := "Katiba Serma merged into Jama'at Nusrat al-Islam wal-Muslimin (JNIM) in March 2017."
	d := Make(text, Options{}, NewIndex(maliGraph(t)))
	if len(d.Relationships) == 0 {
		t.Fatal("no relationship proposed")
	}
	rel := d.Relationships[0].ID
	for _, tc := range []struct {
		name   string
		ids    []string
		status Status
		code   string
	}{
		{"unknown status", []string{rel}, "approved", entities.EINVALID},
		{"unknown item", []string{rel, "r-nonesuch"}, Accepted, entities.ENOTFOUND},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := d.SetStatuses(tc.ids, tc.status)
			if entities.ErrorCode(err) != tc.code {
				t.Fatalf("SetStatuses: %v (%s), want %s", err, entities.ErrorCode(err), tc.code)
			}
			if d.Relationships[0].Status != Proposed {
				t.Fatalf("a refused SetStatuses changed %s to %s", rel, d.Relationships[0].Status)
			}
		})
	}
	t.Run("end that cannot stand", func(t *testing.T) {
		if err := d.SetStatuses([]string{rel}, Accepted); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Statements(); entities.ErrorCode(err) != entities.EINVALID {
			t.Fatalf("Statements: %v, want EINVALID", err)
		}
		_, _, rels := d.Count()
		if rels.Accepted != 1 {
			t.Fatalf("Count: %+v accepted relationships, want 1", rels)
		}
	})
}
