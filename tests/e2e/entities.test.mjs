// Entities as a reader meets them: marked in the text and the snippets,
// listed beside the article, filtered by facet, and followed on their page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch, ROOT, complete } from './harness.mjs';
import { serve } from './server.mjs';

const SHOTS = join(ROOT, 'artifacts/screenshots');
const TYPES = ['PER', 'ORG', 'LOC', 'MISC', 'MONEY', 'PERCENT', 'DATE'];

let browser;
let server;

before(async () => {
  server = await serve(join(ROOT, 'site'));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(hash, ready, { viewport = { width: 1280, height: 860 }, colorScheme = 'light' } = {}) {
  const page = await (await browser.newContext({ viewport, colorScheme })).newPage();
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(server.url + hash);
  await complete(page);
  await page.locator(ready).first().waitFor();
  return { page, problems };
}

test('an article marks its entities with their type and canonical name, over the exact text', async () => {
  const { page, problems } = await open('#/doc/003_4db2dbfe3363038d', '.reader');
  const marks = await page.locator('.prose mark.entity').evaluateAll((els) =>
    els.map((e) => ({ text: e.textContent, type: e.dataset.type, entity: e.dataset.entity })));
  assert.ok(marks.length > 30, `${marks.length} mentions`);
  assert.ok(marks.every((m) => TYPES.includes(m.type) && m.entity), 'every mark has data-type and data-entity');
  const has = (text, type, entity) => marks.some((m) => m.text === text && m.type === type && m.entity === entity);
  assert.ok(has('Caisse des Dépôts', 'ORG', 'Caisse des Dépôts'));
  assert.ok(has('44,3 %', 'PERCENT', '44,3 %'));
  assert.ok(has('Etat', 'ORG', 'État français'), 'an alias links to the canonical entity');
  assert.ok(has('Patrick Strack', 'PER', 'Patrick Strack'));
  assert.ok(has('juillet dernier', 'DATE', '2014-07'), 'a relative date resolved from the publication date');
  // The labels are drawn by CSS: the text itself is the article's, untouched.
  const prose = await page.locator('.prose').evaluate((el) => [...el.children].map((c) => c.textContent).join(' '));
  assert.ok(prose.includes('Orange détient 44,3 % de la société de solutions de Cloud computing'), prose.slice(0, 200));
  // The side list groups them by type; a type can be hidden in the text.
  assert.ok(await page.locator('.doc-entity-group', { hasText: 'Caisse des Dépôts' }).count());
  const percent = page.locator('.prose mark.entity[data-type=PERCENT]').first();
  const before = await percent.evaluate((e) => getComputedStyle(e).backgroundColor);
  await page.locator('.type-toggle', { hasText: 'pourcentage' }).locator('input').uncheck();
  const after = await percent.evaluate((e) => getComputedStyle(e).backgroundColor);
  assert.notEqual(before, after);
  assert.equal(after, 'rgba(0, 0, 0, 0)');
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('snippets mark entities too, and a type facet filters the results', async () => {
  const { page } = await open('#/?q=44%2C3', '.card');
  assert.ok(await page.locator('.card-excerpt mark.entity[data-type=PERCENT][data-entity="44,3 %"]').count());
  await page.locator('#search').fill('');
  await page.waitForFunction(() => document.querySelector('#results-title')?.textContent === '5 articles');
  await page.locator('[data-facet=type] .facet-value', { hasText: 'MONEY' }).click();
  await page.waitForFunction(() => document.querySelector('#results-title')?.textContent === '3 articles trouvés');
  assert.equal(await page.locator('#search').inputValue(), 'type:MONEY ');
  // The finder knows spellings: "stark" (as some articles write it) finds Patrick Strack.
  await page.locator('.facet-find').fill('stark');
  assert.deepEqual(await page.locator('[data-facet=entity] .facet-label').allTextContents(), ['Patrick Strack']);
  // A misspelling finds the closest names, said to be so.
  await page.locator('.facet-find').fill('strak');
  assert.deepEqual(await page.locator('[data-facet=entity] .facet-label').allTextContents(), ['Patrick Strack']);
  assert.match(await page.locator('[data-facet=entity] .explain').innerText(), /plus proches/);
  // And aliases: "cdc" finds the Caisse des Dépôts.
  await page.locator('.facet-find').fill('cdc');
  assert.deepEqual(await page.locator('[data-facet=entity] .facet-label').allTextContents(), ['Caisse des Dépôts']);
  await page.locator('.facet-find').fill('');
  await page.locator('[data-facet=entity] .facet-value', { hasText: 'Numergy' }).click();
  await page.waitForFunction(() => document.querySelector('#search')?.value.includes('entity:"Numergy"'));
  await page.context().close();
});

test('an entity page lists its mentions in context, and a line opens the article at that place', async () => {
  const { page, problems } = await open('#/entity/caisse-des-depots', '.entity-page');
  // The passages come with their articles' texts: the page is busy until then.
  await page.locator('.entity-page[aria-busy="false"]').waitFor();
  assert.equal(await page.locator('#entity-title').innerText(), 'Caisse des Dépôts');
  assert.match(await page.locator('.entity-description').innerText(), /Institution financière publique/);
  const forms = await page.locator('.meta').innerText();
  assert.match(forms, /CDC/);
  assert.match(forms, /Caisse des dépôts et consignations/);
  const lines = page.locator('.kwic-line');
  assert.ok((await lines.count()) >= 8);
  const target = page.locator('.kwic-line', { hasText: 'CDC' }).first();
  const href = await target.getAttribute('href');
  await target.click();
  await page.locator('.reader').waitFor();
  const at = Number(href.match(/at=(\d+)/)[1]);
  const marked = page.locator('mark.entity.target');
  await marked.waitFor();
  assert.equal(await marked.getAttribute('data-at'), String(at));
  assert.equal(await marked.textContent(), 'CDC');
  await page.goBack();
  await page.locator('.entity-page').waitFor();
  await page.locator('.button', { hasText: 'Voir les articles' }).click();
  await page.waitForFunction(() => document.querySelector('#results-title')?.textContent === '4 articles trouvés');
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('the timeline tells the story in the order of time, and each passage opens the article at that place', async () => {
  const { page, problems } = await open('', '.overview');
  await page.locator('.overview-dates a', { hasText: 'Chronologie' }).click();
  await page.locator('.timeline[aria-busy="false"]').waitFor();
  assert.equal(await page.locator('#timeline-title').textContent(), 'Chronologie');
  assert.equal(await page.title(), 'Chronologie — Loupe');
  assert.ok(await page.evaluate(() => document.activeElement?.id === 'timeline-title'), 'focus moves to the title');
  const when = await page.locator('.timeline-when').allTextContents();
  assert.equal(when[0], '2012');
  for (const [earlier, later] of [['avril 2014', 'mars 2015'], ['mars 2015', 'octobre 2015'], ['10 décembre 2015', 'janvier 2016']]) {
    assert.ok(when.indexOf(earlier) >= 0 && when.indexOf(earlier) < when.indexOf(later), `${earlier} before ${later}: ${when}`);
  }
  // Every date the overview lists has its section, each with its passages.
  assert.equal(when.length, await page.locator('.timeline-date').count());
  const march = page.locator('.timeline-date', { has: page.locator('.timeline-when', { hasText: 'mars 2015' }) });
  const line = march.locator('.kwic-line').first();
  assert.match(await line.innerText(), /mars 2015/);
  await line.click();
  await page.locator('.reader').waitFor();
  await page.waitForFunction(() => document.querySelector('mark.entity.target')?.textContent === 'mars 2015');
  await page.goBack();
  await page.locator('.timeline[aria-busy="false"]').waitFor();
  // A date's heading opens its entity page.
  await page.locator('.timeline-when a', { hasText: 'mars 2015' }).click();
  await page.waitForFunction(() => document.querySelector('#entity-title')?.textContent === 'mars 2015');
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('screenshots of the entity screens: desktop and mobile, light and dark', async () => {
  for (const [device, viewport] of [['desktop', { width: 1280, height: 860 }], ['mobile', { width: 360, height: 760 }]]) {
    for (const colorScheme of ['light', 'dark']) {
      const reader = await open('#/doc/001_186c063bfb0db637', '.reader', { viewport, colorScheme });
      await reader.page.screenshot({ path: join(SHOTS, `reader-entities-${device}-${colorScheme}.png`) });
      const entity = await open('#/entity/caisse-des-depots', '.entity-page[aria-busy="false"]', { viewport, colorScheme });
      await entity.page.screenshot({ path: join(SHOTS, `entity-${device}-${colorScheme}.png`), fullPage: true });
      const timeline = await open('#/timeline', '.timeline', { viewport, colorScheme });
      await timeline.page.screenshot({ path: join(SHOTS, `timeline-${device}-${colorScheme}.png`) });
      for (const p of [reader.page, entity.page, timeline.page]) {
        const width = await p.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= viewport.width, `${device} ${colorScheme}: ${width}px wide`);
      }
      assert.deepEqual([...reader.problems, ...entity.problems, ...timeline.problems], []);
      await reader.page.context().close();
      await entity.page.context().close();
      await timeline.page.context().close();
    }
  }
});
