// The explorer as a reader uses it, in the system Chromium, against the
// seeds' site (the release build and corpus.loupe, written by loupe site) served by a local static server.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { launch, ROOT, complete, drawn } from './harness.mjs';
import { serve } from './server.mjs';

const SHOTS = join(ROOT, 'artifacts/screenshots');
const DESKTOP = { width: 1280, height: 860 };
const MOBILE = { width: 360, height: 760 };

let browser;
let server;
let seeds; // { id: text } read from seeds/, the source of truth the page must show

before(async () => {
  server = await serve(join(ROOT, 'site'));
  browser = await launch();
  await mkdir(SHOTS, { recursive: true });
  seeds = {};
  for (const file of (await readdir(join(ROOT, 'seeds'))).filter((f) => f.endsWith('.txt'))) {
    seeds[file.replace(/\.txt$/, '')] = await readFile(join(ROOT, 'seeds', file), 'utf8');
  }
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A fresh page that records console errors, page errors and every request's URL. */
async function open({ viewport = DESKTOP, colorScheme = 'light', hash = '', bypassCSP = false } = {}) {
  const context = await browser.newContext({ viewport, colorScheme, deviceScaleFactor: 1, bypassCSP });
  const page = await context.newPage();
  const problems = [];
  const requests = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(server.url + hash);
  await complete(page);
  return { page, context, problems, requests };
}

/** Lines of an article that the reader shows as blocks (non-blank lines). */
function lines(text) {
  return text.split('\n').map((l) => l.trim()).filter(Boolean);
}

/** Whitespace runs (including no-break spaces) as one space, to compare text across rendering. */
const squash = (s) => s.replace(/\s+/g, ' ').trim();

/** The article body as text, paragraphs separated by a space; CSS text-transform does not apply. */
async function proseText(page) {
  return squash(await page.locator('.prose').evaluate((el) => [...el.children].map((c) => c.textContent).join(' ')));
}

async function checkClean({ problems, requests, page }) {
  assert.deepEqual(problems, [], 'no console errors, page errors or failed requests');
  const origin = new URL(server.url).origin;
  const foreign = requests.filter((u) => new URL(u).origin !== origin);
  assert.deepEqual(foreign, [], 'every request goes to the page’s own origin');
  assert.ok(requests.length >= 4, 'html, js, wasm and css were requested');
  await page.context().close();
}

test('the page loads and lists the five articles with their metadata', async () => {
  const session = await open();
  const { page } = session;
  const cards = page.locator('.card');
  await cards.first().waitFor();
  assert.equal(await cards.count(), Object.keys(seeds).length);
  assert.equal(await cards.count(), 5);
  const titles = await page.locator('.card-title a').allInnerTexts();
  assert.ok(titles.includes('SFR rachète la totalité de Numergy'), titles.join(' | '));
  // Newest first: the February 2016 ChannelNews article leads.
  assert.equal(titles[0], 'Cloudwatt et Numergy intégrés : quid de leur stratégie indirecte ?');
  const stats = await page.locator('.corpus-stats').innerText();
  assert.match(stats, /5\s+articles/);
  assert.match(stats, /janvier 2015 – février 2016/);
  const first = await cards.nth(0).innerText();
  assert.match(first, /ChannelNews/);
  assert.match(first, /mots/);
  assert.match(first, /C’est par un communiqué que SFR/, 'the first lines of the article are shown');
  assert.equal(await page.title(), 'Loupe — explorateur de corpus');
  await checkClean(session);
});

test('opening an article shows its full text, and back returns to the list', async () => {
  const session = await open();
  const { page } = session;
  await page.locator('.card-title a', { hasText: 'SFR rachète la totalité de Numergy' }).click();
  await page.locator('.reader').waitFor();
  assert.equal(page.url(), `${server.url}#/doc/004_4aea2465524ab3c5`);
  assert.equal(await page.locator('#reader-title').innerText(), 'SFR rachète la totalité de Numergy');
  assert.match(await page.title(), /^SFR rachète la totalité de Numergy — Loupe$/);
  const prose = await proseText(page);
  // Every line of the file is there, in order, except the title line shown as the heading.
  let at = 0;
  for (const line of lines(seeds['004_4aea2465524ab3c5'])) {
    if (line === 'SFR rachète la totalité de Numergy') continue;
    const found = prose.indexOf(squash(line), at);
    assert.ok(found >= 0, `missing or out of order: ${line.slice(0, 60)}`);
    at = found;
  }
  assert.equal(await page.locator('.prose p').count() + (await page.locator('.prose h2').count()), lines(seeds['004_4aea2465524ab3c5']).length - 1);
  assert.match(await page.locator('.prose .credit').textContent(), /buchachon - Fotolia/);
  assert.match(await page.locator('.meta').innerText(), /LeMagIT[\s\S]*3 décembre 2015[\s\S]*estimée/);

  await page.goBack();
  await page.locator('.card').first().waitFor();
  assert.equal(await page.locator('.card').count(), 5);
  assert.equal(await page.evaluate(() => document.activeElement?.closest('[data-doc]')?.dataset.doc), '004_4aea2465524ab3c5',
    'focus returns to the article the reader came from');
  await page.goForward();
  assert.equal(await page.locator('#reader-title').innerText(), 'SFR rachète la totalité de Numergy');
  await checkClean(session);
});

test('a #/doc/<id> link opens the right article on a fresh load', async () => {
  for (const id of Object.keys(seeds)) {
    const session = await open({ hash: `#/doc/${id}` });
    const { page } = session;
    await page.locator('.reader').waitFor();
    const prose = await proseText(page);
    const body = lines(seeds[id]);
    // The last line of the file closes the article on screen.
    assert.ok(prose.endsWith(squash(body.at(-1))), `${id} ends with its last line`);
    assert.ok(prose.includes(squash(body[Math.floor(body.length / 2)])), `${id} shows its middle line`);
    await checkClean(session);
  }
});

test('an unknown article or view says so and offers a way back', async () => {
  const session = await open({ hash: '#/doc/nope' });
  const { page } = session;
  await page.locator('#reader-title').waitFor();
  assert.equal(await page.locator('#reader-title').innerText(), 'Article introuvable');
  await page.locator('a.button').click();
  await page.locator('.card').first().waitFor();
  await page.goto(`${server.url}#/nulle-part`);
  await page.locator('#notice-title').waitFor();
  assert.equal(await page.locator('#notice-title').innerText(), 'Page introuvable');
  await checkClean(session);
});

test('the reader pages through articles in list order', async () => {
  const session = await open({ hash: '#/doc/000_1e3444ed77a47f61' });
  const { page } = session;
  await page.locator('.reader').waitFor();
  // The app scrolls an opened article to its top and focuses its title; click after that, not during.
  await page.waitForFunction(() => document.activeElement?.id === 'reader-title');
  assert.equal(await page.locator('.pager-link.newer').count(), 0, 'the newest article has no newer one');
  await page.locator('.pager-link.older').click();
  await page.waitForURL(/004_4aea2465524ab3c5$/);
  assert.equal(await page.locator('#reader-title').innerText(), 'SFR rachète la totalité de Numergy');
  await checkClean(session);
});

test('a 360 px phone gets the whole page without sideways scrolling', async () => {
  for (const hash of ['', '#/doc/001_186c063bfb0db637', '#/entities/ORG', '#/?q=cloud%20numerixyz']) {
    const session = await open({ viewport: MOBILE, hash });
    const { page } = session;
    await page.locator('.card, .reader, .entity-page, .rescue').first().waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= MOBILE.width, `page is ${width}px wide on a ${MOBILE.width}px screen`);
    await checkClean(session);
  }
});

test('each screen has no serious or critical accessibility violation (axe-core)', async () => {
  const axe = await readFile(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
  for (const colorScheme of ['light', 'dark']) {
    for (const hash of ['', '#/?q=etat%20souverain', '#/doc/004_4aea2465524ab3c5?q=numergy', '#/entity/caisse-des-depots', '#/timeline', '#/doc/nope',
      '#/entities/ORG', '#/entity/atos', '#/?q=cloud%20numerixyz', '#/?q=bill', '#/?q=ovh%20or%20ikoula']) {
      // The page's CSP rightly refuses injected scripts; axe is the test's own.
      const session = await open({ colorScheme, hash, bypassCSP: true });
      const { page } = session;
      await page.locator('.card, .reader, .notice, .entity-page, .rescue').first().waitFor();
      await page.addScriptTag({ content: axe });
      const violations = await page.evaluate(async () => {
        const result = await window.axe.run(document, { resultTypes: ['violations'] });
        return result.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      });
      assert.deepEqual(violations, [], `${colorScheme} ${hash || 'list'}`);
      await page.context().close();
    }
  }
});

test('screenshots of every screen: desktop and mobile, light and dark', async () => {
  for (const [device, viewport] of [['desktop', DESKTOP], ['mobile', MOBILE]]) {
    for (const colorScheme of ['light', 'dark']) {
      for (const [name, hash] of [['list', ''], ['reader', '#/doc/004_4aea2465524ab3c5'], ['reader-match', '#/doc/001_186c063bfb0db637?q=ovh'],
        ['entities', '#/entities/ORG'], ['related', '#/entity/atos'], ['rescue', '#/?q=cloud%20numerixyz'], ['explain', '#/?q=bill%20or%20ikoula']]) {
        const session = await open({ viewport, colorScheme, hash });
        const { page } = session;
        await page.locator('.card, .reader, .entity-page, .rescue').first().waitFor();
        if (name === 'reader') await page.locator('.provenance .cite').click();
        await page.screenshot({ path: join(SHOTS, `${name}-${device}-${colorScheme}.png`), fullPage: name === 'reader' || name === 'entities' });
        await checkClean(session);
      }
    }
  }
});
