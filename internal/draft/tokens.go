package draft

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/graphapi/graphapi/internal/entities"
)

// token is a word of a sentence: letters and digits, with apostrophes, hyphens
// and the periods of "U.S." inside it. A possessive "'s" is not part of it.
type token struct {
	Span
	text    string
	lower   string
	cap     bool // starts with a capital, or an Arabic article and a capital (al-Qa'ida)
	acronym bool // two or more letters, all capitals (JNIM, ISIS-GS, G-5, U.S.)
	poss    bool // followed by 's
}

func isApos(r rune) bool { return r == '\'' || r == '’' || r == '‘' }

// tokenize splits text[s.Start:s.End] into tokens with offsets into text.
func tokenize(text string, s Span) []token {
	var out []token
	i := s.Start
	for i < s.End {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
			i += n
			continue
		}
		j := i + n
		for j < s.End {
			r, n := utf8.DecodeRuneInString(text[j:])
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				j += n
				continue
			}
			if r == '-' {
				if k := entities.LineEndHyphen(text, j+n); k > 0 && k < s.End {
					j = k // "organi-\nzation": one word, broken at a line end
					continue
				}
			}
			if (r == '-' || isApos(r) || r == '.') && j+n < s.End {
				next, _ := utf8.DecodeRuneInString(text[j+n:])
				if unicode.IsLetter(next) || unicode.IsDigit(next) {
					if r == '.' && !dottedAcronym(text[i:j]) {
						break
					}
					j += n
					continue
				}
			}
			if r == '.' && dottedAcronym(text[i:j]) {
				j += n // the last period of U.S.
				continue
			}
			break
		}
		word := text[i:j]
		if joined := nameText(word); joined != word {
			out = append(out, makeToken(Span{i, j}, joined, false)) // a word broken at a line end
			i = j
			continue
		}
		// A period after U.S that also ends the sentence stays with the word.
		out = appendToken(out, text, Span{i, j}, word)
		i = j
	}
	return out
}

// dottedAcronym: "U", "U.S", "U.N" — single capitals separated by periods.
func dottedAcronym(w string) bool {
	if w == "" {
		return false
	}
	for k, part := range strings.Split(w, ".") {
		if part == "" && k > 0 {
			continue
		}
		if utf8.RuneCountInString(part) != 1 {
			return false
		}
		r, _ := utf8.DecodeRuneInString(part)
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

func appendToken(out []token, text string, sp Span, word string) []token {
	poss := false
	for _, suf := range []string{"'s", "’s"} {
		if strings.HasSuffix(word, suf) && len(word) > len(suf) {
			word = word[:len(word)-len(suf)]
			sp.End -= len(suf)
			poss = true
		}
	}
	// "State-funded", "embassy-trained": the participle is a word of its own.
	if k := strings.LastIndexByte(word, '-'); k > 0 && !poss {
		suffix := word[k+1:]
		if (strings.HasSuffix(suffix, "ed") && len(suffix) > 3 || suffix == "style" || suffix == "like" || suffix == "type" || suffix == "based") && isLowerWord(suffix) {
			out = appendToken(out, text, Span{sp.Start, sp.Start + k}, word[:k])
			return append(out, makeToken(Span{sp.Start + k, sp.End}, word[k:], false))
		}
	}
	return append(out, makeToken(sp, word, poss))
}

func makeToken(sp Span, word string, poss bool) token {
	t := token{Span: sp, text: word, lower: strings.ToLower(word), poss: poss}
	r, _ := utf8.DecodeRuneInString(word)
	t.cap = unicode.IsUpper(r)
	for _, art := range []string{"al-", "wal-", "wa-", "el-", "ad-", "as-", "ash-", "an-", "ar-", "at-", "az-", "d'", "d’", "l'", "l’"} {
		if strings.HasPrefix(word, art) && len(word) > len(art) {
			r, _ := utf8.DecodeRuneInString(word[len(art):])
			if unicode.IsUpper(r) {
				t.cap = true
			}
		}
	}
	letters, upper := 0, 0
	for _, r := range word {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	t.acronym = letters >= 2 && upper == letters || (letters == 1 && upper == 1 && strings.ContainsAny(word, "-0123456789") && len(word) >= 3)
	return t
}

func isLowerWord(s string) bool {
	for _, r := range s {
		if !unicode.IsLower(r) {
			return false
		}
	}
	return s != ""
}
