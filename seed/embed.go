// Package seed holds the curated Mali 2018 seed, compiled into the binary so that
// `graphapi serve` needs no files beside it.
package seed

import "embed"

// FS is the seed: one folder per source pack, each holding its pack.yaml, its
// other statement files and, for a report, the text its evidence quotes.
//
//go:embed */*.yaml */*.txt
var FS embed.FS
