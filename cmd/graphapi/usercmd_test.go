package main

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/graphapi/graphapi/internal/audit"
	"github.com/graphapi/graphapi/internal/users"
)

// TestUserCommands: user add prints a token once and writes only its hash;
// list shows the users; remove takes one out; with --audit each change is in
// the trail first. Mistakes are refused, naming what to fix, and change nothing.
func TestUserCommands(t *testing.T) {
	dir := t.TempDir()
	file, trail := filepath.Join(dir, "users.yaml"), filepath.Join(dir, "audit.jsonl")
	tokens := map[string]string{}
	for _, u := range []struct{ name, role string }{{"ana", "reader"}, {"bo", "editor"}, {"cy", "admin"}} {
		out, err := runCmd(t, "user", "add", u.name, "--role", u.role, "--users", file, "--audit", trail, "--by", "lead")
		if err != nil {
			t.Fatalf("user add %s: %v", u.name, err)
		}
		tok := strings.TrimSpace(out)
		if !users.TokenPattern.MatchString(tok) || strings.Count(out, "\n") != 1 {
			t.Fatalf("user add printed %q; want one token line", out)
		}
		tokens[u.name] = tok
	}
	data, _ := os.ReadFile(file)
	for name, tok := range tokens {
		if strings.Contains(string(data), tok[len(tok)-24:]) {
			t.Errorf("the users file holds %s's token", name)
		}
	}
	out, err := runCmd(t, "user", "list", "--users", file)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"NAME", "ana   reader", "bo    editor", "cy    admin"} {
		if !strings.Contains(out, want) {
			t.Errorf("user list lacks %q:\n%s", want, out)
		}
	}

	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no name", []string{"user", "add", "--role", "reader", "--users", file}, "user's name"},
		{"bad role", []string{"user", "add", "dee", "--role", "owner", "--users", file}, `role "owner"`},
		{"twice", []string{"user", "add", "ana", "--role", "admin", "--users", file}, "already in the file"},
		{"no file", []string{"user", "add", "dee", "--role", "reader"}, "give --users FILE"},
		{"remove nobody", []string{"user", "remove", "zed", "--users", file}, `no user "zed"`},
		{"unknown subcommand", []string{"user", "rename", "ana"}, `unknown subcommand "rename"`},
		{"flag typo", []string{"user", "add", "dee", "--rol", "reader", "--users", file}, "-rol"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := runCmd(t, tc.args...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("%v: %v; want an error saying %q", tc.args, err, tc.want)
			}
			if now, _ := os.ReadFile(file); string(now) != string(data) {
				t.Error("a refused command changed the users file")
			}
		})
	}

	if out, err := runCmd(t, "user", "remove", "ana", "--users", file, "--audit", trail, "--by", "lead"); err != nil || !strings.Contains(out, "removed ana (reader)") {
		t.Fatalf("user remove: %q, %v", out, err)
	}
	f, err := users.Read(file)
	if err != nil || len(f.Users) != 2 || f.Users[0].Name != "bo" {
		t.Fatalf("after remove: %+v, %v", f, err)
	}

	out, err = runCmd(t, "audit", trail)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var e audit.Entry
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("audit printed %q: %v", line, err)
		}
		got = append(got, e.User+" "+e.Action)
	}
	if want := "lead user.add,lead user.add,lead user.add,lead user.remove"; strings.Join(got, ",") != want {
		t.Errorf("the trail: %v, want %s", got, want)
	}
	trailData, _ := os.ReadFile(trail)
	for _, tok := range tokens {
		if strings.Contains(string(trailData), tok[len(tok)-24:]) {
			t.Error("the audit trail holds a token")
		}
	}
}

