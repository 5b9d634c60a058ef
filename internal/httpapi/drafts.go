package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/review"
)

// Reviewer serves the drafts routes: internal/review.Service, handed in by the
// command when the server has a drafts folder.
type Reviewer interface {
	List(ctx context.Context) ([]review.Summary, error)
	Get(ctx context.Context, id string) (*review.View, error)
	Edit(ctx context.Context, id, item string, c review.Change) (*review.View, error)
	Preview(ctx context.Context, id string) (*review.Preview, error)
	Apply(ctx context.Context, id string) (*review.Applied, error)
	RevertPreview(ctx context.Context, pack string) (*review.Reverted, error)
	Revert(ctx context.Context, pack string) (*review.Reverted, error)
}

const noDrafts = "drafts are off on this server (it has no drafts folder); start it with graphapi serve --seed DIR --drafts DIR --write-token-file FILE to review drafts"

// withDrafts answers 404 while the server has no drafts folder: the feature is
// off, which monitoring that alerts on 5xx must not take for a failure; the
// detail says how to turn it on. Otherwise it hands the handler the reviewer.
func withDrafts(drafts Reviewer, h func(c *gin.Context, drafts Reviewer)) gin.HandlerFunc {
	return func(c *gin.Context) {
		if drafts == nil {
			writeError(c, entities.Errorf(entities.ENOTFOUND, noDrafts))
			return
		}
		h(c, drafts)
	}
}

func handleDraftList(drafts Reviewer) gin.HandlerFunc {
	return withDrafts(drafts, func(c *gin.Context, drafts Reviewer) {
		if p := readParams(c); p.err != nil {
			writeError(c, p.err)
			return
		}
		list, err := drafts.List(c.Request.Context())
		if err != nil {
			writeError(c, err)
			return
		}
		c.JSON(http.StatusOK, gin.H{"items": list})
	})
}

func handleDraft(drafts Reviewer) gin.HandlerFunc {
	return withDrafts(drafts, func(c *gin.Context, drafts Reviewer) {
		if p := readParams(c); p.err != nil {
			writeError(c, p.err)
			return
		}
		v, err := drafts.Get(c.Request.Context(), c.Param("draft"))
		if err != nil {
			writeError(c, err)
			return
		}
		c.JSON(http.StatusOK, v)
	})
}

func handleDraftItem(drafts Reviewer) gin.HandlerFunc {
	return withDrafts(drafts, func(c *gin.Context, drafts Reviewer) {
		if p := readParams(c); p.err != nil {
			writeError(c, p.err)
			return
		}
		var change review.Change
		if err := decodeJSONBody(c, &change, changeBodyForm); err != nil {
			writeBodyError(c, err)
			return
		}
		v, err := drafts.Edit(c.Request.Context(), c.Param("draft"), c.Param("item"), change)
		if err != nil {
			writeError(c, err)
			return
		}
		c.JSON(http.StatusOK, v)
	})
}

const changeBodyForm = `{"status": "accepted"}, or fields to change: type, from, to, since, until, confidence (a relationship); kind, name, founded, resolve (a candidate)`

func handleDraftPreview(drafts Reviewer) gin.HandlerFunc {
	return withDrafts(drafts, func(c *gin.Context, drafts Reviewer) {
		if p := readParams(c); p.err != nil {
			writeError(c, p.err)
			return
		}
		pv, err := drafts.Preview(c.Request.Context(), c.Param("draft"))
		if err != nil {
			writeError(c, err)
			return
		}
		c.JSON(http.StatusOK, pv)
	})
}

func handleDraftApply(drafts Reviewer) gin.HandlerFunc {
	return withDrafts(drafts, func(c *gin.Context, drafts Reviewer) {
		if p := readParams(c); p.err != nil {
			writeError(c, p.err)
			return
		}
		a, err := drafts.Apply(c.Request.Context(), c.Param("draft"))
		if err != nil {
			writeError(c, err)
			return
		}
		c.JSON(http.StatusOK, a)
	})
}

// decodeJSONBody reads exactly one JSON object, refusing unknown fields: a
// misspelt field would otherwise change nothing and look accepted.
func decodeJSONBody(c *gin.Context, v any, form string) error {
	dec := json.NewDecoder(c.Request.Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil && dec.More() {
		err = errors.New("more than one JSON value")
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return tooBig
	case errors.Is(err, io.EOF):
		return entities.Errorf(entities.EINVALID, "the request body is empty; send %s", form)
	case err != nil:
		return entities.Errorf(entities.EINVALID, "the request body must be %s: %v", form, err)
	}
	return nil
}

// writeBodyError answers a body decodeJSONBody refused: 413 past the cap.
func writeBodyError(c *gin.Context, err error) {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		c.Header("Connection", "close") // the rest of the body is still unread
		writeProblem(c, http.StatusRequestEntityTooLarge, codeTooLarge, tooLargeDetail(tooBig.Limit))
		return
	}
	writeError(c, err)
}

// handlePackRevert takes a pack out of the seed and the graph, or, with
// dry_run=true, says what would leave without changing anything.
func handlePackRevert(drafts Reviewer) gin.HandlerFunc {
	return withDrafts(drafts, func(c *gin.Context, drafts Reviewer) {
		p := readParams(c, "dry_run")
		dryRun := p.boolean("dry_run")
		if p.err != nil {
			writeError(c, p.err)
			return
		}
		revert := drafts.Revert
		if dryRun {
			revert = drafts.RevertPreview
		}
		rv, err := revert(c.Request.Context(), c.Param("pack"))
		if err != nil {
			writeError(c, err)
			return
		}
		c.JSON(http.StatusOK, rv)
	})
}
