package entities

import "strings"

// SearchRank is how an entity whose folded name and aliases are names
// matches the folded search text (semantics.go, Search): 0 when one of them
// equals text, 1 when one starts with it, 2 when a word inside one starts with
// it, -1 when none matches.
func SearchRank(text string, names ...string) int {
	r := -1
	for _, n := range names {
		switch {
		case n == text:
			return 0
		case strings.HasPrefix(n, text):
			r = 1
		case r < 0 && strings.Contains(n, " "+text):
			r = 2
		}
	}
	return r
}
