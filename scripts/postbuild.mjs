// Trunk post_build hook (Trunk.toml): turns Trunk's output into a deployable
// static site. Also runs by hand: node scripts/postbuild.mjs DIR
//
//  1. a build id, as <meta name="loupe-build"> in index.html;
//  2. the Content-Security-Policy meta of index.html gets the hashes of its
//     inline scripts (Trunk's loader), so no 'unsafe-inline' is needed;
//  3. sw.js: a service worker that precaches this build's files and the
//     site's corpus (corpus.loupe, or the entry corpus.idx of a sharded
//     one, written beside the app by `loupe site`) under a cache named
//     after the build id, and drops other builds' caches; the corpus is
//     asked from the network first, so a site rebuilt with other articles
//     is seen at once, and read from the cache offline; the parts of a
//     sharded corpus (shards/, content-hashed, immutable) are kept in a
//     cache of their own as they are fetched, and served from it;
//  4. loupe.html: the whole app in one file (JS, base64 WebAssembly, CSS,
//     icon) that works from file://, with its own strict CSP and an empty
//     <script type="application/octet-stream" id="loupe-corpus"> that
//     `loupe site` fills with the corpus;
//  5. _headers: the CSP and cache headers for hosts that read such a file;
//  6. .gz and .br next to every file, for hosts that serve precompressed files.
//
// Before all that, the app's JavaScript (wasm-bindgen's glue, which Trunk
// cannot minify) and the page's own scripts are minified with terser, and the
// glue's integrity hash in index.html follows: 3 KB of the first load. The
// app's WebAssembly imports its 160 functions from the glue under names like
// `__wbg_addEventListener_3acb0aad4583adbd`, written in both files: they are
// renamed 0, 1, 2… in both (5 KB of the first load), and the WebAssembly's
// integrity hash follows too.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, deflateRawSync, gzipSync } from 'node:zlib';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) {
  console.error('usage: node scripts/postbuild.mjs DIR (or as a Trunk hook)');
  process.exit(2);
}
const TEMPLATE = 'loupe-template.html';
const GENERATED = new Set(['sw.js', 'loupe.html', TEMPLATE, '_headers']);
// The site's corpus, written beside the app by `loupe site`: data, not the build.
const CORPUS = 'corpus.loupe';
const ENTRY = 'corpus.idx';
const sha256 = (text) => createHash('sha256').update(text).digest('base64');
const read = (name) => readFileSync(join(dir, name));

// Start from Trunk's files only: a rerun replaces what an earlier run wrote.
for (const name of readdirSync(dir)) {
  if ((name.endsWith('.gz') || name.endsWith('.br') || GENERATED.has(name)) && !name.startsWith(CORPUS) && !name.startsWith(ENTRY)) unlinkSync(join(dir, name));
}
const files = readdirSync(dir).filter((n) => statSync(join(dir, n)).isFile() && n !== CORPUS && n !== ENTRY).sort();
let html = read('index.html').toString();

