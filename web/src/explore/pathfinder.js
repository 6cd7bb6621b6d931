// The path finder: "why are these two connected?" Two search boxes, `shortestPath`, and the steps
// listed with each relation's kind and the articles that state it.
import * as api from './api.js';
import { fill, h } from './dom.js';
import { relationLabel } from './kinds.js';
import { nodeLink } from './panel.js';
import { searchBox } from './search.js';

// Topics and sources connect almost everything; by default paths go through organizations,
// committees, events, MoUs, texts and people (README question 5).
const WITHOUT_TOPICS = ['AGENCY', 'TECHNICAL_COMMITTEE', 'EVENT', 'MOU', 'DOCUMENT', 'STANDARD', 'PERSON'];

export class PathFinder {
  /**
   * @param {HTMLElement} root
   * @param {{onPath: (path: object) => void, onSelect: (id: string) => void}} handlers
   */
  constructor(root, { onPath, onSelect }) {
    this.onPath = onPath;
    this.onSelect = onSelect;
    this.from = searchBox({ placeholder: 'From (e.g. ETSI)', testid: 'path-from', label: 'Path from', onPick: () => {} });
    this.to = searchBox({ placeholder: 'To (e.g. TC260)', testid: 'path-to', label: 'Path to', onPick: () => {} });
    this.avoidTopics = h('input', { type: 'checkbox', checked: true, testid: 'path-avoid-topics' });
    this.button = h('button', { type: 'submit', testid: 'path-find' }, 'Find path');
    this.status = h('div', { class: 'path-status', testid: 'path-status', 'aria-live': 'polite' });
    this.steps = h('ol', { class: 'path-steps', testid: 'path-steps' });
    const form = h(
      'form',
      {
        class: 'path-form',
        onsubmit: (e) => {
          e.preventDefault();
          this.find();
        },
      },
      this.from.root,
      this.to.root,
      h('label', { class: 'check' }, this.avoidTopics, ' not through topics and sources'),
      this.button,
    );
    fill(root, h('h3', {}, 'Path finder'), form, this.status, this.steps);
  }

  /** Prefill "from" with the current selection. */
  setFrom(node) {
    if (!this.from.input.value) this.from.setPicked(node);
  }

  async find() {
    this.from.cancel();
    this.to.cancel();
    const from = this.from.ref;
    const to = this.to.ref;
    if (!from || !to) {
      this.status.textContent = 'Give both ends: a name, abbreviation, code or id.';
      return;
    }
    this.status.textContent = 'Searching for a path…';
    fill(this.steps);
    this.button.disabled = true;
    try {
      const path = await api.shortestPath(from, to, { nodeKinds: this.avoidTopics.checked ? WITHOUT_TOPICS : null });
      if (!path) {
        this.status.textContent = `No path within 8 steps${this.avoidTopics.checked ? ' (try allowing topics and sources)' : ''}.`;
        return;
      }
      this.status.textContent = `${path.length} step${path.length === 1 ? '' : 's'} from ${path.start.name} to ${path.steps.at(-1)?.node.name ?? path.start.name}.`;
      this.render(path);
      this.onPath(path);
    } catch (e) {
      this.status.textContent = e.message;
    } finally {
      this.button.disabled = false;
    }
  }

  render(path) {
    fill(
      this.steps,
      h('li', { class: 'path-start' }, nodeLink(path.start, this.onSelect)),
      path.steps.map((step) => {
        const rel = step.relation;
        const arrow = step.direction === 'OUTGOING' ? `${relationLabel(rel.kind)} →` : `← ${relationLabel(rel.kind)}`;
        return h(
          'li',
          { class: 'path-step', testid: 'path-step', dataset: { kind: rel.kind, id: step.node.id } },
          h(
            'div',
            { class: 'step-relation' },
            h('span', { class: 'relation-kind', title: step.direction === 'OUTGOING' ? 'previous → next' : 'next → previous' }, arrow),
            rel.role ? h('span', { class: 'role' }, ` (${rel.role})`) : null,
            rel.inferred ? h('span', { class: 'inferred', title: 'the source implies this without stating it' }, ' inferred') : null,
          ),
          nodeLink(step.node, this.onSelect),
          rel.sources.length
            ? h(
                'ul',
                { class: 'step-sources' },
                rel.sources.map((s) =>
                  h('li', { title: s.name }, s.article != null ? `article ${s.article}` : s.name, s.title ? `: ${s.title}` : ''),
                ),
              )
            : null,
        );
      }),
    );
  }
}
