package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// startServe runs `graphapi serve` on a free port as main would, and returns its
// base URL and a function that stops it (as SIGTERM would) and returns run's error.
func startServe(t *testing.T, args ...string) (string, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), func(string) string { return "" }, pw, io.Discard)
		pw.Close()
		done <- err
	}()
	lines := bufio.NewScanner(pr)
	base := ""
	for lines.Scan() {
		if _, url, ok := strings.Cut(lines.Text(), "listening on "); ok {
			base = url
			break
		}
	}
	if base == "" {
		cancel()
		t.Fatalf("serve stopped before listening: %v", <-done)
	}
	go io.Copy(io.Discard, pr)
	stop := func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(20 * time.Second):
			t.Fatal("serve did not stop within 20s of its context ending")
			return nil
		}
	}
	t.Cleanup(func() { cancel() })
	return base, stop
}

func getJSON(t *testing.T, url string, into any) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return resp.StatusCode
}

func TestServeMaliAndShutDown(t *testing.T) {
	base, stop := startServe(t)
	var health map[string]any
	if code := getJSON(t, base+"/healthz", &health); code != 200 {
		t.Fatalf("/healthz: %d", code)
	}
	var lineage struct {
		Nodes []struct{ ID string }
	}
	if code := getJSON(t, base+"/api/v1/entities/jnim/lineage?direction=ancestors", &lineage); code != 200 {
		t.Fatalf("lineage: %d", code)
	}
	got := map[string]bool{}
	for _, n := range lineage.Nodes {
		got[n.ID] = true
	}
	for _, id := range []string{"aqim-sahara-branch", "al-murabitoun", "ansar-al-dine", "macina-liberation-front"} {
		if !got[id] {
			t.Errorf("JNIM's ancestors lack %s: %v", id, got)
		}
	}
	if err := stop(); err != nil {
		t.Errorf("serve returned %v after a graceful stop, want nil", err)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		wantOut string
		wantErr string
	}{
		{"compiled-in Mali seed", nil, "seed ok:", ""},
		{"good test seed", []string{"--seed", "../../internal/loader/testdata/good"}, "seed ok: 2 sources, 3 entities, 1 relationships", ""},
		{"broken seed names file and line", []string{"--seed", "../../internal/loader/testdata/broken/dangling-end"}, "", "relationships.yaml:2:"},
		{"missing directory", []string{"--seed", "does-not-exist"}, "", "no seed files"},
		{"STIX bundle file, unmappable object listed", []string{"--seed", "testdata/foreign.json"},
			"warning: foreign.json:32: object malware--55555555-5555-4555-8555-555555555555 skipped: type malware has no graphapi kind\n" +
				"seed ok: 1 sources, 2 entities, 1 relationships", ""},
		{"broken STIX bundle names file, line and object", []string{"--seed", "testdata/broken-bundle.json"}, "",
			"broken-bundle.json:10: object threat-actor--22222222-2222-4222-8222-222222222222: first_seen \"last year\" is not a timestamp"},
		{"broken STIX bundle lists every problem", []string{"--seed", "testdata/broken-bundle.json"}, "",
			"broken-bundle.json:15: object relationship--33333333-3333-4333-8333-333333333333: target_ref threat-actor--99999999-9999-4999-8999-999999999999 is not an object of the bundle"},
		{"stray argument", []string{"extra"}, "", "unexpected argument"},
		{"packs whose sources disagree: a warning", []string{"--seed", "../../internal/loader/testdata/packs/good"},
			"ref-c/pack.yaml:11: warning: entity \"ansar-al-dine\": sources disagree on founded: 2011-12 (ref-b), 2012 (ref-c); showing 2011-12\nseed ok: 3 sources, 5 entities, 3 relationships", ""},
		{"packs whose sources disagree, --strict: refused", []string{"--seed", "../../internal/loader/testdata/packs/good", "--strict"}, "", "seed refused (--strict): 1 warning(s)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			err := run(context.Background(), append([]string{"validate"}, tt.args...), func(string) string { return "" }, &out, io.Discard)
			if tt.wantErr == "" && err != nil {
				t.Fatalf("validate: %v", err)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("validate error %v, want one containing %q", err, tt.wantErr)
			}
			if !strings.Contains(out.String(), tt.wantOut) {
				t.Errorf("output %q, want %q", out.String(), tt.wantOut)
			}
		})
	}
}

