// Importing the reader's own documents in the page (issue 14's targets):
// N articles of a JSONL corpus handed to the page's file input, timed from
// the hand-over to "N documents ajoutés" (read, entities, index, stored in
// IndexedDB, decoded by the page), in headless Chromium; the page's long
// tasks (PerformanceObserver, > 50 ms) during the import; then the
// keystroke-to-paint latency of searching the collection.
//
//   node bench/import.mjs CORPUS.jsonl [N…]     (default 1000 and 4300: ~2.5 MB and ~10 MB)
//
// Serves site/ (scripts/site). The native figure beside it is `loupe site
// --shards never` on the same articles (scripts/bench import runs both).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { complete, launch, ROOT } from '../tests/e2e/harness.mjs';
import { serve } from '../tests/e2e/server.mjs';

const [corpus, ...sizes] = process.argv.slice(2);
if (!corpus) {
  console.error('usage: node bench/import.mjs CORPUS.jsonl [N…]');
  process.exit(2);
}
const lines = readFileSync(corpus, 'utf8').split('\n').filter((l) => l.trim());
const server = await serve(`${ROOT}site`);
const browser = await launch();
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

/** Types three words key by key; each input event's time to the frame after it (ms). */
async function typing(page) {
  await page.evaluate(() => {
    window.__latency = [];
    if (window.__typing) return;
    window.__typing = true;
    document.addEventListener('input', () => {
      const t = performance.now();
      requestAnimationFrame(() => setTimeout(() => window.__latency.push(performance.now() - t), 0));
    }, { capture: true });
  });
  for (const word of ['ville', 'gouvernement', 'marché numéro', 'souverain', 'cloud']) {
    await page.locator('#search').fill('');
    await page.locator('#search').pressSequentially(word, { delay: 60 });
    await page.waitForTimeout(300);
  }
  return page.evaluate(() => window.__latency);
}

for (const n of (sizes.length ? sizes : ['1000', '4300']).map(Number)) {
  const buffer = Buffer.from(lines.slice(0, n).join('\n'));
  // Handed over as a file on disk, as a reader's pick is: a buffer would be
  // turned into a File by script in the page, a long task of the harness's.
  const file = join(mkdtempSync(join(tmpdir(), 'loupe-import-')), 'articles.jsonl');
  writeFileSync(file, buffer);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__long = [];
    new PerformanceObserver((list) => window.__long.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask', buffered: false });
  });
  await page.goto(server.url);
  await page.locator('.card').first().waitFor();
  await complete(page);
  // The same typing on the site's corpus first, for comparison.
  const baseline = await typing(page);
  await page.locator('#search').fill('');
  await page.evaluate(() => { window.__long = []; });
  const start = Date.now();
  await page.locator('input[type=file][multiple]').setInputFiles(file);
  await page.locator('.collection [role=status]').waitFor({ timeout: 600_000 });
  const ms = Date.now() - start;
  const status = await page.locator('.collection [role=status]').textContent();
  const long = await page.evaluate(() => window.__long);
  const latency = await typing(page);
  console.log(JSON.stringify({
    articles: n,
    megabytes: +(buffer.length / 1e6).toFixed(2),
    seconds: +(ms / 1000).toFixed(1),
    status: status.trim().slice(0, 60),
    longTasks: long.length,
    longestTaskMs: Math.round(Math.max(0, ...long)),
    keystrokeP50: +quantile(latency, 0.5).toFixed(1),
    keystrokeP95: +quantile(latency, 0.95).toFixed(1),
    siteCorpusKeystrokeP50: +quantile(baseline, 0.5).toFixed(1),
    siteCorpusKeystrokeP95: +quantile(baseline, 0.95).toFixed(1),
  }));
  await context.close();
}
await browser.close();
server.close();
