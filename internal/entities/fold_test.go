package entities_test

import (
	"strings"
	"testing"

	"github.com/graphapi/graphapi/internal/entities"
)

func TestFoldName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Sévaré", "sevare"},
		{"  JNIM  ", "jnim"},
		{"G-5 Sahel", "g 5 sahel"},
		{"Ansar al-Dine", "ansar din"},
		{"Jama’at Nusrat al-Islam wal-Muslimin", "jamaat nusrat islam wa muslimin"},
		{"al-Qa'ida", "qaida"},
		{"Groupement Spéciale d’Intervention", "grupement speciale d intervention"},
		{"Direction Générale de la Sécurité d'État", "direction generale de la securite d etat"},
		{"N’Djamena", "n djamena"},
		{"the groups'", "the grups"},
		{"Adnan Abu Walid as-Sahrawi", "adnan abu walid sahrawi"},
		{"such as Gao", "such as gao"}, // "as" alone is English and stays
		{"\xf2é", "e"},
		{"", ""},
		{"al-", ""},
		{"Islamic Ma-\nghreb", "islamic maghreb"},         // a word broken at a line end is one word
		{"organi-\n   zation", "organization"},            // the next line indented
		{"Sahara-\nBranch", "sahara branch"},              // a capital after the break: two words
		{"Jama'at Nasr\nal-Islam", "jamaat nusrat islam"}, // a line break is a space
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := entities.FoldName(tt.in); got != tt.want {
				t.Errorf("FoldName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestFoldNameMeets: the ways one name comes through English and French
// reports fold to one key; different groups keep different keys.
func TestFoldNameMeets(t *testing.T) {
	same := [][]string{
		{"Ansar al-Dine", "Ansar Dine", "Ansar ad-Din", "Ansar Eddine", "Ansar ul-Din", "Ansar Ud-Deen",
			"ANSAR AL DINE", "ansar-al-dine", "Ansar al Din", "Ansar Al-Deen", "Ansar el-Dine", "Ansar ed-Dine"},
		{"al-Murabitoun", "al-Mourabitoun", "Al Mourabitoune", "Al-Mourabitoune", "Murabitun", "al Murabitoun", "El Mourabitoun"},
		{"al-Qaeda in the Islamic Maghreb", "al-Qa'ida in the Islamic Maghreb", "al-Qa’ida in the Islamic Maghreb",
			"Al Qaeda in the Islamic Maghreb", "al-Qaida in the Islamic Maghreb", "Al-Qaïda in the Islamic Maghreb",
			"al‐Qaʼida in the Islamic Maghreb", "Alqaeda in the Islamic Maghreb", "al-Qa`ida in the Islamic Maghreb"},
		{"al-Qaida", "al-Qa’ida", "al-Qa'ida", "al-Qaeda", "Al Qaeda", "al-Qaidah", "Al-Qa‘ida"},
		{"Jama'at Nusrat al-Islam wal-Muslimin", "Jama’at Nusrat al-Islam wal-Muslimin", "Jamaat Nusrat al-Islam wa al-Muslimin",
			"Jama'at Nusrat al Islam wal Muslimin", "JAMA'AT NUSRAT AL-ISLAM WAL-MUSLIMIN"},
		{"al-Mulathamun Battalion", "Al Mulathamun Battalion", "al-Moulathamoun Battalion"},
		{"Sévaré", "Sevare", "SEVARE"},
		{"Ségou region", "Segou region", "Ségou Region"},
		{"Groupe Islamique Armé", "Groupe Islamique Arme"},
		{"Operation Dambé", "Operation Dambe"},
		{"Tombouctou", "Tombuctu"},
		{"Islamic State (Greater Sahara)", "Islamic State - Greater Sahara"},
		{"Gendarmerie Nationale", "gendarmerie nationale", "Gendarmerie  Nationale"},
		// Transliterations reports use (issue 18): each spelling of one name meets the others.
		{"Jama'at Nusrat al-Islam wal-Muslimin", "Jama'at Nasr al-Islam wal Muslimin", "Jama’at Nasr al-Islam wal-Muslimeen",
			"Jamaat Nusrat al-Islam wal Muslimeen", "Jama'a Nusrat ul-Islam wa al-Muslimin", "Jama'at Nasrat al-Islam wal-Muslimin",
			"Jamaʼat Nusra al-Islam wal-Muslimin", "Djamaat Nosrat al-Islam wal-Muslimine"},
		{"Nusrat al-Islam", "Nasr al-Islam", "Nasr al Islam"},
		{"wal-Muslimin", "wal Muslimin", "wal-Muslimeen", "wal Muslimeen", "wa al-Muslimin", "wa'l-Muslimin"},
		{"al-Mourabitoun", "al-Murabitoun", "al-Murabitun", "Al Mourabitoune", "Mourabitoun"},
		{"al-Qa'ida", "al-Qaeda", "al-Qaida", "al-Qa'idah", "Al-Qaedah", "Alqaida"},
		{"al-Shabaab", "al-Shabab", "Al Chabab", "al-Shebab"},
		{"Harakat al-Shabaab al-Mujahideen", "Harakat al-Shabab al-Mujahidin", "Harakat ash-Shabab al-Mujahidin", "Harakat al-Shabaab al-Mujahedeen"},
		{"Ansarul Islam", "Ansaroul Islam", "Ansar ul-Islam", "Ansar ul Islam"},
		{"Jama'atu Ahlis Sunna Lidda'awati wal-Jihad", "Jamaatu Ahlis Sunna Liddaawati wal Jihad", "Jama'at Ahlis Sunna Lidda'awati wal-Djihad"},
		{"Katiba Macina", "Katibat Macina", "Katiba Massina", "Katibat Massina"},
		{"Adnan Abu Walid al-Sahrawi", "Adnan Abu Walid as-Sahraoui", "Adnan Abou Walid al-Sahrawi"},
		{"Tawhid wal Jihad", "Tawheed wal-Jihad", "al-Tawhid wa al-Jihad"},
		{"Daesh", "Daech", "Da'esh"},
	}
	for _, group := range same {
		for _, name := range group[1:] {
			t.Run(group[0]+"="+name, func(t *testing.T) {
				if a, b := entities.FoldName(group[0]), entities.FoldName(name); a != b {
					t.Errorf("FoldName(%q) = %q and FoldName(%q) = %q do not meet", group[0], a, name, b)
				}
			})
		}
	}
	apart := [][2]string{
		{"Ansar al-Islam", "Ansar al-Dine"},
		{"Ansar Dine", "Ansaroul Islam"},
		{"Islamic State", "Islamic State in the Greater Sahara"},
		{"ISIS", "ISIS-GS"},
		{"al-Qaida", "al-Qaida in the Islamic Maghreb"},
		{"AQIM", "AQIM's Sahara Branch"},
		{"al-Murabitoun", "al-Mulathamun Battalion"},
		{"MUJAO", "MOJWA"},
		{"GIA", "GSPC"},
		{"JNIM", "GSIM"},
		{"Macina Liberation Front", "Katiba Macina"},
		{"National Gendarmerie", "Gendarmerie"},
		{"Ministry of Defense", "Ministry of Security"},
		{"Gao", "Gao attack, 1 July 2018"},
		{"such as Gao", "such Gao"},
		{"Nasr ad-Din", "Nasreddine"},
		// Nasr is Nusrat only before Islam: a person named Nasr is not Nusrat.
		{"Nasr ad-Din", "Nusrat ad-Din"},
		{"Ahmed Nasr", "Ahmed Nusrat"},
		{"Jabhat al-Nusra", "Jabhat al-Nasr"},
		// Ansaru is a group of its own, not Ansar nor Ansarul.
		{"Ansaru", "Ansar"},
		{"Ansaru", "Ansarul Islam"},
		{"Ansaru", "Ansar al-Islam"},
		{"Muslim", "Muslimin"},
		{"Jama'at Nusrat al-Islam wal-Muslimin", "Jama'at Nusrat al-Islam"},
		{"al-Shabaab", "Shabiba"},
		{"Mujahidin", "Mujahid"},
		{"Katiba Macina", "Katiba Serma"},
	}
	for _, p := range apart {
		t.Run(p[0]+"≠"+p[1], func(t *testing.T) {
			if a := entities.FoldName(p[0]); a == entities.FoldName(p[1]) {
				t.Errorf("FoldName(%q) and FoldName(%q) both give %q: different names must not meet", p[0], p[1], a)
			}
		})
	}
}

// TestFoldWordsSpans: each folded word knows its bytes in the original text,
// a dropped article included, so a mention can be shown where it stands.
func TestFoldWordsSpans(t *testing.T) {
	text := "Members of al-Mourabitoun and Jama’at Nusrat al-Islam met."
	var got []string
	for _, w := range entities.FoldWords(text) {
		got = append(got, w.Text+"="+text[w.Start:w.End])
	}
	want := []string{"members=Members", "of=of", "murabitun=al-Mourabitoun", "and=and",
		"jamaat=Jama’at", "nusrat=Nusrat", "islam=al-Islam", "met=met"}
	if len(got) != len(want) {
		t.Fatalf("FoldWords(%q) = %q, want %q", text, got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("word %d: %q, want %q", i, got[i], want[i])
		}
	}
}

func TestIsShortAcronym(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"GSIM", true}, {"FLM", true}, {"AQIM", true}, {"JNIM", true}, {"IS", true}, {"U.S.", true},
		{"ISIS-GS", true}, {"FAMa", true}, {"CENTIF", true}, {"G5", false}, {"MINUSMA", false},
		{"Gao", false}, {"Ansar Dine", false}, {"and", false}, {"will", false}, {"AQIM Sahara Branch", false},
		{"Mali's FIU", false}, {"", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := entities.IsShortAcronym(tt.in); got != tt.want {
				t.Errorf("IsShortAcronym(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestIsGenericStateBody(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"National Gendarmerie", true}, {"gendarmerie", true}, {"Gendarmerie Nationale", true},
		{"Ministry of Defence", true}, {"Ministry of Defense", true}, {"ministère de la défense", true},
		{"Financial Intelligence Unit", true}, {"National Police", true}, {"Customs", true},
		{"Malian gendarmerie", false}, {"GSIGN", false}, {"Ministry of Religious Affairs", false},
		{"JNIM", false}, {"Mali's FIU", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := entities.IsGenericStateBody(tt.in); got != tt.want {
				t.Errorf("IsGenericStateBody(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestSearchRank(t *testing.T) {
	names := []string{"ansar din", "katiba din 2"}
	tests := []struct {
		text string
		want int
	}{
		{"ansar din", 0}, {"katiba din 2", 0}, {"", 1}, {"ansar", 1}, {"ansar d", 1}, {"kat", 1},
		{"din", 2}, {"din 2", 2}, {"2", 2}, {"nsar", -1}, {"in", -1}, {"ansar din 2", -1}, {" din", -1},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := entities.SearchRank([]string{tt.text}, names...); got != tt.want {
				t.Errorf("SearchRank(%q, %q) = %d, want %d", tt.text, names, got, tt.want)
			}
		})
	}
}

// TestSearchRankTexts: the first text alone gives rank 0; any gives 1 and 2.
func TestSearchRankTexts(t *testing.T) {
	tests := []struct {
		texts []string
		names []string
		want  int
	}{
		{[]string{"mo", "mu"}, []string{"murabitun"}, 1},
		{[]string{"mo", "mu"}, []string{"mu"}, 1},
		{[]string{"mo", "mu"}, []string{"mo"}, 0},
		{[]string{"qae", "qaida"}, []string{"qaida in the islamic maghreb"}, 1},
		{[]string{"qae", "qaida"}, []string{"sahara branch of qaida"}, 2},
		{[]string{"mo", "mu"}, []string{"ansar din"}, -1},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.texts, "|")+"/"+strings.Join(tt.names, "|"), func(t *testing.T) {
			if got := entities.SearchRank(tt.texts, tt.names...); got != tt.want {
				t.Errorf("SearchRank(%q, %q) = %d, want %d", tt.texts, tt.names, got, tt.want)
			}
		})
	}
}

// TestSearchTexts: what a text typed so far may be the start of.
func TestSearchTexts(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", []string{""}},
		{"M", []string{"m"}},
		{"Mo", []string{"mo", "mu"}},
		{"Mou", []string{"mu"}},
		{"Mour", []string{"mur"}},
		{"al-Mo", []string{"mo", "mu"}},
		{"Qa", []string{"qa"}},
		{"Qae", []string{"qae", "qaida"}},
		{"Qaeda", []string{"qaida", "qaeda"}},
		{"al-Qa'i", []string{"qai"}},
		{"Alqae", []string{"alqae", "qaida"}},
		{"wal-Muslimee", []string{"wa muslimee", "wa muslimin"}},
		{"Shabaa", []string{"shabaa", "shabab"}},
		{"Mujahide", []string{"mujahide", "mujahidin"}},
		{"Jama'a", []string{"jamaat", "jamaa"}},
		{"Jama'at Nas", []string{"jamaat nas", "jamaat nusrat islam"}},
		{"Jama'at Nasr", []string{"jamaat nasr", "jamaat nusrat islam"}},
		{"Jama'at Nasr ", []string{"jamaat nasr", "jamaat nusrat islam"}},
		{"Jama'at Nasr al", []string{"jamaat nasr", "jamaat nusrat islam"}},
		{"Jama'at Nasr al-Is", []string{"jamaat nasr is", "jamaat nusrat islam"}},
		{"Jama'at Nasr al-Islam", []string{"jamaat nusrat islam", "jamaat nasr islam"}},
		{"Jama'at Nasr al-Islam wal Muslimin", []string{"jamaat nusrat islam wa muslimin"}},
		{"Adnan Abu Walid as", []string{"adnan abu walid as", "adnan abu walid"}},
		{"ansar d", []string{"ansar d", "ansar jamaat", "ansar jihad"}}, // Djamaat, Djihad
		{"ansar e", []string{"ansar e", "ansar din"}},                   // "Eddine"; one letter is not taken for an article begun
		{"Gao A", []string{"gao a", "gao din"}},                         // "Addine", not every word after Gao
		{"Gao al", []string{"gao"}},                                     // "al" may be the article of the next word
		{"Gao", []string{"gao", "gau"}},
		{"al", []string{""}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := entities.SearchTexts(tt.in)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("SearchTexts(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if got[0] != entities.FoldName(tt.in) {
				t.Errorf("SearchTexts(%q)[0] = %q, not FoldName's %q", tt.in, got[0], entities.FoldName(tt.in))
			}
		})
	}
}
