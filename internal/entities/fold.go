package entities

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// FoldName folds a name, an alias or a search text to the key under which the
// ways one Arabic or French name comes through English and French reports
// meet: "Ansar Dine" and "Ansar al-Dine" both fold to "ansar din",
// "al-Mourabitoun" and "al-Murabitoun" to "murabitun", "al-Qaeda in the
// Islamic Maghreb" and "al-Qa’ida in the Islamic Maghreb" to "qaida in the
// islamic maghreb". The alias index (identity) and search both use it, so
// what resolves a name is also what finds it.
//
// The rules, token by token (a token is a run of letters and digits):
//   - case and accents fold away ("Sévaré" → "sevare");
//   - apostrophes of every kind (' ’ ‘ ʼ ʻ ` ´ ′) vanish inside a word
//     ("Qa'ida" → "qaida"), except after a French elided article or pronoun
//     (l’, d’, j’, m’, n’, s’, t’, c’, qu’), which stays a word of its own
//     ("d’État" → "d etat"), so that its noun can be found as a word;
//   - hyphens, spaces and other punctuation separate words;
//   - the article al/el/ul is dropped wherever it stands ("Al Qaeda",
//     "al-Qaeda"), and the sun-letter forms (ad-, as-, an-, ash-, at-, az-, ar-,
//     ed-, es-, ud-, …) when a hyphen ties them to the next word: standing
//     alone they are English words ("as", "at", "an") and stay;
//   - "ou" becomes "u" (French transliteration: Mourabitoun/Murabitoun), and
//     a final "une" loses its e (Mourabitoune);
//   - wal (wa al-, "and the") becomes wa; Din in all its spellings (Dine,
//     Deen, Eddine, Uddin, …) becomes din; Qa'ida, Qaeda, Qaidah become qaida;
//     and the other words of group names that reports transliterate several
//     ways meet as the spellings table lists them (Muslimeen/Muslimin,
//     Shabaab/Shabab, Mujahideen/Mujahidin, Jama'a/Jama'at, Ansarul/Ansar ul);
//   - Nasr before Islam becomes nusrat (knownPhrases): "Jama'at Nasr al-Islam"
//     is how many reports write Jama'at Nusrat al-Islam.
//
// Words are joined by one space; the result is trimmed. English words that
// distinguish groups are never dropped: "Islamic State" and "Islamic State in
// the Greater Sahara" stay different keys. FoldName is idempotent: folding a
// folded text changes nothing.
func FoldName(s string) string {
	// Every name of a graph is folded when a store is built, so this path
	// writes into one buffer: each word folded in place, one string made at
	// the end. Words are cut from the text as written, as FoldWords cuts
	// them, so that both always agree ("Ņ'0" is one word to both, although
	// "N'0" is an elision).
	buf := make([]byte, 0, len(s))
	prevStart := -1 // where the last word kept starts in buf
	for _, raw := range splitWords(s) {
		start := len(buf)
		if start > 0 {
			buf = append(buf, ' ')
		}
		buf = appendFolded(buf, stripAccents(raw.text))
		w := buf[start:]
		if start > 0 {
			w = w[1:]
		}
		if len(w) == 0 || isArticle(string(w)) || (raw.hyphen && isSunArticle(string(w))) {
			buf = buf[:start]
			continue
		}
		n := len(w)
		if prevStart >= 0 {
			if canon, ok := knownPhrase(string(buf[prevStart:start]), string(w)); ok {
				buf = append(append(buf[:prevStart], canon...), " "+knownPhraseNext...)
			}
		}
		prevStart = len(buf) - n
	}
	return string(buf)
}

// knownPhrases are words spelt differently only before one next word: there
// they are one name, elsewhere they stay as written. "Nasr" (victory) and
// "Nusrat" (support) are different Arabic words and Nasr is a personal name
// of its own (Nasr ad-Din), so no rule of letters may make them meet; but
// "Jama'at Nasr al-Islam wal Muslimin" is a common rendering of JNIM's name,
// and before "Islam" every report that writes one of these means the other.
var knownPhrases = map[string]string{"nasr": "nusrat", "nasrat": "nusrat", "nosrat": "nusrat", "nusra": "nusrat", "nusrat": "nusrat"}

// knownPhraseNext is the word after which knownPhrases apply.
const knownPhraseNext = "islam"

// knownPhrase returns what prev, a folded word that next follows, becomes.
func knownPhrase(prev, next string) (string, bool) {
	if next != knownPhraseNext || prev == knownPhrases[prev] {
		return "", false
	}
	canon, ok := knownPhrases[prev]
	return canon, ok
}

