// Package web holds the explorer page: its source (src/, index.html, built with
// npm and esbuild) and the built bundle in dist/, embedded into the binary so
// that `graphapi serve` can serve it with no files beside it and no internet.
//
// dist/ is not committed: a fresh clone holds only dist/.gitkeep, so the Go
// build works before `npm ci && npm run build` has run, and Built reports false
// until it has.
package web

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// Assets returns the built page with dist/ as its root: index.html and the
// assets/ it loads. Before the page is built it holds only .gitkeep.
func Assets() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil { // "dist" is a valid path, so fs.Sub cannot fail
		panic(err)
	}
	return sub
}

// Built reports whether the page has been built into dist/ (index.html is
// there). When it is false, serving "/" can only say how to build it:
// run `npm ci && npm run build` in web/.
func Built() bool {
	_, err := fs.Stat(Assets(), "index.html")
	return err == nil
}
