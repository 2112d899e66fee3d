// Searching the corpus as a reader does, in the system Chromium, against the
// seeds' site (site/, written by loupe site).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { launch, ROOT, complete, drawn } from './harness.mjs';
import { serve } from './server.mjs';

const SHOTS = join(ROOT, 'artifacts/screenshots');

let browser;
let server;

before(async () => {
  server = await serve(join(ROOT, 'site'));
  browser = await launch();
  await mkdir(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(hash = '', { viewport = { width: 1280, height: 860 }, colorScheme = 'light', ready = '.card' } = {}) {
  const page = await (await browser.newContext({ viewport, colorScheme })).newPage();
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(server.url + hash);
  await complete(page);
  await page.locator(ready).first().waitFor();
  return { page, problems };
}

const count = (page) => page.locator('#results-title').textContent();

async function search(page, query, expected) {
  await page.locator('#search').fill(query);
  await page.waitForFunction((want) => document.querySelector('#results-title')?.textContent === want, expected);
  await drawn(page);
}
const cards = (page) => page.locator('.card');
const marks = (page) => page.locator('.cards mark[data-match]').allTextContents();

test('the search field is the page’s only search input and has the focus on load', async () => {
  const { page, problems } = await open();
  assert.equal(await page.locator('input[type=search]').count(), 1);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'search');
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('searching without accents finds the accented word, as you type', async () => {
  const { page, problems } = await open();
  await page.locator('#search').pressSequentially('etat');
  // The last key's results: "e", "et" and "eta" have theirs too, on the way.
  await page.waitForFunction(() => location.hash.endsWith('q=etat')
    && document.querySelector('section.results')?.getAttribute('aria-busy') !== 'true'
    && document.querySelector('#results-title')?.textContent.includes('trouvés'));
  assert.equal(await count(page), '4 articles trouvés');
  const found = new Set((await marks(page)).map((m) => m.toLowerCase()));
  assert.ok(found.has('état'), [...found].join(', '));
  assert.match(page.url(), /#\/\?q=etat$/);
  // The URL reproduces the view.
  await page.reload();
  await page.locator('.card').first().waitFor();
  assert.equal(await page.locator('#search').inputValue(), 'etat');
  assert.equal(await count(page), '4 articles trouvés');
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('a typo and a phrase', async () => {
  const { page } = await open('#/?q=Numergi%20');
  assert.equal(await count(page), '5 articles trouvés');
  assert.ok((await marks(page)).every((m) => m === 'Numergy'));
  await page.locator('#search').fill('"cloud souverain"');
  await page.waitForFunction(() => document.querySelector('#results-title')?.textContent.startsWith('4'));
  assert.ok((await marks(page)).every((m) => m.toLowerCase() === 'cloud souverain'));
  await page.locator('#search').fill('orange -sfr');
  await page.waitForFunction(() => document.querySelector('#results-title')?.textContent.startsWith('Aucun'));
  assert.equal(await cards(page).count(), 0);
  await page.context().close();
});

test('a facet narrows the results, shows it is on, and a second click removes it', async () => {
  const { page } = await open('#/?q=numergy');
  assert.equal(await count(page), '5 articles trouvés');
  const lemagit = page.locator('.facet-value', { hasText: 'LeMagIT' });
  await lemagit.click();
  await page.waitForFunction(() => document.querySelector('#results-title')?.textContent.startsWith('1 '));
  assert.equal(await page.locator('#search').inputValue(), 'numergy source:lemagit ');
  assert.equal(await page.locator('.facet-value', { hasText: 'LeMagIT' }).getAttribute('aria-pressed'), 'true');
  assert.equal(await page.locator('.card-title a').innerText(), 'SFR rachète la totalité de Numergy');
  const years = await page.locator('.facet', { hasText: 'Années' }).locator('.facet-value').allInnerTexts();
  assert.deepEqual(years.map((y) => y.replace(/\s+/g, ' ')), ['2015 1'], 'counts follow the filtered set');
  const months = await page.locator('.facet', { hasText: 'Mois' }).locator('.facet-value').allInnerTexts();
  assert.deepEqual(months.map((m) => m.replace(/\s+/g, ' ')), ['décembre 2015 1'], 'months read in French');
  await page.locator('.facet-value', { hasText: 'LeMagIT' }).click();
  await page.waitForFunction(() => document.querySelector('#results-title')?.textContent.startsWith('5 '));
  await page.context().close();
});

test('a result opens the article with the matches marked, and back returns to the same results', async () => {
  const { page } = await open('#/?q=44%2C3');
  await page.locator('.card-title a').first().click();
  await page.locator('.reader').waitFor();
  assert.match(page.url(), /#\/doc\/003_4db2dbfe3363038d\?q=44%2C3$/);
  assert.deepEqual(await page.locator('.prose mark[data-match]').allTextContents(), ['44,3']);
  assert.equal(await page.locator('.back').innerText(), '← Résultats pour «\u202f44,3\u202f»');
  await page.goBack();
  await page.locator('.card').first().waitFor();
  assert.equal(await page.locator('#search').inputValue(), '44,3');
  assert.equal(await count(page), '1 article trouvé');
  await page.context().close();
});

test('the keyboard: / focuses the search, Escape leaves it, a second Escape clears it', async () => {
  const { page } = await open('#/?q=thales');
  await page.locator('.card-title a').first().focus();
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'search');
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('#search').inputValue(), 'thales');
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('#search').inputValue(), '');
  await page.waitForFunction(() => document.querySelector('#results-title')?.textContent === '5 articles');
  await page.context().close();
});

test('what the query language cannot read is said quietly, in French', async () => {
  const { page } = await open('#/?q=numergy%20date%3Ahier%20');
  assert.match(await page.locator('.warnings').innerText(), /«\u202fhier\u202f» n’est pas une date/);
  assert.equal(await count(page), '5 articles trouvés');
  await page.context().close();
});

test('screenshots of a search: desktop and mobile, light and dark', async () => {
  for (const [device, viewport] of [['desktop', { width: 1280, height: 860 }], ['mobile', { width: 360, height: 760 }]]) {
    for (const colorScheme of ['light', 'dark']) {
      const { page, problems } = await open('#/?q=etat%20souverain', { viewport, colorScheme });
      await page.screenshot({ path: join(SHOTS, `search-${device}-${colorScheme}.png`) });
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= viewport.width, `${device}: ${width}px wide`);
      const reader = await open('#/doc/001_186c063bfb0db637?q=etat%20souverain', { viewport, colorScheme, ready: '.reader' });
      assert.ok((await reader.page.locator('.prose mark[data-match]').count()) > 0, 'the reader marks the matches');
      await reader.page.screenshot({ path: join(SHOTS, `reader-search-${device}-${colorScheme}.png`) });
      assert.deepEqual([...problems, ...reader.problems], []);
      await page.context().close();
      await reader.page.context().close();
    }
  }
});

test('hostile queries, typed, pasted or in the link, leave the app answering', async () => {
  const hostile = [
    '('.repeat(5000),
    `${'('.repeat(20000)}cloud${')'.repeat(20000)}`,
    ')'.repeat(30000),
    'a'.repeat(100000),
    'cloud \u0000\u0007\u001b[2J \u202e\u2066 OR - ( " «',
  ];
  const { page, problems } = await open();
  for (const q of hostile) {
    await page.locator('#search').fill(q);
    await page.waitForFunction(() => document.querySelector('#results-title')?.textContent.length > 0);
  }
  // Typed, not only filled.
  await page.locator('#search').fill('');
  await page.locator('#search').pressSequentially('((((((((((((((((((((((((((((((((((((((((cloud');
  await search(page, 'etat', '4 articles trouvés');
  // A link carrying a hostile query opens and still answers.
  const deep = encodeURIComponent('('.repeat(5000));
  const { page: linked, problems: linkedProblems } = await open(`#/?q=${deep}`, { ready: '#results-title' });
  await search(linked, 'etat', '4 articles trouvés');
  assert.deepEqual(problems, []);
  assert.deepEqual(linkedProblems, []);
  await page.context().close();
  await linked.context().close();
});
