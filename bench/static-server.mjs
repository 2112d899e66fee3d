// The static server of bench/site.mjs, in a process of its own (as a CDN is
// not in the browser's driver): `node bench/static-server.mjs ROOT` serves
// ROOT on 127.0.0.1 and, when started by fork(), sends its address first,
// then one message per response ({ path, bytes, at, status }).
//
// It gzips every response the browser accepts gzip for (level 6, as a CDN
// would), each file once (kept, as an edge cache keeps it), except files
// already compressed (Pagefind's `.pf_*` and `.pagefind` files are gzip
// inside: sent as they are; PNG images).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { TYPES } from '../tests/e2e/server.mjs';

const COMPRESSED_TYPES = new Set(['.png', '.jpg', '.jpeg', '.gif', '.webp', '.woff2', '.gz', '.br', '.zip']);
const root = resolve(process.argv[2] ?? '.');
const report = (m) => (process.send ? process.send(m) : undefined);
const gz = new Map();

const server = createServer(async (req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  const rel = normalize(path);
  if (rel.includes(`..${sep}`)) {
    res.writeHead(403).end();
    return;
  }
  let file = join(root, rel);
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    const info = await stat(file);
    const etag = `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag, 'cache-control': 'no-cache' }).end();
      report({ path, bytes: 0, at: Date.now(), status: 304 });
      return;
    }
    let body = await readFile(file);
    const headers = {
      etag,
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
      vary: 'accept-encoding',
    };
    // Already compressed: gzip magic (Pagefind's files) or a compressed format.
    const compressed = (body[0] === 0x1f && body[1] === 0x8b) || COMPRESSED_TYPES.has(extname(file));
    if (!compressed && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      if (!gz.has(file)) gz.set(file, gzipSync(body, { level: 6 }));
      body = gz.get(file);
      headers['content-encoding'] = 'gzip';
    }
    headers['content-length'] = body.length;
    res.writeHead(200, headers);
    res.end(body);
    report({ path, bytes: body.length, at: Date.now() });
  } catch {
    res.writeHead(404).end('not found');
    report({ path, bytes: 0, at: Date.now(), status: 404 });
  }
});
server.listen(0, '127.0.0.1', () => {
  const url = `http://127.0.0.1:${server.address().port}/`;
  if (process.send) process.send({ url });
  else console.log(url);
});
