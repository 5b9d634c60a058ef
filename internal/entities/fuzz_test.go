package entities_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/graphapi/graphapi/internal/entities"
)

// foldSeeds are names and texts as the sources write them, and the edge cases
// folding must survive: accents, apostrophe variants, non-Latin scripts, marks
// without a base, invalid UTF-8, letters with no lower case.
var foldSeeds = []string{
	"", " ", "Sévaré", "Ansar al-Dine", "Jama’at Nusrat al-Islam wal-Muslimin", "JNIM",
	"  al-Murabitoun  ", "Ségou\t\nRégion", "İstanbul", "ǅemal", "ϒ", "Straße", "ﬁ",
	"\u0301\u0301a", "a\u0308", "جماعة نصرة الإسلام والمسلمين", "Ꞵ", "\xff\xfe", "ΣΑΣ",
	"l'État islamique", "`´′ʼʻ", "1er bataillon", "K\u212a",
	"al-Qaʼida", "Al Mourabitoune", "ouou-oune", "0000 Ņ'0", "as-", "Ansar Eddine", "wal-al-", "d’", "Alqaeda", "ʻAbd",
}

// FuzzFoldName: FoldName never panics, is idempotent (folding a folded text
// changes nothing, so stored and typed text meet), and leaves no upper case,
// accent, apostrophe or stray space.
func FuzzFoldName(f *testing.F) {
	for _, s := range foldSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := entities.FoldName(s)
		if again := entities.FoldName(got); again != got {
			t.Fatalf("FoldName(%q) = %q, but folding that again gives %q", s, got, again)
		}
		var words []string
		for _, w := range entities.FoldWords(s) {
			words = append(words, w.Text)
			if w.Start < 0 || w.Start > w.End || w.End > len(s) {
				t.Fatalf("FoldWords(%q): word %q spans %d:%d", s, w.Text, w.Start, w.End)
			}
		}
		if joined := strings.Join(words, " "); joined != got {
			t.Fatalf("FoldName(%q) = %q, but its words (FoldWords) are %q", s, got, joined)
		}
		if !utf8.ValidString(got) {
			t.Fatalf("FoldName(%q) = %q is not valid UTF-8", s, got)
		}
		if strings.HasPrefix(got, " ") || strings.HasSuffix(got, " ") || strings.Contains(got, "  ") {
			t.Fatalf("FoldName(%q) = %q has stray spaces", s, got)
		}
		for _, r := range got {
			switch {
			case unicode.ToLower(r) != r:
				t.Fatalf("FoldName(%q) = %q keeps %q, which has a lower case", s, got, r)
			case r == '\'' || r == '’':
				t.Fatalf("FoldName(%q) = %q keeps an apostrophe", s, got)
			}
		}
		for _, r := range norm.NFD.String(got) {
			if unicode.Is(unicode.Mn, r) {
				t.Fatalf("FoldName(%q) = %q keeps an accent (%U)", s, got, r)
			}
		}
	})
}

// FuzzFoldQuote: FoldQuote never panics, is idempotent, and leaves no upper
// case and no run of white space.
func FuzzFoldQuote(f *testing.F) {
	for _, s := range foldSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := entities.FoldQuote(s)
		if again := entities.FoldQuote(got); again != got {
			t.Fatalf("FoldQuote(%q) = %q, but folding that again gives %q", s, got, again)
		}
		if strings.HasPrefix(got, " ") || strings.HasSuffix(got, " ") || strings.Contains(got, "  ") {
			t.Fatalf("FoldQuote(%q) = %q has stray spaces", s, got)
		}
		for _, r := range got {
			if unicode.ToLower(r) != r {
				t.Fatalf("FoldQuote(%q) = %q keeps %q, which has a lower case", s, got, r)
			}
			if r != ' ' && unicode.IsSpace(r) {
				t.Fatalf("FoldQuote(%q) = %q keeps white space %U", s, got, r)
			}
		}
	})
}

// FuzzParseDate: ParseDate never panics; a date it accepts prints back as the
// very text it read (the precision kept, nothing widened) and parses again to
// the same Date; its first day is never after its last.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"", "2018", "2018-02", "2018-02-28", "2016-02-29", "2018-02-29", "2018-02-30",
		"0000", "9999-12-31", "2018-13", "2018-00", "2018-1-1", "18", "2018-", "-2018", "+201", "２０１８",
		"2018-02-28-01", "1e10", "0001-01-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := entities.ParseDate(s)
		if err != nil {
			if entities.ErrorCode(err) != entities.EINVALID {
				t.Fatalf("ParseDate(%q): error code %q, want %q", s, entities.ErrorCode(err), entities.EINVALID)
			}
			return
		}
		if d.String() != s {
			t.Fatalf("ParseDate(%q) = %+v, which prints as %q", s, d, d.String())
		}
		again, err := entities.ParseDate(d.String())
		if err != nil || again != d {
			t.Fatalf("ParseDate(%q) = %+v, but its String %q parses to %+v, %v", s, d, d.String(), again, err)
		}
		if d.First() > d.Last() {
			t.Fatalf("ParseDate(%q): first day %d after last day %d", s, d.First(), d.Last())
		}
	})
}

// FuzzSearchTexts: every start of a name, cut anywhere between two
// characters, finds the name: one of its search texts starts the name's fold
// (or a later word of it). The exceptions are a last word that only begins
// an article ("A" of "Gao al-Qaida") and an article standing first, which
// find the words they begin (SearchTexts, articleStart).
func FuzzSearchTexts(f *testing.F) {
	for _, s := range foldSeeds {
		f.Add(s)
	}
	for _, s := range []string{"Jama'at Nasr al-Islam wal Muslimin", "al-Mourabitoun", "Harakat al-Shabaab al-Mujahideen",
		"Adnan Abu Walid as-Sahraoui", "Ansaroul Islam", "Qa'idah", "Mourabitounes", "Tombouctou"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		full := " " + entities.FoldName(s)
		if full == " " {
			return // a name of no letters: nothing to find
		}
		for i := range s {
			p := s[:i]
			texts := entities.SearchTexts(p)
			if texts[0] != entities.FoldName(p) {
				t.Fatalf("SearchTexts(%q)[0] = %q, not FoldName's %q", p, texts[0], entities.FoldName(p))
			}
			found := false
			for _, text := range texts {
				if strings.Contains(full, " "+text) {
					found = true
				}
			}
			if !found && !articleBegun(p) {
				t.Fatalf("%q, the start of %q (folded %q), finds nothing: its search texts are %q", p, s, full[1:], texts)
			}
		}
	})
}

// articleBegun reports whether the last word of p folds to letters that
// begin an article but are none, or to an article standing first (which,
// alone, finds the words it begins, not every name).
func articleBegun(p string) bool {
	words := strings.Fields(entities.FoldName(p + "x")) // the last word as FoldName cuts it, whole
	if len(words) == 0 {
		return false
	}
	w := strings.TrimSuffix(words[len(words)-1], "x")
	first := len(words) == 1
	articles := []string{"al", "el", "ul", "ad", "ed", "ud", "as", "es", "us", "an", "ar", "ur", "at", "ut", "ash", "esh", "ush", "az", "ez", "uz", "ath", "adh", "ith"}
	for _, a := range articles {
		for _, v := range []string{w, strings.TrimRight(w, "o") + "u"} { // "o" of "oul-", which folds as "ul-"
			if w != "" && strings.HasPrefix(a, v) && (a != v || first) {
				return true
			}
		}
	}
	return false
}
