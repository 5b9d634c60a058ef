package draft

import (
	"regexp"
	"strings"

	"github.com/graphapi/graphapi/internal/entities"
)

// The building blocks of the alias forms (relate.go), over masked sentences:
// a name and an optional article before it.
const (
	entRE = markOpen + `\d+` + markClose
	detRE = `(?:(?:the|a|an|both|its|their|his|of|with)\s+)?`
)

func expand(p string) *regexp.Regexp {
	r := strings.NewReplacer("ENT", entRE, "DET", detRE)
	return regexp.MustCompile(r.Replace(p))
}

// Kinds of the ends a frame accepts; an end whose kind the draft does not
// know passes.
func isPlace(k entities.Kind) bool            { return k == entities.KindPlace || k == entities.KindCountry }
func unknown(k entities.Kind) bool            { return k == "" }
func orUnknown(ok bool, k entities.Kind) bool { return ok || unknown(k) }

func only(t entities.RelType, fromOK, toOK func(entities.Kind) bool) func(from, to entities.Kind) entities.RelType {
	return func(from, to entities.Kind) entities.RelType {
		if (fromOK == nil || orUnknown(fromOK(from), from)) && (toOK == nil || orUnknown(toOK(to), to)) {
			return t
		}
		return ""
	}
}

// notPlace: an actor — anything but a place or an incident (a country acts).
func notPlace(k entities.Kind) bool    { return k != entities.KindPlace && k != entities.KindEvent }
func isGroupK(k entities.Kind) bool    { return k == entities.KindArmedGroup }
func isOperation(k entities.Kind) bool { return k == entities.KindOperation }

// notPerson: a group's lineage and allegiance are the group's, not its
// founder's ("X, who broke away from Y": X is the group's founder).
func notPerson(k entities.Kind) bool { return k != entities.KindPerson && notPlace(k) }
