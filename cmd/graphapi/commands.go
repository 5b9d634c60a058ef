package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/graphapi/graphapi/internal/draft"
)

// command is one entry of the command table: its name, its help (what `-h`
// prints above the flags, and the environment it reads besides its
// GRAPHAPI_<FLAG> variables), how it runs, and its subcommands. A command with
// subcommands and no run of its own needs one of them; draft has both: a
// subcommand's name, or else its positional argument (the report).
type command struct {
	name        string
	synopsis    string
	env         string
	run         func(ctx context.Context, m *Main, args []string) error
	subcommands []*command
}

// commands is the table every command is dispatched from and every -h is
// written from. It is filled in init: its runs reach writeHelp, which reads it.
var commands []*command

func init() {
	commands = []*command{
		{name: "serve", synopsis: serveSynopsis, env: "  GRAPHAPI_WRITE_TOKEN  the write token itself (--write-token-file wins)\n" + neo4jEnv,
			run: func(ctx context.Context, m *Main, args []string) error { return serve(ctx, m, args) }},
		{name: "validate", synopsis: "graphapi validate [flags]\n\nReads and checks a seed; prints every problem as file:line: message.",
			run: func(_ context.Context, m *Main, args []string) error {
				return validate(args, m.getenv, m.stdout, m.prog)
			}},
		{name: "load", synopsis: loadSynopsis, env: neo4jEnv,
			run: func(ctx context.Context, m *Main, args []string) error {
				return load(ctx, args, m.getenv, m.stdout, m.logger, m.prog)
			}},
		{name: "gen", synopsis: "graphapi gen [flags]\n\nWrites a random seed of the size asked for, for benchmarks.",
			run: func(_ context.Context, m *Main, args []string) error {
				return generate(args, m.getenv, m.stdout, m.prog)
			}},
		{name: "export", synopsis: exportSynopsis, env: neo4jEnv,
			run: func(ctx context.Context, m *Main, args []string) error {
				return exportGraph(ctx, args, m.getenv, m.stdout, m.logger, m.prog)
			}},
		{name: "import", synopsis: importSynopsis, env: neo4jEnv,
			run: func(ctx context.Context, m *Main, args []string) error {
				return importGraph(ctx, args, m.getenv, m.stdout, m.logger)
			}},
		{name: "draft", synopsis: draftSynopsis,
			run: func(ctx context.Context, m *Main, args []string) error {
				return draftCommand(ctx, args, m.getenv, m.stdout)
			},
			subcommands: []*command{
				{name: "accept", synopsis: draftReviewSynopsis,
					run: func(ctx context.Context, m *Main, args []string) error {
						return reviewDraft(ctx, "accept", draft.Accepted, args, m.getenv, m.stdout)
					}},
				{name: "reject", synopsis: draftReviewSynopsis,
					run: func(ctx context.Context, m *Main, args []string) error {
						return reviewDraft(ctx, "reject", draft.Rejected, args, m.getenv, m.stdout)
					}},
			}},
		{name: "pack", synopsis: packSynopsis, env: neo4jEnv,
			subcommands: []*command{
				{name: "revert", synopsis: packSynopsis, env: neo4jEnv,
					run: func(ctx context.Context, m *Main, args []string) error {
						return packCommand(ctx, "revert", args, m.getenv, m.stdout, m.logger)
					}},
				{name: "history", synopsis: packSynopsis,
					run: func(ctx context.Context, m *Main, args []string) error {
						return packCommand(ctx, "history", args, m.getenv, m.stdout, m.logger)
					}},
			}},
		{name: "user", synopsis: userSynopsis,
			subcommands: []*command{
				{name: "add", synopsis: userAddSynopsis,
					run: func(_ context.Context, m *Main, args []string) error {
						return userAdd(args, m.getenv, m.stdout, m.stderr)
					}},
				{name: "list", synopsis: "graphapi user list --users FILE\n\nLists the users: name, role, token id (the token's public part), when added.",
					run: func(_ context.Context, m *Main, args []string) error { return userList(args, m.getenv, m.stdout) }},
				{name: "remove", synopsis: "graphapi user remove NAME --users FILE [--audit FILE]\n\nTakes a user out of the users file; a running server refuses its token within a second.",
					run: func(_ context.Context, m *Main, args []string) error { return userRemove(args, m.getenv, m.stdout) }},
			}},
		{name: "audit", synopsis: auditSynopsis,
			run: func(_ context.Context, m *Main, args []string) error { return auditCommand(args, m.getenv, m.stdout) }},
	}
}

