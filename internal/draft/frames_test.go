package draft

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestFrames drafts one sentence per frame of frames.go, in the forms reports
// write it, against an empty graph.
func TestFrames(t *testing.T) {
	empty := NewIndex(nil)
	tests := []struct {
		name, text string
		want       []string
	}{
		{"a splinter of (apposition)", "Katiba Serma, a splinter of Ansar Dine, was active near Boni.",
			[]string{"katiba-serma SPLIT_FROM ansar-dine"}},
		{"Y's branch X (possessive)", "AQIM's branch Katiba Macina operated in central Mali.",
			[]string{"katiba-macina BRANCH_OF aqim", "katiba-macina OPERATES_IN mali"}},
		{"its battalion in", "AQIM and its battalion in the Sahara, Katiba Tarik Ibn Ziyad, operated in Mali.",
			[]string{"katiba-tarik-ibn-ziyad BRANCH_OF aqim", "katiba-tarik-ibn-ziyad OPERATES_IN mali"}},
		{"an umbrella of", "JNIM, an alliance umbrella of Ansar Dine, al-Mourabitoun and Katiba Macina, expanded.",
			[]string{"ansar-dine MERGED_INTO jnim", "al-mourabitoun MERGED_INTO jnim", "katiba-macina MERGED_INTO jnim"}},
		{"member group in", "Ansar Dine is a member group in Jama'at Nusrat al-Islam wal-Muslimin (JNIM).",
			[]string{"ansar-dine MEMBER_OF jnim"}},
		{"leader and founder", "Ansar Dine's overall leader and founder Iyad Ag Ghali leads JNIM.",
			[]string{"iyad-ag-ghali FOUNDED ansar-dine", "iyad-ag-ghali LEADS jnim", "iyad-ag-ghali LEADS ansar-dine"}},
		{"broke away from", "In 2016, Ansaroul Islam broke away from Ansar Dine.",
			[]string{"ansaroul-islam SPLIT_FROM ansar-dine 2016"}},
		{"took the name", "In 2015 Boko Haram took the name Islamic State West Africa Province.",
			[]string{"boko-haram RENAMED_TO islamic-state-west-africa-province 2015"}},
		{"rebranded itself as", "Boko Haram then rebranded itself as the Islamic State West Africa Province (ISWAP).",
			[]string{"boko-haram RENAMED_TO iswap"}},
		{"merged with X to form Y: both merge into Y", "In 2013, the Mulathamun Battalion merged with MUJAO to form al-Murabitoun.",
			[]string{"mulathamun-battalion MERGED_INTO al-murabitoun 2013", "mujao MERGED_INTO al-murabitoun 2013"}},
		{"was absorbed into", "In 2017 al-Murabitoun was absorbed into Jama'at Nusrat al-Islam wal-Muslimin (JNIM).",
			[]string{"al-murabitoun MERGED_INTO jnim 2017"}},
		{"falls under", "The National Gendarmerie falls under the Ministry of Defense.",
			[]string{"national-gendarmerie-niger REPORTS_TO ministry-of-defense-niger"}},
		{"answers to", "The National Guard answers to the Ministry of Interior.",
			[]string{"national-guard-niger REPORTS_TO ministry-of-interior-niger"}},
		{"was dissolved and replaced by", "The Department of Intelligence and Security (DRS) was dissolved in January 2016 and replaced by the Directorate of Security Services (DSS).",
			[]string{"drs MERGED_INTO dss 2016-01"}},
		{"(formerly X)", "Islamic State Sahel Province (formerly ISGS) attacked Menaka.",
			[]string{"isgs RENAMED_TO islamic-state-sahel-province"}},
		{"swore allegiance to", "The Salafist Group for Preaching and Combat (GSPC) swore allegiance to al-Qaida in 2006.",
			[]string{"gspc AFFILIATE_OF al-qaida 2006"}},
		{"all operating under the Ministry", "The National Police, the National Guard and the Gendarmerie, all operating under the Ministry of Interior, patrol the border.",
			[]string{"gendarmerie-niger REPORTS_TO ministry-of-interior-niger", "national-police-niger REPORTS_TO ministry-of-interior-niger", "national-guard-niger REPORTS_TO ministry-of-interior-niger"}},
		{"continued to host", "Niger continued to host Operation Barkhane.",
			[]string{"operation-barkhane OPERATES_IN niger"}},
		{"worked with X to track, monitor, and counter Y", "Niger worked with the United States to track, monitor, and counter ISGS.",
			[]string{"niger COOPERATES_WITH united-states", "niger COUNTERS isgs", "niger MONITORS isgs"}},
		{"cooperation between A and B", "Analysts reported tactical-level cooperation between ISGS and JNIM.",
			[]string{"isgs COOPERATES_WITH jnim"}},
		{"Once part of X, Y became a separate organization", "Once part of al-Mourabitoun, ISGS became a separate organization in 2015.",
			[]string{"isgs SPLIT_FROM al-mourabitoun 2015"}},
		{"whose troops come from", "The Multinational Joint Task Force (MNJTF) – whose troops come from Nigeria, Niger and Chad – fights Boko Haram.",
			[]string{"nigeria PARTICIPATES_IN mnjtf", "niger PARTICIPATES_IN mnjtf", "chad PARTICIPATES_IN mnjtf", "mnjtf COUNTERS boko-haram"}},
		{"an operation launched against", "The Nigerian Army launched Operation Lafiya Dole in 2015 against Boko Haram.",
			[]string{"nigerian-army CONDUCTS operation-lafiya-dole 2015", "operation-lafiya-dole COUNTERS boko-haram 2015"}},
		{"links with, hedged", "Katiba Ansaru is reported to have had links with al-Qaida in the Islamic Maghreb (AQIM).",
			[]string{"katiba-ansaru COOPERATES_WITH aqim (reported)"}},
		{"faced attacks by", "Niger faced attacks by the Islamic State in the Greater Sahara (ISGS) and by Jama'at Nusrat al-Islam wal-Muslimin (JNIM) in the Tillaberi region.",
			[]string{"isgs TARGETED niger", "jnim TARGETED niger"}},
		{"negation proposes nothing", "Boko Haram did not merge with Ansaru.", nil},
		{"active on the shores of (a place's stretch)", "Boko Haram is active on the shores of Lake Chad.",
			[]string{"boko-haram OPERATES_IN lake-chad"}},
		{"dominates the islands of", "Boko Haram dominates the islands of Lake Chad.",
			[]string{"boko-haram OPERATES_IN lake-chad"}},
		{"seized control of", "In 2012 Ansar Dine seized control of northern Mali.",
			[]string{"ansar-dine OPERATES_IN mali 2012"}},
		{"centred on (apposition: the nearest name)", "ISWAP, which is strongest on the islands of Lake Chad, and Boko Haram, centred on the Sambisa Forest, remain rivals.",
			[]string{"iswap OPERATES_IN lake-chad", "boko-haram OPERATES_IN sambisa-forest"}},
		{"pursued across the border into", "The Chadian army pursued the militants across the border into Niger and Nigeria.",
			[]string{"chadian-army OPERATES_IN niger", "chadian-army OPERATES_IN nigeria"}},
		{"X's attacks in Y", "Boko Haram's attacks in Cameroon rose in 2015.",
			[]string{"boko-haram TARGETED cameroon 2015", "boko-haram OPERATES_IN cameroon 2015"}},
		{"an operation, launched in Y against X", "Operation Serval, launched in Mali in January 2013 against al-Qaida in the Islamic Maghreb, ended in 2014.",
			[]string{"operation-serval COUNTERS al-qaida-in-the-islamic-maghreb 2013-01", "operation-serval OPERATES_IN mali"}},
		{"an offensive against X's camps in Y", "Operation Shujaa, a joint offensive against ADF camps in North Kivu and Ituri, began in 2021.",
			[]string{"operation-shujaa COUNTERS adf", "operation-shujaa OPERATES_IN north-kivu", "operation-shujaa OPERATES_IN ituri"}},
		{"the force fighting X", "The Nigerian Army is the main force fighting Boko Haram.",
			[]string{"nigerian-army COUNTERS boko-haram"}},
		{"Y leader P", "ISIS leader Abu Bakr al-Baghdadi was killed in 2019.",
			[]string{"abu-bakr-al-baghdadi LEADS isis 2019"}},
		{"Y, whose emir, P,", "The Movement for Oneness and Jihad in West Africa (MUJAO), whose emir, Hamada Ould Mohamed Kheirou, lived in Gao, claimed the attack.",
			[]string{"hamada-ould-mohamed-kheirou LEADS mujao"}},
		{"a longer name after Lake has its own head", "The MNJTF answers to the Lake Chad Basin Commission (LCBC).",
			[]string{"mnjtf REPORTS_TO lcbc"}},
		{"which after a person refers to no one the draft can tell", "The raid was carried out by the faction loyal to Abubakar Shekau, which is active in Borno State.", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := relStrings(t, tc.text, "Niger", empty)
			if !slices.Equal(got, tc.want) {
				t.Errorf("%q\n got  %q\n want %q", tc.text, got, tc.want)
			}
		})
	}
}

