// Package seed holds the curated Mali 2018 seed, compiled into the binary so that
// `graphapi serve` needs no files beside it.
package seed

import "embed"

// FS is the seed: its YAML files and the source texts they quote.
//
//go:embed *.yaml sources
var FS embed.FS
