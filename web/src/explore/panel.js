// The side panel: the selected node's fields, its relations (each with the articles that state it)
// and its own sources.
import { fill, h } from './dom.js';
import { kindInfo, relationLabel, shortName } from './kinds.js';

const enumText = (v) => (typeof v === 'string' ? v.toLowerCase().replaceAll('_', ' ') : v);
// The fields whose values are GraphQL enums (shown in words: `IN_FORCE` as "in force").
const ENUMS = new Set(['category', 'committeeLevel', 'committeeStatus', 'type', 'level', 'status', 'eventKind', 'mouStatus', 'docKind', 'docStatus']);

// Kind-specific fields, in the order shown: [label, field].
const FIELDS = {
  AGENCY: [['Abbreviation', 'abbreviation'], ['Category', 'category'], ['Country', 'country']],
  TECHNICAL_COMMITTEE: [['Code', 'code'], ['Level', 'committeeLevel'], ['Status', 'committeeStatus'], ['Established', 'established'], ['Scope', 'scope']],
  STANDARD: [
    ['Code', 'code'], ['Title', 'title'], ['Chinese title', 'titleZh'], ['Type', 'type'], ['Level', 'level'], ['Status', 'status'],
    ['Proposed', 'proposed'], ['Published', 'published'], ['In force', 'inForce'], ['Withdrawn', 'withdrawn'], ['Comment deadline', 'commentDeadline'],
  ],
  EVENT: [['Event kind', 'eventKind'], ['Start', 'start'], ['End', 'end'], ['City', 'city'], ['Country', 'country']],
  MOU: [['Subject', 'subject'], ['Signed', 'signed'], ['Renewed', 'renewed'], ['Status', 'mouStatus']],
  DOCUMENT: [['Document kind', 'docKind'], ['Number', 'number'], ['Status', 'docStatus'], ['Issued', 'issued'], ['Comment deadline', 'commentDeadline'], ['In force', 'inForce'], ['URL', 'url']],
  PERSON: [['Title', 'title']],
  TOPIC: [],
  SOURCE: [['Publication', 'publication'], ['Issue', 'issue'], ['Issued', 'issued'], ['Article', 'article'], ['Section', 'section'], ['Title', 'title'], ['URL', 'url']],
};

/** "SESEC newsletter 2019, article 14: <title>" as a list item; the article opens as a node. */
export function sourceItem(src, onSelect) {
  const where = [src.publication, src.issue, src.article != null ? `article ${src.article}` : null].filter(Boolean).join(', ') || src.name;
  return h(
    'li',
    { class: 'source', testid: 'source', dataset: { id: src.id } },
    h(
      'a',
      {
        href: `?node=${encodeURIComponent(src.id)}`,
        class: 'source-where',
        onclick: (e) => {
          e.preventDefault();
          onSelect(src.id);
        },
      },
      where,
    ),
    src.section ? h('span', { class: 'source-section' }, ` (${src.section})`) : null,
    src.title ? h('div', { class: 'source-title' }, src.title) : null,
  );
}

/** Compact source chips for a relation: "art. 14" with the article's title as tooltip. */
export function sourceChips(sources) {
  if (!sources?.length) return null;
  return h(
    'span',
    { class: 'source-chips' },
    sources.map((s) =>
      h('span', { class: 'chip', title: [s.name, s.title].filter(Boolean).join(': ') }, s.article != null ? `art. ${s.article}` : s.name),
    ),
  );
}

export function nodeLink(node, onSelect) {
  return h(
    'a',
    {
      href: `?node=${encodeURIComponent(node.id)}`,
      class: 'node-link',
      dataset: { id: node.id },
      onclick: (e) => {
        e.preventDefault();
        onSelect(node.id);
      },
    },
    h('span', { class: 'kind-dot', 'data-kind': node.kind, 'aria-hidden': 'true' }),
    shortName(node),
    node.nameZh ? h('span', { class: 'zh', lang: 'zh' }, ` ${node.nameZh}`) : null,
  );
}

export class SidePanel {
  constructor(root, { onSelect }) {
    this.root = root;
    this.onSelect = onSelect;
    this.empty();
  }

