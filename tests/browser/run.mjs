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
//   3. the path finder joins ETSI and TC260 in at least 2 steps, listed and highlighted, TC260 last.
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

/** A GraphQL query straight to the server (not through the page), to learn what the seed holds. */
async function gql(query) {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  const body = await res.json();
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
