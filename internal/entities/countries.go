package entities

import "strings"

// Country is a state as reports name it: the name the graph gives it, its ISO
// 3166-1 alpha-2 code (STIX locations need one), the other names and short
// forms reports write, and the demonyms that name its forces ("Nigerien
// soldiers", "Malian armed forces").
type Country struct {
	Name     string
	ISO2     string
	Names    []string
	Demonyms []string
}

// Countries are the states graphapi recognises by name. The table is written
// here rather than taken from a country-code library because drafting needs
// what such libraries lack (demonyms, "U.S.", "Côte d'Ivoire" with either
// apostrophe) and must not have what they add: their lookups also match the
// two- and three-letter codes, and "AU", "IS" or "TD" in a report are the
// African Union, the Islamic State and a regiment, not Australia, Iceland and
// Chad.
var Countries = []Country{
	// The Sahel and West Africa
	{"Mali", "ML", nil, []string{"malian", "malienne", "maliennes", "maliens"}},
	{"Niger", "NE", nil, []string{"nigerien", "nigérien", "nigérienne", "nigériennes"}},
	{"Burkina Faso", "BF", nil, []string{"burkinabe", "burkinabè", "burkinabé"}},
	{"Chad", "TD", nil, []string{"chadian", "tchadien", "tchadienne"}},
	{"Mauritania", "MR", nil, []string{"mauritanian"}},
	{"Nigeria", "NG", nil, []string{"nigerian"}},
	{"Cameroon", "CM", nil, []string{"cameroonian"}},
	{"Benin", "BJ", nil, []string{"beninese"}},
	{"Togo", "TG", nil, []string{"togolese"}},
	{"Ghana", "GH", nil, []string{"ghanaian"}},
	{"Senegal", "SN", nil, []string{"senegalese"}},
	{"Guinea", "GN", nil, []string{"guinean"}},
	{"Guinea-Bissau", "GW", nil, nil},
	{"Gambia", "GM", []string{"The Gambia"}, []string{"gambian"}},
	{"Liberia", "LR", nil, []string{"liberian"}},
	{"Sierra Leone", "SL", nil, nil},
	{"Côte d'Ivoire", "CI", []string{"Cote d'Ivoire", "Côte d’Ivoire", "Cote d’Ivoire", "Ivory Coast"}, []string{"ivorian", "ivoirian"}},
	// North Africa
	{"Algeria", "DZ", nil, []string{"algerian"}},
	{"Libya", "LY", nil, []string{"libyan"}},
	{"Morocco", "MA", nil, []string{"moroccan"}},
	{"Tunisia", "TN", nil, []string{"tunisian"}},
	{"Egypt", "EG", nil, []string{"egyptian"}},
	{"Sudan", "SD", nil, []string{"sudanese"}},
	{"South Sudan", "SS", nil, nil},
	// Central, East and Southern Africa
	{"Central African Republic", "CF", nil, nil},
	{"Democratic Republic of the Congo", "CD", []string{"DRC", "DR Congo", "Congo-Kinshasa"}, nil},
	{"Republic of the Congo", "CG", []string{"Congo-Brazzaville"}, nil},
	{"Somalia", "SO", nil, []string{"somali"}},
	{"Kenya", "KE", nil, []string{"kenyan"}},
	{"Ethiopia", "ET", nil, []string{"ethiopian"}},
	{"Eritrea", "ER", nil, []string{"eritrean"}},
	{"Djibouti", "DJ", nil, []string{"djiboutian"}},
	{"Uganda", "UG", nil, []string{"ugandan"}},
	{"Tanzania", "TZ", nil, []string{"tanzanian"}},
	{"Rwanda", "RW", nil, []string{"rwandan"}},
	{"Burundi", "BI", nil, []string{"burundian"}},
	{"Mozambique", "MZ", nil, []string{"mozambican"}},
	{"South Africa", "ZA", nil, nil},
	{"Malawi", "MW", nil, []string{"malawian"}},
	{"Zambia", "ZM", nil, []string{"zambian"}},
	{"Zimbabwe", "ZW", nil, []string{"zimbabwean"}},
	{"Angola", "AO", nil, []string{"angolan"}},
	{"Botswana", "BW", nil, nil},
	// The Middle East
	{"Syria", "SY", nil, []string{"syrian"}},
	{"Iraq", "IQ", nil, []string{"iraqi"}},
	{"Yemen", "YE", nil, []string{"yemeni"}},
	{"Saudi Arabia", "SA", nil, []string{"saudi"}},
	{"Jordan", "JO", nil, []string{"jordanian"}},
	{"Lebanon", "LB", nil, []string{"lebanese"}},
	{"Israel", "IL", nil, []string{"israeli"}},
	{"Iran", "IR", nil, []string{"iranian"}},
	{"Turkey", "TR", []string{"Türkiye"}, []string{"turkish"}},
	{"Qatar", "QA", nil, []string{"qatari"}},
	{"United Arab Emirates", "AE", []string{"UAE"}, []string{"emirati"}},
	{"Kuwait", "KW", nil, nil},
	{"Bahrain", "BH", nil, nil},
	{"Oman", "OM", nil, nil},
	// South, Central and South-East Asia
	{"Afghanistan", "AF", nil, []string{"afghan"}},
	{"Pakistan", "PK", nil, []string{"pakistani"}},
	{"India", "IN", nil, nil},
	{"Bangladesh", "BD", nil, []string{"bangladeshi"}},
	{"Sri Lanka", "LK", nil, nil},
	{"Tajikistan", "TJ", nil, []string{"tajik"}},
	{"Uzbekistan", "UZ", nil, []string{"uzbek"}},
	{"Philippines", "PH", nil, []string{"filipino"}},
	{"Indonesia", "ID", nil, []string{"indonesian"}},
	{"Malaysia", "MY", nil, []string{"malaysian"}},
	// Europe, the Americas and the rest
	{"France", "FR", nil, []string{"french"}},
	{"Germany", "DE", nil, []string{"german"}},
	{"United Kingdom", "GB", []string{"UK", "Britain", "Great Britain"}, []string{"british"}},
	{"United States", "US", []string{"United States of America", "U.S.", "USA", "U S"}, []string{"american", "u.s."}},
	{"Canada", "CA", nil, []string{"canadian"}},
	{"Russia", "RU", []string{"Russian Federation"}, []string{"russian"}},
	{"China", "CN", nil, []string{"chinese"}},
	{"Belgium", "BE", nil, []string{"belgian"}},
	{"Italy", "IT", nil, []string{"italian"}},
	{"Spain", "ES", nil, []string{"spanish"}},
	{"Portugal", "PT", nil, []string{"portuguese"}},
	{"Netherlands", "NL", nil, []string{"dutch"}},
	{"Sweden", "SE", nil, []string{"swedish"}},
	{"Norway", "NO", nil, []string{"norwegian"}},
	{"Denmark", "DK", nil, []string{"danish"}},
	{"Estonia", "EE", nil, []string{"estonian"}},
	{"Japan", "JP", nil, []string{"japanese"}},
	{"Australia", "AU", nil, []string{"australian"}},
}

var countryByName, countryByDemonym = func() (map[string]*Country, map[string]*Country) {
	byName, byDemonym := map[string]*Country{}, map[string]*Country{}
	for i := range Countries {
		c := &Countries[i]
		for _, n := range append([]string{c.Name}, c.Names...) {
			if _, ok := byName[FoldName(n)]; !ok {
				byName[FoldName(n)] = c
			}
		}
		for _, d := range c.Demonyms {
			byDemonym[strings.ToLower(d)] = c
		}
	}
	return byName, byDemonym
}()

// CountryNamed returns the country a name names (any of its names, compared
// after FoldName).
func CountryNamed(name string) (Country, bool) {
	if c := countryByName[FoldName(name)]; c != nil {
		return *c, true
	}
	return Country{}, false
}

// CountryOfDemonym returns the country a demonym belongs to ("Nigerien" →
// Niger), compared in lower case.
func CountryOfDemonym(word string) (Country, bool) {
	if c := countryByDemonym[strings.ToLower(word)]; c != nil {
		return *c, true
	}
	return Country{}, false
}
