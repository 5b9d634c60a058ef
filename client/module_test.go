package client_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// moduleFiles copies the module as a user's go command gets it into dir: the
// files git tracks or would track (the module zip's), so without the built
// page (web/dist is ignored but for .gitkeep), node_modules or bin/.
func moduleFiles(tb testing.TB, dir string) {
	tb.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		tb.Fatal(err)
	}
	out, err := exec.Command("git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		tb.Fatalf("git ls-files: %v", err)
	}
	for _, name := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		data, err := os.ReadFile(filepath.Join(root, name))
		if os.IsNotExist(err) {
			continue // deleted in the work tree, not yet in the index
		} else if err != nil {
			tb.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

// goCmd runs the go command in dir offline, from the warm module cache, as a
// user's build outside this module would (GOFLAGS=-mod=mod, no workspace).
func goCmd(tb testing.TB, dir string, args ...string) {
	tb.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("go %s in %s: %v\n%s", strings.Join(args, " "), dir, err, out)
	}
}

// userProgram is a program of another module: it imports the public client
// package and asks a server for an entity and an export.
const userProgram = `package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/graphapi/graphapi/client"
)

func main() {
	c := client.New(os.Args[1], nil)
	e, err := c.Entity(context.Background(), "jnim")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var n countWriter
	if err := c.Export(context.Background(), client.GraphML, client.Params{"ids": "jnim"}, &n); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("%s founded %s, %d sources' claims, graphml %v\n", e.Name, e.Founded, len(e.Claims), n > 0)
}

type countWriter int

func (w *countWriter) Write(p []byte) (int, error) { *w += countWriter(len(p)); return len(p), nil }

var _ io.Writer = (*countWriter)(nil)
`

// TestExternalModule: another module requires github.com/graphapi/graphapi
// (replaced by a copy of its files, as the module proxy would serve them),
// imports the client package and builds; and the command builds from the
// module as `go install github.com/graphapi/graphapi/cmd/graphapi@…` builds
// it, without the page. That binary serves the API, and at / a 404 problem
// that says how to get the page.
func TestExternalModule(t *testing.T) {
	tmp := t.TempDir()
	mod, user := filepath.Join(tmp, "graphapi"), filepath.Join(tmp, "user")
	moduleFiles(t, mod)
	if err := os.MkdirAll(user, 0o755); err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(mod, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct{ name, text string }{
		{"go.mod", "module example.com/user\n\ngo 1.26\n\nrequire github.com/graphapi/graphapi v0.0.0\n\nreplace github.com/graphapi/graphapi => " + mod + "\n"},
		{"go.sum", string(sum)},
		{"main.go", userProgram},
	} {
		if err := os.WriteFile(filepath.Join(user, f.name), []byte(f.text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	goCmd(t, user, "build", "-o", filepath.Join(tmp, "user-program"), ".")
	goCmd(t, user, "build", "-o", filepath.Join(tmp, "graphapi-bin"), "github.com/graphapi/graphapi/cmd/graphapi")

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	srv := exec.CommandContext(ctx, filepath.Join(tmp, "graphapi-bin"), "serve", "--backend", "embedded", "--addr", "127.0.0.1:0")
	// The seed folder is the copied module's; CI's NEO4J_URI must not send
	// this server to a Neo4j that another package's test has emptied.
	srv.Dir = mod
	stdout, err := srv.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Process.Kill(); srv.Wait() })
	var base string
	for sc := bufio.NewScanner(stdout); sc.Scan(); {
		if u, ok := strings.CutPrefix(sc.Text(), "graphapi listening on "); ok {
			base = u
			break
		}
	}
	if base == "" {
		t.Fatal("the installed graphapi never said where it listens")
	}
	go io.Copy(io.Discard, stdout)

	for _, path := range []string{"/", "/assets/app.js"} {
		t.Run("GET "+path+" without the page", func(t *testing.T) {
			res, err := http.Get(base + path)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var p struct {
				Status int    `json:"status"`
				Code   string `json:"code"`
				Detail string `json:"detail"`
			}
			if err := json.NewDecoder(res.Body).Decode(&p); err != nil {
				t.Fatal(err)
			}
			if res.StatusCode != http.StatusNotFound || res.Header.Get("Content-Type") != "application/problem+json" || p.Code != "not_found" {
				t.Errorf("GET %s: %d %s %+v, want a 404 not_found problem", path, res.StatusCode, res.Header.Get("Content-Type"), p)
			}
			for _, want := range []string{"built without the explorer page", "go install", "/api/v1", "make build"} {
				if !strings.Contains(p.Detail, want) {
					t.Errorf("GET %s: detail %q does not say %q", path, p.Detail, want)
				}
			}
		})
	}
	t.Run("the other module's program asks the installed server", func(t *testing.T) {
		out, err := exec.CommandContext(ctx, filepath.Join(tmp, "user-program"), base).CombinedOutput()
		if err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		if want := "JNIM founded 2017-03-02, 4 sources' claims, graphml true"; strings.TrimSpace(string(out)) != want {
			t.Errorf("it printed %q, want %q", out, want)
		}
	})
}
