// The timeline of the current selection: dated facts about the node and its direct neighbours
// (`timeline(relatedTo:)`), in date order.
import { fill, h } from './dom.js';
import { factLabel } from './kinds.js';
import { nodeLink } from './panel.js';

export class Timeline {
  constructor(root, { onSelect }) {
    this.root = root;
    this.onSelect = onSelect;
    this.title = h('h3', {}, 'Timeline');
    this.list = h('ol', { class: 'timeline-list' });
    fill(root, this.title, this.list);
    this.clear();
  }

  clear(message = 'Dated facts about the selected node and its neighbours appear here.') {
    this.title.textContent = 'Timeline';
    fill(this.list, h('li', { class: 'hint' }, message));
  }

  show(subject, entries) {
    this.title.textContent = `Timeline of ${subject} (${entries.length})`;
    if (!entries.length) {
      fill(this.list, h('li', { class: 'hint' }, 'No dated fact.'));
      return;
    }
    fill(
      this.list,
      entries.map((e) =>
        h(
          'li',
          { class: 'timeline-entry', testid: 'timeline-entry', dataset: { kind: e.kind } },
          h('time', { datetime: e.date }, e.end && e.end !== e.date ? `${e.date} – ${e.end}` : e.date),
          h('span', { class: 'fact' }, factLabel(e.kind)),
          nodeLink(e.node, this.onSelect),
        ),
      ),
    );
  }
}
