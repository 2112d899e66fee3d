// A site written by `loupe site` from a JSONL export of many articles: the
// list draws a page of hits and more on request, while the count and the
// facets stay exact over every match.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { drawn, servedSite } from './harness.mjs';

const ARTICLES = 27;
const site = servedSite('loupe-scale-', async (dir) => {
  const months = ['2019-03', '2019-04', '2020-01'];
  const lines = Array.from({ length: ARTICLES }, (_, i) => JSON.stringify({
    id: `a${String(i).padStart(2, '0')}`,
    title: `Dépêche ${i} sur la fusion des coopératives`,
    text: `La coopérative numéro ${i} annonce une fusion avec ses voisines du bassin. Le conseil a voté la fusion à une large majorité.\n`
      + (i % 3 === 0 ? 'Le ministère de l’Agriculture suit le dossier de près.\n' : 'Les producteurs attendent la récolte.\n'),
    date: months[i % 3],
    source: i % 2 ? 'Le Courrier' : 'La Gazette',
  }));
  await writeFile(join(dir, 'export.jsonl'), lines.join('\n') + '\n');
  return join(dir, 'export.jsonl');
});

test('a page of hits, more on request; the count and facets are over every match', async () => {
  const page = await site.browser.newPage({ viewport: { width: 1280, height: 860 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(site.server.url + '#/?q=fusion');
  await page.locator('.card').first().waitFor();
  assert.equal(await page.locator('#results-title').textContent(), `${ARTICLES} articles trouvés`);
  // The first cards come first; the others as their files arrive (no card
  // before its file).
  await page.waitForFunction(() => document.querySelectorAll('.card').length >= 10);
  assert.equal(await page.locator('.card').count(), 10);
  const facet = (name) => page.locator(`[data-facet=source] .facet-value`, { hasText: name }).locator('.facet-count').textContent();
  assert.equal(Number(await facet('La Gazette')) + Number(await facet('Le Courrier')), ARTICLES);
  const more = page.locator('.more-button');
  assert.match(await more.innerText(), /^Afficher plus \(17 restants\)$/);
  await more.click();
  await page.waitForFunction(() => document.querySelectorAll('.card').length === 20);
  // Back from an article opened after "Afficher plus" finds it drawn, and focused.
  const fifteenth = await page.locator('.card').nth(14).getAttribute('data-doc');
  await page.locator('.card').nth(14).locator('.card-title a').click();
  await page.locator('.reader').waitFor();
  await page.goBack();
  await page.waitForFunction(() => document.querySelectorAll('.card').length === 20);
  await page.waitForFunction((id) => document.activeElement?.closest('[data-doc]')?.dataset.doc === id, fifteenth);
  await more.click();
  await page.waitForFunction((n) => document.querySelectorAll('.card').length === n, ARTICLES);
  assert.equal(await more.count(), 0);
  // A new search starts again at one page.
  await page.locator('#search').fill('fusion agriculture');
  await page.waitForFunction(() => document.querySelector('#results-title')?.textContent === '9 articles trouvés');
  await drawn(page);
  assert.equal(await page.locator('.card').count(), 9);
  await page.locator('#search').fill('cooperative');
  await page.waitForFunction(() => document.querySelectorAll('.card').length === 10);
  assert.deepEqual(problems, []);
  await page.close();
});
