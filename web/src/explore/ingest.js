// The Ingest page (#/ingest) and the review of one proposal (#/ingest/<id>): paste or upload a
// newsletter issue or a news page, list the stored proposals, read each article with what was found
// in it highlighted, and accept, reject, edit or merge the candidate facts beside it. Every call is
// the public GraphQL API's (ingest, proposals, proposal, reviewProposal, editProposalItem,
// mergeProposalItem), with the editor's key the analyst types here.
import * as api from './api.js';
import { fill, h } from './dom.js';
import { searchBox } from './search.js';

const KEY_STORAGE = 'stdgraph.editorKey';

/** The kinds of mention, in the legend's order: label and what the tooltip says it is. */
export const MENTION_KINDS = [
  ['CODE', 'Standard code'],
  ['PLAN_NUMBER', 'Plan number'],
  ['DATE', 'Date'],
  ['ORGANIZATION', 'Organization'],
  ['COMMITTEE', 'Committee'],
  ['PERSON', 'Person'],
  ['TITLE', 'Title'],
  ['EVENT', 'Event'],
  ['MOU', 'MoU or agreement'],
  ['COMMENT_CALL', 'Call for comments'],
  ['LIFECYCLE', 'Lifecycle verb'],
  ['TOPIC', 'Topic'],
];
const mentionLabel = Object.fromEntries(MENTION_KINDS);

const FORMATS = [
  ['', 'Detect'],
  ['TEXT', 'Plain text'],
  ['MARKDOWN', 'Markdown'],
  ['HTML', 'HTML'],
  ['PDF', 'PDF'],
];

const words = (v) => (typeof v === 'string' ? v.toLowerCase().replaceAll('_', ' ') : v);
const percent = (x) => `${Math.round(x * 100)}%`;
const when = (ts) => (ts ? String(ts).replace('T', ' ').replace(/(\.\d+)?Z?$/, '').slice(0, 16) : '');
export const reviewHash = (id) => `#/ingest/${encodeURIComponent(id)}`;

