package httpapi

import (
	"encoding/binary"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/graphapi/graphapi/internal/entities"
)

// Graph answers (neighbours, lineage, subgraph) and paths are the hot path, and
// encoding/json's reflection took most of their time (the HTTP section of
// BENCHMARKS.md). appendGraph
// and appendPathResult write the same bytes as json.Marshal (HTML-escaped strings, omitempty and
// omitzero as tagged, sorted attribute keys) into a pooled buffer.
// TestGraphEncodingMatchesEncodingJSON holds it to that, and fails when a field
// is added to the types without being added here.

var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

// writeJSONGraph writes g with status 200.
func writeJSONGraph(c *gin.Context, g *entities.Graph) {
	writeAppended(c, func(b []byte) []byte { return appendGraph(b, g) })
}

// writeJSONPaths writes r with status 200.
func writeJSONPaths(c *gin.Context, r *entities.PathResult) {
	writeAppended(c, func(b []byte) []byte { return appendPathResult(b, r) })
}

// writeAppended writes the JSON answer appendTo appends, with status 200.
func writeAppended(c *gin.Context, appendTo func([]byte) []byte) {
	bp := bufPool.Get().(*[]byte)
	*bp = appendTo((*bp)[:0])
	// With its length known, net/http sends the answer unchunked: one write
	// fewer per request, which on loopback is a good part of the cost.
	c.Header("Content-Length", strconv.Itoa(len(*bp)))
	c.Data(http.StatusOK, "application/json; charset=utf-8", *bp)
	if cap(*bp) <= 1<<20 { // keep the pool from pinning a rare huge answer
		bufPool.Put(bp)
	}
}

func appendGraph(b []byte, g *entities.Graph) []byte {
	b = append(b, `{"nodes":`...)
	b = appendList(b, g.Nodes, appendEntity)
	b = append(b, `,"edges":`...)
	b = appendList(b, g.Edges, appendRelationship)
	b = append(b, `,"truncated":`...)
	b = strconv.AppendBool(b, g.Truncated)
	return append(b, '}')
}

func appendPathResult(b []byte, r *entities.PathResult) []byte {
	b = append(b, `{"paths":`...)
	b = appendList(b, r.Paths, appendPath)
	b = append(b, `,"nodes":`...)
	b = appendList(b, r.Nodes, appendEntity)
	b = append(b, `,"length":`...)
	b = strconv.AppendInt(b, int64(r.Length), 10)
	b = append(b, `,"truncated":`...)
	b = strconv.AppendBool(b, r.Truncated)
	return append(b, '}')
}

func appendPath(b []byte, p *entities.Path) []byte {
	b = append(b, `{"nodes":`...)
	b = appendList(b, p.Nodes, func(b []byte, id *string) []byte { return appendString(b, *id) })
	b = append(b, `,"edges":`...)
	b = appendList(b, p.Edges, appendRelationship)
	return append(b, '}')
}

// appendList writes a slice as encoding/json does: null when nil.
func appendList[T any](b []byte, xs []T, appendOne func([]byte, *T) []byte) []byte {
	if xs == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendOne(b, &xs[i])
	}
	return append(b, ']')
}

func appendEntity(b []byte, e *entities.Entity) []byte {
	b = append(b, `{"id":`...)
	b = appendString(b, e.ID)
	b = append(b, `,"kind":`...)
	b = appendString(b, string(e.Kind))
	b = append(b, `,"name":`...)
	b = appendString(b, e.Name)
	if len(e.Aliases) > 0 {
		b = append(b, `,"aliases":[`...)
		for i, a := range e.Aliases {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, a)
		}
		b = append(b, ']')
	}
	if e.Description != "" {
		b = append(b, `,"description":`...)
		b = appendString(b, e.Description)
	}
	b = appendDate(b, `,"founded":`, e.Founded)
	b = appendDate(b, `,"dissolved":`, e.Dissolved)
	if len(e.Attributes) > 0 {
		var small [16]string // attribute maps are small; spare the heap
		keys := small[:0]
		for k := range e.Attributes {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		b = append(b, `,"attributes":{`...)
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, k)
			b = append(b, ':')
			b = appendString(b, e.Attributes[k])
		}
		b = append(b, '}')
	}
	b = append(b, `,"evidence":`...)
	b = appendList(b, e.Evidence, appendEvidence)
	b = append(b, `,"claims":`...)
	b = appendList(b, e.Claims, appendClaim)
	return append(b, '}')
}

