"""Cross-checks stdgraph's analytics against networkx on stdgraph's own exports.

    python networkx_check.py http://127.0.0.1:PORT

Downloads the four exports and loads them with the Python lines the README shows (its "Exports for
analytics tools" section, run as they are): node-link JSON and GraphML into networkx with its defaults,
the CSV tables into pandas. Requires every format to carry the same attributes on every node and edge,
then recomputes PageRank, betweenness (directed and undirected), weakly connected components and
shortest-path lengths, and requires the answers stdgraph gives over GraphQL to be the same (PageRank and
betweenness within 1e-6). Exits non-zero with a list of differences otherwise. Talks only to the given
server.
"""
import json
import os
import re
import sys
import tempfile
import urllib.request

import networkx as nx

README = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "README.md")

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


def readme_loading_lines():
    """The Python block of the README's "Exports for analytics tools" section."""
    text = open(README, encoding="utf-8").read()
    section = text.split("## Exports for analytics tools", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def load_as_the_readme_shows(base):
    """Runs the README's loading lines on freshly downloaded exports; returns what they define."""
    names = {"graph.json": "/export/graph.json", "graph.graphml": "/export/graph.graphml",
             "nodes.csv": "/export/nodes.csv", "edges.csv": "/export/edges.csv"}
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        for name, path in names.items():
            with open(os.path.join(tmp, name), "wb") as f:
                f.write(fetch(base, path))
        os.chdir(tmp)
        try:
            scope = {}
            exec(readme_loading_lines(), scope)
        finally:
            os.chdir(here)
    return scope


def present(value):
    """An attribute counts when it holds something (networkx drops empty GraphML data, pandas reads an
    empty cell as NaN)."""
    if value is None or value == "" or value == []:
        return False
    return not (isinstance(value, float) and value != value)


def same_attributes(loaded, problems):
    """Every node and edge carries the same attribute names in node-link JSON, GraphML and CSV."""
    G, H, nodes, edges = loaded["G"], loaded["H"], loaded["nodes"], loaded["edges"]
    def table(frame, skip):
        return {row["id"]: {k for k, v in row.items() if k not in skip and present(v)}
                for row in frame.to_dict("records")}
    views = {
        "nodes": (
            {n: {k for k, v in d.items() if present(v)} for n, d in G.nodes(data=True)},
            {n: {k for k, v in d.items() if present(v)} for n, d in H.nodes(data=True)},
            table(nodes, {"id"}),
        ),
        "edges": (
            {k: {a for a, v in d.items() if present(v)} for _, _, k, d in G.edges(keys=True, data=True)},
            # GraphML's edge id is networkx's key: the relation id, `id` in the other formats.
            {k: {a for a, v in d.items() if present(v)} | {"id"} for _, _, k, d in H.edges(keys=True, data=True)},
            table(edges, {"source", "target"}),
        ),
    }
    for what, (json_view, graphml_view, csv_view) in views.items():
        for name, other in (("GraphML", graphml_view), ("CSV", csv_view)):
            if other != json_view:
                diff = sorted(k for k in set(json_view) | set(other) if json_view.get(k) != other.get(k))
                first = diff[0] if diff else None
                problems.append(f"{what}: node-link JSON and {name} differ at {len(diff)} items, e.g. "
                                f"{first}: {sorted(json_view.get(first, []))} vs {sorted(other.get(first, []))}")
    print(f"  attributes: {G.number_of_nodes()} nodes and {G.number_of_edges()} edges alike in JSON, GraphML and CSV")


def main(base):
    problems = []
    loaded = load_as_the_readme_shows(base)
    g_nl, g_ml = loaded["G"], loaded["H"]
    if not (g_nl.is_directed() and g_nl.is_multigraph()):
        problems.append("node-link JSON does not load as a MultiDiGraph with networkx's defaults")
    same_attributes(loaded, problems)
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
