package memstore

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSortByRank checks the radix sort against slices.Sort for rank ranges
// that need one to four byte passes, and key counts on both sides of the
// cut-over to slices.Sort.
func TestSortByRank(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1, 200, 70_000, 1 << 25, 1<<31 - 1} {
		for _, size := range []int{0, 1, 63, 64, 65, 500, 5000} {
			if size > n {
				continue
			}
			t.Run(fmt.Sprintf("ranks=%d/keys=%d", n, size), func(t *testing.T) {
				seen := map[uint64]bool{}
				keys := make([]uint64, 0, size)
				for len(keys) < size {
					rank := uint64(rng.IntN(n))
					if !seen[rank] { // ranks are distinct
						seen[rank] = true
						keys = append(keys, rank<<32|uint64(rng.Uint32()))
					}
				}
				want := slices.Clone(keys)
				slices.Sort(want)
				sortByRank(keys, n)
				if !slices.Equal(keys, want) {
					t.Errorf("sortByRank gave %v, want %v", keys, want)
				}
			})
		}
	}
}

// BenchmarkSortByRank times the radix sort beside slices.Sort, the baseline,
// on the few hundred keys of a neighbourhood (ranks of the 1M-entity graph):
//
//	go test ./internal/memstore -run '^$' -bench SortByRank
func BenchmarkSortByRank(b *testing.B) {
	const n, size = 1_000_000, 300
	rng := rand.New(rand.NewPCG(3, 4))
	seen := map[uint64]bool{}
	keys := make([]uint64, 0, size)
	for len(keys) < size {
		if rank := uint64(rng.IntN(n)); !seen[rank] {
			seen[rank] = true
			keys = append(keys, rank<<32|uint64(rng.Uint32()))
		}
	}
	work := make([]uint64, size)
	for _, bc := range []struct {
		name string
		sort func([]uint64)
	}{
		{"radix", func(k []uint64) { sortByRank(k, n) }},
		{"slices.Sort", slices.Sort[[]uint64]},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				copy(work, keys)
				bc.sort(work)
			}
		})
	}
}
