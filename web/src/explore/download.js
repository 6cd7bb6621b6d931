// Downloads of what is drawn: GraphML made in the browser from the visible cytoscape elements, and
// a PNG of the drawing (cy.png()).

const xml = (s) =>
  String(s ?? '').replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]);

/** GraphML of a collection of cytoscape elements (the visible ones: `Graph.visible()`). */
export function toGraphML(elements) {
  const nodes = elements.nodes();
  const edges = elements.edges();
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    '  <key id="kind" for="node" attr.name="kind" attr.type="string"/>',
    '  <key id="name" for="node" attr.name="name" attr.type="string"/>',
    '  <key id="nameZh" for="node" attr.name="nameZh" attr.type="string"/>',
    '  <key id="rkind" for="edge" attr.name="kind" attr.type="string"/>',
    '  <key id="role" for="edge" attr.name="role" attr.type="string"/>',
    '  <key id="inferred" for="edge" attr.name="inferred" attr.type="boolean"/>',
    '  <graph id="stdgraph" edgedefault="directed">',
  ];
  nodes.forEach((n) => {
    lines.push(`    <node id="${xml(n.id())}">`);
    lines.push(`      <data key="kind">${xml(n.data('kind'))}</data>`);
    lines.push(`      <data key="name">${xml(n.data('name'))}</data>`);
    if (n.data('nameZh')) lines.push(`      <data key="nameZh">${xml(n.data('nameZh'))}</data>`);
    lines.push('    </node>');
  });
  edges.forEach((e) => {
    lines.push(`    <edge id="${xml(e.id())}" source="${xml(e.data('source'))}" target="${xml(e.data('target'))}">`);
    lines.push(`      <data key="rkind">${xml(e.data('kind'))}</data>`);
    if (e.data('role')) lines.push(`      <data key="role">${xml(e.data('role'))}</data>`);
    lines.push(`      <data key="inferred">${e.data('inferred') ? 'true' : 'false'}</data>`);
    lines.push('    </edge>');
  });
  lines.push('  </graph>', '</graphml>', '');
  return lines.join('\n');
}

/** Save a Blob under a file name (an <a download> on a blob: URL; nothing leaves the page). */
export function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function downloadGraphML(elements, filename = 'stdgraph.graphml') {
  saveBlob(new Blob([toGraphML(elements)], { type: 'application/graphml+xml' }), filename);
}

export function downloadPNG(cy, filename = 'stdgraph.png') {
  const blob = cy.png({ output: 'blob', full: true, scale: 2, bg: '#ffffff' });
  saveBlob(blob, filename);
}
