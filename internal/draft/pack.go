package draft

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"

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
	packBytes, err := MarshalYAML(packYAML{Source: p.Source})
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
		if err := writeFile(filepath.Join(dir, f.name), f.data); err != nil {
			return err
		}
	}
	return nil
}

// Read reads a draft pack folder and checks that the text is the one the draft
// was made from.
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
		return nil, fmt.Errorf("%s: format %q, want %q", filepath.Join(dir, ReviewFile), d.Format, Format)
	}
	text, err := os.ReadFile(filepath.Join(dir, d.Text))
	if err != nil {
		return nil, err
	}
	if sum := textSum(text); sum != d.TextSHA256 {
		return nil, fmt.Errorf("%s: text_sha256 is %s but %s has %s: the text changed since it was drafted", filepath.Join(dir, ReviewFile), d.TextSHA256, d.Text, sum)
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
	data, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	if err := yaml.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

func writeFile(name string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), name)
}