// Word is one folded word of a text and where it stands in that text.
type Word struct {
	Text       string // the folded word
	Start, End int    // byte offsets of the word in the original text; Start includes a dropped article tied to it ("al-" of "al-Qaeda")
}

// FoldWords splits s into its folded words, as FoldName joins them, each with
// its span in s: the alias index scans a report through it and reports the
// spans of the names it finds in the report's own bytes.
func FoldWords(s string) []Word {
	var out []Word
	pending := -1 // start of dropped articles waiting for the word they belong to
	for _, raw := range splitWords(s) {
		w := foldWord(raw.text)
		switch {
		case w == "":
			continue
		case isArticle(w) || (raw.hyphen && isSunArticle(w)):
			if pending < 0 {
				pending = raw.start
			}
			continue
		}
		start := raw.start
		if pending >= 0 {
			start, pending = pending, -1
		}
		if n := len(out); n > 0 {
			if canon, ok := knownPhrase(out[n-1].Text, w); ok {
				out[n-1].Text = canon
			}
		}
		out = append(out, Word{Text: w, Start: start, End: raw.end})
	}
	return out
}

// rawWord is a run of letters, digits and apostrophes as it stands in the
// text; hyphen says a hyphen follows it directly.
type rawWord struct {
	text       string
	start, end int
	hyphen     bool
}

// splitWords cuts s into runs of letters, digits and combining marks.
// Apostrophes inside a run are kept for foldWord, except after an elided
// French article, where they cut the run.
func splitWords(s string) []rawWord {
	var out []rawWord
	start, end := -1, -1 // the run so far; end is after its last letter, so a trailing apostrophe stays out
	flush := func() bool {
		if start < 0 {
			return false
		}
		out = append(out, rawWord{text: s[start:end], start: start, end: end})
		start = -1
		return true
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1: // an invalid byte is no letter
			flush()
		case isApostrophe(r): // before letters: ʼ and ʻ are modifier letters
			if start >= 0 && isElision(s[start:end]) {
				flush()
			}
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			if start < 0 {
				start = i
			}
			end = i + size
		case r == '-' || r == '\u2010' || r == '\u2011':
			if next := LineEndHyphen(s, i+size); start >= 0 && next > 0 {
				i = next // "organi-\nzation": a word broken at a line end is one word
				continue
			}
			if flush() {
				out[len(out)-1].hyphen = true
			}
		default:
			flush()
		}
		i += size
	}
	flush()
	return out
}

// LineEndHyphen returns, when the hyphen before s[i:] ends a line and a
// lower-case letter starts the next ("Ma-\nghreb", "organi-\n  zation"), the
// offset of that letter; else 0. Such a hyphen breaks a word to fit the line,
// not a compound: reports set in columns and read from PDFs are full of them.
func LineEndHyphen(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r') {
		i++
	}
	if i >= len(s) || s[i] != '\n' {
		return 0
	}
	i++
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	if r, _ := utf8.DecodeRuneInString(s[i:]); i < len(s) && unicode.IsLower(r) {
		return i
	}
	return 0
}

// isElision reports whether w, which an apostrophe follows, is a French
// elided article or pronoun (l’État, d’Intervention, qu’il).
func isElision(w string) bool {
	switch strings.ToLower(w) {
	case "l", "d", "j", "m", "n", "s", "t", "c", "qu":
		return true
	}
	return false
}

// foldWord folds one raw word: accents, apostrophes and case away, then the
// spelling rules of FoldName. Articles are left to the caller, which knows
// whether a hyphen follows.
func foldWord(raw string) string { return string(appendFolded(nil, stripAccents(raw))) }

// appendFolded appends raw, a word with its accents stripped, folded: letters
// and digits in lower case, then the spelling rules applied in place.
func appendFolded(buf []byte, raw string) []byte {
	start := len(buf)
	buf = appendLetters(buf, raw)
	w := dropOBeforeU(buf[start:])
	if len(w) >= 5 && string(w[len(w)-3:]) == "une" {
		w = w[:len(w)-1]
	}
	buf = buf[:start+len(w)]
	if canon, ok := spellings[string(w)]; ok {
		return append(buf[:start], canon...)
	}
	if len(w) > 2 && string(w[:2]) == "al" && spellings[string(w[2:])] == "qaida" {
		return append(buf[:start], "qaida"...) // "Alqaida", "Alqaeda": the article written onto the word
	}
	return buf
}

