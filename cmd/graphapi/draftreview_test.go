package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	reviewFixture = "../../internal/review/testdata/drafts/crt2019-niger"
	reviewGolden  = "../../internal/review/testdata/golden"
)

// copies makes a writable copy of the Mali seed and of the review fixture's
// draft, and returns their folders.
func copies(t *testing.T) (seedDir, draftDir string) {
	t.Helper()
	seedDir, draftDir = filepath.Join(t.TempDir(), "seed"), filepath.Join(t.TempDir(), "crt2019-niger")
	if err := os.CopyFS(seedDir, os.DirFS("../../seed")); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(draftDir, os.DirFS(reviewFixture)); err != nil {
		t.Fatal(err)
	}
	return seedDir, draftDir
}

func runCmd(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(context.Background(), args, func(string) string { return "" }, &out, io.Discard)
	return out.String(), err
}

// TestDraftAcceptReject: the command line writes the same statements.yaml as
// the review service behind the page (the golden file its tests compare
// with), the seed then validates, and a refused step saves nothing.
func TestDraftAcceptReject(t *testing.T) {
	seedDir, draftDir := copies(t)
	review := filepath.Join(draftDir, "draft.review")
	original, _ := os.ReadFile(review)

	if _, err := runCmd(t, "draft", "accept", draftDir, "--item", "e-6ffa008a08,r-d4cd40dbab", "--seed", seedDir); err == nil || !strings.Contains(err.Error(), "not accepted") {
		t.Fatalf("accepting a relationship without its candidate end: %v, want a refusal naming the candidate", err)
	}
	if now, _ := os.ReadFile(review); !bytes.Equal(now, original) {
		t.Fatal("a refused accept changed draft.review")
	}
	if _, err := runCmd(t, "draft", "accept", draftDir, "--item", "r-nosuch"); err == nil || !strings.Contains(err.Error(), "r-nosuch") {
		t.Fatalf("accepting an unknown item: %v", err)
	}
	out, err := runCmd(t, "draft", "accept", draftDir, "--item", "e-6ffa008a08", "--item", "e-f4ba1f9eb8,r-d4cd40dbab", "--seed", seedDir)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(out)
	written, err := os.ReadFile(filepath.Join(seedDir, "crt2019-niger", "statements.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join(reviewGolden, "accept-new-nodes-and-edge.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(written, want) {
		t.Errorf("graphapi draft accept wrote\n%s\nthe page's code path writes\n%s", written, want)
	}
	if out, err := runCmd(t, "validate", "--seed", seedDir); err != nil || !strings.Contains(out, "seed ok") {
		t.Fatalf("the seed with the accepted pack: %v\n%s", err, out)
	}
	if _, err := runCmd(t, "draft", "reject", draftDir, "--item", "r-0184c9fae1", "--seed", seedDir); err != nil {
		t.Fatal(err)
	}
	if now, _ := os.ReadFile(review); !strings.Contains(string(now), "id: r-0184c9fae1\n    status: rejected") {
		t.Error("the rejected item is not saved as rejected")
	}
	if out, err := runCmd(t, "draft", "accept", "-h"); err != nil || !strings.Contains(out, "--all") || !strings.Contains(out, "-seed") {
		t.Errorf("draft accept -h: %v\n%s", err, out)
	}
}

// TestServeReviewFlags: --drafts needs a seed folder on disk and a token worth
// the name; each refusal says what to give.
func TestServeReviewFlags(t *testing.T) {
	seedDir, draftDir := copies(t)
	short, long := filepath.Join(t.TempDir(), "short"), filepath.Join(t.TempDir(), "long")
	if err := os.WriteFile(short, []byte("abc\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(long, []byte("0123456789abcdef0123\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := runCmd(t, "serve", "-h"); err != nil || !strings.Contains(out, "-write-token-file") || !strings.Contains(out, "GRAPHAPI_WRITE_TOKEN") {
		t.Errorf("serve -h: %v\n%s", err, out)
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"drafts without seed", []string{"--drafts", filepath.Dir(draftDir)}, "--drafts needs --seed DIR"},
		{"token without drafts", []string{"--seed", seedDir, "--write-token-file", long}, "without --drafts"},
		{"short token", []string{"--seed", seedDir, "--drafts", filepath.Dir(draftDir), "--write-token-file", short}, "at least 16"},
		{"drafts not a folder", []string{"--seed", seedDir, "--drafts", filepath.Join(seedDir, "sources.yaml")}, "must be a folder"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := runCmd(t, append([]string{"serve", "--addr", "127.0.0.1:0"}, tc.args...)...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("serve %v: %v, want an error saying %q", tc.args, err, tc.want)
			}
		})
	}
}

// TestWriteTokenNeverLogged: the token from the environment reaches no log
// line, whatever requests come in.
func TestWriteTokenNeverLogged(t *testing.T) {
	seedDir, draftDir := copies(t)
	const token = "write-token-0123456789abcdef"
	base, stderr, stop := startServeEnv(t, map[string]string{"GRAPHAPI_WRITE_TOKEN": token},
		"--seed", seedDir, "--drafts", filepath.Dir(draftDir))
	for _, auth := range []string{"Bearer " + token, "Bearer " + token + "x", token} {
		req, _ := http.NewRequest(http.MethodPatch, base+"/api/v1/drafts/crt2019-niger/items/m-ee5444de52?"+token, strings.NewReader(`{"status":"accepted"}`))
		req.Header.Set("Authorization", auth)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(stderr.String(), token) {
		t.Errorf("the write token is in the log:\n%s", stderr)
	}
	if !strings.Contains(stderr.String(), "[redacted]") {
		t.Errorf("the request line carrying the token was not logged redacted:\n%s", stderr)
	}
}
