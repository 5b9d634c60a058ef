package entities

import (
	"maps"
	"slices"
	"strings"
)

// SearchTexts returns the folded texts that a search text, typed as far as it
// goes, may be the start of (semantics.go, Search): first FoldName(text), then
// the folded starts of every spelling FoldName treats as the same name that
// the text's last word, cut short, may grow into. A word ended by a space or a
// hyphen folds as FoldName folds it; a last word that the text ends inside
// does not fold alone, because folding looks at whole words: "Mo" may become
// "Mourabitoun" (folded "mu…") or "Mossi" ("mo…"), "Qae" "Qaeda" ("qaida"),
// "Jama'at Nasr" "Jama'at Nasr al-Islam" ("jamaat nusrat islam"). No text
// returned starts with another but the first, so that a store reads each
// match once; the first is kept whole for rank 0 (SearchRank).
func SearchTexts(text string) []string {
	exact := FoldName(text)
	words := splitWords(text)
	if len(words) == 0 {
		return []string{exact}
	}
	last := words[len(words)-1]
	var out []string
	if strings.TrimLeftFunc(text[last.end:], isApostrophe) != "" {
		// Every word ended: only a pending known phrase ("Jama'at Nasr ") may still change.
		if pre, w := reverseCut(exact); w != "" {
			if canon, ok := knownPhraseHead(w); ok {
				out = append(out, join(pre, canon+" "+knownPhraseNext))
			}
		}
		return prune(exact, out)
	}
	prev := FoldName(text[:last.start])
	pre, prevWord := reverseCut(prev)
	partial := string(dropOBeforeU(appendLetters(nil, stripAccents(last.text))))
	if partial == "" {
		return []string{exact}
	}
	starts := []string{partial}
	if o := strings.TrimRight(partial, "o"); o != partial {
		starts = append(starts, o+"u") // "Mo" may be "Mou…", which folds to "mu…"
	}
	var grown []string // what the last word, once whole, may fold to
	for _, st := range starts {
		grown = append(grown, st)
		grown = appendSpellings(grown, st, "")
		if rest, ok := strings.CutPrefix(st, "al"); ok {
			grown = appendSpellings(grown, rest, "qaida") // "Alqae" of "Alqaeda"
		}
		if articleStart(st) {
			grown = append(grown, "") // "as" of "as-Sahrawi": the next word follows
			if canon, ok := knownPhraseHead(prevWord); ok {
				out = append(out, join(pre, canon+" "+knownPhraseNext)) // "Nasr al"
			}
		}
		for head := range knownPhrases {
			if strings.HasPrefix(head, st) {
				grown = append(grown, knownPhrases[head]+" "+knownPhraseNext) // "Nas" of "Nasr al-Islam"
			}
		}
		if canon, ok := knownPhraseHead(prevWord); ok && strings.HasPrefix(knownPhraseNext, st) {
			out = append(out, join(pre, canon+" "+knownPhraseNext)) // "Nasr al-Is"
		}
	}
	for _, g := range grown {
		if g == "" && prev == "" {
			continue // an article alone: FoldName's text, first, already matches everything
		}
		out = append(out, join(prev, g))
	}
	return prune(exact, out)
}

// spellingKeys are the keys of spellings, sorted: the spellings a word
// begun may become are one run of them.
var spellingKeys = slices.Sorted(maps.Keys(spellings))

// appendSpellings appends what every spelling that begins with st folds to
// (only canon, when given).
func appendSpellings(out []string, st, canon string) []string {
	i, _ := slices.BinarySearch(spellingKeys, st)
	for ; i < len(spellingKeys) && strings.HasPrefix(spellingKeys[i], st); i++ {
		if c := spellings[spellingKeys[i]]; canon == "" || c == canon {
			out = append(out, c)
		}
	}
	return out
}

// articleStart reports whether w is an article ("al", "as" of "as-Sahrawi")
// that FoldName drops once a hyphen ties it to the next word. One letter
// that may begin one ("a", "e", "u") stays the start of a word: read as an
// article, every text ending in it would find every name its words begin.
func articleStart(w string) bool { return isArticle(w) || isSunArticle(w) }

// knownPhraseHead returns what w becomes when knownPhraseNext follows it.
func knownPhraseHead(w string) (string, bool) {
	canon, ok := knownPhrases[w]
	return canon, ok
}

// reverseCut splits a folded text before its last word.
func reverseCut(s string) (string, string) {
	if i := strings.LastIndexByte(s, ' '); i >= 0 {
		return s[:i], s[i+1:]
	}
	return "", s
}

func join(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + " " + b
}

// prune returns exact and then, once each, the texts that no other starts with.
func prune(exact string, texts []string) []string {
	out := []string{exact}
	all := append([]string{exact}, texts...)
	for _, t := range texts {
		if slices.Contains(out, t) || slices.ContainsFunc(all, func(o string) bool { return o != t && strings.HasPrefix(t, o) }) {
			continue
		}
		out = append(out, t)
	}
	slices.Sort(out[1:])
	return out
}

// SearchRank is how an entity whose folded name and aliases are names
// matches texts, the search texts of one query as SearchTexts gives them
// (semantics.go, Search): 0 when one of the names equals the first, 1 when
// one starts with any of them, 2 when a word inside one does, -1 when none
// matches.
func SearchRank(texts []string, names ...string) int {
	r := -1
	for _, n := range names {
		if n == texts[0] {
			return 0
		}
		for _, text := range texts {
			switch {
			case strings.HasPrefix(n, text):
				r = 1
			case r < 0 && strings.Contains(n, " "+text):
				r = 2
			}
		}
	}
	return r
}