func appendRelationship(b []byte, r *entities.Relationship) []byte {
	b = append(b, `{"id":`...)
	b = appendString(b, r.ID)
	b = append(b, `,"type":`...)
	b = appendString(b, string(r.Type))
	b = append(b, `,"from":`...)
	b = appendString(b, r.From)
	b = append(b, `,"to":`...)
	b = appendString(b, r.To)
	b = appendDate(b, `,"since":`, r.Since)
	b = appendDate(b, `,"until":`, r.Until)
	b = append(b, `,"confidence":`...)
	b = appendString(b, string(r.Confidence))
	if r.Note != "" {
		b = append(b, `,"note":`...)
		b = appendString(b, r.Note)
	}
	b = append(b, `,"evidence":`...)
	b = appendList(b, r.Evidence, appendEvidence)
	b = append(b, `,"claims":`...)
	b = appendList(b, r.Claims, appendClaim)
	return append(b, '}')
}

func appendEvidence(b []byte, e *entities.Evidence) []byte {
	b = append(b, `{"source":`...)
	b = appendString(b, e.Source)
	if e.Quote != "" {
		b = append(b, `,"quote":`...)
		b = appendString(b, e.Quote)
	}
	if e.Locator != "" {
		b = append(b, `,"locator":`...)
		b = appendString(b, e.Locator)
	}
	return append(b, '}')
}

func appendClaim(b []byte, c *entities.Claim) []byte {
	b = append(b, `{"field":`...)
	b = appendString(b, c.Field)
	b = append(b, `,"value":`...)
	b = appendString(b, c.Value)
	b = append(b, `,"source":`...)
	b = appendString(b, c.Source)
	return append(b, '}')
}

// appendDate writes an omitzero date field as Date.String does (YYYY, YYYY-MM or
// YYYY-MM-DD), without its fmt.Sprintf, which allocated on every date.
func appendDate(b []byte, key string, d entities.Date) []byte {
	if d.IsZero() {
		return b
	}
	b = append(b, key...)
	b = append(b, '"')
	b = appendDigits(b, int(d.Year), 4)
	if d.Month != 0 {
		b = appendDigits(append(b, '-'), int(d.Month), 2)
		if d.Day != 0 {
			b = appendDigits(append(b, '-'), int(d.Day), 2)
		}
	}
	return append(b, '"')
}

// appendDigits writes n zero-padded to width digits, as %0*d does for the
// non-negative numbers a valid Date holds.
func appendDigits(b []byte, n, width int) []byte {
	var digits [20]byte
	s := strconv.AppendInt(digits[:0], int64(n), 10)
	for range width - len(s) {
		b = append(b, '0')
	}
	return append(b, s...)
}

const hexDigits = "0123456789abcdef"

// plainASCII marks the ASCII bytes that appendString copies as they are, for the
// bytes it takes one at a time (near a special byte, or in a string's tail).
var plainASCII = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// plainWord reports whether all 8 bytes of w are ASCII that appendString copies
// as they are, testing them at once (SWAR): most of the text is plain, and a byte
// at a time was the encoder's main cost. Each term is the classic "has a zero
// byte" test, (v - 0x01…) & ^v & 0x80…, applied to w XOR the byte sought.
func plainWord(w uint64) bool {
	q, bs, lt, gt, amp := w^(ones*'"'), w^(ones*'\\'), w^(ones*'<'), w^(ones*'>'), w^(ones*'&')
	special := w | // non-ASCII
		(w-ones*0x20)&^w | // a control byte below 0x20
		(q-ones)&^q | (bs-ones)&^bs | (lt-ones)&^lt | (gt-ones)&^gt | (amp-ones)&^amp
	return special&highs == 0
}

// appendString quotes s as encoding/json does with HTML escaping on (gin's
// c.JSON): <, > and & escaped, invalid UTF-8 replaced by U+FFFD, and U+2028 and
// U+2029 escaped.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if i+8 <= len(s) && plainWord(binary.LittleEndian.Uint64([]byte(s[i:i+8]))) {
			i += 8
			continue
		}
		if c := s[i]; c < utf8.RuneSelf {
			if plainASCII[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
