package entities

import (
	"cmp"
	"maps"
	"slices"
)

// Sources disagree on a lineage not only on a link's dates: one may code a
// group as having merged into another successor, or split from another
// origin, than the rest say (MMP and UCDP code al-Murabitun as having joined
// AQIM; the reports, as having merged into JNIM). The graph keeps every link with
// its sources; a lineage conflict lists such a disagreement beside the
// claims' conflicts, as a field of the group whose successor or origin the
// sources give differently.
const (
	// FieldSuccessor is what a group became: the end of its MERGED_INTO and
	// RENAMED_TO links.
	FieldSuccessor = "lineage.successor"
	// FieldOrigin is what a group broke away from: the end of its SPLIT_FROM
	// links.
	FieldOrigin = "lineage.origin"
)

// LineageField is the lineage conflict field a relationship type gives its
// start a value for, "" for none.
func LineageField(t RelType) string {
	switch t {
	case MergedInto, RenamedTo:
		return FieldSuccessor
	case SplitFrom:
		return FieldOrigin
	}
	return ""
}

// LineageConflicts returns the lineage conflicts of a graph's relationships
// (only LineageField's types count; each relationship's sources are those of
// its claims). A group's field is in conflict when two sources each give it
// values and share none: {aqim, jnim} and {jnim} agree as far as the second
// goes; {aqim} and {jnim} disagree (MMP has al-Murabitoun rejoin AQIM, CEP
// merge it into JNIM; whether that is a sequence the links' dates tell the
// analyst, who decides). The conflict's claims
// are every source's values (Value: the other group's id); Shown is the
// value most sources give (ShownValue), since the graph shows every link.
func LineageConflicts(rels []Relationship) []Conflict {
	type key struct{ subject, field string }
	values := map[key]map[string]map[string]bool{} // → source → values
	for i := range rels {
		r := &rels[i]
		field := LineageField(r.Type)
		if field == "" {
			continue
		}
		k := key{r.From, field}
		if values[k] == nil {
			values[k] = map[string]map[string]bool{}
		}
		for _, c := range r.Claims {
			if values[k][c.Source] == nil {
				values[k][c.Source] = map[string]bool{}
			}
			values[k][c.Source][r.To] = true
		}
	}
	out := []Conflict{}
	for _, k := range slices.SortedFunc(maps.Keys(values), func(a, b key) int {
		return cmp.Or(cmp.Compare(a.subject, b.subject), cmp.Compare(a.field, b.field))
	}) {
		bySource := values[k]
		if !disjointPair(bySource) {
			continue
		}
		var claims []Claim
		for src, vs := range bySource {
			for v := range vs {
				claims = append(claims, Claim{Field: k.field, Value: v, Source: src})
			}
		}
		claims = SortClaims(claims)
		out = append(out, Conflict{Subject: k.subject, SubjectKind: SubjectEntity, Field: k.field, Shown: ShownValue(k.field, claims), Claims: claims})
	}
	return out
}

// disjointPair reports whether two of the sources give values none of which
// the other gives.
func disjointPair(bySource map[string]map[string]bool) bool {
	sets := slices.Collect(maps.Values(bySource))
	for i, a := range sets {
		for _, b := range sets[i+1:] {
			shared := false
			for v := range a {
				if b[v] {
					shared = true
					break
				}
			}
			if !shared {
				return true
			}
		}
	}
	return false
}