func TestGenThenServe(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"gen", "--entities", "500", "--relationships", "2000", "--out", dir}, func(string) string { return "" }, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	base, stop := startServe(t, "--seed", dir)
	var schema struct {
		RelationshipTypes []struct{ Count int } `json:"relationship_types"`
	}
	if code := getJSON(t, base+"/api/v1/schema", &schema); code != 200 {
		t.Fatalf("schema: %d", code)
	}
	total := 0
	for _, rt := range schema.RelationshipTypes {
		total += rt.Count
	}
	if total != 2000 {
		t.Errorf("served %d relationships, generated 2000", total)
	}
	if err := stop(); err != nil {
		t.Error(err)
	}
}

func TestUnknownCommand(t *testing.T) {
	if err := run(context.Background(), []string{"frobnicate"}, func(string) string { return "" }, io.Discard, io.Discard); err == nil {
		t.Error("an unknown command must fail")
	}
}

func TestRedactURI(t *testing.T) {
	tests := []struct{ in, want string }{
		{"bolt://127.0.0.1:7687", "bolt://127.0.0.1:7687"},
		{"neo4j+s://neo4j:s3cret@abc.databases.neo4j.io", "neo4j+s://abc.databases.neo4j.io"},
		{"bolt://user@host:7687", "bolt://host:7687"},
	}
	for _, tt := range tests {
		if got := redactURI(tt.in); got != tt.want || strings.Contains(got, "s3cret") {
			t.Errorf("redactURI(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A malformed environment value is refused with the variable's name and the
// form it takes, before anything is started or read.
func TestMalformedEnvironmentRefused(t *testing.T) {
	tests := []struct {
		args      []string
		variable  string
		value     string
		wantParts []string
	}{
		{[]string{"serve"}, "GRAPHAPI_TIMEOUT", "10", []string{`GRAPHAPI_TIMEOUT="10"`, "a duration", "10s"}},
		{[]string{"serve"}, "GRAPHAPI_MAX_DEPTH", "three", []string{`GRAPHAPI_MAX_DEPTH="three"`, "a whole number"}},
		{[]string{"serve"}, "GRAPHAPI_RATE_LIMIT", "fast", []string{`GRAPHAPI_RATE_LIMIT="fast"`, "a number"}},
		{[]string{"serve"}, "GRAPHAPI_RATE_LIMIT_LOOPBACK", "yes", []string{`GRAPHAPI_RATE_LIMIT_LOOPBACK="yes"`, "true or false"}},
		{[]string{"validate"}, "GRAPHAPI_STRICT", "yes", []string{`GRAPHAPI_STRICT="yes"`, "true or false"}},
		{[]string{"gen", "--out", "x"}, "GRAPHAPI_ENTITIES", "1e3", []string{`GRAPHAPI_ENTITIES="1e3"`, "a whole number"}},
	}
	for _, tt := range tests {
		t.Run(tt.variable, func(t *testing.T) {
			getenv := func(k string) string {
				if k == tt.variable {
					return tt.value
				}
				return ""
			}
			var out bytes.Buffer
			err := run(context.Background(), tt.args, getenv, &out, io.Discard)
			if err == nil {
				t.Fatalf("%s=%s: run succeeded, want a refusal", tt.variable, tt.value)
			}
			for _, part := range tt.wantParts {
				if !strings.Contains(err.Error(), part) {
					t.Errorf("error %q does not say %q", err, part)
				}
			}
		})
	}
}
