// Loupe's sharded static site beside Pagefind, in headless Chromium: bytes
// transferred and time to painted results, cold and warm.
//
//   node bench/site.mjs LOUPE_SITE PAGEFIND_SITE QUERIES.json [ROUNDS]
//   node bench/site.mjs queries CORPUS.jsonl QUERIES.json   (draws the queries)
//   node bench/site.mjs report RESULTS.json                 (prints a saved run again)
//   node bench/site.mjs warm LOUPE_SITE… QUERIES.json       (Loupe sites in turn: warm
//                                                            words, each file's arrival)
//
// ROUNDS (default 3) fresh contexts per cold figure; WARM=n (environment)
// limits the warm queries per kind (default: all but the first, 20). Every
// sample is saved beside LOUPE_SITE as site-bench-<site>.json.
//
// LOUPE_SITE is written by `loupe site --shards always`, PAGEFIND_SITE by
// `bench/pagefind-index.mjs` (its index.html runs Pagefind as a results page
// does). Both are served from 127.0.0.1 by the server below, which gzips
// every response the browser accepts gzip for (level 6, as a CDN would),
// except files already compressed (Pagefind's `.pf_*` and `.pagefind`
// files are gzip inside: sent as they are; PNG images).
//
// Each cold figure is measured in a fresh browser context (empty cache,
// service workers blocked). Bytes are CDP's `Network.loadingFinished`
// `encodedDataLength` (headers and gzip body, as Playwright's request sizes
// report it, for the page and its workers: Pagefind searches in a worker).
// A query's time runs from its `input` event (a capturing listener) to the
// first animation frame after its results are painted: for Loupe,
// `#results-title` reads a count and `section.results` has aria-busy="false"
// (both still so in that frame; its first cards are drawn, the rest of the
// page's ten a frame later, src/components/explore.rs `FIRST`); for Pagefind, the titles of the first 10
// results are in the page.
//
// The queries (`queries` mode) are drawn from the corpus with a seeded PRNG:
// one word (5+ letters, in 0.1–10 % of the articles), a phrase (two adjacent
// words of a text, in quotes), a typo (a 7+ letter word of the same range
// with one letter changed, never the first) and an entity filter
// (`entity:"NAME"`, NAME a capitalised name of the generated texts). Words
// and typos end with a space, as in engine/examples/bench.rs: a complete word,
// not Loupe's implicit prefix on the word being typed (measured apart, in
// the row "as typed").
import { fork } from 'node:child_process';
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { launch } from '../tests/e2e/harness.mjs';

// ---------------------------------------------------------------- queries

/** mulberry32: a small seeded PRNG, same seed, same queries. */
function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, below: (n) => Math.floor(next() * n) };
}

