// The drawing: a cytoscape graph that grows as neighbourhoods are added, with kind filters, a
// highlighted path and a selected node.
import cytoscape from 'cytoscape';
import { NODE_KINDS, kindInfo, relationLabel, shortName } from './kinds.js';

// System fonts for the canvas labels, nothing downloaded: Latin fonts first (CJK fonts draw Latin
// punctuation such as ’ full-width), then CJK fonts for the Chinese glyphs.
export const FONT_STACK =
  '"Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif';

const STYLE = [
  {
    selector: 'node',
    style: {
      label: 'data(label)',
      'font-family': FONT_STACK,
      'font-size': 11,
      color: '#222',
      'text-valign': 'bottom',
      'text-margin-y': 4,
      'text-wrap': 'wrap',
      'text-max-width': 150,
      'text-background-color': '#fff',
      'text-background-opacity': 0.75,
      'text-background-padding': 1,
      width: 22,
      height: 22,
      'border-width': 1,
      'border-color': '#fff',
    },
  },
  ...NODE_KINDS.map((k) => ({
    selector: `node[kind = "${k.kind}"]`,
    style: { 'background-color': k.color, shape: k.shape },
  })),
  {
    selector: 'edge',
    style: {
      width: 1.5,
      'curve-style': 'bezier',
      'line-color': '#b8bec6',
      'target-arrow-color': '#b8bec6',
      'target-arrow-shape': 'triangle',
      'arrow-scale': 0.8,
      label: 'data(label)',
      'font-family': FONT_STACK,
      'font-size': 8,
      'min-zoomed-font-size': 6,
      color: '#666',
      'text-rotation': 'autorotate',
      'text-background-color': '#fff',
      'text-background-opacity': 0.8,
      'text-background-padding': 1,
    },
  },
  { selector: 'edge[?inferred]', style: { 'line-style': 'dashed' } },
  { selector: '.hidden', style: { display: 'none' } },
  { selector: '.faded', style: { opacity: 0.2 } },
  {
    selector: 'node.path',
    style: { 'border-width': 4, 'border-color': '#f5b700', width: 28, height: 28, 'font-weight': 'bold', 'z-index': 10 },
  },
  {
    selector: 'edge.path',
    style: { width: 4, 'line-color': '#f5b700', 'target-arrow-color': '#f5b700', color: '#000', 'font-size': 10, 'z-index': 10 },
  },
  { selector: 'node.center', style: { width: 30, height: 30 } },
  { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#111', 'overlay-opacity': 0 } },
];

/** Label of a node in the drawing: short name, Chinese name on a second line when there is one. */
function nodeLabel(node) {
  const short = shortName(node);
  return node.nameZh ? `${short}\n${node.nameZh}` : short;
}

export class Graph {
  /**
   * @param {HTMLElement} container
   * @param {{onTapNode: (id: string) => void}} handlers
   */
  constructor(container, { onTapNode }) {
    // cytoscape adds a one-rule <style> element unless an element with this id exists; the page's
    // CSS already gives the container `position: relative`, and a strict CSP would refuse the
    // inline style, so a marker stands in for it.
    if (!document.getElementById('__________cytoscape_stylesheet')) {
      const marker = document.createElement('meta');
      marker.id = '__________cytoscape_stylesheet';
      document.head.append(marker);
    }
    this.cy = cytoscape({
      container,
      style: STYLE,
      wheelSensitivity: 0.3,
      minZoom: 0.1,
      maxZoom: 4,
      selectionType: 'single',
      boxSelectionEnabled: false,
    });
    // cytoscape caches the container's size and offset: tell it when the layout changes them, or
    // drawings are fitted to a stale size and clicks land beside the nodes.
    new ResizeObserver(() => this.cy.resize()).observe(container);
    this.hiddenNodeKinds = new Set();
    this.hiddenRelationKinds = new Set();
    this.cy.on('tap', 'node', (e) => onTapNode(e.target.id()));
  }

  clear() {
    this.cy.elements().remove();
  }

  has(id) {
    return this.cy.getElementById(id).nonempty();
  }

  /**
   * Add nodes ({id, kind, name, nameZh, abbreviation?, code?}) and relations ({id, kind, from: {id},
   * to: {id}, inferred}) not drawn yet; returns the collection of elements added.
   */
  add(nodes, relations) {
    const added = [];
    for (const node of nodes) {
      if (this.has(node.id)) continue;
      added.push({
        group: 'nodes',
        data: { id: node.id, kind: node.kind, name: node.name, nameZh: node.nameZh ?? '', label: nodeLabel(node) },
      });
    }
    const willHave = new Set(added.map((e) => e.data.id));
    for (const rel of relations) {
      const source = rel.from.id;
      const target = rel.to.id;
      if (this.has(rel.id)) continue;
      if (!(this.has(source) || willHave.has(source)) || !(this.has(target) || willHave.has(target))) continue;
      added.push({
        group: 'edges',
        data: { id: rel.id, kind: rel.kind, source, target, label: relationLabel(rel.kind), inferred: !!rel.inferred, role: rel.role ?? '' },
      });
      willHave.add(rel.id);
    }
    const collection = this.cy.add(added);
    this.applyFilters();
    return collection;
  }

  /** Lay the drawing out again; nodes already placed start where they are. */
  layout({ fit = true } = {}) {
    const visible = this.cy.elements(':visible');
    if (visible.empty()) return;
    const randomize = this.cy.nodes().every((n) => n.position('x') === 0 && n.position('y') === 0);
    visible
      .layout({
        name: 'cose',
        animate: false,
        randomize,
        fit,
        padding: 40,
        nodeRepulsion: () => 14000,
        idealEdgeLength: () => 110,
        edgeElasticity: () => 80,
        nodeDimensionsIncludeLabels: true,
        componentSpacing: 60,
      })
      .run();
  }

  /** Place new nodes around `centerId` before the layout, so expansions grow out of the node tapped. */
  placeAround(centerId, collection) {
    const center = this.cy.getElementById(centerId);
    if (center.empty()) return;
    const { x, y } = center.position();
    const nodes = collection.nodes().filter((n) => n.id() !== centerId);
    nodes.forEach((n, i) => {
      const angle = (2 * Math.PI * i) / Math.max(nodes.length, 1);
      n.position({ x: x + 120 * Math.cos(angle), y: y + 120 * Math.sin(angle) });
    });
  }

  setNodeKindVisible(kind, visible) {
    if (visible) this.hiddenNodeKinds.delete(kind);
    else this.hiddenNodeKinds.add(kind);
    this.applyFilters();
  }

  setRelationKindVisible(kind, visible) {
    if (visible) this.hiddenRelationKinds.delete(kind);
    else this.hiddenRelationKinds.add(kind);
    this.applyFilters();
  }

  applyFilters() {
    this.cy.batch(() => {
      this.cy.nodes().forEach((n) => {
        n.toggleClass('hidden', this.hiddenNodeKinds.has(n.data('kind')));
      });
      this.cy.edges().forEach((e) => {
        e.toggleClass('hidden', this.hiddenRelationKinds.has(e.data('kind')));
      });
    });
  }

  /**
   * The elements the filters leave visible: nodes of shown kinds, and relations of shown kinds
   * between them. (Read from the classes, which change at once; cytoscape's `:visible` catches up
   * only on the next frame.)
   */
  visible() {
    const shown = (el) => !el.hasClass('hidden');
    const nodes = this.cy.nodes().filter(shown);
    const edges = this.cy.edges().filter((e) => shown(e) && shown(e.source()) && shown(e.target()));
    return nodes.union(edges);
  }

  /** Kinds present in the drawing, with counts: {nodes: {KIND: n}, relations: {KIND: n}}. */
  kindCounts() {
    const nodes = {};
    const relations = {};
    this.cy.nodes().forEach((n) => (nodes[n.data('kind')] = (nodes[n.data('kind')] ?? 0) + 1));
    this.cy.edges().forEach((e) => (relations[e.data('kind')] = (relations[e.data('kind')] ?? 0) + 1));
    return { nodes, relations };
  }

  select(id, { center = false } = {}) {
    this.cy.$(':selected').unselect();
    const el = this.cy.getElementById(id);
    if (el.empty()) return;
    el.select();
    this.cy.$('.center').removeClass('center');
    el.addClass('center');
    if (center) this.cy.animate({ center: { eles: el }, duration: 250 });
  }

  /** Highlight a path: node ids in order and the relation ids between them; the rest fades. */
  highlightPath(nodeIds, relationIds) {
    this.clearPath();
    const onPath = this.cy.collection();
    for (const id of [...nodeIds, ...relationIds]) onPath.merge(this.cy.getElementById(id));
    this.cy.batch(() => {
      onPath.addClass('path');
      this.cy.elements().difference(onPath).addClass('faded');
    });
    // A filter must not hide the path it was asked for.
    onPath.removeClass('hidden');
    return onPath;
  }

  clearPath() {
    this.cy.elements().removeClass('path faded');
    this.applyFilters();
  }

  fit(eles) {
    this.cy.fit(eles && eles.nonempty() ? eles : undefined, 40);
  }
}
