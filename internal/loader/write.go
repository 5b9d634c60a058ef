package loader

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/graphapi/graphapi/internal/entities"
)

// WriteSeed writes ds into dir as a seed that ReadDir reads back: sources.yaml,
// and the entities and relationships as neo4j-admin import CSV
// (entities.csv, relationships.csv). Report sources are written with their text.
func WriteSeed(dir string, ds *entities.Dataset) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := writeSources(dir, ds.Sources); err != nil {
		return err
	}
	if err := writeCSV(filepath.Join(dir, "entities.csv"), entityHeader, len(ds.Entities), func(i int, row []string) error {
		return entityRow(&ds.Entities[i], row)
	}); err != nil {
		return err
	}
	return writeCSV(filepath.Join(dir, "relationships.csv"), relHeader, len(ds.Relationships), func(i int, row []string) error {
		return relRow(&ds.Relationships[i], row)
	})
}

var (
	entityHeader = []string{"id:ID", ":LABEL", "kind", "name", "aliases:string[]", "description", "founded", "dissolved", "attributes", "evidence", "claims"}
	relHeader    = []string{":START_ID", ":END_ID", ":TYPE", "since", "until", "confidence", "note", "evidence", "claims"}
)

type sourceYAML struct {
	ID        string `yaml:"id"`
	Kind      string `yaml:"kind"`
	Title     string `yaml:"title"`
	Publisher string `yaml:"publisher,omitempty"`
	Published string `yaml:"published,omitempty"`
	URL       string `yaml:"url,omitempty"`
	File      string `yaml:"file,omitempty"`
	Country   string `yaml:"country,omitempty"`
}

func writeSources(dir string, sources []entities.Source) error {
	out := struct {
		Sources []sourceYAML `yaml:"sources"`
	}{}
	for _, s := range sources {
		out.Sources = append(out.Sources, sourceYAML{s.ID, string(s.Kind), s.Title, s.Publisher, s.Published.String(), s.URL, s.File, s.Country})
		if s.Kind == entities.SourceReport && s.File != "" {
			p := filepath.Join(dir, filepath.FromSlash(s.File))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(p, []byte(s.Text), 0o644); err != nil {
				return err
			}
		}
	}
	data, err := yaml.Marshal(out)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "sources.yaml"), data, 0o644)
}

func writeCSV(path string, header []string, n int, fill func(i int, row []string) error) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, f.Close()) }()
	buf := bufio.NewWriterSize(f, 1<<20)
	w := csv.NewWriter(buf)
	if err := w.Write(header); err != nil {
		return err
	}
	row := make([]string, len(header))
	for i := 0; i < n; i++ {
		if err := fill(i, row); err != nil {
			return err
		}
		if err := w.Write(row); err != nil {
			return err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return buf.Flush()
}

func entityRow(e *entities.Entity, row []string) error {
	attrs := ""
	if len(e.Attributes) > 0 {
		b, err := json.Marshal(e.Attributes)
		if err != nil {
			return err
		}
		attrs = string(b)
	}
	ev, err := json.Marshal(e.Evidence)
	if err != nil {
		return err
	}
	claims, err := claimsText(e.Claims)
	if err != nil {
		return err
	}
	copy(row, []string{e.ID, "Entity;" + e.Kind.Label(), string(e.Kind), e.Name, strings.Join(e.Aliases, arrayDelimiter),
		e.Description, e.Founded.String(), e.Dissolved.String(), attrs, string(ev), claims})
	return nil
}

// claimsText is the claims column: a JSON list of {field, value, source}, or
// empty when there are none.
func claimsText(cs []entities.Claim) (string, error) {
	if len(cs) == 0 {
		return "", nil
	}
	b, err := json.Marshal(cs)
	return string(b), err
}

func relRow(r *entities.Relationship, row []string) error {
	ev, err := json.Marshal(r.Evidence)
	if err != nil {
		return err
	}
	claims, err := claimsText(r.Claims)
	if err != nil {
		return err
	}
	copy(row, []string{r.From, r.To, string(r.Type), r.Since.String(), r.Until.String(), string(r.Confidence), r.Note, string(ev), claims})
	return nil
}
