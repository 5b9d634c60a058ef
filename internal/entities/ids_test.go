package entities_test

import (
	"testing"

	"github.com/graphapi/graphapi/internal/entities"
)

func TestNewEntityID(t *testing.T) {
	tests := []struct{ name, country, want string }{
		{"Jama'at Nusrat al-Islam wal-Muslimin", "", "jamaat-nusrat-al-islam-wal-muslimin"},
		{"Jama’at Nusrat al-Islam wal-Muslimin", "", "jamaat-nusrat-al-islam-wal-muslimin"},
		{"Opération Dambé", "", "operation-dambe"},
		{"National Gendarmerie", "Burkina Faso", "national-gendarmerie-burkina-faso"},
		{"Ministry of Security", "Côte d'Ivoire", "ministry-of-security-cote-divoire"},
		{"  G5 Sahel  ", "", "g5-sahel"},
		{"ISIS-GS", "", "isis-gs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := entities.NewEntityID(tt.name, tt.country); got != tt.want {
				t.Errorf("NewEntityID(%q, %q) = %q, want %q", tt.name, tt.country, got, tt.want)
			}
			if got := entities.NewEntityID(tt.name, tt.country); !entities.ValidID(got) {
				t.Errorf("NewEntityID(%q, %q) = %q is not a valid id", tt.name, tt.country, got)
			}
		})
	}
}

func TestIDRules(t *testing.T) {
	tests := []struct {
		id              string
		valid, newValid bool
	}{
		{"crt2018-mali", true, true},
		{"CRT2018", true, false},
		{"a.b_c-d", true, true},
		{"-lead", false, false},
		{"", false, false},
		{"../x", false, false},
		{"a/b", false, false},
		{string(make([]byte, 201)), false, false},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			if got := entities.ValidID(tt.id); got != tt.valid {
				t.Errorf("ValidID(%q) = %v", tt.id, got)
			}
			if got := entities.ValidNewSourceID(tt.id); got != tt.newValid {
				t.Errorf("ValidNewSourceID(%q) = %v", tt.id, got)
			}
		})
	}
}
