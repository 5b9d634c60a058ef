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
)

// minTokenBytes keeps a write token out of guessing range.
const minTokenBytes = 16

// reviewSetup is what serve needs for the review of drafts: the reviewer (nil
// without --drafts) and the write token (nil: writing is off).
type reviewSetup struct {
	drafts *review.Service
	token  []byte
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

// setUpReview checks the review flags and makes the reviewer. Applying a draft
// writes its pack into the seed folder and reloads the graph from it, so the
// server must have loaded its graph from a folder on disk.
func setUpReview(draftsDir, seedDir, tokenFile string, getenv func(string) string, graph review.Graph, log *audit.Log) (*reviewSetup, error) {
	token, err := writeToken(tokenFile, getenv)
	if err != nil {
		return nil, err
	}
	if draftsDir == "" {
		if token != nil {
			return nil, errors.New("serve: a write token without --drafts DIR has nothing to write; give --drafts too")
		}
		return &reviewSetup{}, nil
	}
	if seedDir == "" {
		return nil, errors.New("serve: --drafts needs --seed DIR: accepting a draft writes its pack into the seed folder on disk and reloads the graph from it, and the compiled-in seed cannot be written")
	}
	for _, d := range []struct{ flag, dir string }{{"--seed", seedDir}, {"--drafts", draftsDir}} {
		if info, err := os.Stat(d.dir); err != nil || !info.IsDir() {
			return nil, fmt.Errorf("serve: with --drafts, %s must be a folder: %s is not one", d.flag, d.dir)
		}
	}
	var trail review.AuditLog // nil unless --audit: a nil *audit.Log is not a nil interface
	if log != nil {
		trail = log
	}
	return &reviewSetup{drafts: review.NewService(draftsDir, seedDir, graph, trail), token: token}, nil
}

// openAudit opens --audit (nil without it) and, when the server writes into a
// seed folder (--drafts with --seed DIR), finishes or undoes a change of it
// that a killed server left pending; recovered says whether there was one.
func openAudit(file, draftsDir, seedDir string) (log *audit.Log, recovered bool, err error) {
	if file != "" {
		if log, err = audit.Open(file); err != nil {
			return nil, false, fmt.Errorf("serve: --audit: %w", err)
		}
	}
	if draftsDir == "" || seedDir == "" {
		return log, false, nil
	}
	if info, err := os.Stat(seedDir); err != nil || !info.IsDir() {
		return log, false, nil // setUpReview says what is wrong
	}
	var trail review.AuditLog
	if log != nil {
		trail = log
	}
	recovered, err = review.Recover(seedDir, trail)
	if err != nil {
		return nil, false, fmt.Errorf("serve: recovering the seed folder %s: %w", seedDir, err)
	}
	return log, recovered, nil
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
