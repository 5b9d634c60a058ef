package alias

import (
	"unicode"
	"unicode/utf8"

	"github.com/graphapi/graphapi/internal/entities"
)

// Mention is a known name found in a text: where it stands in the text's own
// bytes, and what it resolves to there.
type Mention struct {
	Start, End int    // byte offsets in the text; Start includes an article tied to the name ("al-" of "al-Qaeda")
	Text       string // text[Start:End]
	Resolution
}

// Scan returns the mentions of known names in text, a report about country
// ("" when unknown), in text order. At each word the longest known name that
// starts there wins, and the scan goes on after it; mentions never overlap.
//
// Words match after folding (entities.FoldName), whole words only: "Ansar
// Dine" finds "ansar al-Dine", "Mali" never matches inside "Malian". A weak or
// short name (a short acronym, a name marked weak, a one-word name of at most
// three letters) matches only where the text writes it exactly, case
// included, and only if it has a capital: the alias "AND" never matches "and",
// nor a weak "will" the word "will".
//
// The index is a trie over folded words rather than a byte automaton
// (Aho–Corasick): mentions must start and end on word boundaries and match
// after per-word folding, which a byte automaton would need a second pass to
// enforce; the trie walks at most the longest name's words from each word, a
// few for real names.
func (ix *Index) Scan(text, country string) []Mention {
	words := entities.FoldWords(text)
	var out []Mention
	for i := 0; i < len(words); {
		var best Mention
		bestLen := 0
		n := ix.words
		for j := i; j < len(words); j++ {
			if n = n.next[words[j].Text]; n == nil {
				break
			}
			if n.key == "" {
				continue
			}
			start, end := words[i].Start, words[j].End
			span := text[start:end]
			exact := func(nm Name) bool { return !needsExactCase(nm) || (nm.Text == span && hasUpper(span)) }
			ms := ix.lookup(span, n.key, "", country, exact)
			if len(ms) == 0 {
				continue
			}
			best = Mention{Start: start, End: end, Text: span, Resolution: decide([]string{span}, ms, ix)}
			bestLen = j - i + 1
		}
		if bestLen == 0 {
			i++
			continue
		}
		out = append(out, best)
		i += bestLen
	}
	return out
}

// needsExactCase reports whether nm may match running text only as written:
// a weak name, a short acronym, or one short word, which common words could
// otherwise match ("AND", "IS", "Ber").
func needsExactCase(nm Name) bool {
	if nm.Weak || entities.IsShortAcronym(nm.Text) {
		return true
	}
	ws := entities.FoldWords(nm.Text)
	return len(ws) == 1 && utf8.RuneCountInString(ws[0].Text) <= 3
}

func hasUpper(s string) bool {
	for _, r := range s {
		if unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// trieNode is a node of the trie of folded names, word by word.
type trieNode struct {
	next map[string]*trieNode
	key  string // the folded name that ends here; "" if none does
}

func (n *trieNode) insert(words []entities.Word, key string) {
	for _, w := range words {
		if n.next == nil {
			n.next = map[string]*trieNode{}
		}
		c := n.next[w.Text]
		if c == nil {
			c = &trieNode{}
			n.next[w.Text] = c
		}
		n = c
	}
	n.key = key
}
