package entities

import (
	"unicode"
)

// Identity rules for names, which the alias index (internal/alias) applies
// when it resolves a name a source gives to an entity of the graph.
//
// A short acronym is weak: "GSIM", "FLM", "AQIM", "IS" name different groups in
// different sources and reports, so one never decides identity alone; it
// yields candidates. A generic name of a state body ("National Gendarmerie",
// "Ministry of Defense") names one body per country, so it identifies an
// entity only within one country: another country's gendarmerie is another
// entity.

// GenericStateBodyNames are the names every state gives one of its bodies, in
// English and French, as the reports write them. FoldName folds them for
// comparison, so spelling variants (Defense/Defence excepted, listed both) meet.
var GenericStateBodyNames = []string{
	"Gendarmerie", "National Gendarmerie", "Gendarmerie Nationale",
	"Police", "National Police", "Police Nationale", "Border Police", "National Border Police",
	"Police aux Frontières", "Judicial Police", "Police Judiciaire",
	"Army", "National Army", "Armed Forces", "National Armed Forces", "Forces Armées", "Military",
	"Air Force", "Navy", "National Guard", "Garde Nationale", "Presidential Guard",
	"Customs", "Customs Service", "Douanes", "Douane",
	"Ministry of Defense", "Ministry of Defence", "Ministère de la Défense", "Defense Ministry", "Defence Ministry",
	"Ministry of Security", "Ministère de la Sécurité", "Ministry of Interior", "Ministry of the Interior",
	"Ministère de l'Intérieur", "Interior Ministry",
	"Ministry of Justice", "Ministère de la Justice", "Justice Ministry",
	"Ministry of Foreign Affairs", "Ministère des Affaires Étrangères", "Foreign Ministry",
	"Ministry of Finance", "Ministère des Finances", "Ministry of Economy and Finance",
	"Financial Intelligence Unit", "FIU", "Cellule de Renseignement Financier",
	"Intelligence Service", "State Security", "Directorate of State Security",
	"Counterterrorism Unit", "Special Forces", "Supreme Court", "Constitutional Court",
	"Parliament", "National Assembly", "Assemblée Nationale", "Government", "Presidency",
	"Prime Minister's Office", "Attorney General", "Central Bank",
}

var genericStateBodies = func() map[string]bool {
	m := make(map[string]bool, len(GenericStateBodyNames))
	for _, n := range GenericStateBodyNames {
		m[FoldName(n)] = true
	}
	return m
}()

// IsGenericStateBody reports whether name, folded, is one of
// GenericStateBodyNames: a name that identifies a state body only together with
// its country.
func IsGenericStateBody(name string) bool { return genericStateBodies[FoldName(name)] }

// MaxAcronymLetters is the longest acronym that is weak.
const MaxAcronymLetters = 6

// IsShortAcronym reports whether name is a short acronym: one word (dots,
// hyphens and digits allowed: "U.S.", "ISIS-GS", "G5") of at most
// MaxAcronymLetters letters, at least two of them, mostly capitals ("FAMa").
func IsShortAcronym(name string) bool {
	letters, upper := 0, 0
	for _, r := range name {
		switch {
		case unicode.IsUpper(r):
			letters++
			upper++
		case unicode.IsLetter(r):
			letters++
		case unicode.IsDigit(r), r == '.', r == '-', r == '&', r == '/':
		default:
			return false // a space, an apostrophe: a phrase or a name, not an acronym
		}
	}
	return letters <= MaxAcronymLetters && upper >= 2 && upper*2 > letters
}
