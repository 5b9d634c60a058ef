package draft

import (
	"regexp"
	"strings"
)

// personParticles begin or join the names of people that Sahel and Lake Chad
// reports transliterate (Abu Musab al-Barnawi, Iyad Ag Ghali, Mokhtar ould
// ...), so that such a name after "to" or "in" is a person's, not a place's.
var personParticles = map[string]bool{
	"abu": true, "abou": true, "abdel": true, "abdul": true, "abd": true, "ag": true, "ould": true, "ibn": true, "bin": true,
	"mohammed": true, "muhammad": true, "mohamed": true, "mohammad": true, "ahmed": true, "ahmad": true, "ali": true,
	"ibrahim": true, "abdelmalek": true, "abdelhamid": true, "abubakar": true, "mamadou": true, "amadou": true, "iyad": true,
}

// personRole: the apposition that follows a person's name (", the leader of",
// ", a son of", ", a former spokesman of").
var personRole = regexp.MustCompile(`^\s*,\s*(?:the|a|an|his|its|their)\s+(?:\w+\s+){0,2}?(?:leader|founder|co-founder|emir|amir|chief|commander|spokesman|spokesperson|son|brother|deputy|head|preacher|cleric|governor|president|minister|director|inspector|secretary-general|aid\s+worker|hostage|journalist|mountaineer)\b`)

// personCue reports whether the run toks[i:j] reads as a person's name by its
// words or by the apposition after it.
func personCue(text string, toks []token, i, j int) bool {
	if j-i < 2 {
		return false
	}
	for _, t := range toks[i:j] {
		if personParticles[strings.TrimPrefix(t.lower, "al-")] {
			return true
		}
	}
	return personRole.MatchString(text[toks[j-1].End:min(len(text), toks[j-1].End+80)])
}
