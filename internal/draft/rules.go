package draft

import (
	"regexp"
	"strings"

	"github.com/graphapi/graphapi/internal/entities"
)

// The building blocks of the sentence forms, over masked sentences.
const (
	entRE  = markOpen + `\d+` + markClose
	detRE  = `(?:(?:the|a|an|both|its|their|his|of|with)\s+)?`
	listRE = detRE + entRE + acrRE + `(?:(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?:of\s+|with\s+)?` + detRE + entRE + acrRE + `)*`
	// acrRE: the acronym of a name that is another entity's, in brackets after it.
	acrRE = `(?:\s*\(` + entRE + `\))?`
	// A subject: the name, an apposition after it, a founder's relative clause
	// ("The group was created by X, who broke away from ...").
	subjRE = detRE + `(?P<from>` + entRE + `)` + subjTail
	advRE  = `(?:(?:\w+ly|also|still|now|then|later|reportedly|likely|allegedly|first|again|further)\s+)*`
	auxRE  = `(?:(?:has|have|had|is|are|was|were|will|would|may|might|can|could|continued to|continues to|continue to|began to|has been|have been|had been|is being|are being)\s+)?` + advRE
	// subjListRE: a subject that may be a list ("ISGS and JNIM operate in ...").
	subjListRE = detRE + `(?P<from>` + listRE + `)` + subjTail
	// subjTail: what may stand between a subject and its verb — its acronym in
	// brackets, an apposition that opens with an article ("GSIGN, an embassy-
	// trained unit,"), a parenthetical ("ISGS, in turn, is"), a founder's relative
	// clause ("The group was created by X, who broke away ..."), or a comma
	// before "which" ("the MNJTF, which fights ...").
	subjTail = `(?:\s*\([^)]{1,60}\))?` +
		`(?:\s*,\s*(?:(?:a|an|the|its|their|also|known|whose|one|now|then|formerly)\b[^,;]{1,140}?|in\s+turn|however|meanwhile|moreover|reportedly|therefore|in\s+addition|for\s+its\s+part)\s*,)?` +
		`(?:\s+was\s+(?:created|founded|formed|established|set up|led)\s+by\s+(?:[^,;` + markOpen + `]{3,80}|` + entRE + `),\s+who)?` +
		`(?:\s*,\s*(?:which|who|that))?(?:\s*,)?\s+`
	// conj lets a second verb share the subject: "trains the BSIA and funds ...".
	conjRE  = `(?:[^;.]{0,150}?\s(?:and|then|before|as\s+well\s+as)\s+)?`
	wordsRE = `(?:[\w'’-]+\s+)`
	dirRE   = `(?:(?:northern|southern|eastern|western|central|north|south|east|west|northeastern|northwestern|southeastern|southwestern|and|the)\s+){0,5}`
)

// A rule is one sentence form. Its pattern names the groups from, to and
// optionally with (more "from"s: "as does the National Police"). typeOf may
// retype by the ends' kinds or drop the match ("").
type rule struct {
	name   string
	typ    entities.RelType
	re     *regexp.Regexp
	score  float64
	swap   bool // the pattern's from is the relationship's to
	typeOf func(from, to entities.Kind) entities.RelType
	pair   bool // every two names of "from" (A and B were coordinating)
	// nominal: a form without a verb of its own (an apposition, "X under Y"):
	// the date a sentence opens with is not its start.
	nominal bool
}

func expand(p string) *regexp.Regexp {
	r := strings.NewReplacer("SUBJL", subjListRE, "SUBJ", subjRE, "LIST", listRE, "ENT", entRE, "DET", detRE, "ADV", advRE, "AUX", auxRE, "CONJ", conjRE, "WORDS", wordsRE, "DIR", dirRE)
	return regexp.MustCompile(r.Replace(p))
}

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