// 0. Minified CSS and JavaScript (a rerun minifies them again: the same
// bytes). The CSS only loses comments and the spaces its syntax does not
// need (around braces and semicolons, after colons and commas).
{
  for (const name of files.filter((n) => n.endsWith('.css'))) {
    const source = read(name).toString();
    const code = source.replace(/\/\*[^]*?\*\//g, '').replace(/\s+/g, ' ')
      .replace(/\s*([{};])\s*/g, '$1').replace(/([,:])\s+/g, '$1').replace(/;}/g, '}').trim();
    writeFileSync(join(dir, name), code);
    // Style sheets the page links later (import.css, views.css) carry no integrity hash.
    if (!name.startsWith('style-')) continue;
    const before = `sha384-${createHash('sha384').update(source).digest('base64')}`;
    if (!html.includes(before)) throw new Error(`${name}: its integrity hash is not in index.html`);
    html = html.replaceAll(before, `sha384-${createHash('sha384').update(code).digest('base64')}`);
  }
}
// Renames the imports that the app's WebAssembly takes from its glue
// (module `./<crate>_bg.js`) to 0, 1, 2… in order, in the WebAssembly's
// import section and in the glue (where each name must be found once, as a
// key), and wasm-bindgen's exports (`__wbindgen_malloc`, the closures'
// `wasm_bindgen__convert__closures_____invoke__h…`) to x0, x1… (where the
// glue reads them as properties only); returns the glue. A rerun finds the
// short names and changes nothing.
function shortenImports(wasmName, glue) {
  const wasm = read(wasmName);
  const leb = (p) => {
    let v = 0, shift = 0, b;
    do { b = wasm[p++]; v += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
    return [v, p];
  };
  const putLeb = (v) => {
    const out = [];
    do { let b = v % 128; v = Math.floor(v / 128); if (v) b |= 0x80; out.push(b); } while (v);
    return Buffer.from(out);
  };
  const putStr = (s) => Buffer.concat([putLeb(Buffer.byteLength(s)), Buffer.from(s)]);
  const module = `./${wasmName.replace(/-[0-9a-f]+_bg\.wasm$/, '')}_bg.js`;
  const renamed = new Map();
  const exported = new Map();
  const parts = [wasm.subarray(0, 8)];
  for (let p = 8; p < wasm.length;) {
    const [size, start] = leb(p + 1);
    const end = start + size;
    if (wasm[p] === 7) { // the export section: what the glue reads as properties, named short too
      let [count, r] = leb(start);
      const body = [putLeb(count)];
      const str = () => { const [len, at] = leb(r); r = at + len; return wasm.subarray(at, r).toString(); };
      for (let i = 0; i < count; i++) {
        let name = str();
        const desc = r;
        r += 1;
        [, r] = leb(r);
        const every = glue.match(new RegExp(`(?<![\\w$])${name}(?![\\w$])`, 'g'))?.length ?? 0;
        const read = glue.match(new RegExp(`\\.${name}(?![\\w$])`, 'g'))?.length ?? 0;
        // Only wasm-bindgen's own names (with a double underscore: not
        // `memory`), read by the glue as properties and nowhere else.
        if (read > 0 && read === every && name.includes('__')) {
          const short = `x${exported.size.toString(36)}`;
          exported.set(name, short);
          name = short;
        }
        body.push(putStr(name), wasm.subarray(desc, r));
      }
      const section = Buffer.concat(body);
      parts.push(Buffer.from([7]), putLeb(section.length), section);
      p = end;
      continue;
    }
    if (wasm[p] !== 2) { // not the import section
      parts.push(wasm.subarray(p, end));
      p = end;
      continue;
    }
    let [count, r] = leb(start);
    const body = [putLeb(count)];
    const str = () => { const [len, at] = leb(r); r = at + len; return wasm.subarray(at, r).toString(); };
    for (let i = 0; i < count; i++) {
      const from = str();
      let name = str();
      const desc = r;
      const kind = wasm[r++];
      const limits = () => { const flags = wasm[r++]; [, r] = leb(r); if (flags & 1) [, r] = leb(r); };
      if (kind === 0) [, r] = leb(r); // function: type index
      else if (kind === 1) { r++; limits(); } // table: element type, limits
      else if (kind === 2) limits(); // memory
      else if (kind === 3) r += 2; // global: value type, mutability
      else throw new Error(`${wasmName}: import of unknown kind ${kind}`);
      if (from === module) {
        const short = renamed.size.toString(36);
        if (name !== short) renamed.set(name, short);
        else renamed.set(short, short);
        name = short;
      }
      body.push(putStr(from), putStr(name), wasm.subarray(desc, r));
    }
    const section = Buffer.concat(body);
    parts.push(Buffer.from([2]), putLeb(section.length), section);
    p = end;
  }
  for (const [long, short] of renamed) {
    if (long === short) continue;
    const key = new RegExp(`(?<![\\w$])${long}(?=:)`, 'g');
    const found = glue.match(key)?.length ?? 0;
    if (found !== 1) throw new Error(`${wasmName}: import ${long} found ${found} times in its glue`);
    glue = glue.replace(key, `"${short}"`);
  }
  for (const [long, short] of exported) glue = glue.replace(new RegExp(`\\.${long}(?![\\w$])`, 'g'), `.${short}`);
  const before = `sha384-${createHash('sha384').update(wasm).digest('base64')}`;
  const after = Buffer.concat(parts);
  writeFileSync(join(dir, wasmName), after);
  if (!html.includes(before)) throw new Error(`${wasmName}: its integrity hash is not in index.html`);
  html = html.replaceAll(before, `sha384-${createHash('sha384').update(after).digest('base64')}`);
  return glue;
}

// The page's own scripts, copied by Trunk without an integrity hash.
const PLAIN_JS = ['collection.js', 'import.js', 'sw-register.js'];
{
  const { minify } = await import('terser');
  for (const name of files.filter((n) => /^loupe-app-.*\.js$/.test(n) || PLAIN_JS.includes(n))) {
    const source = read(name).toString();
    let { code } = await minify(source, { module: true, compress: true, mangle: true });
    if (!PLAIN_JS.includes(name)) code = shortenImports(name.replace(/\.js$/, '_bg.wasm'), code);
    writeFileSync(join(dir, name), code);
    const before = `sha384-${createHash('sha384').update(source).digest('base64')}`;
    const after = `sha384-${createHash('sha384').update(code).digest('base64')}`;
    if (!PLAIN_JS.includes(name)) {
      if (!html.includes(before)) throw new Error(`${name}: its integrity hash is not in index.html`);
      html = html.replaceAll(before, after);
    }
  }
}

// Comments are for the source, not for every visitor's first load.
html = html.replace(/\s*<!--[^]*?-->/g, '');

// 1. Build id over every file, index.html without its own build meta.
html = html.replace(/\s*<meta name="loupe-build"[^>]*>/, '');
const id = createHash('sha256');
for (const name of files) id.update(name).update(name === 'index.html' ? html : read(name));
const build = id.digest('hex').slice(0, 12);
html = html.replace('<head>', `<head>\n  <meta name="loupe-build" content="${build}">`);

// 2. CSP with the hashes of the inline scripts.
const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => `'sha256-${sha256(m[1])}'`);
const pageCsp = ["default-src 'self'", `script-src 'self' 'wasm-unsafe-eval' ${inline.join(' ')}`.trim(), "style-src 'self'",
  "img-src 'self' data:", "connect-src 'self'", "manifest-src 'self'", "worker-src 'self'", "object-src 'none'",
  "base-uri 'none'", "form-action 'none'"].join('; ');
