package entities

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// FoldSearch folds a name, alias or search text so that what an analyst types
// finds what the sources write: case, accents, apostrophes and punctuation fold
// away ("Sevare" finds Sévaré, "ansar al dine" finds Ansar al-Dine,
// "jamaat" finds Jama’at). Apostrophes vanish; other punctuation and white space
// become single spaces; the result is trimmed.
func FoldSearch(s string) string {
	s = stripAccents(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case isApostrophe(r):
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		default:
			space = true
		}
	}
	return b.String()
}

// FoldQuote folds text for matching an evidence quotation against its source:
// every run of Unicode white space becomes one space, apostrophe variants become
// ', and case folds. Accents are kept: a quotation must spell names as the source does.
func FoldQuote(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case isApostrophe(r):
			r = '\''
		default:
			r = unicode.ToLower(r)
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

func isApostrophe(r rune) bool {
	switch r {
	case '\'', '\u2019', '\u2018', '\u02bc', '\u02bb', '`', '\u00b4', '\u2032':
		return true
	}
	return false
}

func stripAccents(s string) string {
	if isASCII(s) { // nothing to decompose or strip; most names, and every generated one
		return s
	}
	// The transformer stops at the first invalid byte; a search text from the
	// network may hold one. Invalid bytes are no letter, so they fold to space.
	s = strings.ToValidUTF8(s, " ")
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		return s
	}
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