// TestSentenceTransformations: what reports do to a sentence does not hide
// its relationship.
func TestSentenceTransformations(t *testing.T) {
	empty := NewIndex(nil)
	tests := []struct {
		name, text string
		want       []string
	}{
		{"coordination: a list of subjects", "Jama'at Nusrat al-Islam wal-Muslimin (JNIM) was created on March 2, 2017, when Ansar Dine, al-Mourabitoun, Katiba Macina and the Sahara branch of al-Qaida in the Islamic Maghreb (AQIM) joined together.",
			[]string{"ansar-dine MERGED_INTO jnim 2017-03-02", "al-mourabitoun MERGED_INTO jnim 2017-03-02", "katiba-macina MERGED_INTO jnim 2017-03-02", "aqim MERGED_INTO jnim 2017-03-02"}},
		{"coordination: together with", "Burkina Faso is a member of the Egmont Group, together with Chad, Mali, Mauritania and Niger.",
			[]string{"burkina-faso MEMBER_OF egmont-group", "chad MEMBER_OF egmont-group", "mali MEMBER_OF egmont-group", "mauritania MEMBER_OF egmont-group", "niger MEMBER_OF egmont-group"}},
		{"coordination: a member of X and a member of Y", "Niger is a member of the Egmont Group and a member of GIABA.",
			[]string{"niger MEMBER_OF egmont-group", "niger MEMBER_OF giaba"}},
		{"coordination: a second verb shares the subject", "The European Union trains the Central Service for the Fight against Terrorism (SCLCT) and funds equipment for the National Guard.",
			[]string{"european-union TRAINS sclct-niger", "european-union FUNDS national-guard-niger"}},
		{"coordination: a new clause's subject is no object", "The Nigerien Armed Forces cooperate with Operation Barkhane, and the United States supports the Nigerien Armed Forces.",
			[]string{"nigerien-armed-forces COOPERATES_WITH operation-barkhane", "united-states SUPPORTS nigerien-armed-forces"}},
		{"apposition with dashes", "JNIM – the umbrella group formed by Ansar Dine, al-Mourabitoun and Katiba Macina – expanded in 2018.",
			[]string{"ansar-dine MERGED_INTO jnim", "al-mourabitoun MERGED_INTO jnim", "katiba-macina MERGED_INTO jnim"}},
		{"apposition between subject and verb", "The Islamic State in the Greater Sahara (ISGS), a group of former MUJAO fighters, broke away from al-Mourabitoun in May 2015.",
			[]string{"isgs SPLIT_FROM al-mourabitoun 2015-05"}},
		{"relative clause", "The Movement for Oneness and Jihad in West Africa (MUJAO), which later merged with the Mulathamun Battalion to form al-Murabitoun, was based in Gao.",
			[]string{"mujao MERGED_INTO al-murabitoun", "mulathamun-battalion MERGED_INTO al-murabitoun", "mujao LOCATED_IN gao"}},
		{"relative clause after an apposition", "Jund al-Khilafa (JAK-A), a small group that broke away from al-Qaida in the Islamic Maghreb (AQIM) in September 2014, claimed the kidnapping.",
			[]string{"jak-a SPLIT_FROM aqim 2014-09"}},
		{"participle", "In 2014, al-Murabitoun, led by Mokhtar Belmokhtar, operated in northern Mali and southern Libya.",
			[]string{"al-murabitoun OPERATES_IN mali 2014", "al-murabitoun OPERATES_IN libya 2014", "mokhtar-belmokhtar LEADS al-murabitoun"}},
		{"passive with an agent", "Ansaroul Islam was founded in 2016 by Ibrahim Malam Dicko.",
			[]string{"ibrahim-malam-dicko FOUNDED ansaroul-islam 2016"}},
		{"past perfect and reported speech", "Officials said that Jama'atu Ansarul Muslimina fi Biladis Sudan (Ansaru) had split from Boko Haram.",
			[]string{"ansaru SPLIT_FROM boko-haram"}},
		{"line wrap inside the sentence", "Jama'atu Ansarul Muslimina fi Biladis Sudan (Ansaru) had split\nfrom Boko Haram in January 2012.",
			[]string{"ansaru SPLIT_FROM boko-haram 2012-01"}},
		{"hedge: reported, never fact", "ISGS was reportedly treated as a branch of ISWAP.",
			[]string{"isgs BRANCH_OF iswap (reported)"}},
		{"hedge: assessed", "ISGS is likely subordinate to Islamic State West Africa Province (ISWAP).",
			[]string{"isgs REPORTS_TO iswap (assessed)"}},
		{"a list of places and a place qualifier", "ISGS operates above all in the Menaka region of Mali and in Tillaberi in Niger, and from 2018 increasingly in northern and eastern Burkina Faso.",
			[]string{"isgs OPERATES_IN menaka-region", "isgs OPERATES_IN tillaberi", "isgs OPERATES_IN burkina-faso", "isgs OPERATES_IN mali", "isgs OPERATES_IN niger"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := relStrings(t, tc.text, "Niger", empty)
			if !slices.Equal(got, tc.want) {
				t.Errorf("%q\n got  %q\n want %q", tc.text, got, tc.want)
			}
		})
	}
}