// TestAuditCommand: graphapi audit filters the trail, reports a torn last
// line with its offset (and so does serve, which refuses to start), and
// --repair moves the torn bytes aside.
func TestAuditCommand(t *testing.T) {
	trail := filepath.Join(t.TempDir(), "audit.jsonl")
	whole := `{"time":"2026-12-01T10:00:00Z","user":"bo","action":"item.accept","draft":"d","item":"r-1"}` + "\n" +
		`{"time":"2026-12-02T10:00:00Z","user":"bo","action":"pack.apply","draft":"d","pack":"p"}` + "\n" +
		`{"time":"2026-12-03T10:00:00Z","user":"cy","action":"item.reject","draft":"d","item":"r-2"}` + "\n"
	if err := os.WriteFile(trail, []byte(whole), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args  []string
		lines int
	}{
		{nil, 3}, {[]string{"--user", "bo"}, 2}, {[]string{"--pack", "p"}, 1},
		{[]string{"--since", "2026-12-02"}, 2}, {[]string{"--since", "2026-12-02T10:00:01Z"}, 1},
	} {
		out, err := runCmd(t, append(append([]string{"audit"}, tc.args...), trail)...)
		if err != nil || strings.Count(out, "\n") != tc.lines {
			t.Errorf("audit %v: %d lines, %v; want %d:\n%s", tc.args, strings.Count(out, "\n"), err, tc.lines, out)
		}
	}
	if _, err := runCmd(t, "audit", "--since", "yesterday", trail); err == nil || !strings.Contains(err.Error(), "--since") {
		t.Errorf("a bad --since: %v", err)
	}

	torn := `{"time":"2026-12-04T10:00:00Z","user":"bo","act`
	if err := os.WriteFile(trail, []byte(whole+torn), 0o600); err != nil {
		t.Fatal(err)
	}
	offset := "byte offset " + strconv.Itoa(len(whole))
	if _, err := runCmd(t, "audit", trail); err == nil || !strings.Contains(err.Error(), offset) || !strings.Contains(err.Error(), "--repair") {
		t.Errorf("audit of a torn log: %v; want the offset and --repair named", err)
	}
	if _, err := runCmd(t, "serve", "--addr", "127.0.0.1:0", "--audit", trail); err == nil || !strings.Contains(err.Error(), offset) {
		t.Errorf("serve on a torn log: %v; want it refused, naming the offset", err)
	}
	out, err := runCmd(t, "audit", "--repair", trail)
	if err != nil || !strings.Contains(out, "moved the torn last line") {
		t.Fatalf("audit --repair: %q, %v", out, err)
	}
	if b, _ := os.ReadFile(trail + ".torn"); string(b) != torn {
		t.Errorf("%s.torn holds %q", trail, b)
	}
	if out, err := runCmd(t, "audit", trail); err != nil || strings.Count(out, "\n") != 3 {
		t.Errorf("after repair: %v\n%s", err, out)
	}
}

// TestServeTeamFlags: the users and audit flags refuse what cannot work, and
// a user's token never reaches the server's log, even in a query string.
func TestServeTeamFlags(t *testing.T) {
	seedDir, draftDir := copies(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "users.yaml")
	out, err := runCmd(t, "user", "add", "bo", "--role", "editor", "--users", file)
	if err != nil {
		t.Fatal(err)
	}
	token := strings.TrimSpace(out)
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("users:\n  - name: ana\n    role: boss\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"closed reads, nobody to sign in", []string{"--open-reads=false"}, "--open-reads=false needs someone to sign in"},
		{"bad users file", []string{"--users", bad}, bad + ":2:"},
		{"missing users file", []string{"--users", filepath.Join(dir, "none.yaml")}, "none.yaml"},
		{"bad failure limit", []string{"--auth-failures-per-minute", "0"}, "--auth-failures-per-minute must be positive"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := runCmd(t, append([]string{"serve", "--addr", "127.0.0.1:0"}, tc.args...)...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("serve %v: %v; want an error saying %q", tc.args, err, tc.want)
			}
		})
	}

	trail := filepath.Join(dir, "audit.jsonl")
	base, stderr, stop := startServeEnv(t, nil, "--seed", seedDir, "--drafts", filepath.Dir(draftDir), "--users", file, "--audit", trail, "--open-reads=false")
	for _, auth := range []string{"Bearer " + token, "Bearer " + token + "x", ""} {
		req, _ := http.NewRequest(http.MethodPatch, base+"/api/v1/drafts/crt2019-niger/items/m-ee5444de52?t="+token, strings.NewReader(`{"status":"accepted"}`))
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
	}
	res, err := http.Get(base + "/api/v1/schema")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized {
		t.Errorf("a read without a token on --open-reads=false: %d, want 401", res.StatusCode)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	_, secret, _ := strings.Cut(strings.TrimPrefix(token, "gak_"), "_")
	if strings.Contains(stderr.String(), secret) {
		t.Errorf("a user's token is in the log:\n%s", stderr)
	}
	if !strings.Contains(stderr.String(), "[redacted]") {
		t.Errorf("the request line carrying the token was not logged redacted:\n%s", stderr)
	}
}