html = html.replace(/<meta http-equiv="Content-Security-Policy" content="[^"]*">/, `<meta http-equiv="Content-Security-Policy" content="${pageCsp}">`);
writeFileSync(join(dir, 'index.html'), html);

// 3. The service worker.
// The import worker (loupe-worker*) and the empty single-file page are not
// precached: they are fetched when a reader first adds documents or saves
// them as an explorer, then kept with the build (LAZY below). Their names
// carry no hash: they are asked with no-cache (here and in _headers).
const LAZY = ['loupe-worker', TEMPLATE];
const precache = ['./', ...files.filter((n) => !LAZY.some((l) => n.startsWith(l))).map((n) => `./${n}`)];
writeFileSync(join(dir, 'sw.js'), `// Written by scripts/postbuild.mjs for build ${build}: do not edit.
const BUILD = ${JSON.stringify(build)};
const CACHE = 'loupe-' + BUILD;
const PRECACHE = ${JSON.stringify(precache)};
const LAZY = ${JSON.stringify(LAZY)};
// The site has one of these: the whole corpus, or a sharded one's entry.
const DATA = ['${CORPUS}', '${ENTRY}'];
// Parts of sharded corpora: named by their content, so kept across builds.
const PARTS = 'loupe-parts';
let parts;
const partsCache = () => (parts ??= caches.open(PARTS));

// Install this build's files at once; the first install activates directly,
// later ones wait until the page accepts them (no mix of two builds).
self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then(async (cache) => {
    await cache.addAll(PRECACHE);
    await Promise.all(DATA.map((name) => cache.add('./' + name).catch(() => {})));
  }));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith('loupe-') && key !== CACHE && key !== PARTS) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
  // Parts the page fetched before this worker took over: kept like the others.
  const keep = event.data?.keep;
  if (Array.isArray(keep)) {
    event.waitUntil(partsCache().then((cache) => Promise.all(keep
      .filter((url) => new URL(url, self.location.href).origin === self.location.origin)
      .map(async (url) => (await cache.match(url)) ?? cache.add(url).catch(() => {})))));
  }
});

// Cache first: every file of a build is in its cache; pages are the build's index.html.
// The corpus is data, not the build: network first, the cached copy offline.
self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  const path = new URL(request.url).pathname;
  if (path.includes('/shards/')) {
    // Exact matches (parts have no query string: a loose match would scan
    // the whole cache), and the copy is written after the answer, not before.
    event.respondWith((async () => {
      const cache = await partsCache();
      const cached = await cache.match(request);
      if (cached) return cached;
      const response = await fetch(request);
      if (response.ok) event.waitUntil(cache.put(request, response.clone()));
      return response;
    })());
    return;
  }
  if (DATA.some((name) => path.endsWith('/' + name))) {
    event.respondWith((async () => {
      const cache = await caches.open(CACHE);
      try {
        const response = await fetch(request, { cache: 'no-cache' });
        if (response.ok) await cache.put(request, response.clone());
        return response;
      } catch (error) {
        return (await cache.match(request, { ignoreSearch: true })) ?? Promise.reject(error);
      }
    })());
    return;
  }
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const key = request.mode === 'navigate' ? new URL('./index.html', self.registration.scope).href : request;
    const cached = await cache.match(key, { ignoreSearch: true });
    if (cached) return cached;
    const lazy = LAZY.some((l) => path.includes('/' + l));
    const response = await fetch(request, lazy ? { cache: 'no-cache' } : undefined);
    if (response.ok && LAZY.some((l) => path.includes('/' + l))) event.waitUntil(cache.put(request, response.clone()));
    return response;
  })());
});
`);

