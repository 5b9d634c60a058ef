package draft

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/graphapi/graphapi/internal/entities"
	"gopkg.in/yaml.v3"
)

// SourceInfo is the source: block of the draft's pack.yaml.
type SourceInfo struct {
	ID        string `yaml:"id"`
	Kind      string `yaml:"kind"` // always "report"
	Title     string `yaml:"title"`
	Published string `yaml:"published,omitempty"`
	File      string `yaml:"file"`
	Country   string `yaml:"country,omitempty"`
}

// Pack is a draft pack folder in memory.
type Pack struct {
	Source SourceInfo
	Text   []byte
	Draft  *Draft
}

type packYAML struct {
	Source SourceInfo `yaml:"source"`
}

// Write writes the pack into dir (created if need be): pack.yaml, the text and
// draft.review. It writes each file whole through a temporary file, so a reader
// never sees half a draft.
func Write(dir string, p *Pack) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	packBytes, err := p.SourceYAML()
	if err != nil {
		return err
	}
	review, err := MarshalYAML(p.Draft)
	if err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		data []byte
	}{{TextFile, p.Text}, {PackFile, packBytes}, {ReviewFile, review}} {
		if err := WriteFile(filepath.Join(dir, f.name), f.data); err != nil {
			return err
		}
	}
	return nil
}

// SourceYAML is the pack's pack.yaml: its source: block. The draft folder and
// the pack a review writes into the seed both hold it.
func (p *Pack) SourceYAML() ([]byte, error) {
	return MarshalYAML(packYAML{Source: p.Source})
}

// Read reads a draft pack folder and checks that the text is the one the draft
// was made from: ENOTFOUND for a file that is missing, EINVALID for one that
// cannot be read as a draft.
func Read(dir string) (*Pack, error) {
	var py packYAML
	if err := readYAML(filepath.Join(dir, PackFile), &py); err != nil {
		return nil, err
	}
	d := &Draft{}
	if err := readYAML(filepath.Join(dir, ReviewFile), d); err != nil {
		return nil, err
	}
	if d.Format != Format {
		return nil, entities.Errorf(entities.EINVALID, "%s: format %q, want %q", filepath.Join(dir, ReviewFile), d.Format, Format)
	}
	text, err := readFile(filepath.Join(dir, d.Text))
	if err != nil {
		return nil, err
	}
	if sum := textSum(text); sum != d.TextSHA256 {
		return nil, entities.Errorf(entities.EINVALID, "%s: text_sha256 is %s but %s has %s: the text changed since it was drafted", filepath.Join(dir, ReviewFile), d.TextSHA256, d.Text, sum)
	}
	return &Pack{Source: py.Source, Text: text, Draft: d}, nil
}

func textSum(text []byte) string {
	sum := sha256.Sum256(text)
	return hex.EncodeToString(sum[:])
}

// MarshalYAML writes v as a pack's YAML files are written: two-space indents.
// The review writes the packs it accepts with it too.
func MarshalYAML(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func readYAML(name string, v any) error {
	data, err := readFile(name)
	if err != nil {
		return err
	}
	if err := yaml.Unmarshal(data, v); err != nil {
		return entities.Errorf(entities.EINVALID, "%s: %v", name, err)
	}
	return nil
}

// readFile reads a file of the pack: ENOTFOUND when it is not there, EINVALID
// when it cannot be read.
func readFile(name string) ([]byte, error) {
	data, err := os.ReadFile(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, entities.Errorf(entities.ENOTFOUND, "%v", err)
	case err != nil:
		return nil, entities.Errorf(entities.EINVALID, "%v", err)
	}
	return data, nil
}

// WriteFile writes data to name whole: through a temporary file in the same
// folder renamed over name, so that a reader (the server, a reload, a person
// with an editor open) sees the old file or the new one, never half of one.
// Every file of a draft or a pack, here and in the review, is written by it.
func WriteFile(name string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
