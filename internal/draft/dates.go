package draft

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

var monthNumbers = map[string]int{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
	"juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12,
}

const monthAlt = `January|February|March|April|May|June|July|August|September|October|November|December|janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre`

// The date forms, most precise first; a later form never matches inside an
// earlier one's span.
var dateForms = []struct {
	re *regexp.Regexp
	// groups: day, month, year (0 when absent)
	day, month, year int
}{
	{regexp.MustCompile(`\b(\d{1,2})(?:st|nd|rd|th|er)?\s+(` + monthAlt + `),?\s+(\d{4})\b`), 1, 2, 3},
	{regexp.MustCompile(`\b(` + monthAlt + `)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b`), 2, 1, 3},
	{regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})\b`), 3, 2, 1},
	{regexp.MustCompile(`\b(` + monthAlt + `)\s+(\d{4})\b`), 0, 1, 2},
	{regexp.MustCompile(`\b(` + monthAlt + `)\s+(\d{1,2})(?:st|nd|rd|th)?\b`), 2, 1, 0},
	{regexp.MustCompile(`\b(\d{1,2})(?:st|nd|rd|th|er)?\s+(` + monthAlt + `)\b`), 1, 2, 0},
	{regexp.MustCompile(`\b(?:[Ii]n|[Ss]ince|[Bb]y|[Dd]uring|[Uu]ntil|[Ff]rom|[Ee]arly|[Ll]ate|[Mm]id-?)\s+(` + monthAlt + `)\b`), 0, 1, 0},
	{regexp.MustCompile(`\b(1[89]\d\d|20\d\d)\b`), 0, 0, 1},
}

var monthWord = regexp.MustCompile(`(?i)` + monthAlt)

// leadIn is the preposition a date is given with, kept in its text.
var leadIn = regexp.MustCompile(`(?i)(?:\b(?:on|in|since|by|during|until|from|early|late|mid)\s+)$`)

// foundDate is a date in a sentence; Inferred says the year came from the
// text before it.
type foundDate struct {
	DateMention
	Inferred bool
}

// findDates returns the dates of text[s.Start:s.End] in order. A date without
// a year takes year, the last year the text gave before it (0: none, and the
// date is left out).
func findDates(text string, s Span, year int) []foundDate {
	sent := text[s.Start:s.End]
	if !strings.ContainsAny(sent, "0123456789") && !monthWord.MatchString(sent) {
		return nil
	}
	taken := make([]bool, len(sent))
	var out []foundDate
	for _, f := range dateForms {
		for _, m := range f.re.FindAllStringSubmatchIndex(sent, -1) {
			if anyTaken(taken, m[0], m[1]) {
				continue
			}
			if f.day == 0 && f.month == 0 {
				// A bare year: not a count ("4,500 miles"), not part of "2012-2013"'s neighbours' digits.
				if m[0] > 0 && (sent[m[0]-1] == ',' || sent[m[0]-1] == '.' || sent[m[0]-1] == '$') {
					continue
				}
				if m[1] < len(sent) && sent[m[1]] == '-' && m[1]+1 < len(sent) && sent[m[1]+1] >= 'a' {
					continue // "2012-funded"
				}
			}
			group := func(g int) string {
				if g == 0 || m[2*g] < 0 {
					return ""
				}
				return sent[m[2*g]:m[2*g+1]]
			}
			y, mon, day := 0, 0, 0
			inferred := false
			if f.year > 0 {
				y, _ = strconv.Atoi(group(f.year))
			} else {
				y, inferred = year, true
			}
			if f.month > 0 {
				g := group(f.month)
				if n, ok := monthNumbers[strings.ToLower(g)]; ok {
					mon = n
				} else {
					mon, _ = strconv.Atoi(g)
				}
			}
			if f.day > 0 {
				day, _ = strconv.Atoi(group(f.day))
			}
			if y == 0 || (mon == 0 && f.month > 0) || (day > 0 && (day > 31 || mon == 0)) {
				continue
			}
			if group(f.month) == "May" && f.year == 0 && f.day == 0 {
				continue // "may" the verb, capitalized
			}
			var value string
			switch {
			case day > 0:
				value = fmt.Sprintf("%04d-%02d-%02d", y, mon, day)
			case mon > 0:
				value = fmt.Sprintf("%04d-%02d", y, mon)
			default:
				value = fmt.Sprintf("%04d", y)
			}
			start := m[0]
			if l := leadIn.FindStringIndex(sent[:start]); l != nil {
				start = l[0]
			}
			for i := m[0]; i < m[1]; i++ {
				taken[i] = true
			}
			out = append(out, foundDate{DateMention{Text: sent[start:m[1]], Value: value, Span: Span{s.Start + start, s.Start + m[1]}}, inferred})
		}
	}
	sortDates(out)
	return out
}

func anyTaken(taken []bool, a, b int) bool {
	for i := a; i < b; i++ {
		if taken[i] {
			return true
		}
	}
	return false
}

func sortDates(ds []foundDate) {
	for i := 1; i < len(ds); i++ {
		for j := i; j > 0 && ds[j].Span.Start < ds[j-1].Span.Start; j-- {
			ds[j], ds[j-1] = ds[j-1], ds[j]
		}
	}
}

// lastYear returns the last year a date of ds gives, or year.
func lastYear(ds []foundDate, year int) int {
	for _, d := range ds {
		if !d.Inferred {
			year, _ = strconv.Atoi(d.Value[:4])
		}
	}
	return year
}
