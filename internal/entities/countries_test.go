package entities_test

import (
	"testing"

	"github.com/graphapi/graphapi/internal/entities"
)

func TestCountryNamed(t *testing.T) {
	tests := []struct{ name, want, iso string }{
		{"Mali", "Mali", "ML"},
		{"U.S.", "United States", "US"},
		{"United States of America", "United States", "US"},
		{"Cote d’Ivoire", "Côte d'Ivoire", "CI"},
		{"Ivory Coast", "Côte d'Ivoire", "CI"},
		{"DRC", "Democratic Republic of the Congo", "CD"},
		{"Türkiye", "Turkey", "TR"},
		{"mozambique", "Mozambique", "MZ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ok := entities.CountryNamed(tt.name)
			if !ok || c.Name != tt.want || c.ISO2 != tt.iso {
				t.Errorf("CountryNamed(%q) = %q %q %v, want %q %q", tt.name, c.Name, c.ISO2, ok, tt.want, tt.iso)
			}
		})
	}
	for _, notACountry := range []string{"AU", "IS", "TD", "us", "Sahel", "Niger River"} {
		if c, ok := entities.CountryNamed(notACountry); ok {
			t.Errorf("CountryNamed(%q) = %q, want no country: codes and regions are not country names", notACountry, c.Name)
		}
	}
}

func TestCountryOfDemonym(t *testing.T) {
	for word, want := range map[string]string{"Nigerien": "Niger", "burkinabè": "Burkina Faso", "Somali": "Somalia", "Mozambican": "Mozambique", "u.s.": "United States"} {
		if c, ok := entities.CountryOfDemonym(word); !ok || c.Name != want {
			t.Errorf("CountryOfDemonym(%q) = %q %v, want %q", word, c.Name, ok, want)
		}
	}
}

// Each country is stated once: no two entries share a name, a code or a demonym.
func TestCountriesStatedOnce(t *testing.T) {
	names, codes, demonyms := map[string]string{}, map[string]string{}, map[string]string{}
	for _, c := range entities.Countries {
		if prev, ok := codes[c.ISO2]; ok || len(c.ISO2) != 2 {
			t.Errorf("%s: code %q (also %s)", c.Name, c.ISO2, prev)
		}
		codes[c.ISO2] = c.Name
		for _, n := range append([]string{c.Name}, c.Names...) {
			if prev, ok := names[entities.FoldName(n)]; ok && prev != c.Name {
				t.Errorf("name %q is %s's and %s's", n, prev, c.Name)
			}
			names[entities.FoldName(n)] = c.Name
		}
		for _, d := range c.Demonyms {
			if prev, ok := demonyms[d]; ok {
				t.Errorf("demonym %q is %s's and %s's", d, prev, c.Name)
			}
			demonyms[d] = c.Name
		}
	}
}
