package draft

import (
	"github.com/graphapi/graphapi/internal/entities"
)

// A frame is how reports state one relationship type: its trigger words with
// their argument roles, as data. F is the relationship's from, T its to; <F
// and <T are a subject, found leftwards past auxiliaries, appositions,
// relative pronouns and coordinated verbs; F1 and T1 are one name, F and T a
// list ("A, B and C"); POSS-T is "Y's" or "its" (the owner); COP a copula
// ("is", "became", "was treated as"); AUX auxiliaries and adverbs; ~N up to N
// words; ... up to 14 tokens of the clause; a|b one of these words (a? if
// optional); !a|b none of these next; ^ the sentence's start; &a|b|$ one of
// these next (or the end).
//
// A frame gives its forms in three ways, which the engine turns into patterns:
//   - verb: the active form ("split|broke away? from", the object after it):
//     "<F AUX verb T";
//   - passive: the participle that takes an agent ("founded|created by"):
//     "<T AUX passive F" and its reduced forms "T1, [a group] passive F";
//   - noun and prep: a relational noun ("splinter|offshoot" "of|from"):
//     apposition "F1, a [new] noun prep T", copula "<F COP a noun prep T",
//     and, with poss, the possessive "T's noun F1", "F1, T's noun",
//     "<F COP T's noun"; with reverse the head is the to ("T1, an umbrella of F");
//   - pats: patterns written out.
type frame struct {
	name    string
	typ     entities.RelType
	verb    string
	passive string
	noun    string
	prep    string
	poss    bool
	reverse bool
	pats    []string
	score   float64
	kinds   func(from, to entities.Kind) entities.RelType
	pair    bool // every two names of the match (A and B were coordinating)
	nominal bool // no verb of its own: a date the sentence opens with is not its start
	noSince bool // a state with no start the sentence gives ("based in")
	// minNames: the match must name at least this many from ends (an umbrella
	// "formed by" several groups merged; one group forming another did not).
	minFroms int
}

type compiledFrame struct {
	frame
	pats []pattern
}

var compiledFrames = compileFrames(frames)

func compileFrames(fs []frame) []compiledFrame {
	out := make([]compiledFrame, 0, len(fs))
	for _, f := range fs {
		cf := compiledFrame{frame: f}
		for _, src := range f.expand() {
			cf.pats = append(cf.pats, compilePattern(src))
		}
		out = append(out, cf)
	}
	return out
}

// expand writes out the patterns of a frame's verb, passive and noun forms.
func (f frame) expand() []string {
	pats := append([]string(nil), f.pats...)
	if f.verb != "" {
		pats = append(pats, "<F AUX "+f.verb+" T")
	}
	if f.passive != "" {
		pats = append(pats,
			"<T AUX is|are|was|were|been|being|be AUX ~3/and|or|trained|funded|equipped|supported|financed|armed|backed|advised|mentored|assisted "+f.passive+" F",
			"= T1 ,|–|( a|an|the|one? ~4/-and|or|but|both|all|is|are|was|were|has|have|had|be|been "+f.passive+" F")
	}
	if f.noun != "" {
		head, tail := "F1", "T"
		subj := "<F"
		if f.reverse {
			head, tail, subj = "T1", "F", "<T"
		}
		pats = append(pats,
			"= "+head+" ,|–|( a|an|the|one|itself|now|once|originally|formerly|also ~4 "+f.noun+" "+f.prep+" "+tail,
			subj+" COP a|an|the|one? ~4 "+f.noun+" "+f.prep+" "+tail)
		if f.poss && !f.reverse {
			pats = append(pats,
				"= POSS-T ~3 "+f.noun+" ~2/and|or|founder|co-founder|leader|emir|chief|commander ,|–? F1",
				"= POSS-T ~3 "+f.noun+" in|for ~3 X ,|– F1",
				"= F1 , POSS-T ~3 "+f.noun,
				"<F COP POSS-T ~3 "+f.noun)
		}
	}
	return pats
}

// kind tests for frames.
func isPerson(k entities.Kind) bool { return k == entities.KindPerson }
func isBody(k entities.Kind) bool {
	return k == entities.KindInternational || k == entities.KindInitiative
}
func isArmedOrBody(k entities.Kind) bool { return k == entities.KindArmedGroup || isBody(k) }

// groups: both ends armed groups (or of a kind the draft does not know).
var groups = only("", isGroupK, isGroupK)

func typed(t entities.RelType, fromOK, toOK func(entities.Kind) bool) func(from, to entities.Kind) entities.RelType {
	return only(t, fromOK, toOK)
}

