package draft

import "strings"

// scopeSentences gives each sentence the country a generic state-body name
// in it belongs to ("the National Police", "the Ministry of Security"): the
// country of the section it stands in, when a heading names one (a two-country
// brief: "Burkina Faso" … "Niger"); else the document's --country; else the
// one country the title names; else the one country its paragraph names.
// Otherwise none, and such a name stays unscoped (and never links to another
// country's body). A demonym or possessive on the name itself ("Burkinabe
// National Gendarmerie", "Niger's National Police") beats all of these.
func (d *drafter) scopeSentences(paras []Span) {
	title := ""
	if cs := titleCountries(d.opts.Title); len(cs) == 1 {
		title = cs[0]
	}
	heading := make([]string, len(paras)) // per paragraph: the section's country
	section := ""
	for pi, p := range paras {
		if c := headingCountry(d.text[p.Start:p.End]); c != "" {
			section = c
		}
		heading[pi] = section
	}
	d.scopes = make([]string, len(d.sents))
	for i, s := range d.sents {
		p := paras[s.para-1]
		switch {
		case heading[s.para-1] != "":
			d.scopes[i] = heading[s.para-1]
		case d.opts.Country != "":
			d.scopes[i] = d.opts.Country
		case title != "":
			d.scopes[i] = title
		default:
			d.scopes[i] = onlyCountry(d.text, p)
		}
	}
}

// headingCountry returns the country a heading paragraph names alone
// ("ALGERIA", "Burkina Faso:"), or "".
func headingCountry(para string) string {
	para = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(para), ":"))
	if strings.ContainsAny(para, "\n.") || len(strings.Fields(para)) > 4 {
		return ""
	}
	return countries[fold(para)]
}

// onlyCountry returns the one country the paragraph p names (one to three
// words at a time), or "" when it names none or several.
func onlyCountry(text string, p Span) string {
	toks := tokenize(text, p)
	found := ""
	for i := range toks {
		for n := 3; n >= 1; n-- {
			if i+n > len(toks) {
				continue
			}
			c := countries[fold(text[toks[i].Start:toks[i+n-1].End])]
			if c == "" {
				continue
			}
			if found != "" && found != c {
				return ""
			}
			found = c
			break
		}
	}
	return found
}
