package entities

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// stripAccents skips the Unicode transform for ASCII text; it must give what
// the transform gives.
func TestStripAccentsASCIIShortCut(t *testing.T) {
	var every strings.Builder
	for b := 0; b < utf8.RuneSelf; b++ {
		every.WriteByte(byte(b))
	}
	for _, s := range []string{"", every.String(), "Force Front 7", "al-Qa'ida", "  JNIM  "} {
		want, _, err := transform.String(transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC), s)
		if err != nil {
			t.Fatal(err)
		}
		if got := stripAccents(s); got != want {
			t.Errorf("stripAccents(%q) = %q, the transform gives %q", s, got, want)
		}
	}
}
