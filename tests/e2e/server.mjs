// A minimal static file server for tests and scripts/serve: serves a directory
// on 127.0.0.1, optionally under a sub-path (`/enquetes/cloud/`), like any
// static host, with the precompressed .br/.gz copies when the browser takes them.
import { createServer } from 'node:http';
import { cp, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';

/** Content types by file extension (also the benchmark's server's). */
export const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
};

/** Starts serving `root` under `base` (default "/") with extra response `headers`; resolves to { url, close }. */
export async function serve(root, { base = '/', port = 0, host = '127.0.0.1', log = false, headers = {} } = {}) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!path.startsWith(base)) {
      res.writeHead(404).end('not found');
      return;
    }
    let rel = normalize(path.slice(base.length));
    if (rel.startsWith('..') || rel.includes(`..${sep}`)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    let file = join(root, rel);
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const accepts = String(req.headers['accept-encoding'] ?? '');
      let body = await readFile(file);
      const extra = { vary: 'accept-encoding' };
      for (const [encoding, suffix] of [['br', '.br'], ['gzip', '.gz']]) {
        if (!accepts.includes(encoding)) continue;
        try {
          body = await readFile(file + suffix);
          extra['content-encoding'] = encoding;
          break;
        } catch {
          // no precompressed copy: the plain file
        }
      }
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache', ...extra, ...headers });
      res.end(body);
      if (log) console.log(`200 ${path}`);
    } catch {
      res.writeHead(404).end('not found');
      if (log) console.log(`404 ${path}`);
    }
  });
  await new Promise((resolve) => server.listen(port, host, resolve));
  const { port: actual } = server.address();
  return {
    url: `http://${host}:${actual}${base}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

// `node tests/e2e/server.mjs DIR [PORT]` serves DIR until interrupted.
if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir = 'dist', port = '8080'] = process.argv.slice(2);
  const { url } = await serve(dir, { port: Number(port), log: true });
  console.log(`Loupe is served on ${url}`);
}

/**
 * Serves a private copy of the directory `root` (the seeds' site/, for
 * tests that store a collection in the origin or would touch its files):
 * `{ url, close }`, where `close` stops the server and removes the copy.
 */
export async function serveCopy(root, name) {
  const dir = await mkdtemp(join(tmpdir(), `loupe-${name}-`));
  await cp(root, dir, { recursive: true });
  const server = await serve(dir);
  return { url: server.url, close: async () => { await server.close(); await rm(dir, { recursive: true, force: true }); } };
}