// triggerIn reads the trigger a frame's reason records.
var triggerIn = regexp.MustCompile(`\(trigger "([^"]*)"\)`)

// TestEveryFrameProposalHasItsTrigger: over the tuned-on and dev documents,
// every relationship a frame proposes records its trigger, and every word of
// the trigger is in the sentence it quotes; a hedged sentence is never fact.
func TestEveryFrameProposalHasItsTrigger(t *testing.T) {
	docs, err := filepath.Glob(filepath.Join("testdata", "corpus", "dev", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	docs = append(docs, filepath.Join("testdata", "eval", "burkina.txt"), filepath.Join("testdata", "eval", "niger.txt"))
	for _, name := range docs {
		t.Run(filepath.Base(name), func(t *testing.T) {
			data, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			d := Make(string(data), Options{Published: "2019"}, NewIndex(nil))
			for _, r := range d.Relationships {
				if conf, hedge := confidence(r.Where.Text); conf != "fact" && r.Confidence == "fact" {
					t.Errorf("%s: %q hedged by %q, proposed as fact", r.ID, r.Where.Text, hedge)
				}
				if !strings.HasPrefix(r.Reason, "the frame ") {
					continue
				}
				m := triggerIn.FindStringSubmatch(r.Reason)
				if m == nil || m[1] == "" {
					t.Errorf("%s: reason %q records no trigger", r.ID, r.Reason)
					continue
				}
				sent := strings.ToLower(r.Where.Text)
				for _, w := range strings.Fields(m[1]) {
					if !strings.Contains(sent, w) {
						t.Errorf("%s: trigger word %q is not in %q", r.ID, w, r.Where.Text)
					}
				}
			}
		})
	}
}