// Main is the program for one command line: ParseFlags picks the command from
// the table, Run runs it, Close releases what it left open (the store serve
// opened, its audit trail).
type Main struct {
	getenv         func(string) string
	stdout, stderr io.Writer
	logger         *slog.Logger
	prog           *progress

	cmd     *command
	args    []string // the command's own arguments: its flags and positional argument
	closers []func() error
}

// NewMain is the program reading getenv and writing to stdout and stderr.
func NewMain(getenv func(string) string, stdout, stderr io.Writer) *Main {
	logger := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	return &Main{getenv: getenv, stdout: stdout, stderr: stderr, logger: logger, prog: newProgress(stderr, logger)}
}

// ParseFlags finds the command args name, and its subcommand, in the table.
// An unknown name is an error naming the commands there are.
func (m *Main) ParseFlags(_ context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(m.stderr, usage)
		return errors.New("no command given")
	}
	switch args[0] {
	case "help", "-h", "--help":
		return &helpRequested{text: usage}
	}
	cmd := findCommand(commands, args[0])
	if cmd == nil {
		fmt.Fprint(m.stderr, usage)
		return fmt.Errorf("unknown command %q; the commands are %s", args[0], commandNames(commands))
	}
	name, args := cmd.name, args[1:]
	for len(cmd.subcommands) > 0 {
		if len(args) > 0 {
			if sub := findCommand(cmd.subcommands, args[0]); sub != nil {
				cmd, args = sub, args[1:]
				continue
			}
		}
		if cmd.run != nil { // draft REPORT
			break
		}
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return &helpRequested{text: fmt.Sprintf("Usage: %s\n\nCommands: %s\n", cmd.synopsis, commandNames(cmd.subcommands))}
		}
		if len(args) == 0 {
			return fmt.Errorf("%s: give one of %s (see graphapi %s -h)", name, commandNames(cmd.subcommands), name)
		}
		return fmt.Errorf("%s: unknown subcommand %q; say %s", name, args[0], commandNames(cmd.subcommands))
	}
	m.cmd, m.args = cmd, args
	return nil
}

// Run runs the command ParseFlags found.
func (m *Main) Run(ctx context.Context) error {
	return m.cmd.run(ctx, m, m.args)
}

// onClose has Close call close, after whatever was registered later.
func (m *Main) onClose(close func() error) {
	m.closers = append(m.closers, close)
}

// Close closes what the command opened, last opened first.
func (m *Main) Close() error {
	var errs []error
	for i := len(m.closers) - 1; i >= 0; i-- {
		errs = append(errs, m.closers[i]())
	}
	m.closers = nil
	return errors.Join(errs...)
}

func findCommand(table []*command, name string) *command {
	for _, c := range table {
		if c.name == name {
			return c
		}
	}
	return nil
}

func commandNames(table []*command) string {
	names := make([]string, len(table))
	for i, c := range table {
		names[i] = c.name
	}
	return strings.Join(names, ", ")
}

// helpOf is the table's entry for a flag set's name: "serve", "user add".
func helpOf(fullName string) *command {
	table, cmd := commands, (*command)(nil)
	for part := range strings.SplitSeq(fullName, " ") {
		if cmd = findCommand(table, part); cmd == nil {
			return &command{synopsis: fullName}
		}
		table = cmd.subcommands
	}
	return cmd
}
