package entities

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// IDPattern is the rule for the id of an entity or a source in a seed: a letter
// or digit, then letters, digits, '.', '_' or '-', 200 characters at most. Ids
// travel in URLs, Cypher parameters and file names, so nothing that any of
// them must escape.
const IDPattern = `^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$`

// NewSourceIDPattern is the rule for the id of a source that graphapi itself
// creates (a draft, an import): IDPattern in lower case, because the id also
// names the pack's folder, which must mean one folder on every file system.
const NewSourceIDPattern = `^[a-z0-9][a-z0-9._-]{0,199}$`

var (
	idRE          = regexp.MustCompile(IDPattern)
	newSourceIDRE = regexp.MustCompile(NewSourceIDPattern)
)

// ValidID reports whether id follows IDPattern.
func ValidID(id string) bool { return idRE.MatchString(id) }

// ValidNewSourceID reports whether id follows NewSourceIDPattern.
func ValidNewSourceID(id string) bool { return newSourceIDRE.MatchString(id) }

// Slug is the id form of a name: lower-case ASCII letters and digits, accents
// dropped, apostrophes dropped ("Jama'at" is "jamaat", as a reader types it),
// every other run of characters one '-' ("Opération Dambé" → "operation-dambe").
func Slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(strings.ToLower(name)) {
		switch {
		case unicode.Is(unicode.Mn, r) || isApostrophe(r):
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	return b.String()
}

// NewEntityID is the id a new entity gets from its name: the name's Slug, and,
// when country is not empty, the country's after it. Callers pass the country
// only for a name that identifies an entity within one country (a generic
// state-body name, see IsGenericStateBody): Burkina Faso's "National
// Gendarmerie" is national-gendarmerie-burkina-faso. Loader, drafts and
// importers all name new entities by this one rule, so a draft and a
// hand-written pack give one new group one id.
func NewEntityID(name, country string) string {
	id := Slug(name)
	if country != "" {
		id += "-" + Slug(country)
	}
	return id
}
