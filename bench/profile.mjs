// Where a sharded site's page spends its main thread after a query: a
// CPU profile (Chromium's, through CDP) of two words typed in turn, its
// busy stretches of 40 ms or more, each with the functions that took it
// (inclusive time), and the page's long tasks (50 ms or more).
//
//   node bench/profile.mjs SITE [WORD…]     (default: "lithogène " "porchaison ")
//
// SITE is written by `loupe site --shards always`. The WebAssembly's
// functions have names only in a build that keeps them: in a copy of the
// repository, add `data-keep-debug` to index.html's loupe-app link and
// `-g` to its `data-wasm-opt-params`, `trunk build --release --offline`,
// then `loupe site --app COPY/dist …` (or swap that build's files into an
// existing site, beside its corpus.idx and shards/). Without names the
// stretches and tasks are still measured. A diagnosis, not a benchmark: the
// sampling profiler itself slows the page.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { launch } from '../tests/e2e/harness.mjs';

const [site, ...given] = process.argv.slice(2);
if (!site) {
  console.error('usage: node bench/profile.mjs SITE [WORD…]');
  process.exit(2);
}
const words = given.length ? given : ['lithogène ', 'porchaison '];
const server = fork(fileURLToPath(new URL('./static-server.mjs', import.meta.url)), [site], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const url = await new Promise((ok) => server.on('message', (m) => m.url && ok(m.url)));
const browser = await launch();
const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1280, height: 860 } });
const page = await context.newPage();
await page.addInitScript(() => {
  window.__long = [];
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) window.__long.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
});
await page.goto(url);
await page.waitForSelector('#search');
await page.waitForTimeout(3000);
const cdp = await context.newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
await page.evaluate(() => {
  window.__long = [];
  window.__t0 = performance.now();
});
await cdp.send('Profiler.start');
for (const w of words) {
  await page.locator('#search').fill(w);
  await page.waitForTimeout(2500);
}
const { profile } = await cdp.send('Profiler.stop');
const long = await page.evaluate(() => window.__long.map(([s, d]) => [s - window.__t0, d]));
console.log(`long tasks after the first word (start + duration, ms): ${long.map(([s, d]) => `${s.toFixed(0)}+${d.toFixed(0)}`).join(' ') || 'none'}`);

// Busy stretches: samples not idle, with gaps under 2 ms.
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
let t = 0;
let run = null;
const runs = [];
for (let i = 0; i < profile.samples.length; i += 1) {
  t += profile.timeDeltas[i] / 1000;
  if (byId.get(profile.samples[i]).callFrame.functionName === '(idle)') {
    if (run && t - run.end > 2) run = null;
    continue;
  }
  if (!run) runs.push((run = { start: t, end: t, samples: [] }));
  run.end = t;
  run.samples.push([profile.samples[i], (profile.timeDeltas[i + 1] ?? 0) / 1000]);
}
for (const r of runs.filter((r) => r.end - r.start >= 40)) {
  const inclusive = new Map();
  for (const [sample, ms] of r.samples) {
    const seen = new Set();
    for (let id = sample; id !== undefined; id = parent.get(id)) {
      const name = byId.get(id).callFrame.functionName || '(anonymous)';
      if (!seen.has(name)) {
        seen.add(name);
        inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
      }
    }
  }
  console.log(`busy from ${r.start.toFixed(0)} ms, ${(r.end - r.start).toFixed(0)} ms:`);
  const top = [...inclusive].filter(([n]) => !n.startsWith('(')).sort((a, b) => b[1] - a[1]).slice(0, 14);
  for (const [name, ms] of top) console.log(`  ${ms.toFixed(1).padStart(7)} ${name.replace(/::h[0-9a-f]{16}/g, '').slice(0, 130)}`);
}
await browser.close();
server.kill();
