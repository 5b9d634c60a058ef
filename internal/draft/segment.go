package draft

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// sentence is one sentence of the text, with the paragraph it belongs to.
type sentence struct {
	Span
	para int // 1-based
}

// paragraphs splits text at blank lines; a line that starts with a bullet is a
// paragraph of its own (report lists put one incident per bullet).
func paragraphs(text string) []Span {
	var out []Span
	start := -1
	lineStart := 0
	flush := func(end int) {
		if start >= 0 {
			s := Span{start, end}
			for s.End > s.Start && isSpaceByte(text[s.End-1]) {
				s.End--
			}
			if s.End > s.Start {
				out = append(out, s)
			}
		}
		start = -1
	}
	for lineStart < len(text) {
		lineEnd := strings.IndexByte(text[lineStart:], '\n')
		if lineEnd < 0 {
			lineEnd = len(text)
		} else {
			lineEnd += lineStart
		}
		line := text[lineStart:lineEnd]
		trimmed := strings.TrimLeftFunc(line, unicode.IsSpace)
		switch {
		case strings.TrimSpace(line) == "":
			flush(lineStart)
		case isBullet(trimmed):
			flush(lineStart)
			start = lineStart + len(line) - len(trimmed)
		case start < 0:
			start = lineStart + len(line) - len(trimmed)
		}
		lineStart = lineEnd + 1
	}
	flush(len(text))
	return out
}

// joinPages removes a PDF's page furniture from paras, the paragraphs of
// text: page numbers, and the running headers and footers (a line of three
// words or more that stands as a paragraph more than once, page numbers
// aside). A paragraph that a page break cut, one that ends without a full
// stop before furniture and one that goes on in lower case after it, is one
// paragraph again. It returns the paragraphs and the furniture inside them,
// which holds no words of the text (holes): the paragraph's span still runs
// over it, so that offsets and quotations stay the report's bytes.
func joinPages(text string, paras []Span) (out, holes []Span) {
	key := func(p Span) string {
		return strings.Join(strings.FieldsFunc(text[p.Start:p.End], func(r rune) bool { return unicode.IsSpace(r) || unicode.IsDigit(r) }), " ")
	}
	seen := map[string]int{}
	for _, p := range paras {
		if !strings.Contains(text[p.Start:p.End], "\n") {
			seen[key(p)]++
		}
	}
	furniture := func(p Span) bool {
		line := text[p.Start:p.End]
		if strings.Contains(line, "\n") {
			return false
		}
		k := key(p)
		return isPageNumber(line) || seen[k] > 1 && len(strings.Fields(k)) >= 3
	}
	var cut []Span // furniture since the last paragraph kept
	for _, p := range paras {
		if furniture(p) {
			cut = append(cut, p)
			continue
		}
		if n := len(out); n > 0 && len(cut) > 0 && !endsWithStop(text[out[n-1].Start:out[n-1].End]) && startsLower(text[p.Start:p.End]) {
			out[n-1].End = p.End
			holes = append(holes, cut...)
		} else {
			out = append(out, p)
		}
		cut = cut[:0]
	}
	return out, holes
}

// isPageNumber: "112", "- 7 -", "Page 12", "12 of 40".
func isPageNumber(line string) bool {
	f := strings.Fields(strings.ToLower(line))
	digits := 0
	for _, w := range f {
		switch {
		case isDigits(w):
			digits++
		case w == "page" || w == "of" || w == "-" || w == "–" || w == "|":
		default:
			return false
		}
	}
	return digits > 0 && digits <= 2
}

func endsWithStop(s string) bool {
	s = strings.TrimRight(s, " \t\r\n\"'”’)")
	return s == "" || strings.ContainsAny(s[len(s)-1:], ".!?:;")
}

func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(strings.TrimLeftFunc(s, unicode.IsSpace))
	return unicode.IsLower(r)
}

// inHoles reports whether sp lies in one of holes.
func inHoles(holes []Span, sp Span) bool {
	for _, h := range holes {
		if sp.Start >= h.Start && sp.End <= h.End {
			return true
		}
	}
	return false
}

func isBullet(line string) bool {
	r, _ := utf8.DecodeRuneInString(line)
	return strings.ContainsRune("•◦▪‣·*-–", r) && len(line) > utf8.RuneLen(r) && line[utf8.RuneLen(r)] == ' '
}