const WORD = /\p{L}+/gu;
const fold = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** Draws `perKind` queries of each kind from a JSONL corpus. */
async function drawQueries(corpus, perKind = 21) {
  const texts = [];
  const df = new Map();
  const names = new Map();
  // A capitalised name inside a sentence (not its first word): one or more
  // capitalised words, possibly joined by de/des/du/for.
  const NAME = /(?<=[\p{L},;:’'»)]\s)(\p{Lu}[\p{L}’'-]+(?:\s(?:(?:de|des|du|for)\s)?\p{Lu}[\p{L}’'-]+)*)/gu;
  const lines = createInterface({ input: createReadStream(corpus), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const a = JSON.parse(line);
    const text = `${a.title ?? ''}\n${a.text ?? ''}`;
    texts.push(a.text ?? '');
    const seen = new Set(text.toLowerCase().match(WORD) ?? []);
    for (const w of seen) df.set(w, (df.get(w) ?? 0) + 1);
    const found = new Set();
    for (const m of (a.text ?? '').matchAll(NAME)) found.add(m[1]);
    for (const n of found) names.set(n, (names.get(n) ?? 0) + 1);
  }
  const n = texts.length;
  const inRange = (w) => {
    const d = df.get(w) ?? 0;
    return d >= 0.001 * n && d <= 0.1 * n;
  };
  const rng = prng(42);
  const pick = (accept) => {
    for (;;) {
      const text = texts[rng.below(n)];
      const words = [...text.matchAll(WORD)];
      if (words.length < 2) continue;
      const i = rng.below(words.length - 1);
      const got = accept(words[i], words[i + 1], text);
      if (got) return got;
    }
  };
  const distinct = (make) => {
    const out = new Set();
    while (out.size < perKind) out.add(make());
    return [...out];
  };
  const word = distinct(() => pick((m) => {
    const w = m[0].toLowerCase();
    return [...w].length >= 5 && inRange(w) ? `${w} ` : null;
  }));
  const phrase = distinct(() => pick((m, next, text) => {
    const between = text.slice(m.index + m[0].length, next.index);
    if (between !== ' ' || [...m[0]].length < 4 || [...next[0]].length < 3) return null;
    return `"${m[0].toLowerCase()} ${next[0].toLowerCase()}"`;
  }));
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const typo = distinct(() => pick((m) => {
    const w = m[0].toLowerCase();
    const chars = [...w];
    if (chars.length < 7 || !inRange(w)) return null;
    const at = 1 + rng.below(chars.length - 1);
    let c = chars[at];
    while (c === chars[at]) c = letters[rng.below(letters.length)];
    chars[at] = c;
    const t = chars.join('');
    return df.has(t) ? null : `${t} `;
  }));
  // Entity names: in at least 1 % of the articles, one per folded spelling
  // (Thales and Thalès are one company), in a seeded order.
  const byFold = new Map();
  for (const [name, count] of [...names].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) {
    if (count < 0.01 * n || [...name].length < 3) continue;
    if (!byFold.has(fold(name))) byFold.set(fold(name), name);
  }
  // The tail of a longer name ("Dépôts" of "Caisse des Dépôts") is not a name.
  const all = [...byFold.values()];
  const whole = all.filter((name) => !all.some((other) => other !== name && other.endsWith(` ${name}`))).sort();
  const shuffled = (xs) => {
    for (let i = xs.length - 1; i > 0; i -= 1) {
      const j = rng.below(i + 1);
      [xs[i], xs[j]] = [xs[j], xs[i]];
    }
    return xs;
  };
  // Multi-word names first, then single words ("Orange").
  const pool = [...shuffled(whole.filter((x) => x.includes(' '))), ...shuffled(whole.filter((x) => !x.includes(' ')))];
  const entity = pool.slice(0, perKind).map((name) => `entity:"${name}"`);
  return {
    corpus: basename(corpus),
    articles: n,
    seed: 42,
    note: 'word and typo queries end with a space: a complete word (no implicit prefix); typos change one letter, never the first',
    word,
    phrase,
    typo,
    entity,
  };
}

// ---------------------------------------------------------------- server

/**
 * Serves `root` on 127.0.0.1, gzipping like a CDN (bench/static-server.mjs);
 * counts what it sends. The server runs in a process of its own, as a CDN
 * would: in this one it would wait behind Playwright's own work (every
 * request's CDP events) and add that wait to every round trip.
 */
async function serve(root) {
  const sent = [];
  const child = fork(fileURLToPath(new URL('./static-server.mjs', import.meta.url)), [root], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const url = await new Promise((ok, fail) => {
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`static server for ${root} exited (${code})`)));
    child.on('message', (m) => {
      if (m.url) ok(m.url);
      else sent.push(m);
    });
  });
  child.removeAllListeners('exit');
  return {
    url,
    sent,
    close: () => new Promise((r) => {
      child.once('exit', r);
      child.kill();
    }),
  };
}

// ---------------------------------------------------------------- browser

/** Every request of a context: in flight, finished with its CDP bytes. */
function track(context, server) {
  const t = { inflight: 0, last: Date.now(), done: [], pending: [] };
  context.on('request', () => {
    t.inflight += 1;
    t.last = Date.now();
  });
  const finish = (request, failed) => {
    t.inflight -= 1;
    t.last = Date.now();
    const at = Date.now();
    t.pending.push((async () => {
      const url = new URL(request.url());
      let bytes = 0;
      let body = 0;
      let status = 0;
      if (!failed) {
        const s = await request.sizes().catch(() => null);
        const r = await request.response().catch(() => null);
        status = r?.status() ?? 0;
        if (s) {
          body = s.responseBodySize;
          bytes = s.responseBodySize + s.responseHeadersSize;
        }
        // A worker's own script is reported with no body: take the server's count.
        if (body === 0 && status === 200) {
          const s2 = [...server.sent].reverse().find((e) => e.path === url.pathname && e.at <= at + 50);
          if (s2?.bytes) {
            bytes += s2.bytes;
            body = s2.bytes;
          }
        }
      }
      const timing = request.timing();
      t.done.push({ path: url.pathname, bytes, body, status, failed, at, end: timing.startTime + Math.max(timing.responseEnd, 0) });
    })());
  };
  context.on('requestfinished', (r) => finish(r, false));
  context.on('requestfailed', (r) => finish(r, true));
  /** Waits until no request has been in flight for `ms`. */
  t.quiet = async (ms = 400, timeout = 30000) => {
    const start = Date.now();
    while (Date.now() - start < timeout) {
      if (t.inflight <= 0 && Date.now() - t.last >= ms) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    await Promise.all(t.pending);
  };
  /** Requests finished from `since` on (Date.now() ms), then forgets nothing. */
  t.since = async (since) => {
    await Promise.all(t.pending);
    return t.done.filter((d) => d.at >= since);
  };
  return t;
}

/** In every Loupe page: when #search appeared, and a way to time a query. */
function loupeInit() {
  window.__searchAt = null;
  // Tasks of 50 ms or more (the page's main thread held), for `warm`.
  window.__long = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__long.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No Long Tasks API: none counted.
  }
  const seen = () => {
    if (window.__searchAt === null && document.querySelector('#search')) window.__searchAt = performance.now();
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true });
  const painted = () => {
    const title = document.querySelector('#results-title');
    const section = document.querySelector('section.results');
    return !!title && !!section && section.getAttribute('aria-busy') === 'false'
      && /trouvé|Aucun article ne correspond/.test(title.textContent);
  };
  // Arms the timer for the next input event; window.__query gets { ms, count }.
  window.__arm = () => {
    window.__query = null;
    let start = null;
    let changed = false;
    let waiting = false;
    const observer = new MutationObserver(() => {
      if (start === null) return;
      changed = true;
      check();
    });
    const check = () => {
      if (!changed || waiting || window.__query || !painted()) return;
      waiting = true;
      requestAnimationFrame(() => {
        waiting = false;
        if (painted()) {
          window.__query = { ms: performance.now() - start, start, count: document.querySelector('#results-title').textContent };
          observer.disconnect();
        } else check();
      });
    };
    observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
    document.addEventListener('input', () => {
      start = performance.now();
    }, { capture: true, once: true });
  };
}

// Quiet time that ends the start screen: Loupe decodes its columns between
// two batches of requests, so a shorter pause is not the end.
const SETTLE = 1500;
const CONTEXT = { serviceWorkers: 'block', viewport: { width: 1280, height: 860 } };
const KB = (b) => `${(b / 1024).toFixed(1)} KB`;
const kindOf = (path) => {
  const m = /\/shards\/([a-z]+)-/.exec(path);
  if (m) return m[1];
  if (path.includes('/pagefind/')) {
    const f = path.split('/').pop();
    const e = /\.(pf_[a-z]+|pagefind)$/.exec(f);
    return e ? e[1] : f;
  }
  return path.split('/').pop() || 'index.html';
};
const sum = (list) => list.reduce((s, d) => s + d.bytes, 0);
const byKind = (list) => {
  const k = new Map();
  for (const d of list) {
    const key = kindOf(d.path);
    const [c, b] = k.get(key) ?? [0, 0];
    k.set(key, [c + 1, b + d.bytes]);
  }
  return [...k].sort((a, b) => b[1][1] - a[1][1]).map(([key, [c, b]]) => `${key} ${c}× ${KB(b)}`).join(', ');
};

/** A fresh context on a site, first load measured. */
async function open(browser, server, which) {
  const context = await browser.newContext(CONTEXT);
  const t = track(context, server);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  if (which === 'loupe') await page.addInitScript(loupeInit);
  const since = Date.now();
  await page.goto(server.url);
  let ms;
  if (which === 'loupe') {
    await page.waitForFunction(() => window.__searchAt !== null
      && performance.getEntriesByType('resource').some((e) => e.name.endsWith('/corpus.idx') && e.responseEnd > 0), null, { polling: 'raf', timeout: 60000 });
    ms = await page.evaluate(() => Math.max(window.__searchAt,
      ...performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/corpus.idx')).map((e) => e.responseEnd)));
  } else {
    await page.waitForFunction(() => window.__ready === true && !!document.querySelector('#search'), null, { polling: 'raf', timeout: 60000 });
    ms = await page.evaluate(() => window.__readyAt);
  }
  // The first load: for Loupe, the document and the resources the page had
  // received by the ready moment (its resource timing); for Pagefind, all
  // that finished before it was ready (its worker's requests are not in the
  // page's resource timing, and it fetches nothing more until a query).
  const finishedNow = Date.now();
  await Promise.all(t.pending);
  let first = t.done.filter((d) => d.at >= since && d.at <= finishedNow);
  if (which === 'loupe') {
    const paths = new Set(await page.evaluate((end) => performance.getEntriesByType('resource')
      .filter((e) => e.responseEnd > 0 && e.responseEnd <= end).map((e) => new URL(e.name).pathname), ms));
    paths.add(new URL(server.url).pathname);
    first = first.filter((d) => paths.has(d.path));
  }
  return { context, page, t, problems, first: { ms, bytes: sum(first), files: first }, since };
}

/** Types `q` (one input event) and waits for its results; bytes until the network is quiet. */
async function query(page, t, which, q) {
  await t.quiet(300);
  const since = Date.now();
  let result;
  if (which === 'loupe') {
    await page.evaluate(() => window.__arm());
    await page.locator('#search').fill(q);
    await page.waitForFunction(() => window.__query !== null, null, { polling: 'raf', timeout: 60000 });
    result = await page.evaluate(() => window.__query);
  } else {
    const before = await page.evaluate(() => window.__done.length);
    await page.locator('#search').fill(q);
    await page.waitForFunction((n) => window.__done.length > n, before, { polling: 'raf', timeout: 60000 });
    const d = await page.evaluate(() => window.__done.at(-1));
    result = { ms: d.ms, start: d.start, count: `${d.hits}` };
  }
  const paintedAt = Date.now();
  await t.quiet(400);
  const files = await t.since(since);
  const after = files.filter((d) => d.at > paintedAt);
  // When the last part of the query arrived (its end on the browser's clock), from the input event.
  const origin = await page.evaluate(() => performance.timeOrigin);
  const lastMs = files.length ? Math.max(...files.map((d) => d.end)) - (origin + result.start) : 0;
  return { q, start: result.start, ms: result.ms, lastMs, count: result.count, bytes: sum(files), files, afterPaint: sum(after), afterFiles: after };
}

const median = (xs) => quantile(xs, 0.5);
function quantile(xs, q) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.round((s.length - 1) * q))];
}

