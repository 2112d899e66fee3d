// Keystroke to painted results: the explorer beside a trivial page whose
// input handler echoes the value into a div, in one headless Chromium run.
// For each `input` event, the time until the task after the next frame
// (`requestAnimationFrame`, then `setTimeout(0)`: after that frame's paint).
//
// Keys are real key events sent through the browser's input pipeline (CDP).
// Two ways of typing:
//   typed  — keys 40 ms apart, whatever the page is doing;
//   burst  — each key right after the previous key's frame was painted
//            (key repeat, bursts, paste-and-edit).
// The pages alternate round by round, so a busy machine slows both alike;
// the ratios to the trivial page are the figures that count.
//
//   node bench/keystroke.mjs [ROUNDS] [SITE] [--import FILE]
//       SITE: a site written by `loupe site`, whole or sharded and small (a large
//       corpus with --shards never); default site/, the seeds' (scripts/site).
//       --import FILE: first add FILE (a JSONL of articles) to the page as the
//       reader's own documents, through the start screen's file input, and
//       type over that collection (issue 14: as fast as over the site's corpus).
import { complete, launch } from '../tests/e2e/harness.mjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve } from '../tests/e2e/server.mjs';

const ROOT = new URL('../', import.meta.url).pathname;
const args = process.argv.slice(2);
const at = args.indexOf('--import');
const IMPORT = at >= 0 ? args.splice(at, 2)[1] : null;
const ROUNDS = Number(args[0] ?? 3);
const SITE = args[1] ?? join(ROOT, 'site');
const WORDS = ['numergy', 'caisse des depots', 'etat souverain', 'cloud souverain orange', 'sfr numericable', 'ovh ikoula'];
const TRIVIAL = `<!doctype html><meta charset="utf-8"><input id="search" type="search"><div id="out"></div>
<script>document.querySelector('#search').addEventListener('input', (e) => { document.querySelector('#out').textContent = e.target.value; });</script>`;

/** In the page: each `input` event's time to the task after its next frame. */
function instrument() {
  window.__latency = [];
  document.addEventListener('input', () => {
    const start = performance.now();
    requestAnimationFrame(() => setTimeout(() => window.__latency.push(performance.now() - start), 0));
  }, { capture: true });
}

const frame = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));

/** Types `WORDS` with real key events (the browser's own input pipeline) and returns each key's latency in ms. */
async function type(page, mode) {
  await page.evaluate(() => { window.__latency = []; });
  let expected = 0;
  for (const word of WORDS) {
    await page.locator('#search').fill('');
    await frame(page);
    await page.evaluate(() => { window.__latency.length = 0; });
    expected = 0;
    if (mode === 'typed') {
      await page.keyboard.type(word, { delay: 40 });
      expected = word.length;
    } else {
      for (const c of word) {
        await page.keyboard.type(c);
        expected += 1;
        // The next key as soon as this one's frame is painted.
        await page.waitForFunction((n) => window.__latency.length >= n, expected, { polling: 'raf' });
      }
    }
    await page.waitForFunction((n) => window.__latency.length >= n, expected, { polling: 'raf' });
    samplesOf.push(...await page.evaluate(() => window.__latency.splice(0)));
  }
}
let samplesOf = [];

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

const server = await serve(SITE);
const browser = await launch();
const labels = {};
const samples = { trivial: { typed: [], burst: [] }, loupe: { typed: [], burst: [] }, collection: { typed: [], burst: [] } };
/** A page of the explorer with its corpus all in; with `file`, that file imported as the reader's collection. */
async function explorer(context, file) {
  const page = await context.newPage();
  await page.goto(server.url);
  await page.locator('.card').first().waitFor({ timeout: 120000 });
  // Keystrokes, not the network: a small sharded corpus is timed once all
  // its parts are in (a large one would need "keep offline" first).
  await complete(page);
  if (file) {
    await page.locator('input[type=file][multiple]').setInputFiles(file);
    await page.locator('.collection [role=status]').waitFor({ timeout: 600000 });
    await page.locator('.cards .card').first().waitFor();
  }
  await page.evaluate(instrument);
  return page;
}
const label = async (page) => (await page.locator('.corpus-stats').first().innerText()).replace(/\s+/g, ' ').split('·')[0].trim();
try {
  const viewport = { width: 1280, height: 860 };
  const context = await browser.newContext({ viewport });
  const trivial = await context.newPage();
  await trivial.setContent(TRIVIAL);
  await trivial.evaluate(instrument);
  const pages = [['trivial', trivial], ['loupe', await explorer(context)]];
  // The collection in a context of its own (its own IndexedDB), typed in
  // turn with the others: the site's corpus is its yardstick.
  if (IMPORT) pages.push(['collection', await explorer(await browser.newContext({ viewport }), IMPORT)]);
  for (const [name, page] of pages.slice(1)) labels[name] = await label(page);
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const mode of ['typed', 'burst']) {
      for (const [name, page] of pages) {
        await page.bringToFront();
        await page.locator('#search').focus();
        samplesOf = samples[name][mode];
        await type(page, mode);
      }
    }
  }
} finally {
  await browser.close();
  await server.close();
}

const row = (name) => ['typed', 'burst'].map((m) => samples[name][m]).map((xs) => [quantile(xs, 0.5), quantile(xs, 0.95)]);
const f = (x) => x.toFixed(1);
const times = (name, label) => {
  const r = row(name);
  return `| ${label} | ${f(r[0][0])} / ${f(r[0][1])} ms | ${f(r[1][0])} / ${f(r[1][1])} ms |`;
};
const ratio = (name, of, label) => {
  const [a, b] = [row(name), row(of)];
  return `| ${label} | ${f(a[0][0] / b[0][0])}× / **${f(a[0][1] / b[0][1])}×** | ${f(a[1][0] / b[1][0])}× / **${f(a[1][1] / b[1][1])}×** |`;
};
const lines = [
  `Keystroke to painted results, ${SITE}${IMPORT ? `, and ${IMPORT} imported` : ''}, ${ROUNDS} rounds of ${WORDS.join('').length} characters, ${new Date().toISOString().slice(0, 10)}`,
  '',
  '| | typed, 40 ms apart: p50 / p95 | back to back: p50 / p95 |',
  '|---|---:|---:|',
  times('trivial', 'trivial handler'),
  times('loupe', `Loupe (${labels.loupe})`),
  ratio('loupe', 'trivial', 'ratio to the trivial page (target p95: ≤ 1.2× typed, ≤ 1.5× back to back)'),
  ...(IMPORT ? [
    times('collection', `Loupe, imported collection (${labels.collection})`),
    ratio('collection', 'trivial', 'its ratio to the trivial page'),
    ratio('collection', 'loupe', 'its ratio to the site\'s corpus (target: as fast, p95)'),
  ] : []),
];
console.log(lines.join('\n'));
mkdirSync(join(ROOT, 'artifacts'), { recursive: true });
writeFileSync(join(ROOT, 'artifacts/keystroke-bench.json'), JSON.stringify({ rounds: ROUNDS, words: WORDS, import: IMPORT, samples }, null, 1));