func isSpaceByte(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// spaceAt returns the width of the white space rune at text[i] (no-break and
// narrow no-break spaces too), or 0.
func spaceAt(text string, i int) int {
	r, n := utf8.DecodeRuneInString(text[i:])
	if unicode.IsSpace(r) || r == '\u202f' || r == '\u00a0' {
		return n
	}
	return 0
}

// abbreviations end with a period that does not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "gen": true, "col": true, "lt": true,
	"sgt": true, "capt": true, "maj": true, "no": true, "vs": true, "etc": true, "e.g": true, "i.e": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true,
	"sept": true, "oct": true, "nov": true, "dec": true, "approx": true, "u.s": true, "u.n": true, "inc": true,
}

// sentences splits each paragraph into sentences: a sentence ends at . ! or ?
// followed by white space and a capital, a digit, a quote or a bullet, unless
// the word before the period is an abbreviation or an initial. A leading
// heading ("Overview:") is not part of the first sentence.
func sentences(text string, paras []Span) []sentence {
	var out []sentence
	for pi, p := range paras {
		start := p.Start
		start = skipBulletAndHeading(text, start, p.End)
		i := start
		for i < p.End {
			c := text[i]
			if (c == '.' || c == '!' || c == '?') && endsSentence(text, start, i, p.End) {
				end := i + 1
				for end < p.End && (text[end] == '"' || text[end] == '\'' || text[end] == ')') {
					end++
				}
				out = appendSentence(out, text, start, end, pi+1)
				start = end
				for start < p.End && spaceAt(text, start) > 0 {
					start += spaceAt(text, start)
				}
				i = start
				continue
			}
			i++
		}
		out = appendSentence(out, text, start, p.End, pi+1)
	}
	return out
}

func appendSentence(out []sentence, text string, start, end, para int) []sentence {
	for start < end && spaceAt(text, start) > 0 {
		start += spaceAt(text, start)
	}
	for end > start && isSpaceByte(text[end-1]) {
		end--
	}
	if end > start {
		out = append(out, sentence{Span{start, end}, para})
	}
	return out
}

func skipBulletAndHeading(text string, start, end int) int {
	if isBullet(text[start:end]) {
		_, n := utf8.DecodeRuneInString(text[start:])
		start += n
		for start < end && isSpaceByte(text[start]) {
			start++
		}
	}
	// A heading: up to eight capitalized or short words and a colon.
	colon := strings.IndexByte(text[start:end], ':')
	if colon > 0 && colon < 90 {
		head := text[start : start+colon]
		words := strings.Fields(head)
		ok := len(words) > 0 && len(words) <= 8
		for _, w := range words {
			r, _ := utf8.DecodeRuneInString(w)
			if !(unicode.IsUpper(r) || unicode.IsDigit(r) || len(w) <= 3) {
				ok = false
			}
		}
		if ok && start+colon+1 < end && isSpaceByte(text[start+colon+1]) {
			start += colon + 1
			for start < end && isSpaceByte(text[start]) {
				start++
			}
		}
	}
	return start
}

func endsSentence(text string, start, i, end int) bool {
	j := i + 1
	for j < end && (text[j] == '"' || text[j] == '\'' || text[j] == ')') {
		j++
	}
	if j >= end {
		return false // the paragraph's end closes it
	}
	if spaceAt(text, j) == 0 {
		return false
	}
	for j < end && spaceAt(text, j) > 0 {
		j += spaceAt(text, j)
	}
	if j >= end {
		return false
	}
	r, _ := utf8.DecodeRuneInString(text[j:])
	if !(unicode.IsUpper(r) || unicode.IsDigit(r) || r == '"' || r == '“' || r == '•') {
		return false
	}
	if text[i] != '.' {
		return true
	}
	// The word before the period.
	k := i
	for k > start && !isSpaceByte(text[k-1]) {
		k--
	}
	word := strings.ToLower(strings.Trim(text[k:i], "(\"'“"))
	if abbreviations[word] {
		return false
	}
	if utf8.RuneCountInString(word) == 1 {
		r, _ := utf8.DecodeRuneInString(text[k:])
		if unicode.IsUpper(r) {
			return false // an initial
		}
	}
	return true
}
