// The explorer page (/explore): search, a growing neighbourhood drawing, the selected node's
// details, a path finder, a timeline and downloads, on the public GraphQL API only. `#/ingest` shows
// the Ingest page instead (ingest.js): ingesting a text and reviewing its proposals.
import './explore.css';
import * as api from './api.js';
import { fill, h } from './dom.js';
import { downloadGraphML, downloadPNG } from './download.js';
import { Graph } from './graph.js';
import { IngestPage } from './ingest.js';
import { NODE_KINDS, RELATION_KINDS, relationLabel, shortName } from './kinds.js';
import { SidePanel } from './panel.js';
import { PathFinder } from './pathfinder.js';
import { searchBox } from './search.js';
import { Timeline } from './timeline.js';

// ---- layout -------------------------------------------------------------------------------------

const search = searchBox({
  placeholder: 'Search: CESI, 中国电子技术标准化研究院, TC260, gb/t 22239—2019, ETSI…',
  testid: 'search-input',
  label: 'Search the graph',
  onPick: (node) => select(node.id, { fresh: true }),
});

const depth = h(
  'select',
  { testid: 'depth', 'aria-label': 'Neighbourhood depth', title: 'How many steps around a node to draw' },
  h('option', { value: '1', selected: true }, 'depth 1'),
  h('option', { value: '2' }, 'depth 2'),
);
const status = h('span', { class: 'graph-status', testid: 'graph-status', 'aria-live': 'polite' });
const button = (label, testid, onclick, title) => h('button', { type: 'button', testid, onclick, title }, label);

const cyContainer = h('div', { id: 'cy', testid: 'graph', 'aria-label': 'Graph drawing' });
const nodeFilters = h('ul', { class: 'filters legend', testid: 'filter-node-kinds' });
const relationFilters = h('ul', { class: 'filters', testid: 'filter-relation-kinds' });
const pathRoot = h('section', { class: 'path-finder', testid: 'path-finder' });
const panelRoot = h('div', { class: 'side-panel', testid: 'side-panel' });
const timelineRoot = h('section', { class: 'timeline', testid: 'timeline' });
const navExplore = h('a', { href: '#/', testid: 'nav-explore' }, 'Explorer');
const navIngest = h('a', { href: '#/ingest', testid: 'nav-ingest' }, 'Ingest');
const ingestRoot = h('main', { class: 'ingest', testid: 'ingest-page', hidden: true });

fill(
  document.getElementById('app'),
  h(
    'header',
    { class: 'top' },
    h('h1', {}, h('a', { href: '/explore' }, 'stdgraph'), h('span', { class: 'subtitle' }, ' explorer')),
    search.root,
    h('nav', { 'aria-label': 'Pages' }, navExplore, navIngest, h('a', { href: '/graphiql' }, 'GraphiQL')),
  ),
  h(
    'main',
    { class: 'layout' },
    h(
      'aside',
      { class: 'left' },
      pathRoot,
      h('section', {}, h('h3', {}, 'Node kinds'), nodeFilters),
      h('section', {}, h('h3', {}, 'Relation kinds'), relationFilters),
    ),
    h(
      'section',
      { class: 'center' },
      h(
        'div',
        { class: 'toolbar' },
        depth,
        button('Fit', 'fit', () => graph.fit(), 'Fit the drawing to the window'),
        button('Re-layout', 'relayout', () => graph.layout(), 'Lay the drawing out again'),
        button('Clear path', 'clear-path', () => graph.clearPath(), 'Remove the path highlight'),
        button('Clear', 'clear', () => reset(), 'Empty the drawing'),
        h('span', { class: 'spacer' }),
        button('GraphML', 'download-graphml', () => downloadGraphML(graph.visible(), fileName('graphml')), 'Download the visible subgraph as GraphML'),
        button('PNG', 'download-png', () => downloadPNG(graph.cy, fileName('png')), 'Download the drawing as PNG'),
      ),
      cyContainer,
      h('div', { class: 'graph-footer' }, status),
    ),
    h('aside', { class: 'right' }, panelRoot, timelineRoot),
  ),
  ingestRoot,
);
const layout = document.querySelector('main.layout');

const graph = new Graph(cyContainer, { onTapNode: (id) => select(id) });
const panel = new SidePanel(panelRoot, { onSelect: (id) => select(id) });
const timeline = new Timeline(timelineRoot, { onSelect: (id) => select(id) });
const pathFinder = new PathFinder(pathRoot, { onPath: showPath, onSelect: (id) => select(id) });
const ingest = new IngestPage(ingestRoot, { onOpenNode: (id) => select(id, { fresh: true }) });

let current = null; // the selected node (details), or null
window.__stdgraphExplorer = { cy: graph.cy, graph, select, get selected() { return current; } };

function fileName(ext) {
  const base = current ? current.id.replace(/[^A-Za-z0-9._-]+/g, '-') : 'stdgraph';
  return `${base}.${ext}`;
}

// ---- filters and legend ---------------------------------------------------------------------

