// Package ucdp reads the UCDP Actor Dataset (Uppsala Conflict Data Program,
// CC BY 4.0; codebook: Pettersson 2022, UCDP Actor Dataset Codebook v 22.1)
// and turns it into a source pack resolved against a graph (pack.go).
//
// The file is read by its header: the columns below must be there, in any
// order, and any others (ConflictId, DyadId, … and what later versions add)
// are ignored, so later versions load. A missing column, an actor id or a
// flag that is not what the codebook says, a cell that does not split into
// ids, or two rows with one ActorId refuse the file with every problem at its
// line. What the file states but cannot be followed (an id that names no row,
// a location list whose names and codes do not pair) is reported at its line
// and left out, never dropped silently.
//
// What the codebook's fields mean, and what each becomes:
//   - Splinter with ActorIdPrev: the actor broke away from that actor (SPLIT_FROM).
//   - SplitTemp with ActorIdSplitTemp: a temporary split, the faction staying
//     part of the original movement (SPLIT_FROM, with a note saying so).
//   - Alliance with ActorIdAlliance: the actor, with other registered actors,
//     created the alliance, a new actor, and "ceases to exist on its own"
//     (MERGED_INTO the alliance: the codebook's meaning, not cooperation).
//   - JoinGroup with ActorIdGroup: the actor joined an existing group and
//     ceased to exist (MERGED_INTO).
//   - NameChange with NewName: the same actor under its later names; UCDP
//     keeps one ActorId, so this is one entity whose former names are aliases,
//     unless the graph holds the former name as an entity of its own
//     (RENAMED_TO from it).
//   - Location with GWNOLoc: the countries the actor has been active in
//     (OPERATES_IN), by Gleditsch and Ward code.
//   - Org 4 is the government of a state (a country); 1 to 3 are formally and
//     informally organized non-state groups (armed groups).
package ucdp

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// Columns are the columns the importer reads; a file without one is refused.
var Columns = []string{
	"ActorId", "NameData", "NameOrig", "NameOrigFull", "NameOrigFullEng",
	"NameChange", "NewName", "NewNameFullMotherTongue", "NewNameFullEng", "Org",
	"Splinter", "NamePrev", "ActorIdPrev", "SplitTemp", "NameSplitTemp", "ActorIdSplitTemp",
	"Alliance", "NameAlliance", "ActorIdAlliance", "JoinGroup", "GroupName", "ActorIdGroup",
	"Location", "GWNOLoc", "Version",
}

// LinkField is a coded link of the codebook: its flag column, and the
// columns that name and identify the other actor.
type LinkField struct {
	Flag, Name, ID string
}

// The coded links between actors.
var (
	Splinter  = LinkField{"Splinter", "NamePrev", "ActorIdPrev"}
	SplitTemp = LinkField{"SplitTemp", "NameSplitTemp", "ActorIdSplitTemp"}
	Alliance  = LinkField{"Alliance", "NameAlliance", "ActorIdAlliance"}
	JoinGroup = LinkField{"JoinGroup", "GroupName", "ActorIdGroup"}
)

// LinkFields lists the coded links in the codebook's order.
var LinkFields = []LinkField{Splinter, SplitTemp, Alliance, JoinGroup}

// OrgState is the Org level of the government of a state.
const OrgState = 4

// Actor is one row of the file.
type Actor struct {
	ID   int
	Line int // the row's line in the file
	// NameData is the name UCDP data use: the current one, or the last.
	NameData string
	// Original are NameOrig, NameOrigFull, NameOrigFullEng: the name when the
	// actor entered UCDP data, as written ("n/a" and blanks left out).
	Original []string
	// Renamed is NameChange; New holds NewName, NewNameFullMotherTongue and
	// NewNameFullEng, each cell split into its names.
	Renamed bool
	New     []string
	Org     int
	Links   []Link
	// Locations are GWNOLoc's codes; LocationNames Location's names, which
	// do not always pair with the codes by position (Countries names the
	// codes).
	Locations     []int
	LocationNames []string
}

// Link is one coded link from an actor to another.
type Link struct {
	Field  LinkField
	Target int    // the other actor's ActorId
	Name   string // the name the row gives it (NamePrev …), "" when the cell does not pair
}

