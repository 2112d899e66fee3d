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
//   node bench/keystroke.mjs [ROUNDS] [SITE]   (a site written by `loupe site`, whole
//                                               or sharded and small: a large corpus
//                                               with --shards never;
//                                               default site/, the seeds': scripts/site)
import { complete, launch } from '../tests/e2e/harness.mjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve } from '../tests/e2e/server.mjs';

const ROOT = new URL('../', import.meta.url).pathname;
const ROUNDS = Number(process.argv[2] ?? 3);
const SITE = process.argv[3] ?? join(ROOT, 'site');
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
let corpusLabel = '';
const samples = { trivial: { typed: [], burst: [] }, loupe: { typed: [], burst: [] } };
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const trivial = await context.newPage();
  await trivial.setContent(TRIVIAL);
  await trivial.evaluate(instrument);
  const loupe = await context.newPage();
  await loupe.goto(server.url);
  await loupe.locator('.card').first().waitFor({ timeout: 120000 });
  // Keystrokes, not the network: a small sharded corpus is timed once all
  // its parts are in (a large one would need "keep offline" first).
  await complete(loupe);
  corpusLabel = (await loupe.locator('.corpus-stats').first().innerText()).replace(/\s+/g, ' ').split('·')[0].trim();
  await loupe.evaluate(instrument);
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const mode of ['typed', 'burst']) {
      for (const [name, page] of [['trivial', trivial], ['loupe', loupe]]) {
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
const [t, l] = [row('trivial'), row('loupe')];
const f = (x) => x.toFixed(1);
const lines = [
  `Keystroke to painted results, ${SITE}, ${ROUNDS} rounds of ${WORDS.join('').length} characters, ${new Date().toISOString().slice(0, 10)}`,
  '',
  '| | typed, 40 ms apart: p50 / p95 | back to back: p50 / p95 |',
  '|---|---:|---:|',
  `| trivial handler | ${f(t[0][0])} / ${f(t[0][1])} ms | ${f(t[1][0])} / ${f(t[1][1])} ms |`,
  `| Loupe (${corpusLabel}) | ${f(l[0][0])} / ${f(l[0][1])} ms | ${f(l[1][0])} / ${f(l[1][1])} ms |`,
  `| ratio (target p95: ≤ 1.2× typed, ≤ 1.5× back to back) | ${f(l[0][0] / t[0][0])}× / **${f(l[0][1] / t[0][1])}×** | ${f(l[1][0] / t[1][0])}× / **${f(l[1][1] / t[1][1])}×** |`,
];
console.log(lines.join('\n'));
mkdirSync(join(ROOT, 'artifacts'), { recursive: true });
writeFileSync(join(ROOT, 'artifacts/keystroke-bench.json'), JSON.stringify({ rounds: ROUNDS, words: WORDS, samples }, null, 1));
