package draft

import (
	"strings"

	"github.com/graphapi/graphapi/internal/entities"
)

// headKinds: the word that heads a name, and the kind it suggests. A name's
// head is its last word, or the word before its first "of".
var headKinds = map[string]entities.Kind{
	"ministry": entities.KindStateBody, "directorate": entities.KindStateBody, "department": entities.KindStateBody,
	"gendarmerie": entities.KindStateBody, "police": entities.KindStateBody, "guard": entities.KindStateBody,
	"court": entities.KindStateBody, "agency": entities.KindStateBody, "service": entities.KindStateBody,
	"army": entities.KindStateBody, "forces": entities.KindStateBody, "military": entities.KindStateBody,
	"unit": entities.KindStateBody, "brigade": entities.KindStateBody, "office": entities.KindStateBody,
	"groupement": entities.KindStateBody, "prosecutor": entities.KindStateBody, "customs": entities.KindStateBody,
	"front": entities.KindArmedGroup, "battalion": entities.KindArmedGroup, "group": entities.KindArmedGroup,
	"movement": entities.KindArmedGroup, "cell": entities.KindArmedGroup, "branch": entities.KindArmedGroup,
	"katiba": entities.KindArmedGroup, "faction": entities.KindArmedGroup, "brigades": entities.KindArmedGroup,
	"operation": entities.KindOperation,
	"mission":   entities.KindInternational, "force": entities.KindInternational, "community": entities.KindInternational,
	"union": entities.KindInternational, "organization": entities.KindInternational, "organisation": entities.KindInternational,
	"forum": entities.KindInternational, "nations": entities.KindInternational, "coalition": entities.KindInternational,
	"plan": entities.KindInitiative, "mechanism": entities.KindInitiative, "partnership": entities.KindInitiative,
	"program": entities.KindInitiative, "programme": entities.KindInitiative, "initiative": entities.KindInitiative,
	"strategy": entities.KindInitiative, "academy": entities.KindInitiative, "fund": entities.KindInitiative,
	"council": entities.KindReligiousBody, "association": entities.KindReligiousBody,
	"watch": entities.KindNGO, "international": entities.KindNGO, "foundation": entities.KindNGO,
	"province": entities.KindPlace, "region": entities.KindPlace, "district": entities.KindPlace, "basin": entities.KindPlace,
	"prefecture": entities.KindPlace, "commune": entities.KindPlace, "cercle": entities.KindPlace,
	"forest": entities.KindPlace, "mountains": entities.KindPlace, "peninsula": entities.KindPlace,
	"state": entities.KindArmedGroup,
}

// placePrefixes begin two-word names of places whatever the second word is:
// "Lake Chad" (not the country), "Mount Kenya"; a longer name has its own
// head ("Lake Chad Basin Commission").
var placePrefixes = map[string]bool{"lake": true, "lac": true, "mount": true, "mont": true}

// placeSuffixes follow a place name in lower case: "Mopti region".
var placeSuffixes = map[string]bool{"region": true, "province": true, "district": true, "prefecture": true, "commune": true, "cercle": true, "department": false}

// jihadistWords mark an armed group's name in the languages Sahel reports
// transliterate (Ansar, Jama'at, Katiba ...); with one of them a name headed by
// "Province" or "State" is a group, not a place.
var jihadistWords = map[string]bool{
	"islam": true, "islamic": true, "islamique": true, "ansar": true, "ansaroul": true, "ansarul": true, "ansaru": true,
	"jamaat": true, "jama'at": true, "jama’at": true, "jamaatu": true, "jama'atu": true, "katiba": true, "mujahideen": true,
	"jihad": true, "al-jihad": true, "boko": true, "haram": true, "isis": true, "isil": true, "qaida": true, "qaeda": true,
	"al-qa'ida": true, "al-qa’ida": true, "al-qaeda": true, "al-qaida": true, "murabitoun": true, "mourabitoun": true,
	"al-murabitoun": true, "al-mourabitoun": true, "nusrat": true, "dine": true, "al-dine": true, "tawhid": true, "muslimin": true,
}

// countries maps the folded names of the states entities.Countries knows to
// the name the draft gives them; demonyms maps their demonyms, in lower case.
var countries, demonyms = func() (map[string]string, map[string]string) {
	byName, byDemonym := map[string]string{}, map[string]string{}
	for _, c := range entities.Countries {
		for _, n := range append([]string{c.Name}, c.Names...) {
			byName[entities.FoldName(n)] = c.Name
		}
		for _, d := range c.Demonyms {
			byDemonym[strings.ToLower(d)] = c.Name
		}
	}
	return byName, byDemonym
}()

// forceNouns head a state's forces after a demonym: "Malian armed forces".
var forceNouns = map[string]bool{"forces": true, "military": true, "army": true, "gendarmerie": true, "police": true, "government": true, "authorities": true}

// forceModifiers may stand between the demonym and the force noun.
var forceModifiers = map[string]bool{"armed": true, "security": true, "defense": true, "defence": true, "internal": true, "special": true, "military": true, "national": true, "and": false}

