package draft

import (
	"bytes"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// dropped elements hold no report text: scripts, styles, navigation, forms.
var dropped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Nav: true, atom.Noscript: true, atom.Template: true,
	atom.Head: true, atom.Iframe: true, atom.Svg: true, atom.Form: true, atom.Button: true,
}

// blocks end a paragraph: what a browser lays out as its own block.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true,
	atom.H6: true, atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Table: true, atom.Tr: true, atom.Td: true,
	atom.Th: true, atom.Section: true, atom.Article: true, atom.Header: true, atom.Footer: true, atom.Aside: true,
	atom.Blockquote: true, atom.Pre: true, atom.Br: true, atom.Hr: true, atom.Dt: true, atom.Dd: true,
	atom.Figcaption: true, atom.Main: true, atom.Body: true, atom.Caption: true,
}

// ExtractHTML returns the text of an HTML page: scripts, styles and navigation
// dropped, white space inside a block folded to single spaces, and every block
// element a paragraph of its own (a blank line), so that no sentence runs over
// a block's end. A list item starts with "• ".
func ExtractHTML(data []byte) (string, error) {
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		return "", err
	}
	var paras []string
	var cur strings.Builder
	flush := func() {
		if s := strings.TrimSpace(cur.String()); s != "" {
			paras = append(paras, s)
		}
		cur.Reset()
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.ElementNode:
			if dropped[n.DataAtom] {
				return
			}
			if blocks[n.DataAtom] {
				flush()
				if n.DataAtom == atom.Li {
					cur.WriteString("• ")
				}
			}
		case html.TextNode:
			writeFolded(&cur, n.Data)
		case html.CommentNode, html.DoctypeNode:
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == html.ElementNode && blocks[n.DataAtom] {
			flush()
		}
	}
	walk(doc)
	flush()
	if len(paras) == 0 {
		return "", nil
	}
	return strings.Join(paras, "\n\n") + "\n", nil
}

// writeFolded appends s with each run of white space as one space.
func writeFolded(b *strings.Builder, s string) {
	space := b.Len() > 0 && !strings.HasSuffix(b.String(), " ") && !strings.HasSuffix(b.String(), "• ")
	pending := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			pending = true
			continue
		}
		if pending && (space || b.Len() > 0) && !strings.HasSuffix(b.String(), " ") {
			b.WriteByte(' ')
		}
		pending = false
		space = true
		b.WriteRune(r)
	}
	if pending && b.Len() > 0 && !strings.HasSuffix(b.String(), " ") {
		b.WriteByte(' ')
	}
}