var rules = []rule{
	{name: "umbrella group that formed after X, Y and Z merged", typ: entities.MergedInto, score: 0.85,
		re: expand(`(?P<to>ENT)\s*(?:[–—-]|,)\s*(?:the|an?)\s+WORDS{0,3}?(?:group|coalition|alliance|organization|umbrella)\s+(?:that|which)\s+(?:was\s+)?(?:formed|created|emerged)\s+(?:after|when|from)\s+(?P<from>LIST)\s+(?:merged|joined|united|combined)`)},
	{name: "X, Y and Z merged / joined together to form W", typ: entities.MergedInto, score: 0.85,
		re: expand(`(?P<from>LIST)\s+ADV(?:merged|joined(?:\s+together)?|united|combined|came\s+together|fused)\s+(?:together\s+|forces\s+)?(?:to\s+(?:form|create|found|establish)|into|as|under(?:\s+the\s+(?:banner|name|umbrella)\s+of)?)\s+(?:the\s+|a\s+new\s+|an?\s+)?WORDS{0,3}?(?P<to>ENT)`),
		typeOf: func(from, to entities.Kind) entities.RelType {
			if from == entities.KindPerson || to == entities.KindPerson {
				return ""
			}
			if from == entities.KindCountry || from == entities.KindStateBody {
				return entities.MemberOf // states that form a body remain themselves
			}
			return entities.MergedInto
		}},
	{name: "X merged with Y", typ: entities.MergedInto, score: 0.6,
		re:     expand(`(?P<from>ENT)\s+ADV(?:merged|fused)\s+with\s+DET(?P<to>ENT)`),
		typeOf: only(entities.MergedInto, notPerson, notPerson)},
	{name: "X split from / broke away from Y", typ: entities.SplitFrom, score: 0.85,
		re:     expand(`SUBJCONJADVAUX(?:split|splintered|broke|broken|defected|separated|seceded)\s+(?:away\s+|off\s+)?from\s+DETWORDS{0,2}?(?P<to>ENT)`),
		typeOf: only(entities.SplitFrom, notPerson, notPerson)},
	{name: "X, a splinter of Y", nominal: true, typ: entities.SplitFrom, score: 0.8,
		re: expand(`(?P<from>ENT)\s*,\s*(?:a|an|the)\s+WORDS{0,2}?(?:splinter|offshoot|breakaway)\s+(?:group\s+|faction\s+)?(?:of|from)\s+DET(?P<to>ENT)`)},
	{name: "X, a branch/faction of Y", nominal: true, typ: entities.BranchOf, score: 0.8,
		re: expand(`(?P<from>ENT)\s*(?:,\s*|\s+(?:is|was|remains|became|serves\s+as)\s+)(?:a|an|the)\s+WORDS{0,3}?(?:branch|faction|wing|arm|franchise|province)\s+of\s+DET(?P<to>ENT)`)},
	{name: "X pledged allegiance to Y", typ: entities.AffiliateOf, score: 0.85,
		re:     expand(`SUBJCONJADVAUX(?:pledged|swore|sworn|declared|renewed|pledging|swearing|pledges)\s+(?:its\s+|his\s+|their\s+)?(?:allegiance|loyalty|bay['’]?a)\s+to\s+DETWORDS{0,2}?(?P<to>ENT)`),
		typeOf: only(entities.AffiliateOf, notPerson, notPerson)},
	{name: "X was founded by P", typ: entities.Founded, score: 0.8, swap: true,
		re:     expand(`DET(?P<from>ENT)(?:\s*,[^,;]{1,140}?,)?\s+(?:was|were|had\s+been)\s+(?:founded|created|formed|established|set\s+up)\s+(?:[^,;` + markOpen + `]{0,40}?\s)?by\s+(?P<to>ENT)`),
		typeOf: only(entities.Founded, func(k entities.Kind) bool { return k == entities.KindPerson }, isGroupK)},
	{name: "P took over / leads X", typ: entities.Leads, score: 0.7,
		re:     expand(`(?P<from>ENT)\s+ADV(?:took\s+over|leads|led|heads|headed|commands|commanded|took\s+command\s+of)\s+DET(?P<to>ENT)`),
		typeOf: only(entities.Leads, func(k entities.Kind) bool { return k == entities.KindPerson }, func(k entities.Kind) bool { return k == entities.KindArmedGroup || k == entities.KindStateBody })},
	{name: "X reports to / is subordinate to / falls under Y", typ: entities.ReportsTo, score: 0.85,
		re:     expand(`(?P<from>ENT)(?:\s+(?:officials|officers|members|personnel|units|staff|agents))?(?:\s*,\s*(?:in\s+turn|however|reportedly|meanwhile|for\s+its\s+part))?(?:\s*,)?\s+(?:which\s+|that\s+|who\s+)?ADV(?:reports|report|reported|answers|answer|answered|(?:is|are|was|were)\s+ADVsubordinate|falls|fall|fell|sits|(?:is|are)\s+placed|comes|come)\s+(?:directly\s+)?(?:to|under)\s+(?:both\s+)?(?:the\s+(?:authority|control|direction|supervision)\s+of\s+)?(?P<to>LIST)(?:\s*,\s*as\s+(?:does|do|did)\s+DET(?P<with>ENT))?`),
		typeOf: only(entities.ReportsTo, notPlace, notPlace)},
	{name: "X under Y", nominal: true, typ: entities.ReportsTo, score: 0.7,
		re: expand(`(?P<from>ENT)(?:\s+(?:officials|officers|members|personnel|units|staff|agents))?(?:\s*,\s*(?:a|an)\s+[^,;]{1,100}?)?\s+under\s+(?:the\s+(?:authority|control|direction|supervision)\s+of\s+)?DET(?P<to>ENT)`),
		typeOf: func(from, to entities.Kind) entities.RelType {
			switch {
			case !orUnknown(notPlace(from), from) || !orUnknown(notPlace(to), to):
				return ""
			case to == entities.KindStateBody:
				return entities.ReportsTo
			case to == entities.KindInternational || to == entities.KindInitiative:
				return entities.PartOf
			case to == "":
				return entities.ReportsTo
			}
			return ""
		}},
	{name: "X is part of / a unit of Y", typ: entities.PartOf, score: 0.8,
		re:     expand(`(?P<from>ENT)\s*(?:,\s*)?(?:which\s+|that\s+)?(?:is\s+|are\s+|was\s+|forms\s+)?(?:a\s+|an\s+)?WORDS{0,2}?(?:part|unit|component|division|department|section|subunit|sub-unit|element)\s+(?:of|within)\s+DET(?P<to>ENT)`),
		typeOf: only(entities.PartOf, notPlace, notPlace)},
	{name: "X, an [adjective] Y unit", nominal: true, typ: entities.PartOf, score: 0.7,
		re:     expand(`(?P<from>ENT)\s*,\s*(?:a|an)\s+WORDS{0,3}?(?P<to>ENT)\s+WORDS{0,3}?(?:unit|component|wing|division|squadron|team)\b`),
		typeOf: only(entities.PartOf, notPlace, notPlace)},
	{name: "X is a member of Y", typ: entities.MemberOf, score: 0.85,
		re: expand(`SUBJLADV(?:is|are|was|were|became|becomes|remains|remained)\s+ADV(?:a|an)\s+WORDS{0,2}?members?\s+(?:state\s+|country\s+|nation\s+)?of\s+(?P<to>LIST)`)},
	{name: "X joined Y", typ: entities.MemberOf, score: 0.6,
		re:     expand(`SUBJADV(?:joined|has\s+joined|entered)\s+DET(?P<to>ENT)`),
		typeOf: only(entities.MemberOf, notPlace, func(k entities.Kind) bool { return k == entities.KindInternational || k == entities.KindInitiative })},
	{name: "X cooperates/works with Y", typ: entities.CooperatesWith, score: 0.8,
		re:     expand(`SUBJLCONJADVAUXWORDS{0,3}?(?:cooperates?|cooperated|cooperating|collaborates?|collaborated|collaborating|works?|worked|working|partners?|partnered|partnering|its\s+work|their\s+work|allied|allies)\s+(?:closely\s+)?with\s+(?P<to>LIST)`),
		typeOf: only(entities.CooperatesWith, notPlace, notPlace)},
	{name: "Cooperating with Y, X ...", typ: entities.CooperatesWith, score: 0.75,
		re: expand(`^(?:Cooperating|Working|Collaborating|Partnering)\s+(?:closely\s+)?with\s+(?P<to>LIST)[^,]*,\s*DET(?P<from>ENT)`)},
	{name: "X remained a [Y] partner", typ: entities.CooperatesWith, score: 0.7,
		re: expand(`SUBJADV(?:remained|remains|is|was|became)\s+(?:a|an)\s+WORDS{0,2}?(?P<to>ENT)\s+WORDS{0,2}?partner\b`)},
	{name: "X is a partner of Y", typ: entities.CooperatesWith, score: 0.75,
		re: expand(`SUBJADV(?:remained|remains|is|was|became)\s+(?:a|an)\s+WORDS{0,3}?partner\s+(?:of|to)\s+(?P<to>LIST)`)},
	{name: "X coordinates with Y", typ: entities.CoordinatesWith, score: 0.8,
		re: expand(`SUBJLCONJADVAUXWORDS{0,2}?(?:coordinates?|coordinated|coordinating)\s+WORDS{0,3}?with\s+(?P<to>LIST)`)},
	{name: "X and Y were coordinating", typ: entities.CoordinatesWith, score: 0.6, pair: true,
		re: expand(`(?P<from>LIST)\s*,?\s+(?:were|are|have\s+been|had\s+been|was|is)\s+ADV(?:coordinating|cooperating|collaborating)\b`)},
	{name: "X trains Y", typ: entities.Trains, score: 0.8,
		re:     expand(`SUBJCONJADVAUX(?:trains|trained|train|training|provides\s+training\s+to|provided\s+training\s+to|provide\s+training\s+to)\s+DET(?P<to>LIST)`),
		typeOf: only(entities.Trains, notPlace, notPlace)},
	{name: "X funds Y", typ: entities.Funds, score: 0.8,
		re:     expand(`SUBJCONJADVAUX(?:funds|funded|fund|finances|financed|finance|pays\s+for|paid\s+for|bankrolls|bankrolled|sponsors|sponsored)\s+WORDS{0,3}?(?:for\s+|of\s+)?DET(?P<to>LIST)`),
		typeOf: only(entities.Funds, notPlace, notPlace)},
	{name: "X-funded Y", nominal: true, typ: entities.Funds, score: 0.7,
		re: expand(`(?P<from>ENT)\s*-funded\s+WORDS{0,3}?(?P<to>ENT)`)},
	{name: "X supports Y", typ: entities.Supports, score: 0.75,
		re:     expand(`SUBJCONJADVAUX(?:supports|supported|support|backs|backed|assists|assisted|assist|helps|helped|equips|equipped|provides\s+support\s+to|provided\s+support\s+to)\s+DET(?P<to>LIST)`),
		typeOf: only(entities.Supports, notPlace, notPlace)},
	{name: "X relies on Y", typ: entities.Supports, score: 0.7, swap: true,
		re:     expand(`SUBJADVAUXWORDS{0,2}?(?:rely|relies|relied|relying|depend|depends|depended|depending)\s+(?:heavily\s+|largely\s+|mainly\s+)?on\s+(?P<to>LIST)`),
		typeOf: only(entities.Supports, notPlace, notPlace)},
	{name: "X ... in support of Y", typ: entities.Supports, score: 0.65,
		re: expand(`^(?:[^,` + markOpen + `]{0,40},\s*)?(?:(?:members|elements|officers|troops|units)\s+of\s+)?SUBJ[^;]{0,200}?\bin\s+support\s+of\s+(?:the\s+)?(?:government['’]s\s+)?(?P<to>LIST)`)},
	{name: "X participated in Y", typ: entities.ParticipatesIn, score: 0.75,
		re:     expand(`SUBJLADVAUX(?:participated|participates|participate|participating|took\s+part|takes\s+part|take\s+part)\s+in\s+[^;.` + markOpen + `]{0,80}?DET(?P<to>ENT)`),
		typeOf: only(entities.ParticipatesIn, notPlace, notPlace)},
	{name: "X remained active in ..., including Y", typ: entities.ParticipatesIn, score: 0.75,
		re:     expand(`SUBJADV(?:remained|remains|is|was|were|are)\s+active\s+in\s+[^;` + markOpen + `]{0,100}?(?:including|such\s+as|notably|among\s+them)\s+(?P<to>LIST)`),
		typeOf: only(entities.ParticipatesIn, notPlace, notPlace)},
	{name: "X was a pilot country of Y", typ: entities.ParticipatesIn, score: 0.75,
		re: expand(`SUBJADV(?:was|is|became|has\s+been)\s+(?:a|an)\s+(?:pilot|participating|partner|founding)\s+(?:country|state|nation|member)\s+(?:of|in)\s+DET(?P<to>ENT)`)},
	{name: "X contributes ... to Y", typ: entities.ParticipatesIn, score: 0.6,
		re:     expand(`SUBJ[^;]{0,100}?\bcontribut(?:es|ed|e|ing)\s+WORDS{0,4}?to\s+DET(?P<to>ENT)`),
		typeOf: only(entities.ParticipatesIn, notPlace, notPlace)},
	{name: "X's Operation Y", nominal: true, typ: entities.Conducts, score: 0.75,
		re: expand(`(?P<from>ENT)(?:'s|’s)\s+(?P<to>ENT)`),
		typeOf: func(from, to entities.Kind) entities.RelType {
			switch {
			case to == entities.KindOperation && notPlace(from):
				return entities.Conducts
			}
			return ""
		}},
	{name: "Country's body", nominal: true, typ: entities.PartOf, score: 0.65, swap: true,
		re: expand(`(?P<from>ENT)(?:'s|’s)\s+(?P<to>ENT)`),
		typeOf: func(from, to entities.Kind) entities.RelType {
			if from == entities.KindStateBody && to == entities.KindCountry {
				return entities.PartOf
			}
			return ""
		}},
	{name: "X launched Operation Y", typ: entities.Conducts, score: 0.8,
		re:     expand(`SUBJADVAUX(?:launched|launches|launch|conducts|conducted|conduct|leads|led|lead|runs|ran|mounted|mounts|carried\s+out|carries\s+out)\s+DET(?P<to>ENT)`),
		typeOf: only(entities.Conducts, notPlace, isOperation)},
	{name: "X degrades / dismantles / fights Y", typ: entities.Counters, score: 0.75,
		re:     expand(`SUBJCONJADVAUXWORDS{0,2}?(?:degrade|degrades|degraded|dismantle|dismantles|dismantled|fights?|fought|fighting|combat|combats|combated|combating|counter|counters|countered|neutralize|neutralized|arrested|arrests|disrupt|disrupted|disrupts|(?:conducts?|conducted|carries\s+out|carried\s+out)\s+(?:air\s*)?strikes\s+against|strikes?\s+against|pursues|pursued)\s+(?:[^;]{0,120}?(?:particularly|notably|including|such\s+as|namely|especially)\s+)?DET(?P<to>LIST)`),
		typeOf: only(entities.Counters, notPlace, isGroupK)},
	{name: "X documented ... by Y", typ: entities.Monitors, score: 0.75,
		re:     expand(`SUBJADVAUX(?:documented|documents|document|monitored|monitors|monitor|reported\s+on|investigated|recorded)\s+[^;.]{0,120}?\bby\s+DET(?P<to>ENT)`),
		typeOf: only(entities.Monitors, notPlace, notPlace)},
	{name: "X attacked / targeted Y", typ: entities.Targeted, score: 0.7,
		re: expand(`SUBJLCONJADVAUXWORDS{0,3}?(?:targeting|targeted|targets|target|attacked|attacks|attack|struck|strikes|ambushed|ambush|raided|bombed|assaulted|kidnapped|abducted)\s+(?:WORDS{0,3}?)(?P<to>LIST)`),
		typeOf: func(from, to entities.Kind) entities.RelType {
			switch {
			case !orUnknown(notPlace(from), from) || !orUnknown(notPlace(to), to):
				return ""
			case to == entities.KindArmedGroup && (from == entities.KindOperation || from == entities.KindStateBody || from == entities.KindCountry):
				return entities.Counters // a state's strikes on a group act against it
			}
			return entities.Targeted
		}},
	{name: "X ..., primarily targeting Y", typ: entities.Targeted, score: 0.65,
		re:     expand(`SUBJL[^;.` + markOpen + `]{0,120}?,\s*(?:\w+ly\s+)?(?:targeting|attacking)\s+DET(?P<to>LIST)`),
		typeOf: only(entities.Targeted, notPlace, notPlace)},
	{name: "X was preparing attacks in Y", typ: entities.Targeted, score: 0.75,
		re: expand(`SUBJADVAUXWORDS{0,2}?(?:preparing|planning|plotting|plotted|planned|prepared)\s+(?:an?\s+)?(?:attacks?|bombings?|operations?)\s+(?:in|on|against)\s+(?P<to>LIST)`)},
	{name: "elements operating in Y, particularly X", typ: entities.OperatesIn, score: 0.75, swap: true,
		re:     expand(`(?:operating|operate|operates|active|present|based)\s+(?:mainly\s+|mostly\s+|primarily\s+)?in\s+DIR(?P<from>ENT)\s*,\s*(?:particularly|notably|including|especially|such\s+as|namely)\s+(?P<to>LIST)`),
		typeOf: only(entities.OperatesIn, notPlace, isPlace)},
	{name: "X operates in Y", typ: entities.OperatesIn, score: 0.75,
		re:     expand(`SUBJLADVAUX(?:operates|operate|operated|operating|is\s+active|are\s+active|was\s+active|were\s+active|remains\s+active|is\s+present|are\s+present)\s+(?:mainly\s+|mostly\s+|primarily\s+)?in\s+DIR(?P<to>ENT)`),
		typeOf: only(entities.OperatesIn, notPlace, isPlace)},
	{name: "X extended its operations into Y", typ: entities.OperatesIn, score: 0.75,
		re:     expand(`SUBJADVAUX(?:extended|expanded|spread|moved|extends|expands)\s+(?:its|their)\s+(?:operations|activities|attacks|presence)\s+(?:into|to|across)\s+DIR(?P<to>ENT)`),
		typeOf: only(entities.OperatesIn, notPlace, isPlace)},
	{name: "X ... deployment to Y", typ: entities.OperatesIn, score: 0.7,
		re:     expand(`^(?:[^,` + markOpen + `]{0,40},\s*)?(?:(?:members|elements|officers|troops|units)\s+of\s+)?SUBJ[^;.]{0,160}?\b(?:deployment|deployed|redeployed)\s+WORDS{0,2}?(?:to|in|into)\s+DET(?P<to>ENT)`),
		typeOf: only(entities.OperatesIn, notPlace, isPlace)},
	{name: "X camp/convoy/outpost in Y", nominal: true, typ: entities.OperatesIn, score: 0.6,
		re:     expand(`(?P<from>ENT)\s+(?:[Ss]upercamp|camp|convoy|outpost|base|patrol|compound|post|positions?|WORDS{1,2}compound)(?:\s+and\s+WORDS{0,2}?(?P<with>ENT)\s+(?:[Ss]upercamp|camp|convoy|outpost|base|patrol|post))?\s+in\s+(?P<to>ENT)`),
		typeOf: only(entities.OperatesIn, notPlace, isPlace)},
	{name: "headquarters of X in Y", nominal: true, typ: entities.LocatedIn, score: 0.7,
		re:     expand(`headquarters\s+of\s+DET(?P<from>ENT)\s+in\s+(?P<to>ENT)`),
		typeOf: only(entities.LocatedIn, nil, isPlace)},
	{name: "In Place, ... at the Facility", nominal: true, typ: entities.LocatedIn, score: 0.6,
		re:     expand(`^In\s+(?P<to>ENT)\s*,[^;]*?\bat\s+the\s+(?:new\s+|former\s+)?(?P<from>ENT)`),
		typeOf: only(entities.LocatedIn, func(k entities.Kind) bool { return k == entities.KindInitiative || k == entities.KindStateBody }, isPlace)},
	{name: "X is based in Y", typ: entities.LocatedIn, score: 0.75,
		re:     expand(`(?P<from>ENT)\s*,?\s+(?:is\s+|are\s+|was\s+)?(?:based|headquartered|located)\s+in\s+DET(?P<to>ENT)`),
		typeOf: only(entities.LocatedIn, nil, isPlace)},
	{name: "Place, Region", nominal: true, typ: entities.LocatedIn, score: 0.7,
		re:     expand(`(?P<from>ENT)\s*,\s*(?P<to>ENT)(?:\s*[,.;)]|\s+(?:approximately|about|some|near|on|in|killing|where)\b|$)`),
		typeOf: nil},
	{name: "X renamed itself Y", typ: entities.RenamedTo, score: 0.7,
		re:     expand(`SUBJCONJADVAUX(?:renamed|rebranded|changed\s+its\s+name\s+to|called\s+itself|calls\s+itself|took\s+the\s+name|adopted\s+the\s+name|became\s+known\s+as)\s+(?:itself\s+)?(?:as\s+)?DET(?P<to>ENT)`),
		typeOf: only(entities.RenamedTo, isGroupK, isGroupK)},
}

