package draft

import (
	"fmt"
	"strings"
	"testing"
)

func TestZZOne(t *testing.T) {
	text := maliText(t)
	d := newDrafter(text, Options{Country: "Mali", Published: "2019-11"}, NewIndex(nil))
	d.sents = sentences(text, paragraphs(text))
	d.out = &Draft{}
	d.gatherNames()
	d.datesContext()
	d.kept = make([][]span, len(d.sents))
	for i, s := range d.sents {
		spans := d.spans(i)
		d.kept[i] = spans
		if strings.Contains(text[s.Start:s.End], "in support of") {
			m := mask(text, s.Span, spans)
			fmt.Printf("%q\n", m.s)
			for _, r := range rules {
				if r.name == "X ... in support of Y" {
					fmt.Println(r.re.FindStringSubmatchIndex(m.s), triggered(r, strings.ToLower(m.s)))
				}
			}
		}
	}
}
