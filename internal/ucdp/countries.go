package ucdp

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/graphapi/graphapi/internal/entities"
)

// GWNOLoc's codes and Location's names are both in a row, but not always in
// the same order (Government of Mali: "Burkina Faso, Mali, …" beside "432,
// 439, …", where 432 is Mali), and a name may hold a comma ("Macedonia,
// FYR"). So a code's name is learned from the whole file, surest first:
//  1. a row with one name and one code names that code;
//  2. a row whose codes are all named but one, and whose names are all
//     taken but one, names that code (repeated until nothing changes);
//  3. a code still unnamed takes the name most rows put at its position,
//     among names no other code has.
//
// A code no rule names is reported at the first line that uses it, and its
// locations are left out.
func (d *Dataset) nameCountries() {
	names := map[int]string{}
	taken := map[string]int{} // folded name → code
	learn := func(code int, name string) {
		names[code] = name
		taken[entities.FoldName(name)] = code
	}
	for _, a := range d.Actors {
		if len(a.Locations) == 1 && len(a.LocationNames) == 1 && names[a.Locations[0]] == "" {
			if _, ok := taken[entities.FoldName(a.LocationNames[0])]; !ok {
				learn(a.Locations[0], a.LocationNames[0])
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for _, a := range d.Actors {
			var codes []int
			for _, c := range a.Locations {
				if names[c] == "" {
					codes = append(codes, c)
				}
			}
			var left []string
			for _, n := range a.LocationNames {
				if _, ok := taken[entities.FoldName(n)]; !ok {
					left = append(left, n)
				}
			}
			if len(codes) == 1 && len(left) == 1 {
				learn(codes[0], left[0])
				changed = true
			}
		}
	}
	votes := map[int]map[string]int{}
	for _, a := range d.Actors {
		if len(a.Locations) != len(a.LocationNames) {
			continue
		}
		for i, c := range a.Locations {
			if names[c] != "" {
				continue
			}
			if votes[c] == nil {
				votes[c] = map[string]int{}
			}
			votes[c][a.LocationNames[i]]++
		}
	}
	var open []int
	for c := range votes {
		open = append(open, c)
	}
	slices.Sort(open)
	for _, c := range open {
		var best string
		for n, v := range votes[c] {
			if _, ok := taken[entities.FoldName(n)]; ok {
				continue
			}
			if best == "" || v > votes[c][best] || (v == votes[c][best] && n < best) {
				best = n
			}
		}
		if best != "" {
			learn(c, best)
		}
	}
	reported := map[int]bool{}
	for _, a := range d.Actors {
		for _, c := range a.Locations {
			if names[c] == "" && !reported[c] {
				reported[c] = true
				d.Reported = append(d.Reported, Problem{a.Line, fmt.Sprintf("ActorId %d: GWNOLoc %d is named by no rule from the file's Location cells; its locations are left out", a.ID, c)})
			}
		}
	}
	slices.SortStableFunc(d.Reported, func(a, b Problem) int { return cmp.Compare(a.Line, b.Line) })
	d.Countries = names
}