// triggers are words one of which a sentence must hold (in lower case) for a
// rule to be tried at all: most sentences hold none, and the expressions are
// the cost of drafting.
var triggers = map[string][]string{
	"umbrella group that formed after X, Y and Z merged": {"merged", "joined", "united", "combined"},
	"X, Y and Z merged / joined together to form W":      {"merged", "joined", "united", "combined", "came together", "fused"},
	"X merged with Y":                                  {"merged", "fused"},
	"X split from / broke away from Y":                 {"split", "splinter", "broke", "broken", "defected", "separated", "seceded"},
	"X, a splinter of Y":                               {"splinter", "offshoot", "breakaway"},
	"X, a branch/faction of Y":                         {"branch", "faction", "wing", " arm ", "franchise", "province"},
	"X pledged allegiance to Y":                        {"allegiance", "loyalty", "bay"},
	"X was founded by P":                               {"founded", "created", "formed", "established", "set up"},
	"P took over / leads X":                            {"took over", "lead", "led", "head", "command"},
	"X reports to / is subordinate to / falls under Y": {"report", "answer", "subordinate", "fall", "fell", "sits", "placed", "come"},
	"X under Y":                                        {"under"},
	"X is part of / a unit of Y":                       {"part", "unit", "component", "division", "department", "section", "element"},
	"X, an [adjective] Y unit":                         {"unit", "component", "wing", "division", "squadron", "team"},
	"X is a member of Y":                               {"member"},
	"X joined Y":                                       {"joined", "entered"},
	"X cooperates/works with Y":                        {"cooperat", "collaborat", "work", "partner", "allied", "allies"},
	"Cooperating with Y, X ...":                        {"cooperating", "working", "collaborating", "partnering"},
	"X remained a [Y] partner":                         {"partner"},
	"X is a partner of Y":                              {"partner"},
	"X coordinates with Y":                             {"coordinat"},
	"X and Y were coordinating":                        {"coordinating", "cooperating", "collaborating"},
	"X trains Y":                                       {"train"},
	"X funds Y":                                        {"fund", "financ", "pays", "paid", "bankroll", "sponsor"},
	"X-funded Y":                                       {"-funded"},
	"X supports Y":                                     {"support", "back", "assist", "help", "equip"},
	"X relies on Y":                                    {"rel", "depend"},
	"X ... in support of Y":                            {"in support of"},
	"X participated in Y":                              {"participat", "took part", "takes part", "take part"},
	"X remained active in ..., including Y":            {"active in"},
	"X was a pilot country of Y":                       {"pilot", "participating", "partner", "founding"},
	"X contributes ... to Y":                           {"contribut"},
	"X's Operation Y":                                  {"'s", "’s"},
	"Country's body":                                   {"'s", "’s"},
	"X launched Operation Y":                           {"launch", "conduct", "lead", "led", "run", "ran", "mount", "carr"},
	"X degrades / dismantles / fights Y":               {"degrad", "dismantl", "fight", "fought", "combat", "counter", "neutraliz", "arrest", "disrupt", "strike", "pursu"},
	"X documented ... by Y":                            {"document", "monitor", "reported on", "investigated", "recorded"},
	"X attacked / targeted Y":                          {"target", "attack", "struck", "strike", "ambush", "raided", "bombed", "assaulted", "kidnapped", "abducted"},
	"X ..., primarily targeting Y":                     {"targeting", "attacking"},
	"X was preparing attacks in Y":                     {"preparing", "planning", "plotting", "plotted", "planned", "prepared"},
	"elements operating in Y, particularly X":          {"operat", "active", "present", "based"},
	"X operates in Y":                                  {"operat", "active", "present"},
	"X extended its operations into Y":                 {"extend", "expand", "spread", "moved"},
	"X ... deployment to Y":                            {"deploy"},
	"X camp/convoy/outpost in Y":                       {"camp", "convoy", "outpost", "base", "patrol", "compound", "post", "position"},
	"headquarters of X in Y":                           {"headquarters"},
	"X is based in Y":                                  {"based", "headquartered", "located"},
	"Place, Region":                                    {","},
	"X renamed itself Y":                               {"renamed", "rebranded", "name", "called itself", "calls itself", "known as"},
}

// triggered reports whether the lower-cased sentence may match r.
func triggered(r rule, lower string) bool {
	words, ok := triggers[r.name]
	if !ok {
		return true
	}
	for _, w := range words {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}
