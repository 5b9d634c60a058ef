"""Read a graphapi GraphML export with networkx and print its answers as JSON.

Usage: check_graphml.py FILE EVERY

Prints degree (of the exported MultiDiGraph), betweenness centrality
(networkx's default normalization) and connected components of the undirected
simple graph, and, from every EVERY-th node in id order, the shortest-path
lengths to every node reached, as a SHA-256 of "target d" lines sorted by
target (so that all pairs of a large graph need not be printed). Also the
articulation points (sorted) and bridges (each as [a, b] with a < b, sorted) of
the same undirected simple graph, and the seconds betweenness took, for the
benchmark beside graphapi's.
"""
import hashlib
import json
import sys
import time

import networkx as nx


def main():
    path, every = sys.argv[1], int(sys.argv[2])
    g = nx.read_graphml(path)
    degree = dict(g.degree())
    u = nx.Graph(g.to_undirected())
    u.remove_edges_from(list(nx.selfloop_edges(u)))
    start = time.perf_counter()
    betweenness = nx.betweenness_centrality(u)
    seconds = time.perf_counter() - start
    components = sorted((sorted(c) for c in nx.connected_components(u)), key=lambda c: (-len(c), c[0]))
    articulation_points = sorted(nx.articulation_points(u))
    bridges = sorted(sorted(e) for e in nx.bridges(u))
    ids = sorted(u.nodes())
    distances = {}
    for s in ids[::every]:
        lengths = nx.single_source_shortest_path_length(u, s)
        text = "".join(f"{t} {lengths[t]}\n" for t in sorted(lengths))
        distances[s] = hashlib.sha256(text.encode()).hexdigest()
    json.dump({"nodes": g.number_of_nodes(), "multigraph": g.is_multigraph(), "degree": degree,
               "betweenness": betweenness, "betweenness_seconds": seconds,
               "components": components, "distances": distances,
               "articulation_points": articulation_points, "bridges": bridges}, sys.stdout)


if __name__ == "__main__":
    main()