function renderFilters() {
  const { nodes, relations } = graph.kindCounts();
  fill(
    nodeFilters,
    NODE_KINDS.map((k) =>
      h(
        'li',
        { class: nodes[k.kind] ? '' : 'absent' },
        h(
          'label',
          {},
          h('input', {
            type: 'checkbox',
            checked: !graph.hiddenNodeKinds.has(k.kind),
            dataset: { kind: k.kind },
            onchange: (e) => {
              graph.setNodeKindVisible(k.kind, e.target.checked);
              updateStatus();
            },
          }),
          h('span', { class: 'kind-dot', 'data-kind': k.kind, 'aria-hidden': 'true' }),
          k.label,
          h('span', { class: 'count' }, nodes[k.kind] ?? 0),
        ),
      ),
    ),
  );
  fill(
    relationFilters,
    RELATION_KINDS.filter((kind) => relations[kind] || graph.hiddenRelationKinds.has(kind)).map((kind) =>
      h(
        'li',
        {},
        h(
          'label',
          {},
          h('input', {
            type: 'checkbox',
            checked: !graph.hiddenRelationKinds.has(kind),
            dataset: { kind },
            onchange: (e) => {
              graph.setRelationKindVisible(kind, e.target.checked);
              updateStatus();
            },
          }),
          relationLabel(kind),
          h('span', { class: 'count' }, relations[kind] ?? 0),
        ),
      ),
    ),
  );
  if (!relationFilters.children.length) relationFilters.append(h('li', { class: 'hint' }, 'Nothing drawn yet.'));
}

let truncatedNote = '';
function updateStatus() {
  const n = graph.cy.nodes().length;
  const e = graph.cy.edges().length;
  const visible = graph.visible();
  const vn = visible.nodes().length;
  const ve = visible.edges().length;
  status.textContent = n
    ? `${n} nodes, ${e} relations drawn${vn !== n || ve !== e ? ` (${vn} and ${ve} visible)` : ''}${truncatedNote}. Click a node to expand it.`
    : 'Nothing drawn yet.';
}

// ---- selection ----------------------------------------------------------------------------------

let selecting = 0;

/**
 * Select a node: draw its neighbourhood (added to the drawing, or a fresh drawing), show its details
 * and timeline.
 */
async function select(id, { fresh = false } = {}) {
  showExplorer();
  const mine = ++selecting;
  panel.loading(id);
  timeline.clear('Loading…');
  try {
    const [sub, node, facts] = await Promise.all([
      api.neighborhood(id, { depth: Number(depth.value) }),
      api.nodeDetails(id),
      api.timeline(id),
    ]);
    if (mine !== selecting) return;
    if (fresh) graph.clear();
    const wasEmpty = graph.cy.nodes().empty();
    const added = graph.add(
      sub.nodes.map((n) => n.node),
      sub.relations,
    );
    truncatedNote = sub.truncated ? ' (neighbourhood truncated at 200 nodes)' : '';
    if (wasEmpty) graph.layout();
    else if (added.nonempty()) {
      graph.placeAround(node.id, added);
      graph.layout({ fit: false });
    }
    graph.select(node.id, { center: !wasEmpty });
    current = node;
    panel.show(node);
    timeline.show(shortName(node), facts);
    pathFinder.setFrom(node);
    renderFilters();
    updateStatus();
    const url = new URL(window.location.href);
    url.searchParams.set('node', node.id);
    window.history.replaceState(null, '', url);
  } catch (e) {
    if (mine !== selecting) return;
    panel.error(e.message);
    timeline.clear('');
  }
}

function showPath(path) {
  const nodes = [path.start, ...path.steps.map((s) => s.node)];
  const relations = path.steps.map((s) => s.relation);
  const added = graph.add(nodes, relations);
  if (added.nonempty()) graph.layout({ fit: false });
  const onPath = graph.highlightPath(
    nodes.map((n) => n.id),
    relations.map((r) => r.id),
  );
  graph.fit(onPath);
  renderFilters();
  updateStatus();
}

function reset() {
  graph.clear();
  current = null;
  panel.empty();
  timeline.clear();
  renderFilters();
  updateStatus();
  const url = new URL(window.location.href);
  url.searchParams.delete('node');
  window.history.replaceState(null, '', url);
}

// ---- pages: the explorer, or the Ingest page (#/ingest, #/ingest/<proposal id>) ----------------------

const ingestRoute = () => window.location.hash.match(/^#\/ingest(?:\/(.+))?$/);

function route() {
  const m = ingestRoute();
  layout.hidden = !!m;
  ingestRoot.hidden = !m;
  navIngest.setAttribute('aria-current', m ? 'page' : 'false');
  navExplore.setAttribute('aria-current', m ? 'false' : 'page');
  if (m) {
    document.title = 'stdgraph ingest';
    ingest.show(m[1] ? decodeURIComponent(m[1]) : null);
  } else {
    document.title = 'stdgraph explorer';
    // The drawing was laid out while hidden (no size): measure it again.
    graph.cy.resize();
  }
}

/** Leave the Ingest page for the explorer (a node picked there or in the search box). */
function showExplorer() {
  if (!ingestRoute()) return;
  const url = new URL(window.location.href);
  url.hash = '';
  window.history.pushState(null, '', url.pathname + url.search);
  route();
}

window.addEventListener('hashchange', route);
renderFilters();
updateStatus();
route();
const start = new URL(window.location.href).searchParams.get('node');
if (start && !ingestRoute()) select(start, { fresh: true });
else if (!ingestRoute()) search.input.focus();
