// Package pycheck runs the repository's Python checks (scripts/check_*.py) from
// Go tests, in the virtual environment scripts/pyenv.sh makes, so that tools no
// one here wrote (the OASIS STIX validator, networkx) judge graphapi's output.
package pycheck

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Root returns the repository root: the nearest directory above the test's
// working directory that holds go.mod.
func Root(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("no go.mod above the working directory")
		}
		dir = parent
	}
}

// Python returns the virtual environment's interpreter. Without one the test is
// skipped, or fails when GRAPHAPI_REQUIRE_PY=1 (as in CI), where a missing
// check must not pass as a skipped one.
func Python(tb testing.TB) string {
	tb.Helper()
	py := filepath.Join(Root(tb), ".venv", "bin", "python")
	if _, err := os.Stat(py); err != nil {
		if os.Getenv("GRAPHAPI_REQUIRE_PY") == "1" {
			tb.Fatalf("GRAPHAPI_REQUIRE_PY=1 but %s is missing; run scripts/pyenv.sh", py)
		}
		tb.Skipf("no Python environment (%s); run scripts/pyenv.sh", py)
	}
	return py
}

// Run runs scripts/<script> with args and returns its standard output; a
// non-zero exit fails the test with both outputs.
func Run(tb testing.TB, script string, args ...string) []byte {
	tb.Helper()
	py := Python(tb)
	cmd := exec.Command(py, append([]string{filepath.Join(Root(tb), "scripts", script)}, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		tb.Fatalf("%s %v: %v\nstdout:\n%s\nstderr:\n%s", script, args, err, stdout.String(), stderr.String())
	}
	return stdout.Bytes()
}
