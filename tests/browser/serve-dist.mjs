// A stand-in for stdgraph's own page serving, for working on web/ without rebuilding the binary:
//   node tests/browser/serve-dist.mjs <dist dir> <stdgraph base URL> [port]
// serves /graphiql, /explore and /assets/* from a `node web/build.mjs <dist dir>` output with the
// Content-Security-Policy the real server sends, and proxies /graphql (HTTP and WebSocket) to a
// running stdgraph. Prints `listening on http://127.0.0.1:PORT`.
import { createReadStream, existsSync, statSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';

const [dist, upstreamArg, portArg] = process.argv.slice(2);
if (!dist || !upstreamArg) {
  console.error('usage: node serve-dist.mjs <dist dir> <stdgraph base URL> [port]');
  process.exit(2);
}
const upstream = new URL(upstreamArg);
const root = path.resolve(dist);

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

function csp(host) {
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' ${process.env.CSP_STYLE_EXTRA ?? "'unsafe-inline'"}`.trim(),
    "font-src 'self' data:",
    "img-src 'self' data: blob:",
    `connect-src 'self' ws://${host} wss://${host}`,
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function sendFile(req, res, file) {
  if (!file.startsWith(root + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'content-security-policy': csp(req.headers.host),
    'x-content-type-options': 'nosniff',
  });
  createReadStream(file).pipe(res);
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/graphql') {
    const proxied = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (up) => {
        res.writeHead(up.statusCode, up.headers);
        up.pipe(res);
      },
    );
    proxied.on('error', (e) => res.writeHead(502).end(String(e)));
    req.pipe(proxied);
  } else if (url.pathname === '/graphiql' || url.pathname === '/explore') {
    sendFile(req, res, path.join(root, `${url.pathname.slice(1)}.html`));
  } else if (url.pathname.startsWith('/assets/')) {
    sendFile(req, res, path.normalize(path.join(root, decodeURIComponent(url.pathname))));
  } else {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }
});

// WebSocket: pass the upgrade request and both byte streams through untouched.
server.on('upgrade', (req, socket, head) => {
  const up = net.connect(Number(upstream.port), upstream.hostname, () => {
    const headers = Object.entries({ ...req.headers, host: upstream.host })
      .map(([k, v]) => `${k}: ${v}`)
      .join('\r\n');
    up.write(`${req.method} ${req.url} HTTP/1.1\r\n${headers}\r\n\r\n`);
    if (head.length) up.write(head);
    up.pipe(socket);
    socket.pipe(up);
  });
  up.on('error', () => socket.destroy());
  socket.on('error', () => up.destroy());
});

server.listen(Number(portArg ?? 0), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
