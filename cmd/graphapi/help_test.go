package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
)

// Every command's -h and --help print its flags, their defaults and their
// environment variables to standard output, and exit 0.
func TestCommandHelp(t *testing.T) {
	tests := []struct {
		command string
		want    []string // lines, or parts of lines, the help must hold
	}{
		{"serve", []string{"Usage: graphapi serve", "--addr string", "(default 127.0.0.1:8080; env GRAPHAPI_ADDR)",
			"--timeout duration", "(default 10s; env GRAPHAPI_TIMEOUT)", "--max-depth int", "--seed string", "--backend string",
			"--rate-limit float", "--cors-origins string", "--write-timeout duration", "NEO4J_URI", "NEO4J_PASSWORD"}},
		{"validate", []string{"Usage: graphapi validate", "--seed string", "(env GRAPHAPI_SEED)"}},
		{"load", []string{"Usage: graphapi load", "--seed string", "--dry-run", "(env GRAPHAPI_DRY_RUN)", "--bulk string",
			"--schema-only", "NEO4J_URI", "NEO4J_DATABASE"}},
		{"gen", []string{"Usage: graphapi gen", "--entities int", "--relationships int", "--out string",
			"--rand-seed int", "(default 1; env GRAPHAPI_RAND_SEED)"}},
		{"export", []string{"Usage: graphapi export", "--format string", "--out string", "--ids string", "--as-of string", "NEO4J_URI"}},
		{"import", []string{"Usage: graphapi import", "--format string", "(default stix; env GRAPHAPI_FORMAT)", "--in string", "--out string"}},
	}
	for _, tt := range tests {
		for _, flag := range []string{"-h", "--help"} {
			t.Run(tt.command+flag, func(t *testing.T) {
				var stdout, stderr bytes.Buffer
				if err := run(context.Background(), []string{tt.command, flag}, func(string) string { return "" }, &stdout, &stderr); err != nil {
					t.Fatalf("%s %s: %v, want exit 0", tt.command, flag, err)
				}
				for _, want := range tt.want {
					if !strings.Contains(stdout.String(), want) {
						t.Errorf("%s %s lacks %q:\n%s", tt.command, flag, want, stdout.String())
					}
				}
				if stderr.Len() != 0 {
					t.Errorf("%s %s wrote to stderr: %s", tt.command, flag, stderr.String())
				}
			})
		}
	}
}

// A default set in the environment is the default -h shows.
func TestHelpShowsEnvironmentDefault(t *testing.T) {
	var stdout bytes.Buffer
	env := func(k string) string {
		if k == "GRAPHAPI_ADDR" {
			return "127.0.0.1:9999"
		}
		return ""
	}
	if err := run(context.Background(), []string{"serve", "-h"}, env, &stdout, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), "(default 127.0.0.1:9999; env GRAPHAPI_ADDR)") {
		t.Errorf("serve -h does not show GRAPHAPI_ADDR's value as the default:\n%s", stdout.String())
	}
}

// A wrong flag is still an error, not help.
func TestUnknownFlagIsAnError(t *testing.T) {
	err := run(context.Background(), []string{"validate", "--no-such-flag"}, func(string) string { return "" }, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "no-such-flag") {
		t.Fatalf("validate --no-such-flag: %v, want an error naming the flag", err)
	}
}

// Every command and subcommand in the table answers -h with exit 0, in the one
// format: its usage, then each of its flags as --name, with its env variable
// when the environment can set it.
func TestEveryCommandHelp(t *testing.T) {
	var walk func(prefix []string, table []*command)
	walk = func(prefix []string, table []*command) {
		for _, c := range table {
			args := append(append([]string{}, prefix...), c.name)
			if c.run != nil {
				t.Run(strings.Join(args, " "), func(t *testing.T) {
					var stdout, stderr bytes.Buffer
					if err := run(context.Background(), append(args, "-h"), func(string) string { return "" }, &stdout, &stderr); err != nil {
						t.Fatalf("%v -h: %v, want exit 0", args, err)
					}
					out := stdout.String()
					if !strings.HasPrefix(out, "Usage: ") || !strings.Contains(out, "graphapi "+strings.Join(args, " ")) || !strings.Contains(out, "\n\nFlags:\n  --") {
						t.Errorf("%v -h is not in the one format:\n%s", args, out)
					}
					if stderr.Len() != 0 {
						t.Errorf("%v -h wrote to stderr: %s", args, stderr.String())
					}
				})
			}
			walk(args, c.subcommands)
		}
	}
	walk(nil, commands)
}

// An unknown command or subcommand is an error naming the ones there are.
func TestUnknownCommandNamesCommands(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"frobnicate"}, `unknown command "frobnicate"; the commands are serve, validate, load, gen, export, import, draft, pack, user, audit`},
		{[]string{"user", "rename"}, `user: unknown subcommand "rename"; say add, list, remove`},
		{[]string{"pack", "zap"}, `pack: unknown subcommand "zap"; say revert, history`},
		{[]string{"pack"}, "pack: give one of revert, history"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			err := run(context.Background(), tt.args, func(string) string { return "" }, io.Discard, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("%v: %v, want an error holding %q", tt.args, err, tt.want)
			}
		})
	}
}