// mergedOrMember: groups that merge into one are MERGED_INTO it; states that
// form a body remain themselves and are members.
func mergedOrMember(from, to entities.Kind) entities.RelType {
	switch {
	case from == entities.KindPerson || to == entities.KindPerson || !orUnknown(notPlace(from), from) || !orUnknown(notPlace(to), to):
		return ""
	case from == entities.KindCountry || from == entities.KindStateBody:
		return entities.MemberOf
	}
	return entities.MergedInto
}

// underOf: "X under Y": a state body answers to a state body; a force under a
// body of states is part of it.
func underOf(from, to entities.Kind) entities.RelType {
	switch {
	case !orUnknown(notPlace(from), from) || !orUnknown(notPlace(to), to) || from == entities.KindPerson:
		return ""
	case to == entities.KindStateBody:
		return entities.ReportsTo
	case isBody(to) || to == "" && isBody(from):
		return entities.PartOf
	case to == "":
		return entities.ReportsTo
	}
	return ""
}

// includes: "Y, which includes A and B": a body of states has members, an
// alliance of groups was formed by them.
func includes(from, to entities.Kind) entities.RelType {
	switch {
	case isBody(to) && orUnknown(notPlace(from), from) && from != entities.KindPerson:
		return entities.MemberOf
	case (to == entities.KindArmedGroup || to == "") && (from == entities.KindArmedGroup || from == ""):
		return entities.MergedInto
	}
	return ""
}

// branchOrPart: a group's wing is its branch; a state body's or a body of
// states' wing is part of it.
func branchOrPart(from, to entities.Kind) entities.RelType {
	switch {
	case !orUnknown(notPerson(from), from) || !orUnknown(notPerson(to), to):
		return ""
	case (from == entities.KindArmedGroup || from == "") && to != entities.KindStateBody:
		return entities.BranchOf
	}
	return entities.PartOf
}

// absorbed: groups absorbed into another merge into it; a state's troops
// absorbed into a mission take part in it.
func absorbed(from, to entities.Kind) entities.RelType {
	switch {
	case (from == entities.KindStateBody || from == entities.KindCountry) && (isBody(to) || to == entities.KindOperation):
		return entities.ParticipatesIn
	case !orUnknown(notPerson(from), from) || !orUnknown(notPerson(to), to):
		return ""
	}
	return entities.MergedInto
}

// hosted: a city hosts a body located in it; a country hosts an exercise or
// a force that operates in it.
func hosted(from, to entities.Kind) entities.RelType {
	switch {
	case !orUnknown(notPlace(from), from) || from == entities.KindCountry:
		return ""
	case to == entities.KindPlace:
		return entities.LocatedIn
	case to == entities.KindCountry:
		return entities.OperatesIn
	}
	return ""
}

// conducts: an operation, named as one, is conducted.
func conducts(from, to entities.Kind) entities.RelType {
	if to == entities.KindOperation && orUnknown(notPlace(from), from) {
		return entities.Conducts
	}
	return ""
}

// possessivePart: "Niger's National Police" (a country's body), "the African
// Union's ACSRT" (a body of a body of states).
func possessivePart(from, to entities.Kind) entities.RelType {
	switch {
	case from == entities.KindStateBody && to == entities.KindCountry:
		return entities.PartOf
	case (isBody(from) || from == "") && to == entities.KindInternational:
		return entities.PartOf
	case from == entities.KindPlace && (to == entities.KindCountry || to == entities.KindPlace):
		return entities.LocatedIn // "Egypt's Sinai Peninsula", "Nairobi's Westlands district"
	}
	return ""
}

// targets: a state's strikes on a group act against it.
func targets(from, to entities.Kind) entities.RelType {
	switch {
	case !orUnknown(notPlace(from), from) || !orUnknown(notPlace(to), to):
		return ""
	case to == entities.KindArmedGroup && (from == entities.KindOperation || from == entities.KindStateBody || from == entities.KindCountry):
		return entities.Counters
	}
	return entities.Targeted
}

const (
	mergeVerbs   = "merged|merge|merges|merging|joined|join|united|unite|unified|combined|combine|fused|amalgamated"
	splitVerbs   = "split|splits|splitting|splintered|splinters|splinter|broke|broken|breaks|break|breaking|defected|defect|seceded|separated|separates|hived|spun|emerged"
	attackVerbs2 = "targeting|targeted|targets|target|attacked|attacks|attack|struck|strikes|ambushed|ambush|raided|bombed|assaulted|kidnapped|abducted"
	counterVerbs = "degrade|degrades|degraded|degrading|dismantle|dismantles|dismantled|dismantling|fights|fight|fought|fighting|combat|combats|combated|combating|counter|counters|countered|countering|neutralize|neutralized|neutralise|neutralised|arrested|arrests|disrupt|disrupted|disrupts|pursues|pursued|pursue|pursuing|defeat|defeated|defeats|expelled|ousted|routed|dislodged|repelled"
	leadNouns    = "leader|emir|head|chief|commander|amir"
	// dirWords may stand between "in" and a place: "in northern and central Mali".
	dirWords = "northern|southern|eastern|western|central|north|south|east|west|northeastern|northwestern|southeastern|southwestern|and|the|parts|part|of|much|most"
	// placeWords: the stretch of a place a group holds: "on the islands and
	// shores of Lake Chad", "in the mountains of the Bari region".
	placeWords = dirWords + "|islands|island|shores|shore|banks|areas|area|border|borders|mountains|hills|countryside|forests|forest|rural"
)

