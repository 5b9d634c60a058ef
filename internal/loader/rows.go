package loader

import (
	"slices"

	"gopkg.in/yaml.v3"

	"github.com/graphapi/graphapi/internal/entities"
)

// The functions here let other writers (the export package) produce exactly
// the files WriteSeed writes, one row at a time, so that an export streams and
// still loads back through ReadDir.

// EntityCSVHeader returns the header of entities.csv, as WriteSeed writes it.
func EntityCSVHeader() []string { return slices.Clone(entityHeader) }

// RelationshipCSVHeader returns the header of relationships.csv, as WriteSeed
// writes it.
func RelationshipCSVHeader() []string { return slices.Clone(relHeader) }

// EntityCSVRow fills row (of len(EntityCSVHeader())) with e.
func EntityCSVRow(e *entities.Entity, row []string) error { return entityRow(e, row) }

// RelationshipCSVRow fills row (of len(RelationshipCSVHeader())) with r.
func RelationshipCSVRow(r *entities.Relationship, row []string) error { return relRow(r, row) }

// SourcesYAML returns sources.yaml for sources, as WriteSeed writes it; the
// texts of report sources go in their own files (Source.File), not in it.
func SourcesYAML(sources []entities.Source) ([]byte, error) {
	out := struct {
		Sources []sourceYAML `yaml:"sources"`
	}{}
	for _, s := range sources {
		out.Sources = append(out.Sources, sourceYAML{s.ID, string(s.Kind), s.Title, s.Publisher, s.Published.String(), s.URL, s.File, s.Country})
	}
	return yaml.Marshal(out)
}