/** A file's bytes in base64 (what `ingest(encoding: BASE64)` takes). */
async function fileBase64(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** An error as the page shows it; a CONFLICT lists each refused item by its summary. */
function errorView(e, items = []) {
  const refused = Array.isArray(e.extensions?.items) ? e.extensions.items : [];
  const summaryOf = (id) => items.find((i) => i.id === id)?.summary ?? id;
  return [
    h('span', { class: 'error-text' }, e.message),
    refused.length
      ? h(
          'ul',
          { class: 'conflicts', testid: 'conflict-items' },
          refused.map((r) => h('li', { dataset: { item: r.item } }, h('b', {}, summaryOf(r.item)), r.reason ? `: ${r.reason}` : '')),
        )
      : null,
  ];
}

export class IngestPage {
  /**
   * @param {HTMLElement} root
   * @param {{onOpenNode: (id: string) => void}} handlers  open a node of the graph in the explorer
   */
  constructor(root, { onOpenNode }) {
    this.root = root;
    this.onOpenNode = onOpenNode;
    this.seq = 0;

    this.key = h('input', {
      type: 'password',
      id: 'editor-key',
      testid: 'editor-key',
      autocomplete: 'off',
      spellcheck: 'false',
      placeholder: 'sgk_…',
      'aria-describedby': 'editor-key-hint',
    });
    this.key.value = sessionStorage.getItem(KEY_STORAGE) ?? '';
    this.key.addEventListener('change', () => {
      const v = this.key.value.trim();
      if (v) sessionStorage.setItem(KEY_STORAGE, v);
      else sessionStorage.removeItem(KEY_STORAGE);
      // A server that wants a key to read lists the proposals once it has one.
      if (this.list?.isConnected) this.loadProposals(this.list);
    });
    this.keyBar = h(
      'div',
      { class: 'key-bar' },
      h('label', { for: 'editor-key' }, 'Editor key'),
      this.key,
      h('span', { class: 'hint', id: 'editor-key-hint' }, 'Ingesting and reviewing need an editor’s key; it is kept in this tab only.'),
    );
    this.body = h('div', { class: 'ingest-body' });
    fill(root, this.keyBar, this.body);
  }

  get editorKey() {
    const v = this.key.value.trim();
    if (v) sessionStorage.setItem(KEY_STORAGE, v);
    return v || null;
  }

  /** Show the ingest form and the proposals (id null), or one proposal's review. */
  show(id) {
    this.seq += 1;
    if (id) this.showReview(id);
    else this.showHome();
  }

  // ---- the ingest form and the proposals ----------------------------------------------------------

  showHome() {
    const text = h('textarea', { id: 'ingest-text', testid: 'ingest-text', rows: 12, spellcheck: 'false', placeholder: 'Paste an issue of the newsletter, an article or a news page…' });
    const file = h('input', {
      type: 'file',
      id: 'ingest-file',
      testid: 'ingest-file',
      accept: '.txt,.text,.md,.markdown,.html,.htm,.pdf,text/plain,text/markdown,text/html,application/pdf',
    });
    const format = h('select', { id: 'ingest-format', testid: 'ingest-format' }, FORMATS.map(([v, label]) => h('option', { value: v }, label)));
    const issue = h('input', { type: 'text', id: 'ingest-issue', testid: 'ingest-issue', placeholder: 'e.g. 2019-05' });
    const publication = h('input', { type: 'text', id: 'ingest-publication', testid: 'ingest-publication', placeholder: 'e.g. SESEC IT/ICT newsletter' });
    const submit = h('button', { type: 'submit', class: 'primary', testid: 'ingest-submit' }, 'Ingest');
    const error = h('div', { class: 'error', role: 'alert', testid: 'ingest-error' });
    const status = h('div', { class: 'status', 'aria-live': 'polite', testid: 'ingest-status' });
    const clearFile = h('button', { type: 'button', hidden: true, onclick: () => {
      file.value = '';
      clearFile.hidden = true;
      text.disabled = false;
    } }, 'Use the pasted text instead');
    file.addEventListener('change', () => {
      const chosen = file.files?.[0];
      clearFile.hidden = !chosen;
      text.disabled = !!chosen;
    });

    const form = h(
      'form',
      {
        class: 'ingest-form',
        testid: 'ingest-form',
        onsubmit: async (e) => {
          e.preventDefault();
          error.replaceChildren();
          const chosen = file.files?.[0] ?? null;
          const input = {
            format: format.value || null,
            issue: issue.value.trim() || null,
            publication: publication.value.trim() || null,
          };
          submit.disabled = true;
          status.textContent = chosen ? `Reading ${chosen.name}…` : 'Reading the text…';
          try {
            if (chosen) Object.assign(input, { text: await fileBase64(chosen), encoding: 'BASE64' });
            else Object.assign(input, { text: text.value, encoding: 'PLAIN' });
            const p = await api.ingest(input, this.editorKey);
            status.textContent = `Proposal stored: ${p.pending} items to review.`;
            window.location.hash = reviewHash(p.id);
          } catch (err) {
            status.textContent = '';
            fill(error, errorView(err));
          } finally {
            submit.disabled = false;
          }
        },
      },
      h('h2', {}, 'Ingest a text'),
      h('p', { class: 'hint' }, 'The text becomes a proposal: articles, what they mention and the facts they state. Nothing changes in the graph until you accept items.'),
      h('label', { for: 'ingest-text' }, 'Text'),
      text,
      h('div', { class: 'file-row' }, h('label', { for: 'ingest-file' }, 'Or a file (text, Markdown, HTML or PDF)'), file, clearFile),
      h(
        'div',
        { class: 'fields-row' },
        h('div', {}, h('label', { for: 'ingest-format' }, 'Format'), format),
        h('div', {}, h('label', { for: 'ingest-issue' }, 'Issue'), issue),
        h('div', {}, h('label', { for: 'ingest-publication' }, 'Publication'), publication),
      ),
      h('div', { class: 'actions' }, submit, status),
      error,
    );

    const list = h('div', { class: 'proposals', testid: 'proposals' }, h('p', { class: 'hint' }, 'Loading proposals…'));
    const refresh = h('button', { type: 'button', testid: 'proposals-refresh', onclick: () => this.loadProposals(list) }, 'Refresh');
    this.statusFilter = h(
      'select',
      { id: 'proposals-status', testid: 'proposals-status', onchange: () => this.loadProposals(list) },
      h('option', { value: '' }, 'all'),
      h('option', { value: 'OPEN' }, 'open (items pending)'),
      h('option', { value: 'DONE' }, 'done'),
    );
    this.list = list;
    fill(
      this.body,
      h('section', { class: 'ingest-home' }, form, h('section', { class: 'proposal-list' }, h('div', { class: 'heading-row' }, h('h2', {}, 'Proposals'), h('label', { for: 'proposals-status' }, 'Show'), this.statusFilter, refresh), list)),
    );
    this.loadProposals(list);
  }

  async loadProposals(list) {
    const mine = this.seq;
    try {
      const rows = await api.proposals(this.editorKey, this.statusFilter?.value || null);
      if (mine !== this.seq) return;
      if (!rows.length) {
        fill(list, h('p', { class: 'hint' }, 'No proposal yet.'));
        return;
      }
      const th = (label) => h('th', { scope: 'col' }, label);
      fill(
        list,
        h(
          'table',
          { class: 'proposal-table' },
          h('thead', {}, h('tr', {}, th('Proposal'), th('Created'), th('By'), th('Articles'), th('Status'), th('Pending'), th('Accepted'), th('Rejected'))),
          h(
            'tbody',
            {},
            rows.map((p) =>
              h(
                'tr',
                { testid: 'proposal-row', dataset: { id: p.id, status: p.status } },
                h('td', {}, h('a', { href: reviewHash(p.id) }, [p.publication, p.issue].filter(Boolean).join(', ') || p.id)),
                h('td', {}, h('time', { datetime: p.createdAt }, when(p.createdAt))),
                h('td', {}, p.createdBy ?? ''),
                h('td', { class: 'num' }, p.articleCount),
                h('td', {}, h('span', { class: `status-badge s-${p.status}` }, words(p.status))),
                h('td', { class: 'num' }, p.pending),
                h('td', { class: 'num' }, p.accepted),
                h('td', { class: 'num' }, p.rejected),
              ),
            ),
          ),
        ),
      );
    } catch (e) {
      if (mine !== this.seq) return;
      fill(list, h('p', { class: 'error', role: 'alert' }, errorView(e)));
    }
  }

  // ---- the review of one proposal ---------------------------------------------------------------------

  async showReview(id) {
    const mine = this.seq;
    fill(this.body, h('p', { class: 'hint' }, `Loading ${id}…`));
    let proposal;
    try {
      proposal = await api.proposal(id, this.editorKey);
    } catch (e) {
      if (mine === this.seq) fill(this.body, h('p', { class: 'error', role: 'alert' }, errorView(e)), h('a', { href: '#/ingest' }, '← All proposals'));
      return;
    }
    if (mine !== this.seq) return;
    if (!proposal) {
      fill(this.body, h('p', { class: 'error', role: 'alert' }, `No proposal ${id}.`), h('a', { href: '#/ingest' }, '← All proposals'));
      return;
    }
    new Review(this.body, proposal, { key: () => this.editorKey, onOpenNode: this.onOpenNode, alive: () => mine === this.seq });
  }
}

/** The review view of one proposal: articles, the selected article's text, its candidate items. */
class Review {
  constructor(root, proposal, { key, onOpenNode, alive }) {
    this.proposal = proposal;
    this.key = key;
    this.onOpenNode = onOpenNode;
    this.alive = alive;
    this.items = [];
    this.selected = new Set();
    this.itemSource = proposal.articles[0]?.source ?? null; // whose items are listed (null: all)
    this.textSource = this.itemSource; // whose text is shown
    this.focus = null; // the evidence span highlighted in the text: {start, end}
    this.conflicts = new Map(); // item id -> why the last review refused it (CONFLICT)
    this.pendingBySource = new Map(); // article source -> items pending with evidence in it
    this.shown = ''; // the status of the items listed ('' for all)

    this.head = h('header', { class: 'review-head' });
    this.message = h('div', { class: 'review-message', 'aria-live': 'polite', testid: 'review-message' });
    this.articleList = h('ol', { class: 'article-list', testid: 'articles' });
    this.articleView = h('section', { class: 'article-view', testid: 'article-view', 'aria-label': 'Article text' });
    this.itemsView = h('section', { class: 'items-view', testid: 'items-view', 'aria-label': 'Candidate items' });
    fill(
      root,
      h(
        'section',
        { class: 'review', testid: 'review', dataset: { id: proposal.id } },
        this.head,
        this.message,
        h(
          'div',
          { class: 'review-grid' },
          h('nav', { class: 'review-articles', 'aria-label': 'Articles' }, h('h3', {}, `Articles (${proposal.articles.length})`), this.articleList),
          this.articleView,
          this.itemsView,
        ),
      ),
    );
    this.renderHead();
    this.renderArticles();
    this.renderText();
    this.loadItems();
  }

  renderHead() {
    const p = this.proposal;
    fill(
      this.head,
      h('a', { href: '#/ingest', class: 'back' }, '← All proposals'),
      h('h2', {}, [p.publication, p.issue].filter(Boolean).join(', ') || 'Proposal', ' ', h('span', { class: `status-badge s-${p.status}`, testid: 'proposal-status' }, words(p.status))),
      h(
        'p',
        { class: 'review-counts', testid: 'review-counts' },
        `${p.pending} pending, ${p.accepted} accepted, ${p.rejected} rejected`,
        ' · ',
        h('code', {}, p.id),
        p.createdAt ? ` · created ${when(p.createdAt)}` : '',
        p.createdBy ? ` by ${p.createdBy}` : '',
        p.format ? ` · ${words(p.format)}` : '',
        p.issued ? ` · issued ${p.issued}` : '',
      ),
    );
  }

  article(source) {
    return this.proposal.articles.find((a) => a.source === source) ?? null;
  }

  renderArticles() {
    const pendingIn = (source) => {
      const n = source ? this.pendingBySource.get(source) ?? 0 : this.proposal.pending;
      return h('span', { class: `pending-count${n ? '' : ' none'}`, title: `${n} item${n === 1 ? '' : 's'} pending`, testid: 'article-pending' }, String(n), h('span', { class: 'sr-only' }, ' pending'));
    };
    const entry = (source, label, extra) =>
      h(
        'li',
        {},
        h(
          'button',
          {
            type: 'button',
            class: 'article-button',
            testid: source ? 'article' : 'article-all',
            dataset: source ? { source } : {},
            'aria-current': this.itemSource === source ? 'true' : null,
            onclick: () => this.selectArticle(source),
          },
          h('span', { class: 'article-label' }, label, extra),
          pendingIn(source),
        ),
      );
    fill(
      this.articleList,
      entry(null, 'All items'),
      this.proposal.articles.map((a) =>
        entry(
          a.source,
          [a.number != null ? h('span', { class: 'article-number' }, `${a.number}.`) : null, ' ', a.title],
          a.section ? h('span', { class: 'article-section' }, a.section) : null,
        ),
      ),
    );
  }

  selectArticle(source) {
    this.itemSource = source;
    if (source) this.textSource = source;
    this.focus = null;
    this.selected.clear();
    this.renderArticles();
    this.renderText();
    this.loadItems();
  }

  /** The article's text with its mentions highlighted (and the focused evidence, if any). */
  renderText() {
    const a = this.article(this.textSource);
    if (!a) {
      fill(this.articleView, h('p', { class: 'hint' }, 'No article.'));
      return;
    }
    const text = a.text;
    // The mentions as a tree: one inside another (a code inside a title) is drawn inside it; one that
    // crosses the boundary of an earlier one is left out (spans cannot cross).
    const roots = [];
    const open = []; // the chain of mentions containing the current position
    for (const m of [...a.mentions].sort((x, y) => x.start - y.start || y.end - x.end)) {
      if (m.end <= m.start || m.end > text.length) continue;
      while (open.length && open.at(-1).m.end <= m.start) open.pop();
      const parent = open.at(-1);
      if (parent && m.end > parent.m.end) continue;
      const node = { m, children: [] };
      (parent ? parent.children : roots).push(node);
      open.push(node);
    }
    const focus = this.focus;
    // Text from `from` to `to`, with the part inside the focused evidence marked.
    const pieces = (from, to) => {
      if (!focus || focus.end <= from || focus.start >= to) return [text.slice(from, to)];
      const s = Math.max(from, focus.start);
      const e = Math.min(to, focus.end);
      return [text.slice(from, s), h('span', { class: 'evidence-focus', testid: 'evidence-focus' }, text.slice(s, e)), text.slice(e, to)].filter((p) => p !== '');
    };
    const counts = {};
    let linked = false;
    // The text from `from` to `to` with the mentions `nodes` in it; `inLink`: inside a link already.
    const render = (nodes, from, to, inLink) => {
      const out = [];
      let at = from;
      for (const { m, children } of nodes) {
        out.push(...pieces(at, m.start));
        counts[m.kind] = (counts[m.kind] ?? 0) + 1;
        const tip = [
          `${mentionLabel[m.kind] ?? words(m.kind)}: ${m.text}`,
          m.value && m.value !== m.text ? `value: ${m.value}` : null,
          m.role ? `role: ${words(m.role)}` : null,
          m.link ? `${m.link.proposed ? 'proposed node' : 'links to'} ${m.link.node} (matched “${m.link.matched}”, score ${m.link.score.toFixed(2)})` : null,
        ]
          .filter(Boolean)
          .join('\n');
        const attrs = { class: `mention m-${m.kind}`, title: tip, testid: 'mention', dataset: { kind: m.kind, start: m.start, end: m.end, ...(m.link ? { node: m.link.node } : {}) } };
        const known = m.link && !m.link.proposed && !inLink;
        const inner = render(children, m.start, m.end, inLink || known);
        if (known) {
          linked = true;
          const node = m.link.node;
          const onclick = (e) => {
            e.preventDefault();
            this.onOpenNode(node);
          };
          out.push(h('a', { ...attrs, href: `/explore?node=${encodeURIComponent(node)}`, onclick }, inner));
        } else {
          out.push(h('mark', attrs, inner));
        }
        at = m.end;
      }
      out.push(...pieces(at, to));
      return out;
    };
    const out = render(roots, 0, text.length, false);

    const present = MENTION_KINDS.filter(([k]) => counts[k]);
    fill(
      this.articleView,
      h('h3', { class: 'article-heading' }, a.number != null ? `Article ${a.number}` : 'Article', a.section ? ` · ${a.section}` : ''),
      h('h2', { class: 'article-title', testid: 'article-title' }, a.title),
      a.url ? h('p', { class: 'url' }, a.url) : null,
      h(
        'ul',
        { class: 'mention-legend', testid: 'mention-legend', 'aria-label': 'Kinds of mention' },
        present.length
          ? present.map(([k, label]) => h('li', {}, h('span', { class: `mention m-${k}` }, label), ` ${counts[k]}`))
          : h('li', { class: 'hint' }, 'Nothing recognised in this article.'),
        linked ? h('li', { class: 'hint' }, 'Underlined names open the node in the explorer.')
          : null,
      ),
      h('div', { class: 'article-text', testid: 'article-text', lang: /[\u4e00-\u9fff]/.test(text.slice(0, 200)) ? 'zh' : null }, out),
    );
    const target = this.articleView.querySelector('.evidence-focus');
    if (target) {
      target.setAttribute('tabindex', '-1');
      target.scrollIntoView({ block: 'center' });
      target.focus({ preventScroll: true });
    }
  }

  showEvidence(ev) {
    if (this.article(ev.source)) this.textSource = ev.source;
    this.focus = { start: ev.start, end: ev.end };
    this.renderText();
  }

  async loadItems() {
    const wanted = this.itemSource;
    fill(this.itemsView, h('p', { class: 'hint' }, 'Loading items…'));
    try {
      const p = await api.proposalItems(this.proposal.id, wanted, this.key());
      if (!this.alive() || wanted !== this.itemSource) return;
      if (!p) throw new Error(`the proposal ${this.proposal.id} is gone`);
      const { items, every, ...head } = p;
      Object.assign(this.proposal, head);
      this.items = items;
      this.pendingBySource = new Map();
      for (const i of every.filter((i) => i.status === 'PENDING')) {
        for (const source of new Set(i.evidence.map((e) => e.source))) this.pendingBySource.set(source, (this.pendingBySource.get(source) ?? 0) + 1);
      }
      this.renderArticles();
      for (const id of [...this.selected]) if (!items.some((i) => i.id === id && i.status === 'PENDING')) this.selected.delete(id);
      this.renderHead();
      this.renderItems();
    } catch (e) {
      if (!this.alive()) return;
      fill(this.itemsView, h('p', { class: 'error', role: 'alert' }, errorView(e)));
    }
  }

  /** One reviewProposal call; the lists refresh afterwards, whatever it answered. */
  async review(accept, reject, doing) {
    if (!accept.length && !reject.length) {
      fill(this.message, h('span', { class: 'hint' }, 'Select items first (the boxes beside them).'));
      return;
    }
    fill(this.message, doing);
    this.conflicts.clear();
    this.setBusy(true);
    try {
      const r = await api.reviewProposal(this.proposal.id, { accept, reject }, this.key());
      const extra = r.applied.filter((id) => !accept.includes(id)).length;
      const plural = (n) => `${n} item${n === 1 ? '' : 's'}`;
      const done = [
        r.applied.length || accept.length ? `Applied ${plural(r.applied.length)}${extra ? ` (${extra} required by those accepted)` : ''}` : null,
        r.rejected.length || reject.length ? `Rejected ${plural(r.rejected.length)}` : null,
      ];
      fill(this.message, h('span', { class: 'ok' }, `${done.filter(Boolean).join('; ')}.`));
      this.selected.clear();
    } catch (e) {
      for (const c of Array.isArray(e.extensions?.items) ? e.extensions.items : []) this.conflicts.set(c.item, c.reason ?? 'refused');
      fill(this.message, h('div', { class: 'error', role: 'alert', testid: 'review-error' }, errorView(e, this.items)));
    } finally {
      this.setBusy(false);
    }
    await this.loadItems();
  }

  setBusy(busy) {
    for (const b of this.itemsView.querySelectorAll('button')) b.disabled = busy || b.dataset.disabled === 'true';
  }

  renderItems() {
    const pending = this.items.filter((i) => i.status === 'PENDING');
    const selectAll = h('input', {
      type: 'checkbox',
      id: 'select-all-items',
      testid: 'select-all-items',
      checked: pending.length > 0 && pending.every((i) => this.selected.has(i.id)),
      disabled: !pending.length,
      onchange: (e) => {
        for (const i of pending) e.target.checked ? this.selected.add(i.id) : this.selected.delete(i.id);
        this.renderItems();
      },
    });
    const scope = this.itemSource ? 'in article' : 'in the proposal';
    const filter = h(
      'select',
      {
        id: 'items-shown',
        testid: 'items-shown',
        onchange: (e) => {
          this.shown = e.target.value;
          this.renderItems();
        },
      },
      [['', 'all'], ['PENDING', 'pending'], ['ACCEPTED', 'accepted'], ['REJECTED', 'rejected']].map(([v, label]) => h('option', { value: v, selected: v === this.shown }, label)),
    );
    const listed = this.shown ? this.items.filter((i) => i.status === this.shown) : this.items;
    fill(
      this.itemsView,
      h('h3', {}, `Candidate items (${this.items.length}, ${pending.length} pending)`),
      h(
        'div',
        { class: 'item-toolbar', role: 'group', 'aria-label': 'Review the selected items' },
        h('label', { for: 'items-shown', class: 'check' }, 'Show ', filter),
        h('label', { for: 'select-all-items', class: 'check' }, selectAll, ' all pending'),
        h('button', { type: 'button', class: 'primary', testid: 'accept-selected', onclick: () => this.review([...this.selected], [], 'Accepting…') }, 'Accept selected'),
        h('button', { type: 'button', testid: 'reject-selected', onclick: () => this.review([], [...this.selected], 'Rejecting…') }, 'Reject selected'),
        h(
          'button',
          {
            type: 'button',
            testid: 'accept-all',
            dataset: { disabled: String(!pending.length) },
            disabled: !pending.length,
            onclick: () => this.review(pending.map((i) => i.id), [], 'Accepting…'),
          },
          `Accept all ${scope}`,
        ),
      ),
      listed.length
        ? h('ul', { class: 'item-list', testid: 'items' }, listed.map((item) => this.itemView(item)))
        : h('p', { class: 'hint' }, this.shown ? `No ${words(this.shown)} item here.` : this.itemSource ? 'No candidate item has evidence in this article.' : 'No candidate item.'),
    );
  }

  itemView(item) {
    const pending = item.status === 'PENDING';
    const disabled = { dataset: { disabled: String(!pending) }, disabled: !pending };
    const box = h('input', {
      type: 'checkbox',
      testid: 'item-select',
      checked: this.selected.has(item.id),
      disabled: !pending,
      'aria-label': `Select: ${item.summary}`,
      onchange: (e) => (e.target.checked ? this.selected.add(item.id) : this.selected.delete(item.id)),
    });
    const editor = h('div', { class: 'item-editor', hidden: true });
    const merger = h('div', { class: 'item-merger', hidden: true });
    const details = item.node ?? item.relation ?? (item.op === 'SET_FIELD' ? { field: item.field, value: item.value, previous: item.previous } : null);
    const here = (ev) => this.article(ev.source);
    return h(
      'li',
      { class: `item s-${item.status}`, testid: 'item', dataset: { id: item.id, op: item.op, status: item.status } },
      h('div', { class: 'item-head' }, box, h('span', { class: 'item-summary', testid: 'item-summary' }, item.summary)),
      h(
        'div',
        { class: 'item-meta' },
        h('span', { class: 'op-badge' }, words(item.op)),
        h('span', { class: `status-badge s-${item.status}`, testid: 'item-status' }, words(item.status)),
        h('span', { title: 'the rule that proposed it' }, `rule ${item.rule}`),
        h('span', { title: 'how sure the rule is' }, `confidence ${percent(item.confidence)}`),
        item.target ? h('span', { class: 'target' }, h('code', {}, item.target)) : null,
        item.requires.length ? h('span', { title: item.requires.join('\n') }, `needs ${item.requires.length} other item${item.requires.length === 1 ? '' : 's'}`) : null,
      ),
      item.evidence.map((ev) =>
        h(
          'button',
          {
            type: 'button',
            class: 'evidence',
            testid: 'evidence',
            title: `Show in the text${here(ev) && ev.source !== this.textSource ? ` of “${here(ev).title}”` : ''}`,
            onclick: () => this.showEvidence(ev),
          },
          `“${ev.sentence}”`,
        ),
      ),
      this.conflicts.has(item.id) ? h('p', { class: 'error item-conflict', testid: 'item-conflict' }, `Refused: ${this.conflicts.get(item.id)}`) : null,
      details ? h('details', { class: 'item-details' }, h('summary', {}, 'Details'), h('pre', {}, JSON.stringify(details, null, 2))) : null,
      h(
        'div',
        { class: 'item-actions' },
        h('button', { type: 'button', testid: 'item-accept', ...disabled, onclick: () => this.review([item.id], [], 'Accepting…') }, 'Accept'),
        h('button', { type: 'button', testid: 'item-reject', ...disabled, onclick: () => this.review([], [item.id], 'Rejecting…') }, 'Reject'),
        ['CREATE_NODE', 'SET_FIELD', 'LINK'].includes(item.op)
          ? h('button', { type: 'button', testid: 'item-edit', 'aria-expanded': 'false', ...disabled, onclick: (e) => this.toggleEditor(e.currentTarget, editor, item) }, 'Edit')
          : null,
        item.op === 'CREATE_NODE'
          ? h('button', { type: 'button', testid: 'item-merge', 'aria-expanded': 'false', ...disabled, onclick: (e) => this.toggleMerger(e.currentTarget, merger, item) }, 'Merge into…')
          : null,
      ),
      editor,
      merger,
    );
  }

  /** What `editProposalItem` takes for an item, as the editor starts it. */
  static editable(item) {
    if (item.op === 'CREATE_NODE') return item.node ?? {};
    if (item.op === 'SET_FIELD') return { value: item.value };
    const r = item.relation ?? {};
    const fields = { role: r.role ?? null, date: r.date ?? null };
    if (r.kind) fields.kind = r.kind;
    return fields;
  }

  /**
   * Opens or closes an item's small form under `button`: `fields`, then the submit button and Cancel.
   * `submit()` makes the call and answers what to tell the reviewer (the items then reload), or throws
   * what to show under the form.
   */
  toggleForm(button, panel, { fields, label, testid, submit }) {
    const open = panel.hidden;
    panel.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    if (!open) return false;
    const error = h('div', { class: 'error', role: 'alert', testid: `${testid}-error` });
    const go = h('button', { type: 'submit', class: 'primary', testid: `${testid}-save` }, label);
    const onsubmit = async (e) => {
      e.preventDefault();
      error.replaceChildren();
      go.disabled = true;
      try {
        const said = await submit();
        fill(this.message, h('span', { class: 'ok' }, said));
        await this.loadItems();
      } catch (err) {
        fill(error, errorView(err));
      } finally {
        go.disabled = false;
      }
    };
    const cancel = () => {
      this.toggleForm(button, panel, {});
      button.focus();
    };
    fill(panel, h('form', { onsubmit }, fields, h('div', { class: 'actions' }, go, h('button', { type: 'button', onclick: cancel }, 'Cancel')), error));
    return true;
  }

  toggleEditor(button, editor, item) {
    const id = `edit-${item.id.replace(/[^A-Za-z0-9_-]/g, '-')}`;
    const area = h('textarea', { id, class: 'json', testid: 'item-json', rows: 8, spellcheck: 'false' });
    area.value = JSON.stringify(Review.editable(item), null, 2);
    const what = item.op === 'CREATE_NODE' ? 'The node’s fields (JSON, as in the seed)' : item.op === 'SET_FIELD' ? 'The new value (JSON)' : 'The relation’s properties (JSON)';
    const opened = this.toggleForm(button, editor, {
      fields: [h('label', { for: id }, what), area],
      label: 'Save',
      testid: 'item-edit',
      submit: async () => {
        let fields;
        try {
          fields = JSON.parse(area.value);
        } catch (err) {
          throw new Error(`Not JSON: ${err.message}`);
        }
        await api.editProposalItem(this.proposal.id, item.id, fields, this.key());
        return `Saved: ${item.summary}`;
      },
    });
    if (opened) area.focus();
  }

  toggleMerger(button, merger, item) {
    const box = searchBox({ placeholder: 'The existing node: name, abbreviation, code…', testid: 'merge-search', label: 'Merge into which existing node', onPick: () => {} });
    const opened = this.toggleForm(button, merger, {
      fields: box.root,
      label: 'Merge',
      testid: 'item-merge',
      submit: async () => {
        box.cancel();
        const into = box.ref;
        if (!into) throw new Error('Pick the node to merge into.');
        await api.mergeProposalItem(this.proposal.id, item.id, into, this.key());
        return `Merged into ${into}: ${item.summary}`;
      },
    });
    if (opened) box.input.focus();
  }
}
