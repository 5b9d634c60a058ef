package main

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/graphapi/graphapi/internal/draft"
	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/loader"
	"github.com/graphapi/graphapi/seed"
)

func runDraft(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(context.Background(), append([]string{"draft"}, args...), func(string) string { return "" }, &out, io.Discard)
	return out.String(), err
}

const draftReport = `Niger

Katiba Serma merged into Jama'at Nusrat al-Islam wal-Muslimin (JNIM) in March 2017. The National Guard reports to the Ministry of Interior.
`

func TestDraftCommand(t *testing.T) {
	dir := t.TempDir()
	report := filepath.Join(dir, "niger.txt")
	if err := os.WriteFile(report, []byte(draftReport), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "pack")
	msg, err := runDraft(t, report, "--source-id", "test-niger", "--title", "Niger", "--published", "2019-11", "--country", "Niger", "--out", out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(msg, "relationship candidates") {
		t.Errorf("output %q", msg)
	}
	p, err := draft.Read(out)
	if err != nil {
		t.Fatal(err)
	}
	if string(p.Text) != draftReport || p.Source.ID != "test-niger" || p.Source.Country != "Niger" || p.Source.Published != "2019-11" {
		t.Fatalf("pack source %+v, text %q", p.Source, p.Text)
	}
	var found bool
	for _, r := range p.Draft.Relationships {
		if r.Type == entities.MergedInto && r.To.Ref == "jnim" && r.To.Match == draft.MatchEntity && r.Since == "2017-03" && r.Status == draft.Proposed {
			found = true
		}
	}
	if !found {
		t.Fatalf("no proposed MERGED_INTO jnim 2017-03 resolved against the seed: %+v", p.Draft.Relationships)
	}
	if _, err := runDraft(t, report, "--source-id", "test-niger", "--title", "Niger", "--out", out); err == nil || !strings.Contains(err.Error(), "already holds a draft") {
		t.Fatalf("drafting over a draft: %v, want a refusal", err)
	}
}

func TestDraftCommandErrors(t *testing.T) {
	dir := t.TempDir()
	report := filepath.Join(dir, "r.txt")
	if err := os.WriteFile(report, []byte(draftReport), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no report", []string{"--source-id", "x", "--title", "T", "--out", dir + "/a"}, "no REPORT"},
		{"no title", []string{report, "--source-id", "x", "--out", dir + "/b"}, "--title is required"},
		{"bad source id", []string{report, "--source-id", "Bad Id", "--title", "T", "--out", dir + "/c"}, "--source-id"},
		{"bad date", []string{report, "--source-id", "x", "--title", "T", "--published", "2019-13", "--out", dir + "/d"}, "--published"},
		{"missing file", []string{dir + "/nope.txt", "--source-id", "x", "--title", "T", "--out", dir + "/e"}, "no such file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := runDraft(t, tc.args...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestDraftHelp(t *testing.T) {
	out, err := runDraft(t, "-h")
	if err != nil {
		t.Fatal(err)
	}
	for _, flag := range []string{"-source-id", "-title", "-published", "-country", "-seed", "-out", "GRAPHAPI_<FLAG>"} {
		if !strings.Contains(out, flag) {
			t.Errorf("draft -h does not list %s:\n%s", flag, out)
		}
	}
}

// TestDraftAcceptedLoads: accepted items written as statements load beside the
// seed, with the report's sentence as the evidence of the new relationship.
func TestDraftAcceptedLoads(t *testing.T) {
	root := t.TempDir()
	if err := os.CopyFS(filepath.Join(root, "seed"), seed.FS); err != nil {
		t.Fatal(err)
	}
	report := filepath.Join(root, "niger.txt")
	if err := os.WriteFile(report, []byte(draftReport), 0o644); err != nil {
		t.Fatal(err)
	}
	pack := filepath.Join(root, "seed", "test-niger")
	if _, err := runDraft(t, report, "--source-id", "test-niger", "--title", "Niger", "--country", "Niger", "--out", pack); err != nil {
		t.Fatal(err)
	}
	p, err := draft.Read(pack)
	if err != nil {
		t.Fatal(err)
	}
	var quote string
	for i := range p.Draft.Relationships {
		r := &p.Draft.Relationships[i]
		if r.Type == entities.MergedInto {
			r.Status = draft.Accepted
			quote = r.Where.Text
			for j := range p.Draft.Entities {
				if p.Draft.Entities[j].Entity == r.From.Ref {
					p.Draft.Entities[j].Status = draft.Accepted
				}
			}
		}
	}
	if err := draft.WriteStatements(pack, p.Draft); err != nil {
		t.Fatal(err)
	}
	ds, err := loader.ReadDir(os.DirFS(filepath.Join(root, "seed")))
	if err != nil {
		t.Fatal(err)
	}
	var rel *entities.Relationship
	for i := range ds.Relationships {
		if ds.Relationships[i].ID == "katiba-serma:MERGED_INTO:jnim" {
			rel = &ds.Relationships[i]
		}
	}
	if rel == nil {
		t.Fatal("the accepted relationship katiba-serma MERGED_INTO jnim is not in the loaded graph")
	}
	if len(rel.Evidence) != 1 || rel.Evidence[0].Source != "test-niger" || rel.Evidence[0].Quote != quote {
		t.Fatalf("evidence %+v, want the sentence from test-niger", rel.Evidence)
	}
	if _, err := fs.Stat(os.DirFS(pack), draft.ReviewFile); err != nil {
		t.Fatal(err)
	}
}
