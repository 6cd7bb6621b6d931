"""Cross-checks stdgraph's analytics against networkx on stdgraph's own exports.

    python networkx_check.py http://127.0.0.1:PORT

Loads /export/graph.graphml and /export/graph.json into networkx, recomputes PageRank, betweenness
(directed and undirected), weakly connected components and shortest-path lengths, and requires the
answers stdgraph gives over GraphQL to be the same (PageRank and betweenness within 1e-6). Exits non-zero
with a list of differences otherwise. Talks only to the given server.
"""
import json
import sys
import urllib.request

import networkx as nx

TOLERANCE = 1e-6


def fetch(base, path):
    with urllib.request.urlopen(base + path) as r:
        return r.read()


def gql(base, query):
    req = urllib.request.Request(base + "/graphql", data=json.dumps({"query": query}).encode(),
                                 headers={"content-type": "application/json"})
    with urllib.request.urlopen(req) as r:
        body = json.load(r)
    if "errors" in body:
        raise SystemExit(f"GraphQL errors: {body['errors']}")
    return body["data"]


def scores(base, measure, extra=""):
    data = gql(base, f"{{ centrality(measure: {measure}, first: 10000 {extra}) {{ score node {{ id }} }} }}")
    return {s["node"]["id"]: s["score"] for s in data["centrality"]}


def compare(name, ours, theirs, problems):
    if set(ours) != set(theirs):
        problems.append(f"{name}: different node sets ({len(ours)} vs {len(theirs)})")
        return
    worst = max((abs(ours[k] - theirs[k]), k) for k in ours)
    if worst[0] > TOLERANCE:
        problems.append(f"{name}: {worst[1]} differs by {worst[0]:.3g} (ours {ours[worst[1]]}, networkx {theirs[worst[1]]})")
    print(f"  {name}: {len(ours)} nodes, largest difference {worst[0]:.2e}")


def main(base):
    problems = []
    g_ml = nx.parse_graphml(fetch(base, "/export/graph.graphml").decode(), force_multigraph=True)
    g_nl = nx.node_link_graph(json.loads(fetch(base, "/export/graph.json")), directed=True, multigraph=True, edges="links")
    stats = gql(base, "{ stats { nodes relations } }")["stats"]
    for name, g in (("GraphML", g_ml), ("node-link", g_nl)):
        if (g.number_of_nodes(), g.number_of_edges()) != (stats["nodes"], stats["relations"]):
            problems.append(f"{name} export: {g.number_of_nodes()} nodes / {g.number_of_edges()} edges, "
                            f"server says {stats['nodes']} / {stats['relations']}")
    kinds_ml = nx.get_node_attributes(g_ml, "kind")
    kinds_nl = nx.get_node_attributes(g_nl, "kind")
    if kinds_ml != kinds_nl:
        problems.append("GraphML and node-link exports disagree on node kinds")
    if not all(isinstance(v, int) for v in nx.get_node_attributes(g_ml, "version").values()):
        problems.append("GraphML `version` is not read back as an integer")
    print(f"graph: {g_nl.number_of_nodes()} nodes, {g_nl.number_of_edges()} relations")

    for name, g in (("GraphML", g_ml), ("node-link", g_nl)):
        compare(f"pagerank ({name})", scores(base, "PAGERANK"), nx.pagerank(g, alpha=0.85, tol=1e-12, max_iter=1000), problems)
    g = g_nl
    compare("betweenness directed", scores(base, "BETWEENNESS", ", directed: true"),
            nx.betweenness_centrality(g, normalized=True), problems)
    compare("betweenness undirected", scores(base, "BETWEENNESS", ", directed: false"),
            nx.betweenness_centrality(g.to_undirected(), normalized=True), problems)
    compare("degree", scores(base, "DEGREE"), {n: float(d) for n, d in g.degree()}, problems)

    data = gql(base, "{ components(first: 10000) { nodes(first: 10000) { id } } }")
    ours = sorted(sorted(n["id"] for n in c["nodes"]) for c in data["components"])
    theirs = sorted(sorted(c) for c in nx.weakly_connected_components(g))
    if ours != theirs:
        problems.append(f"components differ: {len(ours)} ours vs {len(theirs)} networkx")
    print(f"  components: {len(ours)}")

    undirected = g.to_undirected()
    hubs = [s["node"]["id"] for s in gql(base, "{ centrality(measure: DEGREE, first: 5) { node { id } } }")["centrality"]]
    for source in hubs:
        for direction, graph in (("OUTGOING", g), ("BOTH", undirected)):
            data = gql(base, f'{{ distances(from: "{source}", direction: {direction}, first: 10000) {{ distance node {{ id }} }} }}')
            ours = {d["node"]["id"]: d["distance"] for d in data["distances"]}
            theirs = dict(nx.single_source_shortest_path_length(graph, source))
            if ours != theirs:
                diff = {k for k in set(ours) | set(theirs) if ours.get(k) != theirs.get(k)}
                problems.append(f"distances from {source} ({direction}) differ at {sorted(diff)[:5]}")
    print(f"  shortest-path lengths from {len(hubs)} hubs, directed and undirected")

    if problems:
        print("\n".join(["FAILED:"] + problems))
        sys.exit(1)
    print("networkx agrees")


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"))