// Names are the actor's names, NameData first, then the later names and the
// original ones, each once.
func (a *Actor) Names() []string {
	out := []string{a.NameData}
	for _, n := range slices.Concat(a.New, a.Original) {
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// CurrentNames are the names the actor bears now: NameData and, for an actor
// that was renamed, its later names; for one never renamed, all its names.
func (a *Actor) CurrentNames() []string {
	if !a.Renamed {
		return a.Names()
	}
	out := []string{a.NameData}
	for _, n := range a.New {
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// Problem is something in the file at a line.
type Problem struct {
	Line    int
	Message string
}

// Dataset is a file read: its version, its actors by line, and what it
// states that cannot be followed.
type Dataset struct {
	File     string
	Version  string
	Actors   []Actor
	Reported []Problem // followed nowhere: left out, reported
	// Countries names each GWNo code the file uses (countries.go).
	Countries map[int]string
	byID      map[int]int
}

// Actor returns the actor with ActorId id.
func (d *Dataset) Actor(id int) (*Actor, bool) {
	i, ok := d.byID[id]
	if !ok {
		return nil, false
	}
	return &d.Actors[i], true
}

// Error is a file refused: every problem, each at its line.
type Error struct {
	File     string
	Problems []Problem
}

func (e *Error) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "%s:%d: %s", e.File, p.Line, p.Message)
	}
	return b.String()
}

// Read reads an actor file; file names it in problems.
func Read(r io.Reader, file string) (*Dataset, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err != nil {
		return nil, &Error{File: file, Problems: []Problem{{1, fmt.Sprintf("cannot read the header: %v", csvMessage(err))}}}
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if _, dup := col[h]; dup {
			return nil, &Error{File: file, Problems: []Problem{{1, fmt.Sprintf("column %s appears twice", h)}}}
		}
		col[h] = i
	}
	var missing []string
	for _, c := range Columns {
		if _, ok := col[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, &Error{File: file, Problems: []Problem{{1, fmt.Sprintf("not a UCDP actor file: missing column(s) %s", strings.Join(missing, ", "))}}}
	}
	d := &Dataset{File: file, byID: map[int]int{}}
	var probs []Problem
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line, _ := cr.FieldPos(0)
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			probs = append(probs, Problem{line, csvMessage(err)})
			break
		}
		line, _ := cr.FieldPos(0)
		row := rowReader{rec: rec, col: col, line: line}
		a := row.actor(d, &probs)
		if a == nil {
			continue
		}
		if first, dup := d.byID[a.ID]; dup {
			probs = append(probs, Problem{line, fmt.Sprintf("ActorId %d is also the actor at line %d", a.ID, d.Actors[first].Line)})
			continue
		}
		d.byID[a.ID] = len(d.Actors)
		d.Actors = append(d.Actors, *a)
	}
	if len(d.Actors) == 0 && len(probs) == 0 {
		probs = append(probs, Problem{1, "no actors: the file has a header and no rows"})
	}
	if len(probs) > 0 {
		return nil, &Error{File: file, Problems: probs}
	}
	d.reportDangling()
	d.nameCountries()
	return d, nil
}

// csvMessage is a csv error without the line encoding/csv puts first: the
// problem carries it.
func csvMessage(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Sprintf("column %d: %v", pe.Column, pe.Err)
	}
	return err.Error()
}

// reportDangling leaves out, and reports, each link to an ActorId no row has.
func (d *Dataset) reportDangling() {
	for i := range d.Actors {
		a := &d.Actors[i]
		a.Links = slices.DeleteFunc(a.Links, func(l Link) bool {
			if _, ok := d.byID[l.Target]; ok {
				return false
			}
			d.Reported = append(d.Reported, Problem{a.Line, fmt.Sprintf("ActorId %d: %s %d is no actor's id in the file; that link is left out", a.ID, l.Field.ID, l.Target)})
			return true
		})
	}
}

// rowReader reads the cells of one row.
type rowReader struct {
	rec  []string
	col  map[string]int
	line int
}

func (r rowReader) cell(name string) string {
	i := r.col[name]
	if i >= len(r.rec) {
		return ""
	}
	return strings.TrimSpace(r.rec[i])
}