// ---------------------------------------------------------------- main

/**
 * `warm SITE… QUERIES.json`: Loupe sites only, side by side (two builds of
 * the app or of the format on the same articles), their warm queries of
 * one kind (KIND: word, phrase, typo or entity; default word), each site in
 * turn for ROUNDS rounds (environment, default 2), each query with when
 * each of its files arrived (ms after its input event), and the page's long
 * tasks (50 ms or more: its main thread held, by the Long Tasks API), at
 * start and from the first query on (the summary counts the latter).
 */
async function warm(args) {
  const queriesFile = args.at(-1);
  const sites = args.slice(0, -1);
  if (!sites.length || !queriesFile?.endsWith('.json')) {
    console.error('usage: node bench/site.mjs warm LOUPE_SITE… QUERIES.json');
    process.exit(2);
  }
  const Q = JSON.parse(readFileSync(queriesFile, 'utf8'));
  const kind = process.env.KIND ?? 'word';
  const count = Math.min(Number(process.env.WARM ?? Q[kind].length - 1), Q[kind].length - 1);
  const browser = await launch();
  const ms = Object.fromEntries(sites.map((site) => [site, []]));
  const tasks = Object.fromEntries(sites.map((site) => [site, []]));
  for (let round = 0; round < Number(process.env.ROUNDS ?? 2); round += 1) {
    for (const site of sites) {
      const server = await serve(resolve(site));
      const s = await open(browser, server, 'loupe');
      await s.t.quiet(SETTLE);
      const atStart = await s.page.evaluate(() => window.__long.splice(0));
      await query(s.page, s.t, 'loupe', Q[kind][0]);
      const origin = await s.page.evaluate(() => performance.timeOrigin);
      console.log(`## ${site}, round ${round + 1}`);
      console.log(`long tasks (≥ 50 ms) at start: ${atStart.length}, the longest ${Math.max(0, ...atStart).toFixed(0)} ms`);
      for (let i = 1; i <= count; i += 1) {
        const res = await query(s.page, s.t, 'loupe', Q[kind][i]);
        ms[site].push(res.ms);
        const start = origin + res.start;
        const files = res.files.filter((f) => !f.path.endsWith('.svg')).sort((a, b) => a.end - b.end);
        console.log(`${JSON.stringify(res.q)} ${res.ms.toFixed(1)} ms, ${KB(res.bytes)}: ${files.map((f) => `${kindOf(f.path)}@${(f.end - start).toFixed(0)}`).join(' ')}`);
      }
      const long = (await s.page.evaluate(() => window.__long)).sort((a, b) => b - a);
      tasks[site].push(...long);
      console.log(`long tasks (≥ 50 ms) from the first query on: ${long.length}, the longest ${long.slice(0, 5).map((d) => d.toFixed(0)).join(', ') || '-'} ms`);
      await s.context.close();
      await server.close();
    }
  }
  for (const site of sites) {
    console.log(`${site}: ${kind}, warm p50 ${median(ms[site]).toFixed(1)} ms, p95 ${quantile(ms[site], 0.95).toFixed(1)} ms (${ms[site].length} queries); long tasks ${tasks[site].length}, ${tasks[site].reduce((a, b) => a + b, 0).toFixed(0)} ms in all, the longest ${Math.max(0, ...tasks[site]).toFixed(0)} ms`);
  }
  await browser.close();
}

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === 'report') {
    const { meta, R, problems } = JSON.parse(readFileSync(args[1], 'utf8'));
    console.log(report(meta, R, problems));
    return;
  }
  if (args[0] === 'queries') {
    const [, corpus, out] = args;
    const q = await drawQueries(corpus);
    writeFileSync(out, JSON.stringify(q, null, 1) + '\n');
    console.log(`${out}: ${q.word.length} queries per kind from ${q.articles} articles`);
    return;
  }
  if (args[0] === 'warm') {
    await warm(args.slice(1));
    return;
  }
  const [loupeSite, pagefindSite, queriesFile, roundsArg] = args;
  if (!loupeSite || !pagefindSite || !queriesFile) {
    console.error('usage: node bench/site.mjs LOUPE_SITE PAGEFIND_SITE QUERIES.json [ROUNDS]\n       node bench/site.mjs queries CORPUS.jsonl QUERIES.json');
    process.exit(2);
  }
  const Q = JSON.parse(readFileSync(queriesFile, 'utf8'));
  const rounds = Math.min(Number(roundsArg ?? 3), Q.word.length);
  const warmCount = Math.min(Number(process.env.WARM ?? Q.word.length - 1), Q.word.length - 1);
  const servers = { loupe: await serve(resolve(loupeSite)), pagefind: await serve(resolve(pagefindSite)) };
  const browser = await launch();
  const R = { loupe: {}, pagefind: {} };
  const push = (which, key, v) => (R[which][key] ??= []).push(v);
  const problems = [];
  const log = (s) => process.stderr.write(s + '\n');

  // Cold: a fresh context per query, Loupe and Pagefind alternating.
  const kinds = ['word', 'phrase', 'typo', 'entity'];
  for (let r = 0; r < rounds; r += 1) {
    for (const kind of kinds) {
      for (const which of ['loupe', 'pagefind']) {
        if (which === 'pagefind' && kind === 'entity') continue;
        const q = Q[kind][r];
        const s = await open(browser, servers[which], which);
        push(which, 'first', s.first);
        // The start screen: what the page fetches after its first load on its own.
        await s.t.quiet(SETTLE);
        const settled = (await s.t.since(s.since)).filter((d) => !s.first.files.includes(d));
        push(which, 'start', { bytes: sum(settled), files: settled });
        const res = await query(s.page, s.t, which, q);
        push(which, `${kind}-cold`, res);
        log(`${which} ${kind} cold ${JSON.stringify(q)}: ${res.ms.toFixed(0)} ms, ${KB(res.bytes)} (${byKind(res.files)}) → ${res.count}`);
        if (kind === 'word' && which === 'loupe') {
          // Open an article: the first result's title.
          const since = Date.now();
          const t0 = await s.page.evaluate(() => performance.now());
          await s.page.locator('.card-title a').first().click();
          await s.page.locator('.reader .prose').waitFor({ timeout: 60000 });
          const ms = (await s.page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => ok(performance.now()))))) - t0;
          await s.t.quiet(400);
          const files = await s.t.since(since);
          push(which, 'article', { ms, bytes: sum(files), files });
          log(`loupe article: ${ms.toFixed(0)} ms, ${KB(sum(files))} (${files.map((f) => kindOf(f.path)).join(' ')})`);
        }
        problems.push(...s.problems.map((p) => `${which}: ${p}`));
        await s.context.close();
      }
    }
    // One word typed at once, as the first load ends (Loupe's start screen
    // still fetching), and as typed: no trailing space (Loupe's implicit prefix).
    for (const which of ['loupe', 'pagefind']) {
      const s = await open(browser, servers[which], which);
      let res;
      if (which === 'loupe') {
        await s.page.evaluate(() => window.__arm());
        await s.page.locator('#search').fill(Q.word[r]);
        await s.page.waitForFunction(() => window.__query !== null, null, { polling: 'raf', timeout: 60000 });
        res = await s.page.evaluate(() => window.__query);
      } else {
        await s.page.locator('#search').fill(Q.word[r]);
        await s.page.waitForFunction(() => window.__done.length > 0, null, { polling: 'raf', timeout: 60000 });
        res = await s.page.evaluate(() => window.__done.at(-1));
      }
      await s.t.quiet(400);
      // From the navigation on, less the first load: the start screen's parts in flight count too.
      const files = (await s.t.since(s.since)).filter((d) => !s.first.files.includes(d));
      push(which, 'word-at-load', { ms: res.ms, bytes: sum(files), files });
      log(`${which} word typed at first load: ${res.ms.toFixed(0)} ms, ${KB(sum(files))} (${byKind(files)})`);
      await s.context.close();
      const p = await open(browser, servers[which], which);
      await p.t.quiet(SETTLE);
      const res2 = await query(p.page, p.t, which, Q.word[r].trimEnd());
      push(which, 'word-prefix-cold', res2);
      log(`${which} word as typed ${JSON.stringify(Q.word[r].trimEnd())}: ${res2.ms.toFixed(0)} ms, ${KB(res2.bytes)} (${byKind(res2.files)}) → ${res2.count}`);
      await p.context.close();
    }
  }

  // Warm: one page per kind; after the first query, the others of its kind.
  for (const kind of kinds) {
    for (const which of ['loupe', 'pagefind']) {
      if (which === 'pagefind' && kind === 'entity') continue;
      const s = await open(browser, servers[which], which);
      await s.t.quiet(SETTLE);
      await query(s.page, s.t, which, Q[kind][0]);
      for (let i = 1; i <= warmCount; i += 1) {
        const res = await query(s.page, s.t, which, Q[kind][i]);
        push(which, `${kind}-warm`, res);
      }
      // The same queries again: every part they need is now in the page.
      for (let i = 1; i <= warmCount; i += 1) {
        const res = await query(s.page, s.t, which, Q[kind][i]);
        push(which, `${kind}-again`, res);
      }
      const w = R[which][`${kind}-warm`];
      log(`${which} ${kind} warm: p50 ${median(w.map((x) => x.ms)).toFixed(1)} ms, p95 ${quantile(w.map((x) => x.ms), 0.95).toFixed(1)} ms, bytes p50 ${KB(median(w.map((x) => x.bytes)))}`);
      problems.push(...s.problems.map((p) => `${which}: ${p}`));
      await s.context.close();
    }
  }
  await browser.close();
  await servers.loupe.close();
  await servers.pagefind.close();

  const meta = { loupeSite, pagefindSite, queriesFile, rounds, warmCount, articles: Q.articles, date: new Date().toISOString() };
  const saved = join(resolve(loupeSite), '..', `site-bench-${basename(resolve(loupeSite))}.json`);
  writeFileSync(saved, JSON.stringify({ meta, R, problems }));
  console.log(report(meta, R, problems));
  console.error(`(every sample: ${saved}; \`node bench/site.mjs report ${saved}\` prints this again)`);
}

