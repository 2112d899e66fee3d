// A sharded site whose entities part is heavy (30,000 generated articles:
// 1.3 MB raw, over the app's 750,000-byte threshold, src/corpus.rs): the
// start screen shows the overview from its own small part and fetches no
// entities; a search, an article or a link to a mention asks for them, and
// what they bring (entity facets, marks, the mention a link names) follows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generatedCorpus, servedSite } from './harness.mjs';

const N = 30000;
const site = servedSite('loupe-heavy-', () => generatedCorpus(N));

/** In the page: the results of the query typed are drawn (not the last ones while it loads). */
const answered = () => document.querySelector('section.results')?.getAttribute('aria-busy') === 'false'
  && /trouvé|Aucun article/.test(document.querySelector('#results-title')?.textContent ?? '');

/** A fresh visitor; `kinds` lists the kinds of the parts fetched. */
async function visit(hash = '', options = {}) {
  const context = await site.browser.newContext({ viewport: { width: 1280, height: 860 }, ...options });
  const page = await context.newPage();
  const problems = [];
  const kinds = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('request', (r) => {
    const m = new URL(r.url()).pathname.match(/\/shards\/(\w+)-/);
    if (m) kinds.push(m[1]);
  });
  await page.goto(site.server.url + hash);
  return { context, page, problems, kinds };
}

test('a heavy entities part: the start screen has its overview without it; a search brings the entity facets after its results', async () => {
  const { context, page, problems, kinds } = await visit();
  await page.locator('.overview .overview-types a').first().waitFor();
  await page.locator('.card').first().waitFor();
  await page.waitForTimeout(1000);
  assert.ok(kinds.includes('over'), `${kinds}`);
  for (const k of ['ents', 'eidx']) assert.ok(!kinds.includes(k), `the start screen fetches no entities: ${kinds}`);
  assert.equal(await page.locator('[data-facet="entity"]:not([hidden])').count(), 0);
  assert.equal(await page.locator('[data-facet="pending"]').count(), 0, 'no note on the start screen');
  await page.locator('#search').fill('souverain ');
  await page.locator('[data-facet="entity"]:not([hidden]) .facet-value').first().waitFor();
  for (const k of ['ents', 'eidx']) assert.ok(kinds.includes(k), `a search asks for them: ${kinds}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a heavy entities part: an article linked directly gets its marks, the first one a Tab stop; a link to a mention opens there', async () => {
  let { context, page, problems } = await visit();
  await page.locator('.card').first().waitFor();
  const href = await page.locator('.card-title a').first().getAttribute('href');
  await context.close();
  ({ context, page, problems } = await visit(href));
  await page.locator('.reader').waitFor();
  const first = page.locator('.prose mark.entity').first();
  await first.waitFor();
  await page.waitForFunction(() => document.querySelector('.prose mark.entity')?.getAttribute('tabindex') === '0');
  const at = await page.locator('.prose mark.entity').nth(2).getAttribute('data-at');
  assert.deepEqual(problems, []);
  await context.close();
  ({ context, page, problems } = await visit(`${href}?at=${at}`));
  await page.locator(`mark.entity.target[data-at="${at}"]`).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a heavy entities part: an entity filter typed first needs its chunk and the index, not every entity', async () => {
  // (No service worker: the requests it would make are not the page's to hold.)
  const { context, page, problems, kinds } = await visit('', { serviceWorkers: 'block' });
  await page.locator('.card').first().waitFor();
  // Every chunk of entities after the first is held back: an answer that
  // needed more (the table, or a wrong chunk) would never come.
  const held = [];
  let seen = 0;
  let release = false;
  await page.route(/\/shards\/ents-/, (route) => {
    seen += 1;
    if (seen > 1 && !release) held.push(route);
    else route.continue();
  });
  const q = 'entity:Numergy';
  await page.locator('#search').fill(q);
  const title = page.locator('#results-title');
  await page.waitForFunction(answered);
  const answer = await title.textContent();
  const n = Number(answer.replace(/\D/g, ''));
  assert.ok(n > 0 && n < N, answer);
  // Meanwhile the facets say the entities are coming, not nothing.
  const pending = page.locator('[data-facet="pending"]');
  await pending.waitFor();
  assert.match(await pending.textContent(), /Chargement des entités/);
  // Then the rest (the facets ask for every entity): the same count from the whole table.
  for (let i = 0; i < 200 && held.length < 3; i += 1) await new Promise((r) => setTimeout(r, 50));
  assert.ok(held.length > 2, `the site has more chunks than the filter needed: ${held.length} held`);
  release = true;
  for (const route of held) await route.continue();
  await page.locator('[data-facet="entity"]:not([hidden]) .facet-value').first().waitFor();
  assert.equal(await pending.count(), 0, 'the note goes when they come');
  await page.locator('#search').fill('');
  await page.locator('#search').fill(q);
  await page.waitForFunction(answered);
  assert.equal(await title.textContent(), answer);
  assert.ok(kinds.includes('eidx'));
  assert.deepEqual(problems, []);
  await context.close();
});

test('a heavy entities part that cannot be fetched: the facets say so, the results stay', async () => {
  const { context, page, problems } = await visit('', { serviceWorkers: 'block' });
  await page.route(/\/shards\/ents-/, (route) => route.abort());
  await page.locator('.card').first().waitFor();
  await page.locator('#search').fill('souverain ');
  await page.waitForFunction(answered);
  const note = page.locator('[data-facet="pending"]');
  await page.waitForFunction(() => /pas pu/.test(document.querySelector('[data-facet="pending"]')?.textContent ?? ''));
  assert.match(await note.textContent(), /Les entités du corpus n’ont pas pu être chargées/);
  assert.ok(await page.locator('.card').count() > 0, 'the results are drawn');
  // (The failed fetches are the browser's console errors, expected here.)
  assert.deepEqual(problems.filter((p) => !/Failed to load resource|net::ERR_FAILED/.test(p)), []);
  await context.close();
});
