// Deployment as readers meet it: any host and sub-path, offline after one
// visit, new versions announced and swapped cleanly, the single file from
// file://, and a strict Content-Security-Policy.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, ROOT, complete, drawn } from './harness.mjs';
import { serve } from './server.mjs';

const DIST = join(ROOT, 'site');

let browser;
const cleanup = [];

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
  for (const f of cleanup) await f();
});

/** A copy of dist/ served from a temporary folder (so a test can deploy over it). */
async function deployCopy(options = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'loupe-'));
  await cp(DIST, dir, { recursive: true });
  const server = await serve(dir, options);
  cleanup.push(() => server.close(), () => rm(dir, { recursive: true, force: true }));
  return { dir, url: server.url };
}

/** A page recording problems, CSP violations and requests. */
async function visit(url) {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  const problems = [];
  const requests = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(url);
  await page.locator('.card').first().waitFor();
  await complete(page);
  return { context, page, problems, requests };
}

async function search(page, query, expected) {
  await page.locator('#search').fill(query);
  await page.waitForFunction((want) => document.querySelector('#results-title')?.textContent === want, expected);
  await drawn(page);
}

const controlled = (page) => page.waitForFunction(() => Boolean(navigator.serviceWorker?.controller));
const build = (page) => page.locator('meta[name=loupe-build]').getAttribute('content');

test('served under a nested sub-path of any static host, it loads and searches', async () => {
  const { url } = await deployCopy({ base: '/enquetes/cloud/' });
  assert.match(url, /\/enquetes\/cloud\/$/);
  const { context, page, problems, requests } = await visit(url);
  await search(page, 'etat', '4 articles trouvés');
  await page.locator('.card-title a').first().click();
  await page.locator('.reader').waitFor();
  assert.ok(requests.every((u) => new URL(u).pathname.startsWith('/enquetes/cloud/')), requests.join('\n'));
  assert.deepEqual(problems, []);
  await context.close();
});

test('after one visit it loads, searches and opens articles with the network off', async () => {
  const { dir, url } = await deployCopy();
  const { context, page, problems } = await visit(url);
  await controlled(page);
  // The visit is over once the service worker keeps every part the page fetched.
  const parts = (await readdir(join(dir, 'shards'))).filter((n) => n.endsWith('.bin')).length;
  await page.waitForFunction(async (n) => (await (await caches.open('loupe-parts')).keys()).length >= n, parts, { timeout: 60_000 });
  await context.setOffline(true);
  await page.reload();
  await page.locator('.card').first().waitFor();
  await search(page, 'Numergi ', '5 articles trouvés');
  await page.locator('.card-title a').first().click();
  await page.locator('.reader .prose p').first().waitFor();
  assert.ok((await page.locator('.prose mark[data-match]').count()) > 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a new deployment is announced, and accepting it swaps to the new build and its cache only', async () => {
  const { dir, url } = await deployCopy();
  const { context, page, problems } = await visit(url);
  await controlled(page);
  const first = await build(page);

  // Deploy a changed build over the same folder.
  const index = join(dir, 'index.html');
  await writeFile(index, (await readFile(index, 'utf8')).replace('Chargement du corpus…', 'Chargement du corpus, nouvelle version…'));
  execFileSync('node', [join(ROOT, 'scripts/postbuild.mjs'), dir], { stdio: 'ignore' });
  const second = (await readFile(index, 'utf8')).match(/name="loupe-build" content="(\w+)"/)[1];
  assert.notEqual(first, second);

  // A reload still shows the build the reader has, and announces the new one.
  await page.reload();
  await page.locator('.card').first().waitFor();
  await page.locator('.update').waitFor();
  assert.equal(await build(page), first);
  await page.screenshot({ path: join(ROOT, 'artifacts/screenshots/update-banner-desktop-light.png') });
  await page.locator('.update .button').click();
  await page.waitForFunction((want) => document.querySelector('meta[name=loupe-build]')?.content === want, second);
  await page.locator('.card').first().waitFor();
  // The corpus's parts are named by their content: their cache outlives builds.
  const builds = (await page.evaluate(() => caches.keys())).filter((k) => k !== 'loupe-parts');
  assert.deepEqual(builds, [`loupe-${second}`], 'the old build’s cache is gone');
  assert.deepEqual(problems, []);
  await context.close();
});

test('loupe.html works on its own from file://: search, facets, reader, entity page; nothing leaves the file', async () => {
  const { context, page, problems, requests } = await visit(`file://${join(DIST, 'loupe.html')}`);
  assert.equal(await page.locator('.card').count(), 5);
  await search(page, 'etat', '4 articles trouvés');
  await page.locator('.facet-value', { hasText: 'LeMagIT' }).click();
  await page.waitForFunction(() => document.querySelector('#results-title')?.textContent === '1 article trouvé');
  await page.locator('.card-title a').first().click();
  await page.locator('.reader .prose p').first().waitFor();
  assert.equal(await page.locator('#reader-title').innerText(), 'SFR rachète la totalité de Numergy');
  await page.locator('.doc-entities a', { hasText: 'Numergy' }).first().click();
  await page.locator('#entity-title').waitFor();
  assert.equal(await page.locator('#entity-title').innerText(), 'Numergy');
  assert.ok((await page.locator('.kwic-line').count()) > 10, 'every mention in context');
  const outside = requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'));
  assert.deepEqual(outside, [], 'no request leaves the file');
  assert.deepEqual(await page.evaluate(() => window.__violations), [], 'its CSP holds');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the pages declare a strict Content-Security-Policy and break none of it', async () => {
  for (const name of ['index.html', 'loupe.html']) {
    const html = await readFile(join(DIST, name), 'utf8');
    const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)?.[1] ?? '';
    assert.match(csp, /default-src '(self|none)'/, name);
    assert.match(csp, /'wasm-unsafe-eval'/, name);
    assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'|\*|https?:/, name);
  }
  const { url } = await deployCopy();
  const { context, page, problems } = await visit(url);
  await search(page, '"cloud souverain"', '4 articles trouvés');
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(problems, []);
  await context.close();
});
