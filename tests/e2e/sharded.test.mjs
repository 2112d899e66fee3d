// A site of 10,000 generated articles written sharded by `loupe site`: the
// first load is the app and a small entry; a query fetches the few parts it
// needs; the reader fetches only its article; an entity page its newest
// articles; "keep offline" fetches everything, and then the site works with
// the network off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generatedCorpus, servedSite } from './harness.mjs';

const N = 10000;
const site = servedSite('loupe-sharded-', () => generatedCorpus(N));

/** A fresh visitor; `files` lists the corpus files fetched (entry and parts), in order. */
async function visit(hash = '') {
  const context = await site.browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  const problems = [];
  const files = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    const at = path.lastIndexOf('/shards/');
    if (at >= 0) files.push(path.slice(at + 1));
    else if (/\/corpus\.\w+$/.test(path)) files.push(path.slice(path.lastIndexOf('/') + 1));
  });
  await page.goto(site.server.url + hash);
  return { context, page, problems, files };
}

const kind = (file) => file.match(/^shards\/(\w+)-/)?.[1] ?? file;
const count = (files, k) => files.filter((f) => kind(f) === k).length;
const settled = (page) => page.waitForFunction(() =>
  document.querySelector('section.results')?.getAttribute('aria-busy') === 'false'
  && !document.querySelector('section.results')?.hasAttribute('data-partial')
  && /trouvés?$/.test(document.querySelector('#results-title')?.textContent ?? ''));

test('the first load is the app and the entry; a query fetches a few parts; the count and facets are exact', async () => {
  const { context, page, problems, files } = await visit();
  await page.locator('#search').waitFor();
  await page.locator('.card').first().waitFor();
  // Titles first (the metadata), then each card's excerpt (its article's text).
  await page.waitForFunction(() => [...document.querySelectorAll('.card-excerpt')].every((e) => e.textContent.trim() !== ''));
  assert.equal(files[0], 'corpus.idx', 'the entry first');
  assert.ok(!files.some((f) => /^corpus\.loupe/.test(f)), 'no whole corpus');
  assert.equal(count(files, 'doc'), 10, `the start page's ten articles only: ${files}`);
  assert.equal(count(files, 'post') + count(files, 'dict'), 0, 'no index part before a query');

  const before = files.length;
  // A finished word (the space): the facet clicked below keeps it one.
  await page.locator('#search').fill('souverain ');
  await settled(page);
  const fetched = files.slice(before);
  assert.ok(count(fetched, 'dict') >= 1 && count(fetched, 'post') >= 1, `${fetched}`);
  assert.ok(count(fetched, 'doc') <= 10, `at most a page of texts: ${fetched}`);
  assert.ok(fetched.length <= 40, `${fetched.length} files for one word`);
  const total = Number((await page.locator('#results-title').textContent()).replace(/\D/g, ''));
  assert.ok(total > 10, `${total} articles`);
  assert.equal(await page.locator('.card').count(), 10);
  const sources = await page.locator('[data-facet=source] .facet-count').allTextContents();
  assert.equal(sources.reduce((sum, n) => sum + Number(n.replace(/\D/g, '')), 0), total, 'the source counts add up to the total');
  // Every card has its title and its excerpt, the match marked.
  assert.equal(await page.locator('.card-title a:not(:empty)').count(), 10);
  await page.waitForFunction(() => document.querySelectorAll('.card-excerpt mark').length >= 10);

  // A facet narrows to exactly its count.
  const facet = page.locator('[data-facet=source] .facet-value').first();
  const want = Number((await facet.locator('.facet-count').textContent()).replace(/\D/g, ''));
  await facet.click();
  await settled(page);
  await page.waitForFunction((n) => Number(document.querySelector('#results-title').textContent.replace(/\D/g, '')) === n, want);

  // Opening an article fetches its text only.
  const opened = files.length;
  await page.locator('.card-title a').first().click();
  await page.locator('.reader .prose p').first().waitFor();
  assert.ok(files.slice(opened).every((f) => ['doc', 'meta', 'ids'].includes(kind(f))), `${files.slice(opened)}`);
  assert.ok((await page.locator('.prose mark[data-match]').count()) > 0, 'the query is marked in the text');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a shared link to an article, and an entity page over thousands of articles', async () => {
  const { context, page, problems, files } = await visit();
  await page.locator('.card').first().waitFor();
  const id = await page.locator('.card').nth(3).getAttribute('data-doc');
  await context.close();

  const direct = await visit(`#/doc/${id}`);
  await direct.page.locator('.reader .prose p').first().waitFor();
  assert.equal(await direct.page.evaluate(() => document.activeElement?.id), 'reader-title');
  assert.equal(count(direct.files, 'post') + count(direct.files, 'dict'), 0, `${direct.files}`);
  // The most mentioned organisation: its page shows the newest articles' passages and says so.
  await direct.page.goto(`${site.server.url}#/entities/ORG`);
  await direct.page.locator('.entity-table tbody a').first().click();
  await direct.page.locator('#entity-title').waitFor();
  await direct.page.locator('.kwic-line').first().waitFor();
  // The newest 40 asked for (more when other texts are there already), not the thousands.
  const note = direct.page.locator('.explain', { hasText: /^Passages de [\d\s]+ articles sur [\d\s]+ \(les plus récents d’abord\)\.$/ });
  await note.waitFor();
  const docs = await direct.page.locator('.kwic-doc').count();
  const all = Number((await note.textContent()).match(/sur ([\d\s]+) \(/)[1].replace(/\D/g, ''));
  assert.ok(docs >= 40 && docs < all, `${docs} of ${all} articles in context`);
  assert.deepEqual([...problems, ...direct.problems], []);
  await direct.context.close();
  void files;
});

test('keep offline fetches every part with its progress; then the site works with the network off', async () => {
  const { context, page, problems } = await visit();
  await page.locator('.card').first().waitFor();
  // The service worker must control the page, so that it keeps what is fetched.
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 30000 });
  const keep = page.locator('.offline button');
  assert.match(await keep.innerText(), /^Garder tout le corpus hors ligne \(\d+,\d\sMo\)$/);
  await keep.click();
  await page.locator('.offline progress').waitFor();
  await page.locator('[data-offline=kept]').waitFor({ timeout: 240000 });
  await context.setOffline(true);
  await page.reload();
  await page.locator('.card').first().waitFor();
  await page.locator('#search').fill('numerique');
  await settled(page);
  assert.equal(await page.locator('.card').count(), 10);
  await page.locator('.card-title a').first().click();
  await page.locator('.reader .prose p').first().waitFor();
  assert.deepEqual(problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(p)), []);
  await context.close();
});