// 4. One self-contained file.
const js = files.find((n) => /^loupe-app-.*\.js$/.test(n));
const wasm = files.find((n) => /^loupe-app-.*_bg\.wasm$/.test(n));
const css = files.find((n) => /^style-.*\.css$/.test(n));
// The glue (minified or not) ends with `export { …, X as default }`: X,
// wasm-bindgen's init, is called by the boot code instead.
let glueText = read(js).toString();
const exported = glueText.match(/export\s*\{([^}]*)\};?\s*$/);
const init = exported?.[1].split(',').map((e) => e.trim().split(/\s+as\s+/)).find(([, as]) => as === 'default')?.[0];
if (!init) throw new Error(`${js}: no default export (wasm-bindgen's init) to call`);
glueText = glueText.slice(0, exported.index);
// The WebAssembly and the corpus are deflated before base64 (which gzip
// compresses poorly: 308 KB gzip of base64 against 237 KB deflated first);
// the boot code inflates them with DecompressionStream. The corpus element
// (filled by \`loupe site\` or by "Enregistrer comme explorateur") is given
// back to the app as the base64 of the snapshot it reads.
const boot = `${glueText}
const inflate = async (b64) => new Uint8Array(await new Response(new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))])
  .stream().pipeThrough(new DecompressionStream('deflate-raw'))).arrayBuffer());
try {
  const corpus = document.getElementById('loupe-corpus');
  if (corpus?.dataset.encoding === 'deflate-raw') {
    const bytes = await inflate(corpus.textContent.trim());
    let text = '';
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    corpus.textContent = btoa(text);
    delete corpus.dataset.encoding;
  }
  await ${init}({ module_or_path: await inflate(${JSON.stringify(deflateRawSync(read(wasm), { level: 9 }).toString('base64'))}) });
} catch {
  document.getElementById('loupe').textContent = typeof DecompressionStream === 'undefined'
    ? 'Ce navigateur est trop ancien pour ouvrir cet explorateur (DecompressionStream). / This browser is too old to open this explorer.'
    : 'Cet explorateur n’a pas pu démarrer : le fichier est-il complet ? / This explorer could not start: is the file complete?';
}
`.replaceAll('</script', '<\\/script');
// The views the engine draws link views.css; one file has it inline.
const style = read(css).toString() + (files.includes('views.css') ? read('views.css').toString() : '');
const icon = `data:image/svg+xml;base64,${read('icon.svg').toString('base64')}`;
const single = `<!doctype html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="color-scheme" content="light dark">
  <meta name="loupe-build" content="${build}">
  <meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'wasm-unsafe-eval' 'sha256-${sha256(boot)}'; style-src 'sha256-${sha256(style)}'; img-src data:; object-src 'none'; base-uri 'none'; form-action 'none'">
  <title>Loupe — explorateur de corpus</title>
  <link rel="icon" href="${icon}">
  <style>${style}</style>
</head>
<body>
  <div id="loupe"><p class="boot" role="status">Chargement du corpus…</p></div>
  <script type="application/octet-stream" id="loupe-corpus"></script>
  <script type="module">${boot}</script>
</body>
</html>
`;
writeFileSync(join(dir, 'loupe.html'), single);
// The same page kept empty (`loupe site` fills loupe.html): what
// "Enregistrer comme explorateur" fills with the reader's collection.
writeFileSync(join(dir, TEMPLATE), single);

// 5. Headers for hosts that read a _headers file (paths relative to the site root).
const immutable = files.filter((n) => /-[0-9a-f]{16}(_bg)?\.\w+$/.test(n));
writeFileSync(join(dir, '_headers'), [
  '/*', `  Content-Security-Policy: ${pageCsp}; frame-ancestors 'none'`, '  X-Content-Type-Options: nosniff', '  Referrer-Policy: no-referrer',
  '/', '  Cache-Control: no-cache', '/index.html', '  Cache-Control: no-cache', '/sw.js', '  Cache-Control: no-cache',
  `/${CORPUS}`, '  Cache-Control: no-cache', `/${ENTRY}`, '  Cache-Control: no-cache',
  '/loupe-worker*', '  Cache-Control: no-cache', `/${TEMPLATE}`, '  Cache-Control: no-cache',
  '/shards/*', '  Cache-Control: public, max-age=31536000, immutable',
  ...immutable.flatMap((n) => [`/${n}`, '  Cache-Control: public, max-age=31536000, immutable']), '',
].join('\n'));

// 6. Precompressed copies.
for (const name of readdirSync(dir)) {
  if (!/\.(html|js|wasm|css|svg|webmanifest|json)$/.test(name)) continue; // corpus.loupe.gz is `loupe site`'s
  const bytes = read(name);
  writeFileSync(join(dir, `${name}.gz`), gzipSync(bytes, { level: 9 }));
  writeFileSync(join(dir, `${name}.br`), brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
}
console.log(`postbuild: build ${build}, ${files.length} files precached, loupe.html ${(single.length / 1024).toFixed(0)} KiB`);
