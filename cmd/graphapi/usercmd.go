package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	osuser "os/user"
	"text/tabwriter"
	"time"

	"github.com/graphapi/graphapi/internal/audit"
	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/users"
)

// userFlags are the flags every user subcommand takes.
func userFlags(name string, getenv func(string) string) (*flagSet, *string, *string, *string) {
	fset, env := newFlags(name, getenv)
	file := fset.String("users", env("users", ""), "the users file (created by the first add)")
	trail := fset.String("audit", env("audit", ""), "audit trail to append the change to (the server's --audit file)")
	by := fset.String("by", "", "who makes the change, as the audit trail records it (default: your login name)")
	return fset, file, trail, by
}

// parseNamed is parseWithArg for a subcommand whose argument (what) is required.
func parseNamed(fset *flagSet, args []string, what string) (string, error) {
	arg, err := parseWithArg(fset, args)
	if err == nil && arg == "" {
		return "", fmt.Errorf("%s: give the %s", fset.Name(), what)
	}
	return arg, err
}

func userAdd(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fset, file, trail, by := userFlags("user add", getenv)
	role := fset.String("role", "", "reader, editor or admin")
	name, err := parseNamed(fset, args, "new user's name")
	if err != nil {
		return err
	}
	if *file == "" {
		return errors.New("user add: give --users FILE")
	}
	f, err := readUsers(*file)
	if err != nil {
		return err
	}
	token, err := f.Add(name, entities.Role(*role), time.Now())
	if err != nil {
		return fmt.Errorf("user add: %w", err)
	}
	added := f.Users[len(f.Users)-1]
	if err := auditUserChange(*trail, *by, audit.ActionUserAdd, nil, added); err != nil {
		return err
	}
	if err := users.Write(*file, f); err != nil {
		return fmt.Errorf("user add: %w", err)
	}
	fmt.Fprintln(stdout, token)
	fmt.Fprintf(stderr, "added %s (%s) to %s. The token above is shown only now: give it to %s; the file keeps only its hash.\n", name, added.Role, *file, name)
	return nil
}

func userRemove(args []string, getenv func(string) string, stdout io.Writer) error {
	fset, file, trail, by := userFlags("user remove", getenv)
	name, err := parseNamed(fset, args, "user's name")
	if err != nil {
		return err
	}
	if *file == "" {
		return errors.New("user remove: give --users FILE")
	}
	f, err := users.Read(*file)
	if err != nil {
		return fmt.Errorf("user remove: %w", err)
	}
	gone, err := f.Remove(name)
	if err != nil {
		return fmt.Errorf("user remove: %w", err)
	}
	if err := auditUserChange(*trail, *by, audit.ActionUserRemove, &gone, users.User{}); err != nil {
		return err
	}
	if err := users.Write(*file, f); err != nil {
		return fmt.Errorf("user remove: %w", err)
	}
	fmt.Fprintf(stdout, "removed %s (%s) from %s; a running server refuses its token within a second\n", gone.Name, gone.Role, *file)
	return nil
}

func userList(args []string, getenv func(string) string, stdout io.Writer) error {
	fset, env := newFlags("user list", getenv)
	file := fset.String("users", env("users", ""), "the users file")
	if err := parse(fset, args); err != nil {
		return err
	}
	if *file == "" {
		return errors.New("user list: give --users FILE")
	}
	f, err := users.Read(*file)
	if err != nil {
		return fmt.Errorf("user list: %w", err)
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tROLE\tTOKEN ID\tADDED")
	for _, u := range f.Users {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", u.Name, u.Role, u.ID, u.Added)
	}
	return tw.Flush()
}

// readUsers reads the users file, or starts an empty one when it is missing.
func readUsers(path string) (*users.File, error) {
	f, err := users.Read(path)
	if errors.Is(err, os.ErrNotExist) {
		return &users.File{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("user add: %w", err)
	}
	return f, nil
}

// userRecord is a user as the audit trail records it: no hash.
type userRecord struct {
	Name string        `json:"name"`
	Role entities.Role `json:"role"`
	ID   string        `json:"token_id"`
}

// auditUserChange appends a user's addition or removal to the trail at path,
// when one is given, before the users file changes.
func auditUserChange(path, by, action string, before *users.User, after users.User) error {
	if path == "" {
		return nil
	}
	if by == "" {
		if me, err := osuser.Current(); err == nil {
			by = me.Username
		}
	}
	if by == "" {
		return errors.New("--audit: cannot tell who you are; give --by NAME")
	}
	e := audit.Entry{User: by, Action: action}
	var err error
	if before != nil {
		e.Before, err = json.Marshal(userRecord{before.Name, before.Role, before.ID})
	} else {
		e.After, err = json.Marshal(userRecord{after.Name, after.Role, after.ID})
	}
	if err != nil {
		return err
	}
	log, err := audit.Open(path)
	if err != nil {
		return fmt.Errorf("--audit: %w", err)
	}
	if err := log.Append(e); err != nil {
		log.Close()
		return fmt.Errorf("--audit: %w; the users file is unchanged", err)
	}
	return log.Close()
}

// auditCommand runs `graphapi audit [--user U] [--pack P] [--since S] FILE`.
func auditCommand(args []string, getenv func(string) string, stdout io.Writer) error {
	fset, _ := newFlags("audit", getenv)
	userName := fset.String("user", "", "only the entries of this user")
	pack := fset.String("pack", "", "only the entries of this pack")
	since := fset.String("since", "", "only the entries from this day (2026-12-07) or time (RFC 3339) on")
	repair := fset.Bool("repair", false, "move a torn last line (a crash during a write) to FILE.torn and cut it off the log")
	file, err := parseNamed(fset, args, "audit file")
	if err != nil {
		return err
	}
	if *repair {
		torn, err := audit.Repair(file)
		if err != nil {
			return fmt.Errorf("audit --repair: %w", err)
		}
		if torn == nil {
			fmt.Fprintf(stdout, "%s is whole; nothing to repair\n", file)
			return nil
		}
		fmt.Fprintf(stdout, "moved the torn last line of %s (%d bytes from offset %d) to %s.torn; the log ends at the last whole entry\n", file, torn.Bytes, torn.Offset, file)
		return nil
	}
	f := audit.Filter{User: *userName, Pack: *pack}
	if *since != "" {
		if f.Since, err = audit.ParseSince(*since); err != nil {
			return fmt.Errorf("audit: --since: %w", err)
		}
	}
	entries, err := audit.ReadFile(file, f)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	enc := json.NewEncoder(stdout)
	for _, e := range entries {
		if err := enc.Encode(e); err != nil {
			return err
		}
	}
	return nil
}
