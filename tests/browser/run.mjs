// Browser test of stdgraph's pages: `node tests/browser/run.mjs [BASE_URL]` (or STDGRAPH_URL).
//
// Drives Debian's Chromium (/usr/bin/chromium, headless) through playwright-core against a running
// stdgraph and checks, as a person would:
//   1. /graphiql loads (editor visible, example tabs, explorer and history plugins), a query typed into
//      the editor and run with the run button answers with "GB/T 22239-2019"; the subscription example
//      starts a graphql-transport-ws subscription on the same origin, and with an editor key in
//      STDGRAPH_TEST_KEY a change made through the API arrives in the result pane;
//   2. /explore finds CESI by its Chinese name, draws its neighbourhood (more than 5 nodes), shows its
//      name in the side panel and its timeline; kind filters hide and show nodes; clicking a node
//      expands the drawing; the GraphML and PNG downloads hold the drawing;
//   3. the path finder joins ETSI and TC260 in at least 2 steps, listed and highlighted, TC260 last;
//   4. the Ingest page (/explore#/ingest), with the editor key in STDGRAPH_TEST_KEY: a made-up article
//      pasted becomes a proposal whose review lists its articles and items and highlights mentions (known
//      nodes as links into the explorer); an item's evidence is highlighted in the text; accepting a
//      selected item changes its status and puts its node in the graph (shown by the explorer); a
//      Markdown file uploaded becomes a proposal; a proposed node merges into a known one; a CONFLICT answer
//      (simulated) names each refused item; an item is edited and rejected by keyboard; the
//      proposals are listed newest first and filter by status; an empty text and a missing key show their error codes.
// Every request any page makes is recorded; one to another origin fails the test (and is aborted, so
// nothing leaves the machine). So does a Content-Security-Policy violation or an uncaught page error.
// A screenshot of each step goes to tests/browser/screenshots/ (NN-name.png).
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const base = (process.argv[2] || process.env.STDGRAPH_URL || '').replace(/\/+$/, '');
if (!base) {
  console.error('usage: node tests/browser/run.mjs BASE_URL   (or set STDGRAPH_URL), e.g. http://127.0.0.1:8080');
  process.exit(2);
}
const origin = new URL(base).origin;
const wsOrigin = origin.replace(/^http/, 'ws');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const shots = path.join(here, 'screenshots');
const TIMEOUT = 20_000;

class TestFailure extends Error {}
const fail = (msg) => {
  throw new TestFailure(msg);
};
const check = (cond, msg) => cond || fail(msg);

let passed = 0;
let failed = 0;
const log = (msg) => console.log(msg);