// genericWords make up the generic names of state bodies that every country
// has (National Gendarmerie, Ministry of Defense): such a name means another
// entity in each country.
var genericWords = map[string]bool{
	"national": true, "gendarmerie": true, "police": true, "ministry": true, "of": true, "the": true, "and": true,
	"defense": true, "defence": true, "security": true, "interior": true, "justice": true, "finance": true, "economy": true,
	"foreign": true, "affairs": true, "armed": true, "forces": true, "army": true, "guard": true, "border": true, "customs": true,
	"financial": true, "intelligence": true, "unit": true, "processing": true, "special": true, "judicial": true,
	"investigation": true, "investigative": true, "brigade": true, "service": true, "central": true, "general": true,
	"directorate": true, "state": true, "civil": true, "protection": true, "military": true, "air": true, "force": true,
	"navy": true, "presidential": true, "republican": true, "counterterrorism": true, "anti-terrorism": true, "terrorism": true,
	"veterans": true, "territorial": true, "administration": true, "public": true, "prosecutor": true, "office": true,
	"court": true, "appeals": true, "high": true, "supreme": true, "information": true, "specialized": true, "specialised": true,
	"religious": true, "worship": true, "religion": true, "in": true, "for": true, "against": true, "fight": true, "a": true,
	"ministère": true, "de": true, "la": true, "nationale": true, "garde": true, "sécurité": true, "défense": true,
}

// technicalAcronyms are the capitalized terms of terrorism reports that name
// no organization.
var technicalAcronyms = map[string]bool{
	"IED": true, "IEDS": true, "VBIED": true, "SVBIED": true, "SVBIEDS": true, "CVE": true, "CT": true, "UAV": true,
	"RPG": true, "HQ": true, "GDP": true, "NGO": true, "NGOS": true, "FTF": true, "FTFS": true, "FTO": true, "SDGT": true,
	"ID": true, "TV": true, "AM": true, "PM": true, "USD": true, "KM": true, "AML": true, "CFT": true, "II": true, "III": true,
	"IV": true, "VI": true, "PVE": true, "DDR": true, "SSR": true, "POE": true, "POES": true,
}

// stopwords never begin or make a name.
var stopwords = map[string]bool{
	"the": true, "a": true, "an": true, "this": true, "that": true, "these": true, "those": true, "its": true, "their": true,
	"his": true, "her": true, "it": true, "they": true, "he": true, "she": true, "we": true, "in": true, "on": true,
	"at": true, "of": true, "for": true, "by": true, "with": true, "from": true, "to": true, "and": true, "or": true,
	"but": true, "although": true, "after": true, "before": true, "during": true, "since": true, "while": true, "as": true,
	"there": true, "here": true, "some": true, "many": true, "most": true, "all": true, "both": true, "each": true,
	"one": true, "two": true, "three": true, "four": true, "five": true, "six": true, "seven": true, "eight": true,
	"nine": true, "ten": true, "no": true, "not": true, "also": true, "however": true, "overview": true, "following": true,
	"other": true, "such": true, "if": true, "when": true, "where": true, "which": true, "who": true, "whose": true,
	"unfortunately": true, "notable": true, "several": true, "more": true, "than": true, "between": true, "under": true,
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true, "july": true,
	"august": true, "september": true, "october": true, "november": true, "december": true, "terrorist": true,
	"terrorism": true, "legislation": true, "regional": true,
	"attacks": true, "attack": true, "incidents": true, "government": true, "press": true, "domestic": true,
}

// nameConnectors may join the capitalized words of one name.
var nameConnectors = map[string]bool{
	"of": true, "for": true, "against": true, "de": true, "la": true, "du": true, "des": true, "le": true,
	"wal": true, "al": true, "el": true, "lil": true, "ul": true, "and": true, "the": true, "in": true, "dans": true, "au": true,
}

// frenchHeads lead French names: Gendarmerie Nationale, Groupement ..., Garde
// Nationale, Brigade d'Investigation ...
var frenchHeads = map[string]bool{
	"gendarmerie": true, "groupement": true, "brigade": true, "police": true, "garde": true, "direction": true,
	"service": true, "office": true, "forces": true, "force": true, "ministère": true, "pôle": true, "cour": true,
	"haut": true, "conseil": true, "agence": true, "cellule": true, "mission": true, "opération": true,
}

// compass words name a place only with a suffix: "the East region".
var compass = map[string]bool{"north": true, "south": true, "east": true, "west": true, "centre": true, "center": true,
	"northeast": true, "northwest": true, "southeast": true, "southwest": true, "centre-north": true, "centre-south": true}

// startOnly are stopwords that may not begin a name but may stand inside one
// ("Central Service for the Fight against Terrorism").
var startOnly = map[string]bool{"terrorist": true, "terrorism": true, "legislation": true, "regional": true,
	"attacks": true, "attack": true, "incidents": true, "government": true, "press": true, "domestic": true}

// languages are no names of their own ("known in French as ...").
var languages = map[string]bool{"english": true, "arabic": true, "tamasheq": true, "fulfulde": true, "hausa": true,
	"songhai": true, "bambara": true, "kanuri": true, "mooré": true, "moore": true}
