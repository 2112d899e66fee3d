// Browser benchmark: Loupe (wasm) against MiniSearch, FlexSearch and Lunr with
// lunr-languages' French, side by side in one headless Chromium page, on the
// same documents and queries. Prints a Markdown report.
//
//   node bench/browser.mjs CORPUS.jsonl QUERIES.json   (scripts/bench runs it)
//   node bench/browser.mjs --judged                    (scripts/bench judged)
//
// --judged: the judged queries (engine/tests/fixtures/judged.tsv) instead, over
// seeds/ and target/bench/manpages-fr.jsonl: Loupe (reading both as the native
// loaders do), MiniSearch and Lunr (fr) set up as in bench/judged.mjs
// (bench/judged-shared.mjs), each query's first 10 results scored here by
// the same formulas; with each library's time per query on the man pages.
import { launch } from '../tests/e2e/harness.mjs';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { serve } from '../tests/e2e/server.mjs';
import { DEPTH, parseJudged, score, table } from './judged-shared.mjs';

const judgedMode = process.argv[2] === '--judged';
const [corpus, queries] = process.argv.slice(2);
if (!judgedMode && (!corpus || !queries)) {
  console.error('usage: node bench/browser.mjs CORPUS.jsonl QUERIES.json\n       node bench/browser.mjs --judged');
  process.exit(2);
}
const ROOT = new URL('../', import.meta.url).pathname;
const REPEAT = Number(process.env.REPEAT ?? 5);
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.round((xs.length - 1) * p)];
const ms = (x) => (x === undefined ? 'n/a' : x < 10 ? x.toFixed(3) : x.toFixed(1));

