// A search box with a result list, used for the main search and the path finder's two ends.
// It calls `search(query:)`, which matches English and Chinese names, abbreviations, aliases and
// any spelling of a standard code.
import * as api from './api.js';
import { debounce, fill, h } from './dom.js';
import { abbreviationOrCode, kindInfo } from './kinds.js';

/**
 * @param {object} opts
 * @param {string} opts.placeholder
 * @param {string} opts.testid          data-testid of the input; results get `${testid}-result`
 * @param {(node: object) => void} opts.onPick
 * @param {string} [opts.label]         accessible label
 */
export function searchBox({ placeholder, testid, onPick, label }) {
  let picked = null;
  let results = [];
  let active = -1;
  let seq = 0;

  const input = h('input', {
    type: 'search',
    placeholder,
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-label': label ?? placeholder,
    testid,
  });
  const list = h('ul', { class: 'search-results', role: 'listbox', testid: `${testid}-results`, hidden: true });
  const status = h('div', { class: 'search-status', 'aria-live': 'polite' });
  const root = h('div', { class: 'search-box' }, input, list, status);

  const close = () => {
    list.hidden = true;
    active = -1;
  };

  const pick = (node, notify = true) => {
    picked = node;
    const short = abbreviationOrCode(node);
    input.value = short ? `${short} — ${node.name}` : node.name;
    close();
    if (notify) onPick(node);
  };

  const render = () => {
    fill(
      list,
      results.map(({ node, matchedOn }, i) =>
        h(
          'li',
          {
            role: 'option',
            class: i === active ? 'active' : '',
            testid: `${testid}-result`,
            dataset: { id: node.id },
            onmousedown: (e) => {
              e.preventDefault(); // keep focus, pick before blur closes the list
              pick(node);
            },
          },
          h('span', { class: 'kind-dot', 'aria-hidden': 'true', 'data-kind': node.kind }),
          h('span', { class: 'result-name' }, abbreviationOrCode(node) ? h('b', {}, abbreviationOrCode(node), ' ') : null, node.name),
          node.nameZh ? h('span', { class: 'result-zh', lang: 'zh' }, node.nameZh) : null,
          h('span', { class: 'result-meta' }, `${kindInfo(node.kind).label} · ${node.id} · ${matchedOn.toLowerCase().replaceAll('_', ' ')}`),
        ),
      ),
    );
    // Results show only under the box being typed in (a late answer must not cover the page).
    list.hidden = results.length === 0 || document.activeElement !== input;
  };

  const run = debounce(async () => {
    const query = input.value.trim();
    const mine = ++seq;
    if (!query) {
      results = [];
      status.textContent = '';
      render();
      return;
    }
    status.textContent = 'Searching…';
    try {
      const found = await api.search(query);
      if (mine !== seq) return;
      results = found.edges;
      active = results.length ? 0 : -1;
      status.textContent = results.length ? '' : `Nothing matches “${query}”.`;
      render();
    } catch (e) {
      if (mine !== seq) return;
      results = [];
      status.textContent = e.message;
      render();
    }
  }, 180);

  input.addEventListener('input', () => {
    picked = null;
    run();
  });
  input.addEventListener('focus', () => {
    if (results.length && !picked) list.hidden = false;
  });
  input.addEventListener('blur', () => setTimeout(close, 120));
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!results.length) return;
      e.preventDefault();
      active = (active + (e.key === 'ArrowDown' ? 1 : -1) + results.length) % results.length;
      list.hidden = false;
      render();
    } else if (e.key === 'Enter') {
      if (results[active]) {
        e.preventDefault();
        pick(results[active].node);
      }
    } else if (e.key === 'Escape') {
      close();
    }
  });

  return {
    root,
    input,
    /** The node picked from the list, or null when the text was typed since. */
    get picked() {
      return picked;
    },
    /** What to send as a node reference: the picked id, else the text as typed (a name or code). */
    get ref() {
      return picked ? picked.id : input.value.trim();
    },
    /** Show a node as picked without telling onPick (when the choice was made elsewhere). */
    setPicked(node) {
      pick(node, false);
    },
    /** Close the result list and drop searches still under way. */
    cancel() {
      run.cancel();
      seq += 1;
      status.textContent = '';
      close();
    },
  };
}
