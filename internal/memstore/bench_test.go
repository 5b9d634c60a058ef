package memstore_test

import (
	"context"
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/gen"
	"github.com/graphapi/graphapi/internal/memstore"
)

// The big graph of the performance targets.
const (
	bigEntities      = 1_000_000
	bigRelationships = 5_000_000
)

// fixture is the big graph, built once per benchmark process, with the ids the
// query benchmarks ask about.
type fixture struct {
	store  *memstore.Store
	median []string       // entities of median degree
	groups []string       // armed groups with lineage
	all    []string       // a random sample of entities
	typed  []string       // what analysts type: prefixes of real names (search_bench_test.go)
	scan   *substringScan // the search before the word index, the baseline
}

var (
	bigOnce sync.Once
	big     *fixture
)

func bigFixture(b *testing.B) *fixture {
	b.Helper()
	if testing.Short() {
		b.Skip("the 1M/5M graph is not built under -short")
	}
	bigOnce.Do(func() {
		ds := gen.Generate(1, bigEntities, bigRelationships)
		s := memstore.New()
		if _, err := s.Replace(context.Background(), ds); err != nil {
			b.Fatal(err)
		}
		big = &fixture{store: s, typed: asYouType(ds.Entities, 4000), scan: newSubstringScan(ds.Entities)}
		degree := map[string]int{}
		lineage := map[string]bool{}
		for _, r := range ds.Relationships {
			degree[r.From]++
			degree[r.To]++
			if r.Type.Info().Lineage {
				lineage[r.From] = true
			}
		}
		degrees := make([]int, 0, len(ds.Entities))
		for _, e := range ds.Entities {
			degrees = append(degrees, degree[e.ID])
		}
		slices.Sort(degrees)
		med := degrees[len(degrees)/2]
		rng := rand.New(rand.NewPCG(2, 2))
		for _, i := range rng.Perm(len(ds.Entities)) {
			e := &ds.Entities[i]
			if degree[e.ID] == med && len(big.median) < 1000 {
				big.median = append(big.median, e.ID)
			}
			if lineage[e.ID] && len(big.groups) < 1000 {
				big.groups = append(big.groups, e.ID)
			}
			if len(big.all) < 2000 {
				big.all = append(big.all, e.ID)
			}
		}
		b.Logf("median degree %d", med)
	})
	return big
}

// BenchmarkBuild builds the big graph and reports the heap it holds after GC,
// per relationship (entities included).
func BenchmarkBuild(b *testing.B) {
	if testing.Short() {
		b.Skip("the 1M/5M graph is not built under -short")
	}
	base := heapAfterGC()
	ds := gen.Generate(1, bigEntities, bigRelationships)
	var s *memstore.Store
	for b.Loop() {
		s = memstore.New()
		if _, err := s.Replace(context.Background(), ds); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	// The dataset's own structs go; the strings the store shares stay counted.
	ds = nil
	b.ReportMetric(float64(heapAfterGC()-base)/bigRelationships, "heapB/rel")
	runtime.KeepAlive(s)
}

func heapAfterGC() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// latencies times each query and reports the median, the figure the targets
// name, beside the mean that ns/op gives.
func latencies(b *testing.B, query func(i int) error) {
	b.Helper()
	var ts []time.Duration
	i := 0
	for b.Loop() {
		t0 := time.Now()
		if err := query(i); err != nil {
			b.Fatal(err)
		}
		ts = append(ts, time.Since(t0))
		i++
	}
	slices.Sort(ts)
	b.ReportMetric(float64(ts[len(ts)/2].Nanoseconds())/1e3, "p50-µs")
	b.ReportMetric(float64(ts[len(ts)*99/100].Nanoseconds())/1e3, "p99-µs")
}

func BenchmarkNeighbors(b *testing.B) {
	f := bigFixture(b)
	ctx := context.Background()
	for _, depth := range []int{1, 2} {
		b.Run("depth="+strconv.Itoa(depth), func(b *testing.B) {
			latencies(b, func(i int) error {
				_, err := f.store.Neighbors(ctx, entities.NeighborQuery{ID: f.median[i%len(f.median)], Depth: depth})
				return err
			})
		})
	}
}

func BenchmarkLineage(b *testing.B) {
	f := bigFixture(b)
	ctx := context.Background()
	latencies(b, func(i int) error {
		_, err := f.store.Lineage(ctx, entities.LineageQuery{ID: f.groups[i%len(f.groups)]})
		return err
	})
}

func BenchmarkPaths(b *testing.B) {
	f := bigFixture(b)
	ctx := context.Background()
	latencies(b, func(i int) error {
		from, to := f.all[(2*i)%len(f.all)], f.all[(2*i+1)%len(f.all)]
		_, err := f.store.Paths(ctx, entities.PathQuery{From: from, To: to})
		return err
	})
}
