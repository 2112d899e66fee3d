// Indexes a JSONL corpus with Pagefind (its Node API, as a dependency) and
// writes a minimal results page beside the index, for `bench/site.mjs`.
//
//   node bench/pagefind-index.mjs CORPUS.jsonl OUTDIR
//
// OUTDIR gets pagefind/ (the index, written by Pagefind) and index.html: a
// search field (#search) and, for each query, what a results page does:
// `pf.search(q)`, then the data of the first 10 results, their titles painted.
// The page records each query's time from its `input` event to the frame
// after the titles are painted (window.__done), and its first load
// (window.__readyAt: `pf.init()`, then `pf.filters()`, which waits for the
// WebAssembly and the metadata).
import { createReadStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import * as pagefind from 'pagefind';

const [corpus, outdir] = process.argv.slice(2);
if (!corpus || !outdir) {
  console.error('usage: node bench/pagefind-index.mjs CORPUS.jsonl OUTDIR');
  process.exit(2);
}
const out = resolve(outdir);

const PAGE = `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>Pagefind</title>
</head>
<body>
<input id="search" type="search" autocomplete="off">
<p id="count"></p>
<ol id="results"></ol>
<script type="module">
const pf = await import('./pagefind/pagefind.js');
await pf.init();
// pf.init() only starts Pagefind (in a worker); filters() resolves once its
// WebAssembly and metadata are in (this index has no filters: nothing more is fetched).
await pf.filters();
const field = document.querySelector('#search');
const list = document.querySelector('#results');
const count = document.querySelector('#count');
let seq = 0;
window.__done = [];
field.addEventListener('input', async () => {
  const start = performance.now();
  const mine = ++seq;
  const q = field.value;
  const r = await pf.search(q);
  const top = await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
  if (mine !== seq) return;
  count.textContent = r.results.length + ' résultats';
  list.replaceChildren(...top.map((d) => {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = d.url;
    a.textContent = d.meta.title;
    li.append(a);
    return li;
  }));
  requestAnimationFrame(() => window.__done.push({ q, start, ms: performance.now() - start, hits: r.results.length }));
});
window.__readyAt = performance.now();
window.__ready = true;
</script>
</body>
</html>
`;

const t0 = performance.now();
const { errors: createErrors, index } = await pagefind.createIndex({});
if (!index) throw new Error(`pagefind createIndex: ${createErrors.join('; ')}`);
let n = 0;
const lines = createInterface({ input: createReadStream(corpus), crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  const a = JSON.parse(line);
  const title = a.title ?? '';
  const { errors } = await index.addCustomRecord({
    url: `/a/${a.id}`,
    content: `${title}\n${a.text ?? ''}`,
    language: 'fr',
    meta: { title },
  });
  if (errors.length) throw new Error(`pagefind addCustomRecord ${a.id}: ${errors.join('; ')}`);
  n += 1;
}
await rm(join(out, 'pagefind'), { recursive: true, force: true });
await mkdir(out, { recursive: true });
const { errors: writeErrors } = await index.writeFiles({ outputPath: join(out, 'pagefind') });
if (writeErrors.length) throw new Error(`pagefind writeFiles: ${writeErrors.join('; ')}`);
await writeFile(join(out, 'index.html'), PAGE);
await pagefind.close();
console.log(`pagefind: ${n} articles indexed into ${join(out, 'pagefind')} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
