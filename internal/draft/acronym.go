package draft

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/graphapi/graphapi/internal/entities"
)

// longFormStart finds where, in before (the words in front of "(ACR)"), the
// long form of acr begins, after Schwartz and Hearst (2003): the letters of
// the acronym, last to first, are found right to left in the words, the first
// letter at the start of a word. It returns the byte offset in before, or -1.
func longFormStart(before, acr string) int {
	long := []rune(before)
	short := []rune(acr)
	fold := func(r rune) rune {
		f := []rune(entities.FoldName(string(r)))
		if len(f) == 1 {
			return f[0]
		}
		return unicode.ToLower(r)
	}
	si, li := len(short)-1, len(long)-1
	for si >= 0 {
		c := fold(short[si])
		if !(unicode.IsLetter(c) || unicode.IsDigit(c)) {
			si--
			continue
		}
		for li >= 0 && (fold(long[li]) != c || (si == 0 && li > 0 && (unicode.IsLetter(long[li-1]) || unicode.IsDigit(long[li-1])))) {
			li--
		}
		if li < 0 {
			return -1
		}
		li--
		si--
	}
	// Back to the start of the white-space word holding the first letter.
	start := li + 1
	for start > 0 && !unicode.IsSpace(long[start-1]) {
		start--
	}
	// Too many words for the acronym: not its long form.
	if words := len(strings.Fields(string(long[start:]))); words > min(len(short)+5, 2*len(short)) {
		return -1
	}
	return len(string(long[:start]))
}

// isAcronymText reports whether s can be an acronym: 2 to 10 characters,
// capitals (at least two), digits and hyphens.
func isAcronymText(s string) bool {
	n, upper := 0, 0
	for _, r := range s {
		n++
		switch {
		case unicode.IsUpper(r):
			upper++
		case unicode.IsDigit(r) || r == '-' || r == '.' || r == '&':
		case unicode.IsLower(r) && n > 1:
			// "GSIGN" yes, "ISIS-GS" yes; "FLMs" no — a lower-case letter is allowed only
			// inside mixed forms like "AQIM-Sahel"? keep it strict.
			return false
		default:
			return false
		}
	}
	return upper >= 2 && n <= 10 && utf8.RuneCountInString(s) >= 2
}
