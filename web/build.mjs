// Builds stdgraph's browser pages with esbuild: `node web/build.mjs <outdir>`.
//
// Writes exactly:
//   <outdir>/graphiql.html   GraphiQL (explorer + history plugins), served at /graphiql
//   <outdir>/explore.html    the graph explorer, served at /explore
//   <outdir>/assets/...      every script, stylesheet, font and worker the pages load (/assets/<file>)
//
// Everything is bundled from node_modules: the pages make no request outside their own origin, carry no
// inline <script> or <style> and no source maps. File names carry a content hash, so the server may
// cache /assets/* for long; the HTML files are small and name the current hashes.
import * as esbuild from 'esbuild';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const arg = process.argv[2];
if (!arg) {
  console.error('usage: node build.mjs <outdir>');
  process.exit(2);
}
const outdir = path.resolve(process.cwd(), arg);
const assets = path.join(outdir, 'assets');

const common = {
  bundle: true,
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
  absWorkingDir: here,
  metafile: true,
};

// The fonts and images that stylesheets point at become files next to them (never inlined as
// remote URLs; GraphiQL's own fonts are already data: URLs inside its CSS).
const fileLoaders = {
  '.ttf': 'file',
  '.woff': 'file',
  '.woff2': 'file',
  '.eot': 'file',
  '.svg': 'file',
  '.png': 'file',
  '.gif': 'file',
};

/** The output files of one esbuild run, by entry point (relative to web/). */
function outputsByEntry(metafile) {
  const byEntry = {};
  for (const [file, info] of Object.entries(metafile.outputs)) {
    if (!info.entryPoint) continue;
    const url = '/' + path.relative(outdir, path.resolve(here, file)).split(path.sep).join('/');
    byEntry[info.entryPoint] = { js: url, css: info.cssBundle ? '/' + path.relative(outdir, path.resolve(here, info.cssBundle)).split(path.sep).join('/') : null };
  }
  return byEntry;
}

await rm(outdir, { recursive: true, force: true });
await mkdir(assets, { recursive: true });

// 1. Monaco's web workers (GraphiQL's editors), as classic scripts under /assets/workers/. The
//    GraphiQL page learns their URLs through `define`, so the page starts them from its own origin
//    (no blob: workers, no esm.sh).
const workerEntries = {
  'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
  'json.worker': 'monaco-editor/esm/vs/language/json/json.worker.js',
  'graphql.worker': 'monaco-graphql/esm/graphql.worker.js',
};
const workers = await esbuild.build({
  ...common,
  entryPoints: workerEntries,
  format: 'iife',
  outdir: path.join(assets, 'workers'),
  entryNames: '[name]-[hash]',
});
const workerUrls = {};
for (const [file, info] of Object.entries(workers.metafile.outputs)) {
  const name = Object.keys(workerEntries).find((n) => workerEntries[n] === info.entryPoint?.replace(/^node_modules\//, ''));
  if (name) workerUrls[name] = '/' + path.relative(outdir, path.resolve(here, file)).split(path.sep).join('/');
}
for (const name of Object.keys(workerEntries)) {
  if (!workerUrls[name]) throw new Error(`worker ${name} was not built`);
}

// 2. The two pages, one script and one stylesheet each. No code splitting: esbuild would put the CSS
//    of lazily imported code (Monaco's) in files nothing loads, so what GraphiQL imports lazily
//    (Monaco, prettier, graphql-ws) is bundled into its page script.
const pages = await esbuild.build({
  ...common,
  entryPoints: { graphiql: 'src/graphiql/main.jsx', explore: 'src/explore/main.js' },
  format: 'esm',
  splitting: false,
  outdir: assets,
  entryNames: '[name]-[hash]',
  assetNames: 'files/[name]-[hash]',
  jsx: 'automatic',
  loader: { ...fileLoaders, '.js': 'jsx' },
  define: { ...common.define, __STDGRAPH_WORKERS__: JSON.stringify(workerUrls) },
});
const entries = outputsByEntry(pages.metafile);

// 3. The HTML shells: a template with {{css}} and {{js}} placeholders per page.
for (const [page, entry] of [
  ['graphiql', 'src/graphiql/main.jsx'],
  ['explore', 'src/explore/main.js'],
]) {
  const out = entries[entry];
  if (!out) throw new Error(`no output for ${entry}`);
  const template = await readFile(path.join(here, 'src', `${page}.html`), 'utf8');
  const html = template
    .replace('{{css}}', out.css ? `<link rel="stylesheet" href="${out.css}">` : '')
    .replace('{{js}}', `<script type="module" src="${out.js}"></script>`);
  await writeFile(path.join(outdir, `${page}.html`), html);
}

// 4. Guard the promise that nothing leaves the origin: no source map references, no CDN or font
//    services in what we ship.
async function* walk(dir) {
  for (const d of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) yield* walk(p);
    else yield p;
  }
}
const forbidden = [/sourceMappingURL=(?!data:)/, /esm\.sh\//, /unpkg\.com/, /cdn\.jsdelivr/, /fonts\.googleapis/, /fonts\.gstatic/, /cdnjs\.cloudflare/];
let total = 0;
let count = 0;
for await (const file of walk(outdir)) {
  const text = await readFile(file, 'latin1');
  total += text.length;
  count += 1;
  if (!/\.(js|css|html)$/.test(file)) continue;
  for (const re of forbidden) {
    if (re.test(text)) throw new Error(`${path.relative(outdir, file)} mentions ${re}: a request could leave the origin`);
  }
}
console.log(`stdgraph web: ${count} files, ${(total / 1048576).toFixed(1)} MiB in ${outdir}`);