// appendLetters appends the letters and digits of raw, a word with its
// accents stripped, in lower case.
func appendLetters(buf []byte, raw string) []byte {
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c >= utf8.RuneSelf {
			buf = appendFoldedRunes(buf, raw[i:])
			break
		}
		switch {
		case 'A' <= c && c <= 'Z':
			buf = append(buf, c+'a'-'A')
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			buf = append(buf, c)
		}
	}
	return buf
}

func appendFoldedRunes(buf []byte, raw string) []byte {
	for _, r := range raw {
		if (unicode.IsLetter(r) || unicode.IsDigit(r)) && !isApostrophe(r) {
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
		}
	}
	return buf
}

// dropOBeforeU makes every "ou" "u" until none is left, in place: each run of
// o's that a u follows goes (French transliteration: Mourabitoun/Murabitoun).
func dropOBeforeU(w []byte) []byte {
	out := w[:0]
	for i := 0; i < len(w); {
		if w[i] != 'o' {
			out = append(out, w[i])
			i++
			continue
		}
		j := i
		for j < len(w) && w[j] == 'o' {
			j++
		}
		if j == len(w) || w[j] != 'u' {
			out = append(out, w[i:j]...)
		}
		i = j
	}
	return out
}

// spellings maps transliterations of one Arabic word to one spelling (after
// "ou" has become "u"). Each value maps to itself, so folding is idempotent.
// The words are those of group names as English, French and American
// government reports render them; a spelling enters only when it cannot be
// another word of a name (Ansaru, a group of its own, is not Ansarul).
var spellings = map[string]string{
	"din": "din", "dine": "din", "deen": "din",
	"eddine": "din", "eddin": "din", "eddeen": "din", "uddin": "din", "uddine": "din",
	"uddeen": "din", "addin": "din", "addine": "din", "iddin": "din",
	"qaida": "qaida", "qaeda": "qaida", "qaidah": "qaida", "qaedah": "qaida", "quaida": "qaida",
	"wal": "wa", "wa": "wa",
	"muslimin": "muslimin", "muslimeen": "muslimin", "muslimine": "muslimin", "moslimin": "muslimin",
	"shabab": "shabab", "shabaab": "shabab", "chabab": "shabab", "shebab": "shabab", "chebab": "shabab",
	"mujahidin": "mujahidin", "mujahideen": "mujahidin", "mujahedin": "mujahidin", "mujahedeen": "mujahidin",
	"mujahidine": "mujahidin", "mudjahidin": "mujahidin",
	"jamaat": "jamaat", "jamaa": "jamaat", "jamaah": "jamaat", "jamat": "jamaat", "jamaatu": "jamaat",
	"djamaat": "jamaat", "djamaa": "jamaat",
	"ansarul": "ansar", // the article written onto the word: Ansarul Islam is Ansar ul-Islam
	"jihad":   "jihad", "djihad": "jihad", "jehad": "jihad",
	"tawhid": "tawhid", "tawheed": "tawhid", "tauhid": "tawhid",
	"sahrawi": "sahrawi", "sahraui": "sahrawi", // Sahraoui, after ou has become u
	"katiba": "katiba", "katibat": "katiba", "katibah": "katiba",
	"macina": "macina", "massina": "macina",
	"daesh": "daesh", "daech": "daesh",
}

// isArticle: the Arabic article as it is written before any letter.
func isArticle(w string) bool { return slices.Contains(articles, w) }

var articles = []string{"al", "el", "ul"}

// isSunArticle: the Arabic article assimilated to a sun letter (ad-Din,
// as-Sahrawi, an-Nusra), or written ud-/ed-. Only tied by a hyphen is it an
// article; alone these are English or French words.
func isSunArticle(w string) bool { return slices.Contains(sunArticles, w) }

var sunArticles = []string{"ad", "ed", "ud", "as", "es", "us", "an", "ar", "ur", "at", "ut",
	"ash", "esh", "ush", "az", "ez", "uz", "ath", "adh", "ith"}

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
	t := accentStrippers.Get().(transform.Transformer)
	defer accentStrippers.Put(t)
	out, _, err := transform.String(t, s) // which resets t first
	if err != nil {
		return s
	}
	return out
}

// accentStrippers are reused: a chain allocates and clears its buffers (some
// 4 KB) when made, which cost more than folding a name.
var accentStrippers = sync.Pool{New: func() any {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