// actor reads the row, adding to probs what refuses it and to d.Reported
// what is left out of it.
func (r rowReader) actor(d *Dataset, probs *[]Problem) *Actor {
	bad := func(format string, args ...any) {
		*probs = append(*probs, Problem{r.line, fmt.Sprintf(format, args...)})
	}
	id, err := strconv.Atoi(r.cell("ActorId"))
	if err != nil || id <= 0 {
		bad("ActorId %q is not a positive integer", r.cell("ActorId"))
		return nil
	}
	a := &Actor{ID: id, Line: r.line, NameData: r.cell("NameData")}
	if a.NameData == "" {
		bad("ActorId %d: NameData is empty", id)
	}
	switch v := r.cell("Version"); {
	case v == "":
		bad("ActorId %d: Version is empty", id)
	case d.Version == "":
		d.Version = v
	case v != d.Version:
		bad("ActorId %d: Version %s, but the file's first row is version %s", id, v, d.Version)
	}
	a.Org, err = strconv.Atoi(r.cell("Org"))
	if err != nil || a.Org < 1 || a.Org > OrgState {
		bad("ActorId %d: Org %q is not a level from 1 to 4", id, r.cell("Org"))
	}
	for _, c := range []string{"NameOrig", "NameOrigFull", "NameOrigFullEng"} {
		if n := r.cell(c); n != "" && n != "n/a" && !slices.Contains(a.Original, n) {
			a.Original = append(a.Original, n)
		}
	}
	var ok bool
	if a.Renamed, ok = r.flag("NameChange", bad, id); ok && a.Renamed != (r.cell("NewName") != "") {
		bad("ActorId %d: NameChange %s but NewName %q", id, r.cell("NameChange"), r.cell("NewName"))
	}
	if a.Renamed {
		a.New = r.newNames(d, id)
	}
	for _, f := range LinkFields {
		on, ok := r.flag(f.Flag, bad, id)
		ids := r.cell(f.ID)
		if !ok {
			continue
		}
		if on != (ids != "") {
			bad("ActorId %d: %s %s but %s %q", id, f.Flag, r.cell(f.Flag), f.ID, ids)
			continue
		}
		targets, err := splitInts(ids)
		if err != nil {
			bad("ActorId %d: %s %q: %v", id, f.ID, ids, err)
			continue
		}
		names := splitList(r.cell(f.Name))
		if len(names) != len(targets) {
			names = nil // the locator names the ids only
		}
		for i, t := range targets {
			l := Link{Field: f, Target: t}
			if names != nil {
				l.Name = names[i]
			}
			a.Links = append(a.Links, l)
		}
	}
	if a.Locations, err = splitInts(r.cell("GWNOLoc")); err != nil {
		bad("ActorId %d: GWNOLoc %q: %v", id, r.cell("GWNOLoc"), err)
	}
	a.LocationNames = splitList(r.cell("Location"))
	return a
}

// flag reads a codebook boolean: 0 or 1.
func (r rowReader) flag(name string, bad func(string, ...any), id int) (on, ok bool) {
	switch v := r.cell(name); v {
	case "0":
		return false, true
	case "1":
		return true, true
	default:
		bad("ActorId %d: %s %q is not 0 or 1", id, name, v)
		return false, false
	}
}

// newNames are NewName's names and those of the full-name cells. A full-name
// cell that does not split into as many names as NewName (a comma inside a
// name: "Movimiento 26, de Julio") is kept whole, and reported.
func (r rowReader) newNames(d *Dataset, id int) []string {
	short := splitList(r.cell("NewName"))
	out := slices.Clone(short)
	for _, c := range []string{"NewNameFullMotherTongue", "NewNameFullEng"} {
		cell := r.cell(c)
		if cell == "" || cell == "n/a" {
			continue
		}
		names := splitList(cell)
		if len(names) != len(short) {
			d.Reported = append(d.Reported, Problem{r.line, fmt.Sprintf("ActorId %d: %s has %d names for NewName's %d; kept whole as one name", id, c, len(names), len(short))})
			names = []string{cell}
		}
		for _, n := range names {
			if n != "n/a" && !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	return out
}

// splitList splits a comma-separated cell ("Algeria, Mali") into its items.
func splitList(cell string) []string {
	if cell == "" {
		return nil
	}
	var out []string
	for _, p := range strings.Split(cell, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// splitInts splits a comma-separated cell of ids ("11884, 226").
func splitInts(cell string) ([]int, error) {
	var out []int
	for _, p := range splitList(cell) {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("%q is not an id", p)
		}
		out = append(out, n)
	}
	return out, nil
}
