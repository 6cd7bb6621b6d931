//! The node-link importer never panics on any text, and whatever it accepts can be offered to the graph,
//! which either takes each item or refuses it with a validation error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stdgraph::graph::KnowledgeGraph;
use stdgraph::interchange::nodelink;
use stdgraph::model::NodeKind;

fuzz_target!(|input: &str| {
    let Ok((nodes, relations)) = nodelink::import(input) else {
        return;
    };
    let mut graph = KnowledgeGraph::new();
    let (sources, others): (Vec<_>, Vec<_>) =
        nodes.into_iter().partition(|n| n.kind() == NodeKind::Source);
    for node in sources.into_iter().chain(others) {
        let _ = graph.insert_node(node, 1);
    }
    for relation in relations {
        let _ = graph.insert_relation(relation);
    }
    let _ = graph.node_count() + graph.relation_count();
});