  empty() {
    fill(
      this.root,
      h('p', { class: 'hint' }, 'Search for an organization, committee, standard, event or person, in English or Chinese, by abbreviation or by any spelling of a standard code. Click a node in the drawing to expand it.'),
    );
  }

  loading(id) {
    fill(this.root, h('p', { class: 'hint' }, `Loading ${id}…`));
  }

  error(message) {
    fill(this.root, h('p', { class: 'error' }, message));
  }

  show(node) {
    const info = kindInfo(node.kind);
    const rows = (FIELDS[node.kind] ?? [])
      .filter(([, field]) => node[field] !== null && node[field] !== undefined && node[field] !== '')
      .map(([label, field]) => [label, field === 'url' ? h('span', { class: 'url' }, node[field]) : ENUMS.has(field) ? enumText(node[field]) : node[field]]);
    if (node.aliases?.length) rows.push(['Also called', node.aliases.join('; ')]);

    fill(
      this.root,
      h(
        'header',
        { class: 'node-header' },
        h('span', { class: 'kind-badge', 'data-kind': node.kind }, info.label),
        h('h2', { testid: 'node-name' }, node.name),
        node.nameZh ? h('div', { class: 'name-zh', lang: 'zh', testid: 'node-name-zh' }, node.nameZh) : null,
        h('code', { class: 'node-id' }, node.id),
      ),
      rows.length ? h('dl', { class: 'fields' }, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])) : null,
      node.description ? h('p', { class: 'description' }, node.description) : null,
      node.figures?.length
        ? h(
            'section',
            {},
            h('h3', {}, 'Figures'),
            h(
              'ul',
              { class: 'figures' },
              node.figures.map((f) =>
                h('li', {}, `${enumText(f.qualifier) === 'exact' ? '' : enumText(f.qualifier) + ' '}${f.value} `, h('span', { class: 'measure' }, f.measure.replaceAll('_', ' '))),
              ),
            ),
          )
        : null,
      this.relations(node),
      node.mentions?.length
        ? h(
            'section',
            { testid: 'node-mentions' },
            h('h3', {}, `Mentions (${node.mentions.length})`),
            h('ul', { class: 'sources' }, node.mentions.map((n) => h('li', {}, nodeLink(n, this.onSelect)))),
          )
        : null,
      h(
        'section',
        { testid: 'node-sources' },
        h('h3', {}, `Sources (${node.sources.length})`),
        node.sources.length ? h('ul', { class: 'sources' }, node.sources.map((src) => sourceItem(src, this.onSelect))) : h('p', { class: 'hint' }, 'No source.'),
      ),
    );
  }

  relations(node) {
    const edges = node.relations.edges;
    // Group by kind and direction: "issued by →" (outgoing) and "← issued by" (incoming).
    const groups = new Map();
    for (const e of edges) {
      const key = `${e.kind}|${e.direction}`;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(e);
    }
    return h(
      'section',
      { testid: 'node-relations' },
      h('h3', {}, `Relations (${node.relations.totalCount})`),
      [...groups.entries()].map(([key, list]) => {
        const [kind, direction] = key.split('|');
        const title = direction === 'OUTGOING' ? `${relationLabel(kind)} →` : `← ${relationLabel(kind)}`;
        return h(
          'div',
          { class: 'relation-group' },
          h('h4', { title: direction === 'OUTGOING' ? 'this node → other' : 'other → this node' }, title),
          h(
            'ul',
            {},
            list.map((e) =>
              h(
                'li',
                { class: 'relation', dataset: { id: e.relation.id } },
                nodeLink(e.node, this.onSelect),
                e.relation.role ? h('span', { class: 'role' }, ` (${e.relation.role})`) : null,
                e.relation.date ? h('span', { class: 'date' }, ` ${e.relation.date}`) : null,
                e.relation.degree ? h('span', { class: 'degree' }, ` ${e.relation.degree}`) : null,
                e.relation.count != null ? h('span', { class: 'count' }, ` ×${e.relation.count}`) : null,
                e.relation.inferred ? h('span', { class: 'inferred', title: 'the source implies this without stating it' }, ' inferred') : null,
                ' ',
                sourceChips(e.relation.sources),
              ),
            ),
          ),
        );
      }),
    );
  }
}