/** A GraphQL request straight to the server (not through the page): the whole answer. */
async function gqlBody(query, variables = {}, key = null) {
  const headers = { 'content-type': 'application/json' };
  if (key) headers.authorization = `Bearer ${key}`;
  const res = await fetch(`${base}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return res.json();
}

/** A GraphQL query straight to the server (not through the page), to learn what the seed holds. */
async function gql(query, variables = {}, key = null) {
  const body = await gqlBody(query, variables, key);
  if (body.errors) fail(`setup query failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

async function main() {
  await rm(shots, { recursive: true, force: true });
  await mkdir(shots, { recursive: true });
  const profile = await mkdtemp(path.join(os.tmpdir(), 'stdgraph-chromium-'));

  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
    locale: 'en-GB',
  });

  // Every request, from every page and worker: same origin or fail (and never let it out).
  const requests = [];
  const foreign = [];
  const isLocalScheme = (url) => /^(data|blob|about|chrome-extension|chrome):/.test(url);
  context.on('request', (req) => {
    const url = req.url();
    requests.push(url);
    if (!isLocalScheme(url) && new URL(url).origin !== origin) foreign.push(url);
  });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocalScheme(url) || new URL(url).origin === origin) return route.continue();
    foreign.push(url);
    return route.abort('blockedbyclient');
  });

  const problems = [];
  const frames = []; // WebSocket frames, for the subscription check
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(TIMEOUT);
  page.on('websocket', (ws) => {
    requests.push(ws.url());
    ws.on('framesent', (f) => frames.push({ url: ws.url(), dir: 'sent', payload: String(f.payload) }));
    ws.on('framereceived', (f) => frames.push({ url: ws.url(), dir: 'received', payload: String(f.payload) }));
    if (new URL(ws.url()).origin.replace(/^wss:/, 'ws:') !== wsOrigin.replace(/^wss:/, 'ws:')) foreign.push(ws.url());
  });
  page.on('pageerror', (e) => problems.push(`uncaught error in ${page.url()}: ${e.message}`));
  page.on('console', (msg) => {
    const text = msg.text();
    if (/Content[- ]Security[- ]Policy|Refused to (load|apply|execute|connect|create)/i.test(text)) problems.push(`CSP violation on ${page.url()}: ${text}`);
    else if (msg.type() === 'error') console.log(`  (console error on ${page.url()}: ${text.slice(0, 300)})`);
  });

  let shot = 0;
  const screenshot = async (name) => {
    shot += 1;
    const file = path.join(shots, `${String(shot).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file });
    return file;
  };

  const step = async (name, fn) => {
    const started = Date.now();
    try {
      await fn();
      passed += 1;
      log(`ok   ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    } catch (e) {
      failed += 1;
      log(`FAIL ${name}: ${e instanceof TestFailure ? e.message : e.stack || e}`);
      try {
        await page.screenshot({ path: path.join(shots, `99-failure-${name.replace(/\W+/g, '-')}.png`) });
      } catch {}
    }
  };

  // What the drawing shows: cytoscape's `:visible` (settles on the next frame after a change).
  const cyCount = (what) => page.evaluate((w) => window.__stdgraphExplorer.cy[w](':visible').length, what);
  const settled = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

  // ---- 1. GraphiQL ----------------------------------------------------------------------------
  await step('graphiql: loads and runs a query', async () => {
    const res = await page.goto(`${base}/graphiql`);
    check(res.ok(), `GET /graphiql answered ${res.status()}`);
    check((await page.title()) === 'stdgraph GraphiQL', `title is "${await page.title()}"`);
    const editor = page.locator('.graphiql-query-editor .monaco-editor').first();
    await editor.waitFor({ state: 'visible' });
    await page.locator('.graphiql-query-editor .view-lines').first().waitFor({ state: 'visible' });
    // The example tabs (README's questions) and the plugins in the sidebar.
    const tabs = await page.locator('.graphiql-tab').count();
    check(tabs >= 5, `expected at least 5 example tabs, found ${tabs}`);
    await page.getByRole('button', { name: /explorer/i }).first().waitFor({ state: 'visible' });
    await page.getByRole('button', { name: /history/i }).first().waitFor({ state: 'visible' });
    await page.waitForTimeout(500); // schema introspection and the first paint of the editors
    await screenshot('graphiql-loaded');

    // Type the query into the editor (replacing the tab's example) and press the run button.
    await page.locator('.graphiql-query-editor .view-lines').first().click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText('{ standard(code: "GB/T 22239-2019") { code title } }');
    // GraphiQL learns the new operation (anonymous, so the tab is "<untitled>") a moment after the
    // edit; a run before that would still send the example's operation name.
    await page.locator('.graphiql-tab-active').getByText('<untitled>').waitFor({ state: 'visible' });
    await page.locator('.graphiql-execute-button').click();
    const result = page.locator('.result-window');
    await result.getByText('GB/T 22239-2019').first().waitFor({ state: 'visible' });
    const text = (await result.innerText()).replace(/\s+/g, ' ');
    check(text.includes('Baseline for classified protection'), `the result pane shows no title: ${text.slice(0, 300)}`);
    await screenshot('graphiql-result');
  });

  await step('graphiql: subscription over WebSocket (graphql-transport-ws)', async () => {
    await page.locator('.graphiql-tab', { hasText: 'GraphChanged' }).locator('.graphiql-tab-button').click();
    await page.locator('.graphiql-query-editor .view-lines', { hasText: 'subscription GraphChanged' }).waitFor({ state: 'visible' });
    // GraphiQL parses the editor 100 ms after a change (debounced); a run before that would judge the
    // operation by the previous tab's document and send it over HTTP.
    await page.waitForTimeout(500);
    await page.locator('.graphiql-execute-button').click();
    const frame = (dir, type) => frames.some((f) => f.dir === dir && f.payload.includes(`"type":"${type}"`));
    const until = Date.now() + TIMEOUT;
    while (!(frame('received', 'connection_ack') && frame('sent', 'subscribe'))) {
      if (Date.now() > until) fail(`no graphql-transport-ws subscription started; frames: ${JSON.stringify(frames).slice(0, 500)}`);
      await page.waitForTimeout(100);
    }
    const wsUrl = frames.find((f) => f.dir === 'sent').url;
    check(wsUrl === `${wsOrigin}/graphql`, `the subscription went to ${wsUrl}, not ${wsOrigin}/graphql`);
    const key = process.env.STDGRAPH_TEST_KEY;
    if (key) {
      // An editor's change (README question 10: CESI's other name 电子四院, added or taken back) must
      // arrive in the result pane.
      const { agency } = await gql('{ agency(ref: "CESI") { aliases } }');
      const aliases = agency.aliases.includes('电子四院') ? agency.aliases.filter((a) => a !== '电子四院') : [...agency.aliases, '电子四院'];
      const res = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({
          query: 'mutation($aliases: [String!]) { updateAgency(id: "agency:cesi", patch: {aliases: $aliases}) { version } }',
          variables: { aliases },
        }),
      });
      const body = await res.json();
      check(!body.errors, `the mutation failed: ${JSON.stringify(body.errors)}`);
      const result = page.locator('.result-window');
      await result.getByText('UPDATE_NODE').first().waitFor({ state: 'visible' });
      check((await result.innerText()).includes('agency:cesi'), 'the pushed change does not name agency:cesi');
      log('     the change made by the mutation arrived over the subscription');
    } else {
      log('     subscription started (no STDGRAPH_TEST_KEY, so no change was made to push)');
    }
    await screenshot('graphiql-subscription');
  });

  // ---- 2. Explorer: search in Chinese, neighbourhood, panel, filters, expand, downloads -------------
  const { agency: cesi } = await gql('{ agency(ref: "CESI") { id name nameZh aliases } }');
  check(cesi?.nameZh, 'the seed has no Chinese name for CESI');

  await step(`explore: search CESI as ${cesi.nameZh}`, async () => {
    const res = await page.goto(`${base}/explore`);
    check(res.ok(), `GET /explore answered ${res.status()}`);
    const input = page.getByTestId('search-input');
    await input.waitFor({ state: 'visible' });
    await input.fill(cesi.nameZh);
    const hit = page.locator(`[data-testid="search-input-result"][data-id="${cesi.id}"]`);
    await hit.waitFor({ state: 'visible' });
    await screenshot('explore-search');
    await hit.click();

    await page.waitForFunction(() => (window.__stdgraphExplorer?.cy.nodes().length ?? 0) > 5);
    const panel = page.getByTestId('side-panel');
    await panel.getByText(cesi.name).first().waitFor({ state: 'visible' });
    const panelText = await panel.innerText();
    check(panelText.includes(cesi.nameZh), 'the side panel does not show the Chinese name');
    check(/article \d+/.test(panelText), 'the side panel lists no source article');
    await page.getByTestId('timeline-entry').first().waitFor({ state: 'visible' });
    const nodes = await cyCount('nodes');
    const edges = await cyCount('edges');
    check(nodes > 5, `only ${nodes} nodes drawn`);
    check(edges > 0, 'no relation drawn');
    await page.waitForTimeout(300);
    await screenshot('explore-cesi');
    log(`     ${nodes} nodes and ${edges} relations drawn around ${cesi.id}`);
  });

  await step('explore: kind filters hide and show nodes', async () => {
    await settled();
    const before = await cyCount('nodes');
    const standards = await page.evaluate(() => window.__stdgraphExplorer.cy.nodes('[kind = "STANDARD"]').length);
    check(standards > 0, 'no standard drawn around CESI');
    const box = page.locator('[data-testid="filter-node-kinds"] input[data-kind="STANDARD"]');
    await box.uncheck();
    await settled();
    const hidden = await cyCount('nodes');
    check(hidden === before - standards, `hiding ${standards} standards left ${hidden} of ${before} nodes visible`);
    await screenshot('explore-filtered');
    await box.check();
    await settled();
    check((await cyCount('nodes')) === before, 'showing standards again did not restore the drawing');
  });

  await step('explore: clicking a node expands the drawing', async () => {
    const before = await page.evaluate(() => window.__stdgraphExplorer.cy.nodes().length);
    // The first neighbour of CESI that has neighbours of its own not drawn yet: an event of ETSI's.
    const target = 'event:etsi-delegation-visit-beijing-2019';
    const pos = await page.evaluate((id) => {
      const { cy } = window.__stdgraphExplorer;
      const n = cy.getElementById(id);
      if (n.empty()) return null;
      cy.center(n);
      const p = n.renderedPosition();
      const r = cy.container().getBoundingClientRect();
      // A little off the centre: cytoscape's polygon hit test misses a diamond's exact centre row.
      return { x: r.left + p.x + 1, y: r.top + p.y + 3 };
    }, target);
    check(pos, `${target} is not drawn around CESI`);
    await page.mouse.click(pos.x, pos.y);
    await page.waitForFunction((n) => window.__stdgraphExplorer.cy.nodes().length > n, before);
    await page.getByTestId('node-name').getByText('ETSI Delegation Visit').waitFor({ state: 'visible' });
    const after = await page.evaluate(() => window.__stdgraphExplorer.cy.nodes().length);
    log(`     ${before} -> ${after} nodes after clicking ${target}`);
  });

  await step('explore: GraphML and PNG downloads', async () => {
    const [graphml] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-graphml').click()]);
    const xml = await readFile(await graphml.path(), 'utf8');
    check(xml.startsWith('<?xml') && xml.includes('<graphml'), 'the GraphML download is not GraphML');
    check(xml.includes(`<node id="${cesi.id}">`), `the GraphML download lacks ${cesi.id}`);
    check(xml.includes(cesi.nameZh), 'the GraphML download lacks the Chinese name');
    await settled();
    const visibleNodes = await cyCount('nodes');
    const n = (xml.match(/<node /g) ?? []).length;
    check(n === visibleNodes, `GraphML has ${n} nodes, the drawing ${visibleNodes}`);
    check(/<data key="rkind">[A-Z_]+<\/data>/.test(xml), 'the GraphML edges carry no relation kind');

    const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-png').click()]);
    const bytes = await readFile(await png.path());
    check(bytes.length > 5000 && bytes.subarray(1, 4).toString() === 'PNG', `the PNG download is not a PNG (${bytes.length} bytes)`);
    log(`     GraphML ${xml.length} bytes (${n} nodes), PNG ${bytes.length} bytes`);
  });

  // ---- 3. Path finder ---------------------------------------------------------------------------
  await step('explore: path from ETSI to TC260', async () => {
    await page.getByTestId('path-from').fill('ETSI');
    await page.getByTestId('path-to').fill('TC260');
    await page.getByTestId('path-find').click();
    const steps = page.getByTestId('path-step');
    await steps.first().waitFor({ state: 'visible' });
    const count = await steps.count();
    check(count >= 2, `the path has ${count} steps`);
    const listed = await page.getByTestId('path-steps').innerText();
    check(listed.includes('TC260'), `TC260 is not among the steps: ${listed}`);
    check((await steps.last().getAttribute('data-id')) === 'tc:tc260', 'the path does not end at tc:tc260');
    check(/article \d+/.test(listed), 'the steps name no source article');
    const highlighted = await page.evaluate(() => window.__stdgraphExplorer.cy.$('.path').length);
    check(highlighted >= 2 * count + 1, `only ${highlighted} elements highlighted for ${count} steps`);
    await page.waitForTimeout(400);
    await screenshot('explore-path');
    log(`     ${count} steps: ${listed.replace(/\s+/g, ' ').slice(0, 240)}`);
  });

  // ---- 4. Ingest: paste an article, review it, accept, edit and reject items, upload a file, errors ----
  // The pipeline's output grows (it proposes ever more items); these checks hold for any of it: the
  // page lists what the API holds, highlights mentions where there are some, and review changes statuses.
  const key = process.env.STDGRAPH_TEST_KEY;
  const nonce = Date.now().toString(36);
  const PASTED = `Made-up Standards Monthly

Horizontal issues

1. CESI releases the draft standard GB/T 99901-2026 on quantum-safe ledgers

On 12 March 2026, the China Electronics Standardization Institute (CESI) released the draft national standard GB/T 99901-2026 "Information technology - Quantum-safe ledgers - Requirements" for comments. Comments are due by 30 April 2026. The standard will come into force on 1 October 2026.

Information security

2. TC260 holds its spring plenary meeting in Hangzhou

The National Information Security Standardization Technical Committee (TC260) held its spring plenary meeting in Hangzhou from 18 to 19 March 2026. Mr. ZHANG Wei, chairman of the Example Alliance for Ledger Security (EALS), presented the work plan of the committee (reference ${nonce}).
`;
  const UPLOADED = `# ETSI and CESI agree to test quantum-safe ledgers together

On 2 February 2026, ETSI and CESI signed a memorandum of understanding on testing quantum-safe ledgers (reference U-${nonce}).
`;
  const PROPOSAL_QUERY = `query($id: ID!) { proposal(id: $id) {
    id status pending accepted rejected
    articles { source number title text mentions { start end kind text link { node proposed } } }
    items { id op status summary node evidence { source } }
  } }`;
  const hashId = () => decodeURIComponent(new URL(page.url()).hash.replace(/^#\/ingest\//, ''));
  const itemRow = (id) => page.locator(`[data-testid="item"][data-id="${id}"]`);
  let pasted = null; // the pasted text's proposal, as the API answered
  let uploadedId = null;

  if (!key) {
    log('     ingest steps skipped: they need an editor key in STDGRAPH_TEST_KEY (scripts/browser-test sets one)');
  } else {
    await step('ingest: paste an article with an editor key; the review lists articles, items and mentions', async () => {
      const res = await page.goto(`${base}/explore#/ingest`);
      check(res.ok(), `GET /explore answered ${res.status()}`);
      await page.getByTestId('ingest-form').waitFor({ state: 'visible' });
      check((await page.getByTestId('nav-ingest').getAttribute('aria-current')) === 'page', 'the Ingest nav entry is not marked as the current page');
      await page.getByLabel('Editor key').fill(key);
      await page.getByLabel('Text', { exact: true }).fill(PASTED);
      await page.getByLabel('Format').selectOption('TEXT');
      await page.getByLabel('Issue').fill(`browser test ${nonce}`);
      await page.getByLabel('Publication').fill('Made-up Standards Monthly');
      await screenshot('ingest-form');
      await page.getByTestId('ingest-submit').click();
      await page.waitForURL(/#\/ingest\/.+/);
      const id = hashId();
      const { proposal } = await gql(PROPOSAL_QUERY, { id }, key);
      check(proposal, `the page went to ${id}, which the API does not know`);
      check(proposal.items.length >= 1, 'the proposal has no item');
      pasted = proposal;

      await page.getByTestId('review').waitFor({ state: 'visible' });
      const articles = await page.getByTestId('article').count();
      check(articles === proposal.articles.length, `the page lists ${articles} articles, the proposal has ${proposal.articles.length}`);
      await page.getByTestId('item').first().waitFor({ state: 'visible' });
      const listed = await page.getByTestId('article-text').innerText();
      check(listed.includes(proposal.articles[0].text.trim().split('\n')[0].trim()), 'the first article’s text is not shown');
      const counts = await page.getByTestId('review-counts').innerText();
      check(counts.includes(`${proposal.pending} pending`), `the counts say "${counts}", the API ${proposal.pending} pending`);

      // Mentions, in every article that has some: highlighted by kind, with a tooltip, known nodes as links.
      const withMentions = proposal.articles.filter((a) => a.mentions.length);
      let known = null;
      for (const a of withMentions.slice(0, 3)) {
        await page.locator(`[data-testid="article"][data-source="${a.source}"]`).click();
        await page.getByTestId('article-title').getByText(a.title, { exact: true }).waitFor({ state: 'visible' });
        const marks = page.getByTestId('article-text').getByTestId('mention');
        const shown = await marks.count();
        check(shown >= 1 && shown <= a.mentions.length, `article ${a.number ?? a.source}: ${shown} mentions highlighted of ${a.mentions.length}`);
        for (const m of await marks.evaluateAll((els) => els.map((e) => ({ kind: e.dataset.kind, cls: e.className, title: e.title, tag: e.tagName, href: e.getAttribute('href'), node: e.dataset.node })))) {
          check(m.cls.includes(`m-${m.kind}`) && m.title.length > 0, `a mention of kind ${m.kind} has class "${m.cls}" and title "${m.title}"`);
          if (m.tag === 'A') known ??= m;
        }
        const legend = await page.getByTestId('mention-legend').locator('.mention').count();
        check(legend >= 1, 'the legend of mention kinds is empty');
      }
      if (withMentions.length) {
        await page.locator(`[data-testid="article"][data-source="${withMentions[0].source}"]`).click();
        await page.getByTestId('mention').first().waitFor({ state: 'visible' });
        await screenshot('ingest-mentions');
        log(`     ${proposal.articles.length} articles, ${proposal.items.length} items, mentions in ${withMentions.length} articles`);
      } else {
        log(`     ${proposal.articles.length} articles, ${proposal.items.length} items; the pipeline found no mention (nothing to highlight)`);
      }
      if (known) {
        // A mention linked to a known node opens it in the explorer.
        check(known.href.includes(encodeURIComponent(known.node)), `the link of ${known.node} goes to ${known.href}`);
        await page.locator(`a[data-testid="mention"][data-node="${known.node}"]`).first().click();
        await page.getByTestId('node-name').waitFor({ state: 'visible' });
        check((await page.getByTestId('ingest-page').isHidden()) && new URL(page.url()).searchParams.get('node') === known.node, `the explorer did not open ${known.node}`);
        log(`     the mention linked to ${known.node} opened it in the explorer`);
        await page.goto(`${base}/explore#/ingest/${encodeURIComponent(id)}`);
        await page.getByTestId('item').first().waitFor({ state: 'visible' });
      }
    });

    await step('ingest: an item’s evidence is highlighted in the article', async () => {
      check(pasted, 'no proposal to review');
      const evidence = page.getByTestId('evidence').first();
      await evidence.click();
      const focus = page.getByTestId('evidence-focus').first();
      await focus.waitFor({ state: 'visible' });
      check((await focus.innerText()).trim().length > 0, 'the highlighted evidence is empty');
      await screenshot('ingest-evidence');
    });

    await step('ingest: accept a selected item; its status changes and its node is in the graph', async () => {
      check(pasted, 'no proposal to review');
      await page.getByTestId('article-all').click();
      await page.getByTestId('item').first().waitFor({ state: 'visible' });
      const pending = page.locator('[data-testid="item"][data-status="PENDING"]');
      const createNode = pending.and(page.locator('[data-op="CREATE_NODE"]'));
      const row = (await createNode.count()) ? createNode.first() : pending.first();
      const itemId = await row.getAttribute('data-id');
      const before = await page.getByTestId('review-counts').innerText();
      await row.getByTestId('item-select').check();
      await page.getByTestId('accept-selected').click();
      await itemRow(itemId).and(page.locator('[data-status="ACCEPTED"]')).waitFor({ state: 'visible' });
      await page.getByTestId('review-message').getByText(/Applied \d+ item/).waitFor({ state: 'visible' });
      const after = await page.getByTestId('review-counts').innerText();
      check(after !== before, `the counts did not change: ${after}`);
      await screenshot('ingest-accepted');
      const { proposal } = await gql(PROPOSAL_QUERY, { id: pasted.id }, key);
      const item = proposal.items.find((i) => i.id === itemId);
      check(item?.status === 'ACCEPTED', `the API says the item is ${item?.status}`);
      pasted = proposal;
      const nodeId = item.node?.id;
      if (nodeId) {
        const { node } = await gql('query($id: ID!) { node(id: $id) { id name } }', { id: nodeId });
        check(node, `the accepted node ${nodeId} is not in the graph`);
        await page.goto(`${base}/explore?node=${encodeURIComponent(nodeId)}`);
        await page.getByTestId('node-name').getByText(node.name, { exact: true }).waitFor({ state: 'visible' });
        await screenshot('ingest-accepted-node');
        log(`     accepted "${item.summary}"; ${nodeId} is in the graph and the explorer shows it`);
      } else {
        log(`     accepted "${item.summary}" (${item.op})`);
      }
    });

    await step('ingest: merge a proposed node into one the graph holds', async () => {
      check(pasted, 'no proposal to review');
      // A proposed standard merges into a standard the seed holds. When the pipeline proposes none, a
      // Source does: a third made-up article, ingested through the API, merged into an article of the
      // seed (the same article met again under another name). A node merges only into its own kind.
      let proposalId = pasted.id;
      let candidate = pasted.items.find((i) => i.op === 'CREATE_NODE' && i.status === 'PENDING' && /^standard$/i.test(i.node?.kind ?? ''));
      let into;
      if (candidate) {
        into = (await gql('{ standard(code: "GB/T 22239-2019") { id } }')).standard.id;
      } else {
        const { ingest } = await gql(
          'mutation($text: String!) { ingest(text: $text, format: MARKDOWN, issue: "merge test") { id items { id op status summary node } } }',
          { text: `# SAC approves a made-up plan for ledger standards\n\nOn 3 March 2026, SAC approved a made-up plan (reference M-${nonce}).\n` },
          key,
        );
        proposalId = ingest.id;
        candidate = ingest.items.find((i) => i.op === 'CREATE_NODE' && i.status === 'PENDING' && /^source$/i.test(i.node?.kind ?? ''));
        check(candidate, `the third article proposes no Source: ${JSON.stringify(ingest.items).slice(0, 300)}`);
        into = (await gql('{ agency(ref: "CESI") { sources { id } } }')).agency.sources[0].id;
      }
      await page.goto(`${base}/explore#/ingest/${encodeURIComponent(proposalId)}`);
      await page.getByTestId('article-all').click();
      const row = itemRow(candidate.id);
      await row.getByTestId('item-merge').click();
      await row.getByTestId('merge-search').fill(into);
      await row.getByTestId('item-merge-save').click();
      await page.getByTestId('review-message').getByText(`Merged into ${into}`).waitFor({ state: 'visible' });
      await itemRow(candidate.id).and(page.locator('[data-status="REJECTED"]')).waitFor({ state: 'visible' });
      await screenshot('ingest-merged');
      const { proposal } = await gql(PROPOSAL_QUERY, { id: proposalId }, key);
      check(proposal.items.find((i) => i.id === candidate.id)?.status === 'REJECTED', 'the API does not say the merged item is rejected');
      if (proposalId === pasted.id) pasted = proposal;
      log(`     merged "${candidate.summary}" into ${into}`);
    });

    await step('ingest: upload a Markdown file (the key stays for the tab)', async () => {
      await page.goto(`${base}/explore#/ingest`);
      await page.getByTestId('ingest-form').waitFor({ state: 'visible' });
      check((await page.getByLabel('Editor key').inputValue()) === key, 'the editor key was not kept for the tab');
      await page.getByTestId('ingest-file').setInputFiles({ name: 'made-up-note.md', mimeType: 'text/markdown', buffer: Buffer.from(UPLOADED) });
      check(await page.getByLabel('Text', { exact: true }).isDisabled(), 'the text box stays usable while a file is chosen');
      await page.getByTestId('ingest-submit').click();
      await page.waitForURL((url) => /#\/ingest\/.+/.test(url.hash) && decodeURIComponent(url.hash).slice(9) !== pasted?.id);
      uploadedId = hashId();
      await page.getByTestId('item').first().waitFor({ state: 'visible' });
      const text = await page.getByTestId('article-text').innerText();
      check(text.includes('quantum-safe ledgers'), `the uploaded article is not shown: ${text.slice(0, 200)}`);
      await screenshot('ingest-uploaded');
    });

    await step('ingest: a CONFLICT answer names each refused item (answer simulated by the test)', async () => {
      check(uploadedId, 'no uploaded proposal');
      // A conflict needs a write racing the review; the page's part is to name the items the server
      // refused, so the test answers the page's reviewProposal call itself with such an error.
      await page.getByTestId('article-all').click();
      const row = page.locator('[data-testid="item"][data-status="PENDING"]').first();
      await row.waitFor({ state: 'visible' });
      const itemId = await row.getAttribute('data-id');
      const summary = await row.getByTestId('item-summary').innerText();
      const conflict = {
        errors: [{
          message: 'the graph changed since the proposal was made',
          extensions: { code: 'CONFLICT', items: [{ item: itemId, reason: 'the node changed since (version 3, proposed on 2)' }] },
        }],
      };
      const simulate = (route) =>
        route.request().postDataJSON()?.query?.includes('reviewProposal')
          ? route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(conflict) })
          : route.continue();
      await page.route('**/graphql', simulate);
      try {
        await row.getByTestId('item-select').check();
        await page.getByTestId('accept-selected').click();
        const shown = page.getByTestId('review-error');
        await shown.getByText('(CONFLICT)').waitFor({ state: 'visible' });
        const items = await shown.getByTestId('conflict-items').innerText();
        check(items.includes(summary) && items.includes('the node changed since'), `the conflict does not name the item: ${items}`);
        await itemRow(itemId).and(page.locator('[data-status="PENDING"]')).getByTestId('item-conflict').waitFor({ state: 'visible' });
        await screenshot('ingest-conflict');
      } finally {
        await page.unroute('**/graphql', simulate);
      }
    });

    await step('ingest: edit a pending item, then reject one by keyboard', async () => {
      check(uploadedId, 'no uploaded proposal');
      await page.getByTestId('article-all').click();
      const editable = page.locator('[data-testid="item"][data-status="PENDING"][data-op="CREATE_NODE"]').first();
      await editable.waitFor({ state: 'visible' });
      await editable.getByTestId('item-edit').click();
      const area = editable.getByTestId('item-json');
      const fields = JSON.parse(await area.inputValue());
      check(typeof fields.name === 'string', `the node to edit has no name: ${JSON.stringify(fields).slice(0, 200)}`);
      const renamed = `${fields.name} (edited)`;
      await area.fill(JSON.stringify({ ...fields, name: renamed }, null, 2));
      await editable.getByTestId('item-edit-save').click();
      await page.getByTestId('review-message').getByText('Saved').waitFor({ state: 'visible' });
      const { proposal } = await gql(PROPOSAL_QUERY, { id: uploadedId }, key);
      const edited = proposal.items.find((i) => i.node?.name === renamed);
      check(edited, `no item of the proposal carries the new name "${renamed}"`);
      const row = itemRow(edited.id);
      check((await row.locator('pre').textContent()).includes(renamed), 'the page does not show the edited fields');

      // Reject it with the keyboard: focus its Reject button and press Enter.
      await row.getByTestId('item-reject').focus();
      await page.keyboard.press('Enter');
      await itemRow(edited.id).and(page.locator('[data-status="REJECTED"]')).waitFor({ state: 'visible' });
      check(await itemRow(edited.id).getByTestId('item-reject').isDisabled(), 'a rejected item can still be rejected');
      const { proposal: now } = await gql(PROPOSAL_QUERY, { id: uploadedId }, key);
      check(now.items.find((i) => i.id === edited.id)?.status === 'REJECTED', 'the API does not say the item is rejected');
      check(now.rejected >= 1, `the proposal counts ${now.rejected} rejected`);
      await screenshot('ingest-rejected');
    });

    await step('ingest: the proposals list, newest first', async () => {
      await page.goto(`${base}/explore#/ingest`);
      const rows = page.getByTestId('proposal-row');
      await rows.first().waitFor({ state: 'visible' });
      const ids = await rows.evaluateAll((els) => els.map((e) => e.dataset.id));
      const { proposals } = await gql('{ proposals(first: 50) { id createdAt accepted rejected } }', {}, key);
      check(JSON.stringify(ids) === JSON.stringify(proposals.map((p) => p.id)), `the page lists ${ids.join(', ')}, the API ${proposals.map((p) => p.id).join(', ')}`);
      for (const id of [pasted?.id, uploadedId]) check(ids.includes(id), `${id} is not listed`);
      const times = proposals.map((p) => Date.parse(p.createdAt));
      check(times.every((t, i) => i === 0 || t <= times[i - 1]), 'the proposals are not newest first');
      await screenshot('ingest-proposals');
      // Only the done ones (no item pending): the page lists what the API lists for that status.
      await page.getByLabel('Show').selectOption('DONE');
      const { proposals: done } = await gql('{ proposals(status: DONE, first: 50) { id } }', {}, key);
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid="proposal-row"]').length === n && [...document.querySelectorAll('[data-testid="proposal-row"]')].every((r) => r.dataset.status === 'DONE'), done.length);
    });

    await step('ingest: an empty text and a missing key are refused with their codes', async () => {
      const direct = await gqlBody('mutation { ingest(text: "") { id } }', {}, key);
      const code = direct.errors?.[0]?.extensions?.code;
      check(code && code !== 'INTERNAL', `the API answers an empty text with ${JSON.stringify(direct).slice(0, 300)}`);
      const { proposals: before } = await gql('{ proposals(first: 100) { id } }', {}, key);
      await page.getByLabel('Text', { exact: true }).fill('');
      await page.getByTestId('ingest-submit').click();
      const error = page.getByTestId('ingest-error');
      await error.getByText(`(${code}`).waitFor({ state: 'visible' });
      const shown = await error.innerText();
      const reason = direct.errors[0].extensions.reason;
      if (reason) check(shown.includes(reason), `the error "${shown}" does not give the reason ${reason}`);
      check((await page.getByRole('alert').filter({ hasText: code }).count()) >= 1, 'the error is not announced (role=alert)');
      await screenshot('ingest-empty-error');
      const { proposals: after } = await gql('{ proposals(first: 100) { id } }', {}, key);
      check(after.length === before.length, 'an empty text stored a proposal');

      await page.getByLabel('Editor key').fill('');
      await page.getByLabel('Text', { exact: true }).fill(UPLOADED);
      await page.getByTestId('ingest-submit').click();
      await error.getByText(/\((UNAUTHENTICATED|FORBIDDEN)/).waitFor({ state: 'visible' });
      log(`     empty text: "${shown}"; no key: "${await error.innerText()}"`);
      await page.getByLabel('Editor key').fill(key);
    });
  }

  await context.close();
  await rm(profile, { recursive: true, force: true });

  // ---- the whole run: no request elsewhere, no CSP violation, no uncaught error ----------------------
  const foreignUnique = [...new Set(foreign)];
  log(`     ${requests.length} requests, all checked against ${origin}`);
  if (foreignUnique.length) {
    failed += 1;
    log(`FAIL requests left the origin ${origin}:\n  ${foreignUnique.join('\n  ')}`);
  } else passed += 1;
  if (problems.length) {
    failed += 1;
    log(`FAIL page problems:\n  ${[...new Set(problems)].join('\n  ')}`);
  } else passed += 1;

  log(`screenshots: ${shots}`);
  log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(`browser test could not run: ${e.stack || e}`);
  process.exit(1);
});
