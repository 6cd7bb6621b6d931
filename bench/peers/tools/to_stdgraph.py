#!/usr/bin/env python3
"""Converts the peer harness's synthetic graph (gen_graph.py) into stdgraph's node-link JSON.

    python3 tools/to_stdgraph.py GRAPH.json OUT.json

The peers keep free-form attributes on each entity; stdgraph has typed fields per kind and says where
every fact comes from. The mapping keeps every fact of the input:

* ids, names and links are kept as they are, links in the same order (stdgraph records each link's
  position, so "first N edges by relation id" means the same thing on every peer);
* `code` becomes an agency's abbreviation, a committee's or a standard's code;
* `published` becomes a standard's publication date, an event's start, an MoU's signing date or a
  document's issue date; `status` maps to the kind's status enum (standard `draft` -> drafting,
  `replaced` -> superseded; MoU `active` -> signed);
* the `topic` attribute becomes the entity's covers_topic link with role `main` (standards and
  documents already have that link; committees and events get one);
* event and document types in the name become the kind's event_kind / doc_kind;
* the file itself becomes one Source node, cited by every node and link (the synthetic data has no
  articles behind it).
"""
import json
import sys

try:
    import orjson

    def dumps(value):
        return orjson.dumps(value).decode()

    def loads(data):
        return orjson.loads(data)
except ImportError:  # plain json works too, a little slower
    def dumps(value):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    def loads(data):
        return json.loads(data)

SOURCE = "src:peers-synthetic"
STANDARD_STATUS = {"published": "published", "withdrawn": "withdrawn", "draft": "drafting",
                   "replaced": "superseded"}
MOU_STATUS = {"active": "signed", "expired": "expired"}
EVENT_KIND = {"Plenary meeting": "plenary", "Workshop": "workshop", "Forum": "forum",
              "Conference": "conference", "Working group meeting": "meeting"}
DOC_KIND = {"Report": "research_report", "White paper": "white_paper", "Roadmap": "plan",
            "Guide": "guidelines", "Position paper": "opinion", "Annual review": "other"}


def convert(doc):
    topic_ids = {n["name"]: n["id"] for n in doc["nodes"] if n["kind"] == "Topic"}
    graph = doc.get("graph", {})
    nodes = [{
        "id": SOURCE, "kind": "Source",
        "name": f"Synthetic peer benchmark graph ({graph.get('nodes', len(doc['nodes']))} nodes, "
                f"seed {graph.get('seed', '?')})",
        "publication": "gen_graph.py", "sources": [SOURCE],
    }]
    main_topic = {}  # node id -> topic id of its `topic` attribute
    for n in doc["nodes"]:
        kind = n["kind"]
        out = {"id": n["id"], "kind": kind, "name": n["name"], "sources": [SOURCE]}
        if kind == "Agency":
            out["abbreviation"] = n["code"]
        elif kind == "TechnicalCommittee":
            out["code"] = n["code"]
        elif kind == "Standard":
            out.update(code=n["code"], status=STANDARD_STATUS[n["status"]], published=n["published"])
        elif kind == "Event":
            out["start"] = n["published"]
            out["event_kind"] = next((v for k, v in EVENT_KIND.items() if n["name"].startswith(k)), "meeting")
        elif kind == "MoU":
            out.update(signed=n["published"], status=MOU_STATUS[n["status"]])
        elif kind == "Document":
            out["issued"] = n["published"]
            out["doc_kind"] = next((v for k, v in DOC_KIND.items() if n["name"].startswith(k + ":")), "other")
        if "topic" in n:
            main_topic[n["id"]] = topic_ids[n["topic"]]
        nodes.append(out)
    links = []
    has_main = set()
    for link in doc["links"]:
        out = {"source": link["source"], "target": link["target"], "kind": link["kind"], "sources": [SOURCE]}
        if link["kind"] == "covers_topic" and main_topic.get(link["source"]) == link["target"]:
            out["role"] = "main"
            has_main.add(link["source"])
        links.append(out)
    for node_id, topic in main_topic.items():
        if node_id not in has_main:
            links.append({"source": node_id, "target": topic, "kind": "covers_topic", "role": "main",
                          "sources": [SOURCE]})
    return nodes, links


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1], "rb") as f:
        doc = loads(f.read())
    nodes, links = convert(doc)
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        f.write('{"directed": true, "multigraph": true, "graph": {"name": "peers-synthetic"},\n"nodes": [\n')
        f.write(",\n".join(dumps(n) for n in nodes))
        f.write('\n],\n"links": [\n')
        f.write(",\n".join(dumps(link) for link in links))
        f.write("\n]}\n")
    print(f"to_stdgraph: {len(nodes)} nodes, {len(links)} links -> {sys.argv[2]}", file=sys.stderr)


if __name__ == "__main__":
    main()