// Cross-origin isolation gives performance.now() its 5 µs precision (100 µs otherwise).
const server = await serve(ROOT, { headers: { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' } });
const browser = await launch(['--js-flags=--expose-gc']);
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`${server.url}bench/browser/index.html`);
  await page.waitForFunction(() => window.bench);
  const cdp = await page.context().newCDPSession(page);
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  const rel = (p) => '/' + relative(ROOT, p);
  if (judgedMode) await judged(page, rel);
  else await sideBySide(page, heap, rel);
} finally {
  await browser.close();
  await server.close();
}

/** The speed, memory and golden-answer tables. */
async function sideBySide(page, heap, rel) {
  // Answer quality: the golden queries over seeds/ (engine/tests/fixtures/golden-queries.tsv).
  const seedsJsonl = join(ROOT, 'target/bench/seeds.jsonl');
  writeFileSync(seedsJsonl, readdirSync(join(ROOT, 'seeds')).filter((f) => f.endsWith('.txt')).sort()
    .map((f) => JSON.stringify({ id: f.slice(0, 3), title: '', text: readFileSync(join(ROOT, 'seeds', f), 'utf8') })).join('\n'));
  const golden = readFileSync(join(ROOT, 'engine/tests/fixtures/golden-queries.tsv'), 'utf8').split('\n')
    .filter((l) => l.trim() && !l.startsWith('#')).map((l) => l.split('\t'))
    .filter(([, , flag]) => flag !== 'loupe-only').map(([q, ids]) => ({ q, want: (ids ?? '').split(/\s+/).filter(Boolean).sort() }));
  await page.evaluate(([c, q]) => window.bench.load(c, q), [rel(seedsJsonl), rel(queries)]);
  const libs = (await page.evaluate(() => window.bench.names)).filter((n) => n !== 'loupe, 10 snippets');
  const got = {};
  for (const name of libs) {
    await page.evaluate((n) => window.bench.build(n), name);
    got[name] = await page.evaluate(([n, list]) => window.bench.answers(n, list), [name, golden.map((g) => g.q)]);
  }
  // Loupe answers as the app does: the seeds read with their catalog and
  // entities (the JS libraries have no entities to read).
  const seedFiles = readdirSync(join(ROOT, 'seeds')).filter((f) => f.endsWith('.txt')).sort().map((f) => `/seeds/${f}`);
  got.loupe = await page.evaluate(([files, list]) => window.bench.seedAnswers(files, '/seeds/catalog.toml', '/seeds/entities.toml', list),
    [seedFiles, golden.map((g) => g.q)]);
  console.log(`Answer quality: ${golden.length} golden queries over seeds/ (engine/tests/fixtures/golden-queries.tsv), the query text as typed; ✓ when the set of articles found is exactly right. Loupe reads the seeds as the app does (catalog and entities); the others the same texts.\n`);
  console.log(`| query | expected | ${libs.join(' | ')} |`);
  console.log(`|---|---|${libs.map(() => ':-:').join('|')}|`);
  const right = Object.fromEntries(libs.map((n) => [n, 0]));
  golden.forEach((g, i) => {
    const cells = libs.map((n) => {
      const ids = [...new Set(got[n][i])].sort();
      const ok = ids.join(' ') === g.want.join(' ');
      right[n] += ok;
      return ok ? '✓' : `✗ ${ids.join(' ') || '∅'}`;
    });
    console.log(`| \`${g.q.trim() || '(empty)'}\` | ${g.want.join(' ') || '∅'} | ${cells.join(' | ')} |`);
  });
  console.log(`| **right** | | ${libs.map((n) => `**${right[n]}/${golden.length}**`).join(' | ')} |\n`);
  const info = await page.evaluate(([c, q]) => window.bench.load(c, q), [rel(corpus), rel(queries)]);
  const names = await page.evaluate(() => window.bench.names);
  const rows = [];
  for (const name of names) {
    const [h0, w0] = [await heap(), await page.evaluate(() => window.bench.wasmBytes())];
    const buildMs = await page.evaluate((n) => window.bench.build(n), name);
    const [h1, w1] = [await heap(), await page.evaluate(() => window.bench.wasmBytes())];
    const runs = await page.evaluate(([n, r]) => window.bench.run(n, r), [name, REPEAT]);
    rows.push({ name, buildMs, memory: h1 - h0 + (w1 - w0), runs });
  }
  const kinds = Object.keys(rows[0].runs);
  const mini = rows.find((r) => r.name === 'minisearch');
  const version = (await page.evaluate(() => navigator.userAgent)).match(/Chrome\/[\d.]+/)?.[0];
  console.log(`Corpus: ${info.docs} documents, ${(info.bytes / 1e6).toFixed(1)} MB of text (${relative(ROOT, corpus)}); ${version}; each query timed as the mean of ${REPEAT} runs.\n`);
  console.log('| library | build s | ratio | memory MB | ratio |');
  console.log('|---|---:|---:|---:|---:|');
  for (const r of rows.filter((r) => r.name !== 'loupe, 10 snippets')) {
    console.log(`| ${r.name} | ${(r.buildMs / 1e3).toFixed(2)} | ${(r.buildMs / mini.buildMs).toFixed(2)}× | ${(r.memory / 1e6).toFixed(1)} | ${(r.memory / mini.memory).toFixed(2)}× |`);
  }
  console.log('\nQuery latency, p50 / p95 in ms (ratio of p95 to MiniSearch\'s), and mean hits:\n');
  console.log(`| library | ${kinds.join(' | ')} |`);
  console.log(`|---|${kinds.map(() => '---:').join('|')}|`);
  for (const r of rows) {
    const cells = kinds.map((k) => {
      const run = r.runs[k];
      if (!run) return 'n/a';
      const p95 = pct(run.times, 0.95);
      const ref = mini.runs[k] && pct(mini.runs[k].times, 0.95);
      return `${ms(pct(run.times, 0.5))} / ${ms(p95)} (${(p95 / ref).toFixed(2)}×) · ${Math.round(run.hits)}`;
    });
    console.log(`| ${r.name} | ${cells.join(' | ')} |`);
  }
}

/** The judged queries' table (--judged). */
async function judged(page, rel) {
  const judged = parseJudged(readFileSync(join(ROOT, 'engine/tests/fixtures/judged.tsv'), 'utf8'));
  const manPath = join(ROOT, 'target/bench/manpages-fr.jsonl');
  if (!existsSync(manPath)) {
    console.error(`no ${manPath}: run scripts/setup`);
    process.exit(1);
  }
  // load_jsonl reads an entities.toml beside the JSONL file when there is one.
  const manKb = join(dirname(manPath), 'entities.toml');
  const sizes = await page.evaluate((spec) => window.bench.judgedLoad(spec), {
    seeds: readdirSync(join(ROOT, 'seeds')).filter((f) => f.endsWith('.txt')).sort().map((f) => `/seeds/${f}`),
    catalog: '/seeds/catalog.toml',
    entities: '/seeds/entities.toml',
    man: rel(manPath),
    manEntities: existsSync(manKb) ? rel(manKb) : null,
  });
  const names = await page.evaluate(() => window.bench.judgedNames);
  const list = judged.map(({ corpus, query }) => ({ corpus, query }));
  const results = {};
  const runs = {};
  const builds = {};
  for (const name of names) {
    builds[name] = await page.evaluate((n) => window.bench.judgedBuild(n), name);
    runs[name] = await page.evaluate(([n, l, r]) => window.bench.judgedRun(n, l, r), [name, list, REPEAT]);
    results[name] = judged.map((j, i) => score(runs[name][i].ids, j.grades));
  }
  const version = (await page.evaluate(() => navigator.userAgent)).match(/Chrome\/[\d.]+/)?.[0];
  const man = (name, key = 'ms') => runs[name].filter((_, i) => judged[i].corpus === 'man').map((r) => r[key]);
  console.log(
    `Judged queries (engine/tests/fixtures/judged.tsv) in one page of ${version}: ${sizes.seeds} seed articles, ` +
      `${sizes.man} man pages; nDCG@${DEPTH} (gain 2^grade − 1, log2 discount) and MRR over the first ${DEPTH} ` +
      `results; time per query on the man pages, each the mean of ${REPEAT} runs; index build of the man pages.\n`,
  );
  console.log(
    table(judged, results, {
      head: ['man ms p50 / p95', 'man build s'],
      cells: (n) => [`${ms(pct(man(n), 0.5))} / ${ms(pct(man(n), 0.95))}`, (builds[n].man.ms / 1e3).toFixed(2)],
    }),
  );
  const loupe = builds.Loupe;
  const rank = man('Loupe', 'rankMs');
  console.log(
    `\nLoupe's time is that of the first ${DEPTH} results with their highlights and snippets, as the results page ` +
      `asks for them; ranked only (limit 0), ${ms(pct(rank, 0.5))} / ${ms(pct(rank, 0.95))} ms. MiniSearch and Lunr ` +
      `return every match, sorted, without snippets. Loupe recognized ${loupe.seeds.entities} entities in the seeds ` +
      `and ${loupe.man.entities} in the man pages (its build includes that).`,
  );

  // Loupe's rankings in the page beside the engine's natively, when bench/judged.mjs has written those.
  const nativePath = join(ROOT, 'target/bench/judged-loupe.tsv');
  if (existsSync(nativePath)) {
    const native = new Map();
    for (const line of readFileSync(nativePath, 'utf8').split('\n')) {
      if (!line.trim() || line.startsWith('#')) continue;
      const [c, q, ids] = line.split('\t');
      native.set(`${c}\t${q}`, ids ?? '');
    }
    const differ = judged.filter((j, i) => native.get(`${j.corpus}\t${j.query}`) !== runs.Loupe[i].ids.join(' '));
    const when = statSync(nativePath).mtime.toISOString().slice(0, 16).replace('T', ' ');
    console.log(
      `Loupe's first ${DEPTH} results in the page are the native relevance test's (${relative(ROOT, nativePath)}, ` +
        `written ${when} UTC by node bench/judged.mjs) for ${judged.length - differ.length} of ${judged.length} queries` +
        (differ.length ? `; they differ for ${differ.map((j) => `\`${j.query}\` (${j.corpus})`).join(', ')}.` : '.'),
    );
  }
}
