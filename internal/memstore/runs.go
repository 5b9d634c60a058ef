package memstore

import (
	"slices"
	"sort"

	"github.com/graphapi/graphapi/internal/entities"
)

// longList is the adjacency length from which a node counts as a hub: its type
// runs are looked up in a hubTable rather than found by binary search, and its
// distinct neighbours are listed apart.
const longList = 64

// hubTable indexes the adjacency lists (of one direction) of hubs, which most
// neighbourhoods reach. Finding a run's end in a hub's list by binary search
// is a dozen dependent cache misses, and walks look for the end of every run
// they visit. A walk that filters nothing (no type filter, no as_of) wants only
// a hub's distinct neighbours in id order, which the runs give as one merge of
// one sorted run per relationship type for each hub and direction, and nbrs
// gives as one list. Only hubs get tables, so their memory grows with the hubs,
// not the graph (sizes in BENCHMARKS.md).
type hubTable struct {
	at     map[int32]int32 // node → its hub number k
	ends   []int32         // ends[k*nt+t]: the end of type t's run in hub k's list
	nbrOff []int32         // hub k's distinct neighbours are nbrs[nbrOff[k]:nbrOff[k+1]]
	nbrs   []int32
}

// nt is the number of relationship types, the stride of hubTable.ends.
var nt = int32(len(entities.RelTypes))

// newHubTable indexes the lists of nodes with at least longList entries; off
// holds the lists' offsets, typ and nbr give entry i's type and neighbour.
func newHubTable(off []int32, typ func(i int32) uint8, nbr func(i int32) int32) hubTable {
	h := hubTable{at: map[int32]int32{}, nbrOff: []int32{0}}
	for u := range int32(len(off) - 1) {
		lo, hi := off[u], off[u+1]
		if hi-lo < longList {
			continue
		}
		h.at[u] = int32(len(h.at))
		i := lo
		for t := range nt {
			for i < hi && int32(typ(i)) <= t {
				i++
			}
			h.ends = append(h.ends, i)
		}
		start := len(h.nbrs)
		for i := lo; i < hi; i++ {
			h.nbrs = append(h.nbrs, nbr(i))
		}
		slices.Sort(h.nbrs[start:])
		h.nbrs = append(h.nbrs[:start], slices.Compact(h.nbrs[start:])...)
		h.nbrOff = append(h.nbrOff, int32(len(h.nbrs)))
	}
	return h
}

// runEnd is the end of the run of type t that holds entry i of node u's list,
// which ends at hi; search finds it in a list without a table.
func (h *hubTable) runEnd(u, i, hi int32, t uint8, search func(k int) bool) int32 {
	if hi-i >= longList {
		// Only a hub's list has this much left after i.
		return h.ends[h.at[u]*nt+int32(t)]
	}
	return i + int32(sort.Search(int(hi-i), search))
}

// neighbours returns the bounds in nbrs of hub u's distinct neighbours.
func (h *hubTable) neighbours(u int32) (lo, hi int32) {
	k := h.at[u]
	return h.nbrOff[k], h.nbrOff[k+1]
}

// outRunEnd is the end of the run of node u's out-edges that holds edge i, in
// the list that ends at hi.
func (sn *snapshot) outRunEnd(u, i, hi int32) int32 {
	t := sn.edges[i].typ
	return sn.outHubs.runEnd(u, i, hi, t, func(k int) bool { return sn.edges[i+int32(k)].typ != t })
}

// inRunEnd is outRunEnd for in-edges.
func (sn *snapshot) inRunEnd(u, i, hi int32) int32 {
	t := sn.in[i].typ
	return sn.inHubs.runEnd(u, i, hi, t, func(k int) bool { return sn.in[i+int32(k)].typ != t })
}