/** The markdown report of a run. */
function report(meta, R, problems) {
  const { loupeSite, pagefindSite, queriesFile, rounds, warmCount } = meta;
  const cell = (which, key, f = 'cold') => {
    const xs = R[which][key];
    if (!xs?.length) return ['n/a', 'n/a'];
    const b = xs.map((x) => x.bytes);
    const ms = xs.map((x) => x.ms).filter((x) => x !== undefined);
    if (f === 'warm') {
      return [`${KB(median(b))} / ${KB(quantile(b, 0.95))}`, `${median(ms).toFixed(1)} / ${quantile(ms, 0.95).toFixed(1)}`];
    }
    return [KB(median(b)), ms.length ? median(ms).toFixed(0) : '—'];
  };
  const rows = [
    ['first load', 'first', 'cold', '≤ 300 KB gzip'],
    ['start screen, after the first load, until the network is quiet', 'start', 'cold', ''],
    ['one word, cold', 'word-cold', 'cold', '≤ 250 KB, ≤ 300 ms'],
    ['one word, warm p50 / p95', 'word-warm', 'warm', 'p95 ≤ 20 ms'],
    ['one word typed as the first load ends (start screen still loading)', 'word-at-load', 'cold', ''],
    ['one word as typed, no trailing space (Loupe: implicit prefix), cold', 'word-prefix-cold', 'cold', ''],
    ['one word, the same queries again (all parts in the page) p50 / p95', 'word-again', 'warm', 'p95 ≤ 20 ms'],
    ['phrase, cold', 'phrase-cold', 'cold', '≤ 2× one word'],
    ['phrase, warm p50 / p95', 'phrase-warm', 'warm', '≤ 2× one word'],
    ['phrase, again (parts in the page) p50 / p95', 'phrase-again', 'warm', ''],
    ['typo, cold', 'typo-cold', 'cold', '≤ 2× one word'],
    ['typo, warm p50 / p95', 'typo-warm', 'warm', '≤ 2× one word'],
    ['typo, again (parts in the page) p50 / p95', 'typo-again', 'warm', ''],
    ['entity, cold', 'entity-cold', 'cold', '≤ 2× one word'],
    ['entity, warm p50 / p95', 'entity-warm', 'warm', '≤ 2× one word'],
    ['entity, again (parts in the page) p50 / p95', 'entity-again', 'warm', ''],
    ['open an article (after a one-word search)', 'article', 'cold', ''],
  ];
  const out = [];
  out.push(`Loupe ${loupeSite} beside Pagefind ${pagefindSite}; queries ${queriesFile} (${meta.articles} articles); ${rounds} cold rounds (medians), ${warmCount} warm queries per kind.`);
  out.push('Bytes: CDP encodedDataLength (headers + gzip body). ms: input event → first frame after the results are painted (first load: navigation → #search and the entry in). Warm cells: p50 / p95.');
  out.push('');
  out.push('| | Loupe bytes | Loupe ms | Pagefind bytes | Pagefind ms | target (Loupe) |');
  out.push('|---|---:|---:|---:|---:|---|');
  for (const [label, key, f, target] of rows) {
    let [lb, lm] = cell('loupe', key, f);
    let [pb, pm] = cell('pagefind', key, f);
    if (key.startsWith('entity-')) [pb, pm] = ['n/a (no entity filter)', 'n/a'];
    if (key === 'article') [pb, pm] = ['n/a (data() already fetched the text)', 'n/a'];
    if (key === 'start') [lm, pm] = ['—', '—'];
    out.push(`| ${label} | ${lb} | ${lm} | ${pb} | ${pm} | ${target} |`);
  }
  out.push('');
  // Files and counts behind the medians.
  const detail = (which, key) => (R[which][key] ?? []).map((x) => `${x.q ? JSON.stringify(x.q) + ' ' : ''}${KB(x.bytes)}${x.ms !== undefined ? `, ${x.ms.toFixed(0)} ms` : ''}${x.lastMs > x.ms ? ` (last part in at ${x.lastMs.toFixed(0)} ms)` : ''}${x.count ? ` → ${x.count}` : ''}: ${byKind(x.files)}`);
  for (const which of ['loupe', 'pagefind']) {
    out.push(`### ${which}: files behind the figures`);
    out.push(`- first load: ${byKind(R[which].first[0].files)}`);
    out.push(`- start screen: ${byKind(R[which].start[0].files) || 'nothing'}`);
    for (const key of ['word-cold', 'word-at-load', 'word-prefix-cold', 'phrase-cold', 'typo-cold', 'entity-cold', 'article']) {
      for (const line of detail(which, key)) out.push(`- ${key}: ${line}`);
    }
    for (const key of ['word-warm', 'phrase-warm', 'typo-warm', 'entity-warm']) {
      const xs = R[which][key];
      if (!xs) continue;
      const worst = [...xs].sort((a, b) => b.bytes - a.bytes)[0];
      const slow = [...xs].sort((a, b) => b.ms - a.ms)[0];
      const fetched = xs.filter((x) => x.bytes > 0).length;
      out.push(`- ${key}: ${fetched}/${xs.length} fetched something; most bytes ${JSON.stringify(worst.q)} ${KB(worst.bytes)} (${byKind(worst.files)}); slowest ${JSON.stringify(slow.q)} ${slow.ms.toFixed(1)} ms`);
      const after = xs.filter((x) => x.afterPaint > 0);
      if (after.length) out.push(`  - ${after.length} fetched after their results were painted`);
    }
    const afterCold = Object.entries(R[which]).filter(([k]) => k.endsWith('-cold')).flatMap(([, xs]) => xs).filter((x) => x.afterPaint > 0);
    if (afterCold.length) out.push(`- fetched after painting (cold): ${afterCold.map((x) => `${JSON.stringify(x.q)} ${KB(x.afterPaint)} (${byKind(x.afterFiles)})`).join('; ')}`);
  }
  const hits = (which, key) => (R[which][key] ?? []).map((x) => x.count);
  out.push('');
  out.push(`Typo results, Pagefind (no typo tolerance): ${hits('pagefind', 'typo-warm').concat(hits('pagefind', 'typo-cold')).join(', ')}`);
  out.push(`Typo results, Loupe: ${hits('loupe', 'typo-cold').concat(hits('loupe', 'typo-warm')).join(', ')}`);
  if (problems.length) out.push(`\nPage errors: ${[...new Set(problems)].join(' | ')}`);
  return out.join('\n');
}

await main();
