package export

import (
	"slices"
	"strings"

	"github.com/graphapi/graphapi/internal/entities"
)

// claimSources are the sources that make claims in cs, in order.
func claimSources(cs []entities.Claim) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Source)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// claimsOf are the claims source makes, in cs's order.
func claimsOf(cs []entities.Claim, source string) []entities.Claim {
	var out []entities.Claim
	for _, c := range cs {
		if c.Source == source {
			out = append(out, c)
		}
	}
	return out
}

// evidenceOf is the evidence from source.
func evidenceOf(ev []entities.Evidence, source string) []entities.Evidence {
	var out []entities.Evidence
	for _, e := range ev {
		if e.Source == source {
			out = append(out, e)
		}
	}
	return out
}

// claimText reads claims as "since 2013-09, confidence fact".
func claimText(cs []entities.Claim) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = c.Field + " " + c.Value
	}
	return strings.Join(parts, ", ")
}

// claimDate is a date claim's value as a date; the stores hold only valid
// ones, so a value that does not parse is no date.
func claimDate(c entities.Claim) entities.Date {
	d, err := entities.ParseDate(c.Value)
	if err != nil {
		return entities.Date{}
	}
	return d
}
