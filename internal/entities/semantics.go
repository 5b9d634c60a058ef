package entities

// How every Store answers, so that the embedded store and the Neo4j store give
// byte-identical responses (the parity suite compares them):
//
// Ids and order. Ids compare as byte strings (UTF-8 byte order, which is code
// point order, as in Cypher's ORDER BY). Edges in a Graph are ordered by id.
//
// as_of. Two rules, one per kind of question (AsOf.Keeps and AsOf.KnownBy):
//
//   - Neighbours and paths: "held on D". An entity passes when its Period
//     (founded..dissolved) holds on the as_of day; a relationship passes when
//     its Period (since..until) holds and both of its ends pass: the network as
//     it stood that day.
//   - Lineage: "known by D". A lineage relationship passes when its since is on
//     or before the as_of day, an entity when its founded is; until and
//     dissolved are ignored, so a group that had merged away or been renamed by
//     D is still an ancestor (it keeps its dissolved date, which the page marks),
//     and nothing founded or dated after D appears: the lineage as it stood
//     that day, history included.
//
// A partial date covers its first day as a start and its last day as an end; a
// partial as_of means its last day; an unknown start means "always". The
// entities a query names (the start of a neighbourhood or lineage, the two ends
// of a path, the ids of a subgraph) are always returned, whatever as_of says;
// only what they reach is filtered.
//
// Neighbors. A breadth-first walk from the start over relationships that pass
// the type filter and as_of, following them forward ("out"), backward ("in") or
// either way ("both"), up to Depth hops. dist(n) is n's hop count. Every reached
// node is ranked by (dist, id); the first Limit are kept and Truncated is set if
// any were cut. An edge u→v is returned when it passes the filters, both ends are
// kept, and it was walkable from an end nearer than Depth: (direction out or both
// and dist(u) < Depth) or (direction in or both and dist(v) < Depth).
//
// Lineage. Over the lineage types only (RelTypeInfo.Lineage), with the "known
// by D" as_of rule. An ancestor step from x goes to the ancestor end of a
// lineage edge whose other end is x (RelTypeInfo.Ancestor, AncestorTypes: for
// MERGED_INTO and RENAMED_TO the ancestor is the start, for SPLIT_FROM and
// BRANCH_OF the end); a descendant step goes the other way. Ancestors are found
// by a breadth-first walk of ancestor steps only, descendants by descendant steps
// only, with no depth cap; each entity appears once, so cycles end. For "both"
// the two walks are made separately and a node's dist is the smaller of its two.
// Nodes are ranked by (dist, id) and cut at Limit as for Neighbors. Returned edges
// are the lineage edges that passed as_of and were walked: an ancestor step
// between two nodes of the ancestor walk, or a descendant step between two nodes
// of the descendant walk, both ends kept.
//
// Paths. Edges are followed as for Neighbors (types, direction, as_of). The
// length L is the fewest hops from From to To, if L <= MaxDepth; otherwise there
// are no paths. From == To gives one path of length 0. All paths of length L are
// listed in lexicographic order, comparing step by step the next node's id and
// then the edge's id, and cut at Limit (Truncated set if more exist). Nodes holds
// every entity on a returned path, ordered by id.
//
// Empty lists are [] in JSON, never null.
//
// Subgraph. The named entities (duplicates dropped) ordered by id, and every
// relationship among them, ordered by id. as_of does not apply.
//
// Search. Every name and alias is folded with FoldName (the key the alias
// index resolves identity by, so "Ansar Dine" finds Ansar al-Dine), and the
// text gives its search texts (SearchTexts): its FoldName, and the folded
// starts of every spelling FoldName treats as the same name that its last
// word, typed so far, may grow into ("Mo" may be "Mourabitoun", folded
// "mu…"; "Qae" "Qaeda", folded "qaida"). An entity matches when a word of its
// folded name or of an alias starts with a search text: the folded name
// starts with it, or contains a space followed by it (SearchRank). The text
// may end inside a word and run over several ("ansar d" matches "ansar din");
// it never starts inside a word ("bitun" does not match "murabitun"). An
// empty text matches everything, and Kind, when set, is equal. Rank 0: the
// folded text equals the folded name or an alias; rank 1: one of them starts
// with a search text; rank 2: the rest. Hits are
// ordered by (rank, folded name, id); Total counts all hits before Offset and
// Limit. Words, not arbitrary substrings, because a search answers as the user
// types on a million entities: the matches of a text are then one range of
// sorted word starts (about four a name), found by binary search, where a
// substring rule needs a scan of every name or an index of every byte; and
// analysts type names from the start of a word.
//
// Entity counts. One RelCount per (type, direction) with a non-zero count, in
// vocabulary order, "out" before "in"; a self-loop counts once each way.
