// Package testseed gives tests the Mali seed, read through the loader as
// `graphapi load` reads it. Only tests import it.
package testseed

import (
	"testing"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/loader"
	"github.com/graphapi/graphapi/seed"
)

// Mali reads the embedded Mali seed afresh (each caller may change its copy)
// and fails the test when the loader refuses it.
func Mali(tb testing.TB) *entities.Dataset {
	tb.Helper()
	ds, err := loader.ReadDir(seed.FS)
	if err != nil {
		tb.Fatalf("the Mali seed is refused: %v", err)
	}
	return ds
}