var frames = []frame{
	// Lineage.
	{name: "A, B and C merged / joined together to form Y", typ: entities.MergedInto, score: 0.85, kinds: mergedOrMember,
		pats: []string{"<F AUX " + mergeVerbs + " together|forces? together|forces? to|into|as|under form|create|establish|found|launch|become? the|a|an? new? ~3 banner|name|umbrella|flag? of? T"}},
	{name: "X merged with Y to form Z", typ: entities.MergedInto, score: 0.85, kinds: mergedOrMember,
		pats: []string{
			"<F AUX merged|merge|merges|merging|fused|united|joined|combined with F to form|create|establish|found|launch|become ~3 called|named? T",
			"<F AUX merged|merge|merges|merging|fused|united|joined|combined with ~6/-and to form|create|establish|found|launch|become ~3 called|named? T"}},
	{name: "X merged with Y", typ: entities.MergedInto, score: 0.6, kinds: typed(entities.MergedInto, notPerson, notPerson),
		pats: []string{"<F AUX merged|fused with T !to|and|,"}},
	{name: "X was absorbed into Y", typ: entities.MergedInto, score: 0.8, kinds: absorbed,
		verb: "merged|merge|merges|absorbed|folded|integrated|subsumed|incorporated|dissolved into|within"},
	{name: "X was dissolved and replaced by Y", typ: entities.MergedInto, score: 0.7, kinds: typed(entities.MergedInto, notPlace, notPlace),
		pats: []string{"<F AUX dissolved|disbanded|abolished|replaced ~3 and? replaced|succeeded|superseded by T1"}},
	{name: "A, B and C created Y", typ: entities.MemberOf, score: 0.75,
		kinds: typed(entities.MemberOf, func(k entities.Kind) bool { return k == entities.KindCountry }, isBody),
		pats:  []string{"<F AUX create|created|creates|founded|found|founds|formed|form|forms|established|establish|establishes|launched|launch|set ~1 up? T1"}},
	{name: "Y was created when A, B and C merged", typ: entities.MergedInto, score: 0.8, kinds: mergedOrMember,
		pats: []string{
			"<T AUX created|formed|founded|established|launched|born|announced|emerged ... when|after|as F AUX " + mergeVerbs + "|came|joined",
			"<T AUX created|formed|founded|established|launched|born|emerged ~4 from|through|by|in|after|out the? merger|union|fusion|amalgamation|alliance|coalition of F",
			"T1 ,|– ~6 merger|fusion|amalgamation of F",
			"T1 ,|– a|an|the ~3 that|which AUX formed|created|emerged|established|born after|when|from F AUX merged|joined|united|combined|fused"}},
	{name: "Y, an umbrella of A, B and C", typ: entities.MergedInto, score: 0.75, kinds: includes, reverse: true,
		noun: "umbrella|coalition|alliance|merger|union|amalgamation|grouping|federation|front ~2 group|organization|organisation|alliance|coalition?", prep: "of|for|uniting|comprising|including|grouping|joining|bringing"},
	{name: "Y, which brings together A, B and C", typ: entities.MergedInto, score: 0.7, kinds: includes,
		pats: []string{"<T AUX brings|brought|bringing|unites|united|groups|grouped|includes|included|including|comprises|comprised|comprising|incorporates|incorporated together? F"}},
	{name: "the umbrella group formed by A, B and C", typ: entities.MergedInto, score: 0.75, kinds: mergedOrMember, minFroms: 2,
		passive: "formed|created|founded|established|launched|set ~1 up? ~4 by|from"},
	{name: "X split from / broke away from Y", typ: entities.SplitFrom, score: 0.85, kinds: typed(entities.SplitFrom, notPerson, notPerson),
		verb: splitVerbs + " away|off|out? ~3 from|with",
		// "The group was created by P, who broke away from Y": the group did.
		pats: []string{"<F AUX created|founded|formed|established|led by X , who AUX " + splitVerbs + " away|off|out? from T"},
		noun: "splinter|offshoot|breakaway|spin-off|spinoff|dissident|rival ~1 group|faction|cell|wing|movement?", prep: "of|from"},
	{name: "Once part of Y, X became a separate organization", typ: entities.SplitFrom, score: 0.8, kinds: typed(entities.SplitFrom, notPerson, notPerson),
		pats: []string{
			"once|formerly|originally|previously ~2 part|member|faction|wing|branch|unit of T , F1 ~2 became|becoming|is|was|emerged|operates|operated|has|had ~4 separate|independent|distinct|autonomous|own",
			"<F AUX left|quit|abandoned T ~3 to form|create|found|establish",
			"<F AUX emerged|arose|grew|born ~1 from|out of? a|an ~2 split|quarrel|rift|dispute|schism|splinter|faction|split-off|breakaway inside|within|in|of T",
		}},
	{name: "X, a branch of Y", typ: entities.BranchOf, score: 0.8, kinds: branchOrPart, poss: true, nominal: true,
		pats: []string{"formed|created|established|founded|launched|set F1 ~6 as POSS-T ~2 branch|wing|arm|affiliate|franchise|front"},
		noun: "branch|faction|wing|arm|franchise|province|battalion|katiba|chapter|brigade", prep: "of|within"},
	{name: "X pledged allegiance to Y", typ: entities.AffiliateOf, score: 0.85, kinds: typed(entities.AffiliateOf, notPerson, notPerson),
		verb: "pledged|pledges|pledge|pledging|swore|swears|swear|sworn|swearing|renewed|declared|declares|gave|offered|gives|announced its|his|their? allegiance|loyalty|bay'a|bay’a|baya|bayat|oath|fealty ~3 to",
		pats: []string{
			"<T AUX accepted|accepts|received|welcomed ~2 allegiance|pledge|bay'a|bay’a of F",
			"<F AUX affiliated|aligned|allied with|to T"},
		noun: "affiliate|ally|satellite|proxy", prep: "of|to"},
	{name: "X is a Y affiliate", typ: entities.AffiliateOf, score: 0.75, kinds: typed(entities.AffiliateOf, notPerson, notPerson), nominal: true,
		pats: []string{
			"<F COP a|an|the ~2 T1 ~1 affiliate|franchise|ally|offshoot|proxy",
			"= F1 , a|an|the ~2 T1 ~1 affiliate|franchise|ally|offshoot|proxy"}},
	{name: "X renamed itself Y", typ: entities.RenamedTo, score: 0.75, kinds: typed(entities.RenamedTo, notPlace, notPlace),
		pats: []string{
			"<F AUX renamed|rebranded|renames|rebrands|rechristened itself|themselves? as|to? T1",
			"<F AUX took|adopted|assumed|took|acquired|takes|adopt|assumes the|a? new? name ~1 of? T1",
			"<F AUX changed|changes|shortened|shortens|shortening|changing its|their? name to T1",
			"<F AUX became|becomes T1",
			"<F AUX became|become|becomes known as T1",
			"<F AUX began|started calling|to call itself T1",
			"<F AUX calls|called itself T1",
			"T1 ( formerly|previously|once|ex known? as? F )",
			"T1 , formerly|previously known? as? F &,|.|;|)|$",
		}},
	// Institutions.
	{name: "X reports to Y", typ: entities.ReportsTo, score: 0.85, kinds: typed(entities.ReportsTo, notPlace, notPlace),
		verb: "reports|report|reported|reporting|answers|answer|answered|answering|accountable|subordinate|subordinated|responsible directly? to both?",
		pats: []string{
			"<F AUX falls|fall|fell|falling|sits|sit|sat|comes|come|came|placed|operates|operate|operating|working|works|serves|serve|functions|is|are|was|were|remains directly? under the? authority|control|supervision|direction|responsibility|aegis|oversight|tutelage|command? of? T",
			"<F , all|both|each|which|respectively operating|working|placed|falling|functioning|operate|fall|are|is? under the? authority|control|supervision|direction|responsibility|aegis|oversight|tutelage? of? T",
			"F1 officials|officers|members|personnel|units|staff|agents AUX report|reports|reported|answer|answers to T",
			"<F COP a|an ~4 operating|working|placed|functioning|housed|sitting under|within the? authority|control|supervision|direction|responsibility|aegis|oversight? of? T"}},
	{name: "X under Y", typ: entities.ReportsTo, score: 0.7, kinds: underOf, nominal: true,
		pats: []string{
			"F1 officials|officers|members|personnel|units|staff|agents? under the? authority|control|supervision|direction|responsibility|aegis|oversight? of? T1",
			"F1 ,|( a|an ~6 under the? authority|control|supervision|direction|responsibility|aegis|oversight? of? T1"}},
	{name: "X is overseen by Y", typ: entities.ReportsTo, score: 0.7, kinds: typed(entities.ReportsTo, notPlace, func(k entities.Kind) bool { return k == entities.KindStateBody }),
		pats: []string{"<F AUX overseen|supervised|controlled|administered|directed|managed ~2 by T"}},
	{name: "X is part of Y", typ: entities.PartOf, score: 0.8, kinds: typed(entities.PartOf, notPlace, notPlace), nominal: true, poss: true,
		noun: "part|unit|component|division|department|section|subunit|sub-unit|element|directorate|organ|body|service|agency|office|cell|force|team|squadron", prep: "of|within|in|inside|attached",
		pats: []string{
			"<F COP ~2 part of T",
			"<F AUX housed|embedded|located|sits|placed|situated within|inside T",
			"F1 , a|an ~3 T1 ~3 unit|component|wing|division|squadron|team|force"}},
	{name: "Country's body", typ: entities.PartOf, score: 0.65, nominal: true,
		kinds: possessivePart,
		pats:  []string{"POSS-T F1"}},
	{name: "X is a member of Y", typ: entities.MemberOf, score: 0.85, kinds: typed(entities.MemberOf, notPlace, notPlace),
		noun: "member|members|signatory|signatories|participant|party ~1 state|states|country|countries|nation|nations|group|groups|organization|organisation|faction|movement|body?", prep: "of|in|to",
		pats: []string{
			"member|founding ~1 states|countries|nations|members of T1 ~2 include|includes|included|are|were|comprise|comprises ~2 F",
			"<F AUX acceded|admitted|accepted ~1 to|into|as T"}},
	{name: "P, a spokesman of Y", typ: entities.MemberOf, score: 0.65, kinds: typed(entities.MemberOf, isPerson, notPlace), nominal: true,
		noun: "spokesman|spokesperson|member|official|operative|cadre|fighter|ideologue|recruiter|financier", prep: "of|for|in"},
	{name: "X joined Y", typ: entities.MemberOf, score: 0.6, kinds: typed(entities.MemberOf, notPlace, func(k entities.Kind) bool { return isBody(k) }),
		pats: []string{"<F AUX joined|joins|join|entered T !to|together|forces"}},
	{name: "X cooperates with Y", typ: entities.CooperatesWith, score: 0.8, kinds: typed(entities.CooperatesWith, notPlace, notPlace),
		verb: "cooperates|cooperate|cooperated|cooperating|collaborates|collaborate|collaborated|collaborating|works|work|worked|working|partners|partner|partnered|partnering|allied|teamed|team|continued|fought|fighting ~1 closely|together|jointly? with|alongside",
		pats: []string{
			"<F AUX ~2 its|their work|cooperation|collaboration|partnership ~1 with T",
			"<F AUX ~3/-suspends|suspended|suspend|cut|cuts|severed|severs|sever|broke|ended|ends|end|no links|ties|contacts|connections|relations|relationship|relationships with T",
			"<F AUX ~4 in cooperation|partnership|collaboration|conjunction|tandem with T",
			"POSS-F ~2 cooperation|collaboration|partnership|alliance|work with T",
			"<F COP a|an ~3 partner|ally|partners|allies of|to|with T",
			"<F COP a|an ~2 T1 ~2 partner|ally",
			"<F COP one|among of? POSS-T ~3 partner|partners|ally|allies",
			"^ cooperating|working|collaborating|partnering closely? with T ... , F1"}},
	{name: "cooperation between A and B", typ: entities.CooperatesWith, score: 0.7, kinds: typed(entities.CooperatesWith, notPlace, notPlace), pair: true, nominal: true,
		pats: []string{
			"cooperation|collaboration|partnership|alliance|ties|links|contacts|relations|cooperating|collusion between|among F",
			"F AUX cooperate|cooperated|cooperates|collaborate|collaborated|worked|work|fought|operated|operate|allied together|jointly|closely"}},
	{name: "X coordinates with Y", typ: entities.CoordinatesWith, score: 0.8, kinds: typed(entities.CoordinatesWith, notPlace, notPlace),
		verb: "coordinates|coordinate|coordinated|coordinating ~3 with",
	},
	{name: "A and B were coordinating", typ: entities.CoordinatesWith, score: 0.6, kinds: typed(entities.CoordinatesWith, notPlace, notPlace), pair: true,
		pats: []string{
			"F AUX coordinating|cooperating|collaborating|coordinated|coordinate|coordinates ~2/their|its|efforts|operations|attacks|activities &,|.|;|$|in|on|with|to",
			"coordination between|among F"}},
	{name: "X trains Y", typ: entities.Trains, score: 0.8, kinds: typed(entities.Trains, notPlace, notPlace),
		verb:    "trains|trained|train|training|mentors|mentored|mentor",
		passive: "trained|mentored ~3 by",
		pats: []string{
			"<F AUX provides|provided|provide|offered|offers|delivered|delivers|gave|gives|conducted|conducts ~2 training|instruction|courses ~3 to|for T",
			"<T AUX received|receives|receive|got|underwent ~2 training|instruction ~3 from F"}},
	{name: "X funds Y", typ: entities.Funds, score: 0.8, kinds: typed(entities.Funds, notPlace, notPlace),
		verb:    "funds|funded|fund|finances|financed|finance|bankrolls|bankrolled|sponsors|sponsored ~3 for|of?",
		passive: "funded|financed|bankrolled|sponsored ~3 by",
		pats: []string{
			"<F AUX pays|paid|pay for ~3 for|of? T",
			"<F AUX provides|provided|provide|gave|gives|committed|pledged|granted|allocated ~3 funding|funds|financing|money|million|grants|grant ~3 to|for T",
			"F1 - funded|financed|sponsored ~3 T1"}},
	{name: "X supports Y", typ: entities.Supports, score: 0.75, kinds: typed(entities.Supports, notPlace, notPlace),
		verb:    "supports|supported|support|backs|backed|back|assists|assisted|assist|helps|helped|help|equips|equipped|equip|aids|aided",
		passive: "supported|backed|assisted|equipped|aided ~3 by",
		pats: []string{
			"<F AUX provides|provided|provide|offered|offers|gave|gives|lent|lends|extended ~2 support|assistance|equipment|aid|backing|logistics|intelligence ~3 to|for T",
			"<T AUX ~4 with the support|help|backing|assistance of F",
			"<T AUX ~2 rely|relies|relied|relying|depend|depends|depended|depending heavily|largely|mainly? on F",
			"<F ... in support of the? ~1 's? T"}},
	{name: "X hosts Y", typ: entities.LocatedIn, score: 0.65, kinds: hosted,
		pats: []string{"<T AUX hosts|hosted|host|hosting ~2 F"}},
	{name: "X participated in Y", typ: entities.ParticipatesIn, score: 0.75, kinds: typed(entities.ParticipatesIn, notPlace, notPlace),
		pats: []string{
			"<F AUX participated|participates|participate|participating|took|takes|take part? in ~6 T1",
			"<F AUX remained|remains|is|was|were|are active in ... including|such|notably|among as|them? T",
			"<F COP a|an pilot|participating|partner|founding country|state|nation of|in T1",
			"<F COP a|an ~2 partner|participant in T1",
			"<F ... contributes|contributed|contribute|contributing ~4 to T1"}},
	{name: "X serves in Y", typ: entities.ParticipatesIn, score: 0.7, kinds: typed(entities.ParticipatesIn, notPlace, func(k entities.Kind) bool { return isBody(k) || k == entities.KindOperation }),
		pats: []string{"<F AUX serve|serves|served|serving|deployed|deploy|deploys|contributes|contributed troops|forces|soldiers? in|with|to T1"}},
	{name: "whose troops come from A, B and C", typ: entities.ParticipatesIn, score: 0.7, kinds: typed(entities.ParticipatesIn, func(k entities.Kind) bool { return k == entities.KindCountry || k == "" }, notPlace),
		pats: []string{
			"T1 ,|–|( whose|its|with troops|forces|soldiers|contingents|personnel|units AUX come|came|drawn|are|were|provided|contributed ~1 from|by F",
			"troops|forces|soldiers|contingents from F AUX ~2 serve|served|serving|deployed|participate|participated in|with|to T1",
			"<T AUX brings|brought|bringing|groups|grouped|unites|united|comprises|includes together? troops|soldiers|forces|contingents|units|personnel from F"}},
	{name: "X launched Operation Y", typ: entities.Conducts, score: 0.8, kinds: conducts,
		passive: "launched|conducted|led|mounted|run|organized|organised ~2 by",
		pats: []string{
			"<F AUX launched|launches|launch|conducts|conducted|conduct|leads|led|lead|runs|ran|mounted|mounts|carried|carries|initiated out? T1",
			"POSS-F T1"}},
	{name: "X fights Y", typ: entities.Counters, score: 0.75, kinds: typed(entities.Counters, notPlace, isGroupK),
		pats: []string{
			"<F AUX ~2 " + counterVerbs + " T",
			"<F AUX ~2 " + counterVerbs + " ... particularly|notably|including|namely|especially|such as? T",
			"<F AUX conducts|conducted|conduct|carries|carried|launched ~1 out? ~2 strikes|operations|raids|offensives against T",
			"launched|began|started|conducted|mounted F1 ~4 against T",
			"= F1 , a|an|the ~3 offensive|operation|campaign|crackdown against T",
			"= F1 , launched|begun|started|conducted|mounted ... against T",
			"<F COP ~6 unit|units|force|forces|brigade|battalion fighting|combating|countering T",
			"<F AUX launched|conducted|mounted|began|started ~1 by ... against T",
			"<F AUX concentrated|focused|directed|intensified|stepped|turned ~1 up? its|their operations|strikes|efforts|campaign|fire against T",
			"<F AUX ~2 strikes|strike|offensive|offensives|operations|campaign against T",
			"<T AUX dismantled|disrupted|neutralized|degraded|pursued|fought|countered|defeated|expelled|ousted|routed|targeted|struck ~3 by F"}},
	{name: "X monitors Y", typ: entities.Monitors, score: 0.75, kinds: typed(entities.Monitors, notPlace, notPlace),
		pats: []string{
			"<F AUX documented|documents|document|recorded|investigated|reported ~1 on? ... by T1",
			"<F AUX monitors|monitor|monitored|monitoring|tracks|track|tracked|tracking|surveils|surveilled T"}},
	{name: "X attacked Y", typ: entities.Targeted, score: 0.7, kinds: targets,
		pats: []string{
			"<F AUX ~3/-by|of|from|claimed|claim|claims|claiming|denied " + attackVerbs2 + " ~3/-by|of|from T",
			"<F ... , ~1 primarily|mainly|mostly|often|largely? targeting|attacking T",
			"<T AUX attacked|targeted|ambushed|raided|bombed|kidnapped|abducted|threatened|struck ~3 by F",
			"<F AUX concentrated|focused|directed|turned its|their attacks|raids|assaults|violence on|against T",
			"<T AUX faced|faces|face|suffered|suffers|experienced|endured|saw|weathered ~2 attacks|attack|raids|strikes|assaults|violence|threats by|from F"}},
	{name: "X was preparing attacks in Y", typ: entities.Targeted, score: 0.75,
		pats: []string{"<F AUX ~2 preparing|planning|plotting|plotted|planned|prepared an? attacks|attack|bombings|bombing|operations|operation in|on|against T"}},
	{name: "X operates in Y", typ: entities.OperatesIn, score: 0.75, kinds: typed(entities.OperatesIn, notPlace, isPlace),
		pats: []string{
			"<F AUX operates|operate|operated|operating|active|present|concentrated|strongest|entrenched|dominant ~2/above|all|mainly|mostly|primarily|largely|chiefly|principally|especially|particularly|notably|increasingly in|across|throughout|around|on ~5/" + placeWords + " T",
			"<F COP centred|centered|centring|centering mainly|mostly|primarily? on|in|around ~5/" + placeWords + " T",
			"= F1 , centred|centered mainly|mostly|primarily? on|in|around ~5/" + placeWords + " T",
			"<F AUX dominates|dominated|dominate|controls|controlled|control ~5/" + placeWords + " T1",
			"<F AUX took|takes|take|seized|seizes|gained|gains|assumed control of ~5/" + placeWords + " T1",
			"<F AUX pursued|pursues|chased|chases ~4 across|into ~3/the|border|frontier|into|and T",
			"= F1 , launched|begun|started|conducted ~1 in ~3/" + placeWords + " T1",
			"= F1 , a|an|the ~3 offensive|operation|campaign|crackdown against ~2 X ~2 in ~3/" + placeWords + " T",
			"<F COP active|present mainly|mostly|primarily? in|across|throughout ~5/" + dirWords + " T1",
			"<F AUX extended|expanded|spread|moved|extends|expands|shifted its|their operations|activities|attacks|presence into|to|across ~5/" + dirWords + " T1",
			"<F ... deployed|redeployed|deploys|deploy ~2 to|in|into T1",
			"<F ... its|a|the|first|new ~2 deployment|deployments ~2 to|in|into T1",
			"F1 supercamp|camp|convoy|outpost|base|patrol|compound|post|position|positions|stronghold|strongholds in T1",
			"<F AUX fighting|fought|fights|fight in|across|throughout ~3/" + dirWords + " T",
			"= F1 , a|an|the|two|three|both ~3 group|groups|organization|organisation|faction|factions|movement|movements|militia|militias active|operating|based|present? in|across ~3/" + dirWords + " T",
			"= F1 , covering|spanning|straddling T",
			"POSS-F ~2 strongholds|stronghold|bases|base|hideouts|camps|heartland|presence|sanctuaries|attacks|operations|activities|insurgency AUX in ~5/" + dirWords + "|province|region|district|governorate|state T",
			"F1 ~2 compound|camp|base in T1",
			"F1 supercamp|camp|convoy|outpost|base|patrol|compound|post|position|positions and ~2 F1 supercamp|camp|convoy|outpost|base|patrol|compound|post|position|positions in T1"}},
	{name: "elements operating in Y, particularly X", typ: entities.OperatesIn, score: 0.75, kinds: typed(entities.OperatesIn, notPlace, isPlace),
		pats: []string{"operating|operate|operates|active|present|based mainly|mostly|primarily? in ~5/" + dirWords + " T1 , particularly|notably|including|especially|such|namely as? F"}},
	{name: "X is based in Y", typ: entities.LocatedIn, score: 0.75, kinds: typed(entities.LocatedIn, func(k entities.Kind) bool { return notPlace(k) && k != entities.KindCountry }, isPlace), noSince: true,
		pats: []string{
			"<F AUX based|headquartered|located|housed|stationed in T1",
			"F1 , the|a|an T1 - based|headquartered",
			"headquarters of F1 in T1",
			"^ in T1 , ... at the new|former? F1"}},
	{name: "X was founded in Y", typ: entities.LocatedIn, score: 0.65, kinds: typed(entities.LocatedIn, notPlace, isPlace), noSince: true,
		pats: []string{
			"<F AUX founded|created|formed|established|set|born ~1 up? ~3/-by|from in T1",
			"<F AUX has|had|have|maintains|keeps|set ~1 up? its|their headquarters|base|seat|headquarter in T1",
			"F , both|all|each located|situated? in the? T1",
			"F1 , in ~3/" + dirWords + " T1 &,|.|;|)|$",
			"F1 , a|the ~3 capital|city|town|village|seat|port|suburb|district|neighbourhood|neighborhood|quarter|area|locality|commune|region|province in|of T1",
			"= F1 , a|an|the ~3 based|headquartered|located|stationed in T1"}},
	{name: "a wire's dateline", typ: entities.LocatedIn, score: 0.7, nominal: true, noSince: true,
		kinds: typed(entities.LocatedIn, func(k entities.Kind) bool { return k == entities.KindPlace || k == "" }, func(k entities.Kind) bool { return k == entities.KindCountry }),
		pats:  []string{"^ F1 , T1 , jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december"}},
	{name: "Place, Region", typ: entities.LocatedIn, score: 0.7, nominal: true, noSince: true,
		pats: []string{"F1 , T1 &,|.|;|)|$|approximately|about|some|near|on|in|killing|where"}},
	// People.
	{name: "X was founded by P", typ: entities.Founded, score: 0.8, kinds: typed(entities.Founded, isPerson, isGroupK), poss: true,
		verb:    "founded|co-founded|cofounded|created|formed|established|launched|started",
		passive: "founded|co-founded|created|formed|established|launched|started|set ~1 up? ... by",
		noun:    "founder|co-founder|cofounder|creator", prep: "of"},
	{name: "P leads X", typ: entities.Leads, score: 0.7, kinds: typed(entities.Leads, isPerson, func(k entities.Kind) bool { return isArmedOrBody(k) || k == entities.KindStateBody }), poss: true,
		passive: "led|headed|commanded|run|directed ~3 by",
		noun:    leadNouns, prep: "of",
		pats: []string{
			"<F AUX took|takes|take over|command|control|charge|leadership ~1 of? T",
			"<F AUX leads|led|heads|headed|commands|commanded|directs|directed T",
			"<T AUX ~4 under the leadership|command of F",
			"T1 ,|( whose " + leadNouns + "|founder ,? F1",
			"T1 " + leadNouns + "|secretary-general F1",
			"<F AUX ~3 at|as the head|helm|leader|emir of T",
			"named|appointed|designated|chose|made F1 ... as POSS-T ~2 " + leadNouns + "|governor|wali",
			"named|appointed|designated|chose|made F1 ... as the|its|their? ~2 " + leadNouns + "|governor|wali of T"}},
	{name: "X chairs Y", typ: entities.Leads, score: 0.65,
		kinds: typed(entities.Leads, func(k entities.Kind) bool {
			return k == entities.KindPerson || k == entities.KindCountry || k == entities.KindStateBody
		}, isBody),
		noun: "chair|co-chair|chairs|co-chairs|chairman|chairmen|president|presidency|co-presidency", prep: "of",
		pats: []string{"<F AUX chairs|chair|chaired|co-chair|co-chairs|co-chaired|presides|presided|leads|led|heads|headed over? the? ~1 T"}},
}
