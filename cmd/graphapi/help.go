package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The synopses of the commands' help: what `graphapi CMD -h` says above the
// flags. The command table (commands.go) names each command's.
const (
	serveSynopsis   = "graphapi serve [flags]\n\nServes the API (and the explorer page) on the embedded store loaded from the seed,\nor on Neo4j when --backend neo4j or NEO4J_URI is set."
	loadSynopsis    = "graphapi load [flags]\n\nChecks a seed and writes it into Neo4j in one transaction (only what changed is\nwritten). With --bulk DIR it writes neo4j-admin import files instead, for a first\nload of a large graph into an empty database (scripts/neo4j-bulk-load.sh runs the\nwhole import); --schema-only creates the constraints and indexes an imported\ndatabase needs. With --add PACK it adds one source pack to the graph already in\nNeo4j: it reads only what the pack touches, merges it with the pack as a whole\nload would (conflicts with stored claims are warned), and writes the pack's\nsource and what it states in one transaction; --dry-run checks the addition only."
	exportSynopsis  = "graphapi export [flags]\n\nWrites the graph, or part of it, as GraphML, CSV, STIX 2.1 or Cytoscape JSON:\nfrom Neo4j when NEO4J_URI is set, else from the seed."
	importSynopsis  = "graphapi import [flags]\n\nTurns a STIX 2.1 bundle into a seed directory, all or nothing. With --format\nucdp-actors it turns the UCDP Actor Dataset's CSV into a source pack resolved against\nthe graph (Neo4j's when NEO4J_URI is set, else --seed's): actors that are its entities merge into them, the rest are new,\nand those the names cannot decide wait in OUT/resolve.review for a person (decide,\nthen import again). The pack is written whole or not at all."
	userSynopsis    = "graphapi user add NAME --role reader|editor|admin --users FILE [--audit FILE]\n       graphapi user list --users FILE\n       graphapi user remove NAME --users FILE [--audit FILE]\n\nManages the users file of serve --users. add prints the new user's token once, on\nstandard output, and writes only its argon2id hash; remove takes a user out (a\nrunning server refuses the token within a second). With --audit the change is\nappended to the audit trail first."
	userAddSynopsis = "graphapi user add NAME --role reader|editor|admin --users FILE [--audit FILE]\n\nAdds a user and prints its new token once, on standard output; the users file\nkeeps only the token's argon2id hash."
	auditSynopsis   = "graphapi audit [--user U] [--pack P] [--since D] FILE\n       graphapi audit --repair FILE\n\nPrints the entries of an audit trail (serve --audit) as JSON lines, oldest first.\nA log whose last line a crash tore is reported with its byte offset; --repair\nmoves that line to FILE.torn and cuts it off, so the server can start again."
)

const neo4jEnv = `  NEO4J_URI        Neo4j's address, bolt://host:7687 or neo4j://host (clusters, Aura)
  NEO4J_USER       user (default neo4j)
  NEO4J_PASSWORD   password
  NEO4J_DATABASE   database (default neo4j)
`

// helpRequested is parse's answer to -h or --help: the command's help, which run
// prints to standard output before exiting with status 0.
type helpRequested struct{ text string }

func (h *helpRequested) Error() string { return "help requested" }

// flagSet is a command's flags with the errors of the environment values that
// set them: a malformed GRAPHAPI_<NAME> is refused by parse, never replaced by
// the default without a word.
type flagSet struct {
	*flag.FlagSet
	envErrs []error
}

// newFlags makes a flag set whose defaults can come from the environment: a
// flag defined with a default from env(name, def) is set by GRAPHAPI_<NAME>.
// Its -h lists every flag with its default and, for those, the variable.
func newFlags(name string, getenv func(string) string) (*flagSet, func(flagName, def string) string) {
	fset := &flagSet{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError)}
	var help bytes.Buffer
	fset.SetOutput(&help)
	fromEnv := map[string]bool{}
	fset.Usage = func() { writeHelp(&help, fset.FlagSet, fromEnv) }
	env := func(flagName, def string) string {
		fromEnv[flagName] = true
		if v := getenv("GRAPHAPI_" + envName(flagName)); v != "" {
			return v
		}
		return def
	}
	return fset, env
}

// typedFlag defines flag name with the value the environment gives (through
// env) or def, and records a malformed environment value as an error naming
// the variable and the form expected.
func typedFlag[T any](fset *flagSet, name string, def T, format func(T) string, parseValue func(string) (T, error), expected string,
	env func(string, string) string, define func(string, T, string) *T, help string) *T {
	raw := env(name, format(def))
	v, err := parseValue(raw)
	if err != nil {
		fset.envErrs = append(fset.envErrs, fmt.Errorf("%s: GRAPHAPI_%s=%q is not %s", fset.Name(), envName(name), raw, expected))
		v = def
	}
	return define(name, v, help)
}

func durationFlag(fset *flagSet, name string, def time.Duration, help string, env func(string, string) string) *time.Duration {
	return typedFlag(fset, name, def, time.Duration.String, time.ParseDuration,
		"a duration: a number with a unit, such as 10s, 1m30s or 500ms", env, fset.Duration, help)
}

func floatFlag(fset *flagSet, name string, def float64, help string, env func(string, string) string) *float64 {
	return typedFlag(fset, name, def, func(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) },
		func(s string) (float64, error) { return strconv.ParseFloat(s, 64) }, "a number, such as 2.5", env, fset.Float64, help)
}

func boolFlag(fset *flagSet, name string, def bool, help string, env func(string, string) string) *bool {
	return typedFlag(fset, name, def, strconv.FormatBool, strconv.ParseBool, "true or false", env, fset.Bool, help)
}

func intFlag(fset *flagSet, name string, def int, help string, env func(string, string) string) *int {
	return typedFlag(fset, name, def, strconv.Itoa, strconv.Atoi, "a whole number, such as 100", env, fset.Int, help)
}

// writeHelp writes fset's help: its command's synopsis, each flag with its
// help, its default (the environment's value when one is set) and its
// environment variable, then the other variables the command reads.
func writeHelp(w io.Writer, fset *flag.FlagSet, fromEnv map[string]bool) {
	w.(*bytes.Buffer).Reset() // only the help, not what Parse wrote before it
	cmd := helpOf(fset.Name())
	fmt.Fprintf(w, "Usage: %s\n\nFlags:\n", cmd.synopsis)
	var names []string
	fset.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	sort.Strings(names)
	for _, name := range names {
		f := fset.Lookup(name)
		kind, usage := flag.UnquoteUsage(f)
		fmt.Fprintf(w, "  --%s", f.Name)
		if kind != "" {
			fmt.Fprintf(w, " %s", kind)
		}
		fmt.Fprintf(w, "\n      %s\n", usage)
		var notes []string
		if f.DefValue != "" && f.DefValue != "0" && f.DefValue != "0s" && f.DefValue != "false" {
			notes = append(notes, "default "+f.DefValue)
		}
		if fromEnv[f.Name] {
			notes = append(notes, "env GRAPHAPI_"+envName(f.Name))
		}
		if len(notes) > 0 {
			fmt.Fprintf(w, "      (%s)\n", strings.Join(notes, "; "))
		}
	}
	if cmd.env != "" {
		fmt.Fprintf(w, "\nEnvironment:\n%s", cmd.env)
	}
}
