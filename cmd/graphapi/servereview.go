package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/graphapi/graphapi/internal/audit"
	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/loader"
	"github.com/graphapi/graphapi/internal/review"
	"github.com/graphapi/graphapi/internal/users"
)

// minTokenBytes keeps a write token out of guessing range.
const minTokenBytes = 16

// reviewSetup is what serve needs for the review of drafts and for who may do
// what: the reviewer (nil without --drafts), the write token (nil: none), who
// the tokens belong to (nil: no one, writing is off) and the audit trail (nil
// without --audit).
type reviewSetup struct {
	drafts *review.Service
	token  []byte
	users  *users.Directory
	trail  *audit.Log
}

// reviewFlags are the serve flags setUpReview reads.
type reviewFlags struct {
	draftsDir, seedDir, tokenFile, usersFile, auditFile string
	openReads                                           bool
}

// writeToken reads the token from --write-token-file, or else from
// GRAPHAPI_WRITE_TOKEN; blanks around it are dropped (an editor's newline).
func writeToken(file string, getenv func(string) string) ([]byte, error) {
	token := getenv("GRAPHAPI_WRITE_TOKEN")
	if file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("serve: --write-token-file: %w", err)
		}
		token = string(data)
	}
	token = strings.TrimSpace(token)
	if token == "" {
		return nil, nil
	}
	if len(token) < minTokenBytes {
		return nil, fmt.Errorf("serve: the write token is %d bytes; use at least %d (e.g. openssl rand -hex 16)", len(token), minTokenBytes)
	}
	return []byte(token), nil
}

// setUpReview checks the review, users and audit flags and makes what they
// ask for. Applying a draft writes its pack into the seed folder and reloads
// the graph from it, so the server must have loaded its graph from a folder on
// disk. The caller closes rv.trail.
func setUpReview(f reviewFlags, getenv func(string) string, graph review.Graph) (rv *reviewSetup, err error) {
	token, err := writeToken(f.tokenFile, getenv)
	if err != nil {
		return nil, err
	}
	rv = &reviewSetup{token: token}
	if f.usersFile != "" || token != nil {
		if rv.users, err = users.NewDirectory(f.usersFile, token); err != nil {
			return nil, fmt.Errorf("serve: --users: %w", err)
		}
	}
	if !f.openReads && rv.users == nil {
		return nil, errors.New("serve: --open-reads=false needs someone to sign in: give --users FILE (graphapi user add makes one)")
	}
	if f.auditFile != "" {
		if rv.trail, err = audit.Open(f.auditFile); err != nil {
			return nil, fmt.Errorf("serve: --audit: %w", err)
		}
		defer func() {
			if err != nil {
				rv.trail.Close()
			}
		}()
	}
	if f.draftsDir == "" {
		if token != nil && f.usersFile == "" {
			return nil, errors.New("serve: a write token without --drafts DIR has nothing to write; give --drafts too")
		}
		return rv, nil
	}
	if f.seedDir == "" {
		return nil, errors.New("serve: --drafts needs --seed DIR: accepting a draft writes its pack into the seed folder on disk and reloads the graph from it, and the compiled-in seed cannot be written")
	}
	for _, d := range []struct{ flag, dir string }{{"--seed", f.seedDir}, {"--drafts", f.draftsDir}} {
		if info, err := os.Stat(d.dir); err != nil || !info.IsDir() {
			return nil, fmt.Errorf("serve: with --drafts, %s must be a folder: %s is not one", d.flag, d.dir)
		}
	}
	rv.drafts = review.NewService(f.draftsDir, f.seedDir, graph)
	if rv.trail != nil {
		rv.drafts.RecordingTo(rv.trail)
	}
	return rv, nil
}

// recoverSeed finishes or undoes a change of the seed folder that a killed
// server left pending, when the server writes into one (--drafts with --seed
// DIR): kept when the audit log at auditFile holds it. recovered says whether
// there was one.
func recoverSeed(auditFile, draftsDir, seedDir string) (recovered bool, err error) {
	if draftsDir == "" || seedDir == "" {
		return false, nil
	}
	if info, err := os.Stat(seedDir); err != nil || !info.IsDir() {
		return false, nil // setUpReview says what is wrong
	}
	if recovered, err = review.Recover(seedDir, auditFile); err != nil {
		return false, fmt.Errorf("serve: recovering the seed folder %s: %w", seedDir, err)
	}
	return recovered, nil
}

// reloadRecovered loads the seed into Neo4j after Recover changed the seed
// folder: the graph in Neo4j outlives the server and must follow the seed.
func reloadRecovered(ctx context.Context, seedDir string, graph entities.Writer, logger *slog.Logger) error {
	if _, _, err := loader.Load(ctx, os.DirFS(seedDir), graph); err != nil {
		return fmt.Errorf("serve: reloading the seed after recovering it: %w", err)
	}
	logger.Info("a change of the seed left pending by a stopped server was recovered; the graph was reloaded", "seed", seedDir)
	return nil
}
