package entities

import (
	"reflect"
	"testing"
)

func TestLineageConflicts(t *testing.T) {
	claims := func(srcs ...string) []Claim {
		var cs []Claim
		for _, s := range srcs {
			cs = append(cs, Claim{Field: FieldConfidence, Value: "fact", Source: s})
		}
		return cs
	}
	rel := func(from string, typ RelType, to string, srcs ...string) Relationship {
		return Relationship{From: from, Type: typ, To: to, Claims: claims(srcs...)}
	}
	tests := []struct {
		name string
		rels []Relationship
		want []Conflict
	}{
		{"one source, two successors: no conflict", []Relationship{
			rel("al-murabitoun", MergedInto, "aqim", "mmp"), rel("al-murabitoun", MergedInto, "jnim", "mmp")}, []Conflict{}},
		{"sources that share a successor agree", []Relationship{
			rel("al-murabitoun", MergedInto, "aqim", "mmp"), rel("al-murabitoun", MergedInto, "jnim", "mmp", "cep")}, []Conflict{}},
		{"disjoint successors disagree", []Relationship{
			rel("al-murabitoun", MergedInto, "aqim", "mmp", "ucdp"), rel("al-murabitoun", MergedInto, "jnim", "mmp", "cep")},
			[]Conflict{{Subject: "al-murabitoun", SubjectKind: SubjectEntity, Field: FieldSuccessor, Shown: "aqim", Claims: []Claim{
				{FieldSuccessor, "aqim", "mmp"}, {FieldSuccessor, "aqim", "ucdp"}, {FieldSuccessor, "jnim", "cep"}, {FieldSuccessor, "jnim", "mmp"}}}}},
		{"a rename is a successor", []Relationship{
			rel("gspc", RenamedTo, "aqim", "nbc"), rel("gspc", MergedInto, "al-qaida", "ucdp")},
			[]Conflict{{Subject: "gspc", SubjectKind: SubjectEntity, Field: FieldSuccessor, Shown: "al-qaida", Claims: []Claim{
				{FieldSuccessor, "al-qaida", "ucdp"}, {FieldSuccessor, "aqim", "nbc"}}}}},
		{"different origins disagree; other types never count", []Relationship{
			rel("mujao", SplitFrom, "aqim", "mmp"), rel("mujao", SplitFrom, "ansar-al-dine", "ucdp"),
			rel("mujao", CooperatesWith, "jnim", "cep"), rel("mujao", BranchOf, "x", "csis")},
			[]Conflict{{Subject: "mujao", SubjectKind: SubjectEntity, Field: FieldOrigin, Shown: "ansar-al-dine", Claims: []Claim{
				{FieldOrigin, "ansar-al-dine", "ucdp"}, {FieldOrigin, "aqim", "mmp"}}}}},
		{"a split and a merger are different fields", []Relationship{
			rel("flm", SplitFrom, "ansar-al-dine", "ucdp"), rel("flm", MergedInto, "jnim", "cep")}, []Conflict{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := LineageConflicts(tt.rels); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("LineageConflicts =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}
