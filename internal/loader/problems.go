package loader

import (
	"fmt"
	"sort"
	"strings"

	"github.com/graphapi/graphapi/internal/entities"
)

// Problem is one thing wrong with a seed, at a file and line.
type Problem struct {
	File    string
	Line    int // 0 when the problem is with the file as a whole
	Message string
}

func (p Problem) String() string {
	if p.Line == 0 {
		return p.File + ": " + p.Message
	}
	return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Message)
}

// Problems is every problem found in a seed. A seed with any problem is refused
// whole; the error lists them all so that one run shows everything to fix.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return fmt.Sprintf("seed refused, %d problem(s):\n%s", len(ps), strings.Join(lines, "\n"))
}

// Unwrap lets callers test the problems for entities.EINVALID with ErrorCode.
func (ps Problems) Unwrap() error {
	return entities.Errorf(entities.EINVALID, "the seed has %d problem(s)", len(ps))
}

// maxProblems bounds the list: a thoroughly broken file must not flood the output.
const maxProblems = 200

type problemList struct {
	items Problems
	// unreadable is set when a file could not be parsed at all: what it defines
	// is unknown, so references to it are not reported as dangling.
	unreadable bool
}

func (l *problemList) add(file string, line int, format string, args ...any) {
	if len(l.items) < maxProblems {
		l.items = append(l.items, Problem{File: file, Line: line, Message: fmt.Sprintf(format, args...)})
	}
}

// addAll adds other's problems, in order, as far as the bound allows.
func (l *problemList) addAll(other *problemList) {
	n := min(len(other.items), maxProblems-len(l.items))
	if n > 0 {
		l.items = append(l.items, other.items[:n]...)
	}
}

func (l *problemList) err() error {
	if len(l.items) == 0 {
		return nil
	}
	sort.SliceStable(l.items, func(i, j int) bool {
		a, b := l.items[i], l.items[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	return l.items
}
