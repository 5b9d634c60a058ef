package draft

import (
	"regexp"

	"github.com/graphapi/graphapi/internal/entities"
)

// Hedges, strongest attribution first: a sentence that cites reports is
// "reported"; one that says someone believed or assessed it is "assessed".
var hedges = []struct {
	re   *regexp.Regexp
	conf entities.Confidence
}{
	{regexp.MustCompile(`(?i)\baccording to (?:[\w'’-]+\s+){0,3}?(?:reports?|media|sources|press|officials|statements?)\b|\b(?:press|media|news) report(?:s|ed)?\b|\breportedly\b|\b(?:was|were|is|are) (?:reported|said)\b|\breports? (?:indicated|suggested|said)\b|\ballegedly\b|\bclaimed responsibility\b`), entities.Reported},
	{regexp.MustCompile(`(?i)\b(?:likely|probably|possibly|believed|assessed|suspected|thought to|may have|might have|appears? to|seems? to|presumably|unconfirmed)\b`), entities.Assessed},
}

// confidence returns the confidence a sentence's hedges give and the words
// that gave it; a sentence without hedges states a fact.
func confidence(sent string) (entities.Confidence, string) {
	for _, h := range hedges {
		if m := h.re.FindString(sent); m != "" {
			return h.conf, m
		}
	}
	return entities.Fact, ""
}
