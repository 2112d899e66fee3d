// The story the articles hold, as a reader follows it: the entity network
// (a name opens its page, a link its passages, by mouse and by keyboard, a
// list at 360 px), a company's ownership with every figure linked to its
// sentence, the facts on the timeline, and the exports, read back as a
// spreadsheet would read them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { launch, ROOT, complete } from './harness.mjs';
import { serve } from './server.mjs';

const SHOTS = join(ROOT, 'artifacts/screenshots');

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
  const context = await browser.newContext({ viewport, colorScheme, acceptDownloads: true });
  const page = await context.newPage();
  const problems = [];
  const elsewhere = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('request', (r) => !r.url().startsWith(server.url) && !r.url().startsWith('blob:') && elsewhere.push(r.url()));
  await page.goto(server.url + hash);
  await complete(page);
  await page.locator(ready).first().waitFor();
  return { page, problems, elsewhere };
}

/** RFC 4180: rows of fields (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; } else field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}

test('the network opens from the overview; a name opens its page, a link its passages, by mouse and by keyboard', async () => {
  const { page, problems, elsewhere } = await open('', '.overview');
  await page.locator('.overview a', { hasText: 'Réseau des entités' }).click();
  await page.locator('.net .net-svg').waitFor();
  assert.equal(await page.title(), 'Réseau des entités — Loupe');
  assert.ok(await page.evaluate(() => document.activeElement?.id === 'network-title'), 'focus moves to the title');
  const names = await page.locator('a.net-node text').allTextContents();
  for (const name of ['Cloudwatt', 'Numergy', 'Orange', 'SFR', 'Caisse des Dépôts']) assert.ok(names.includes(name), `${name} in ${names}`);
  await page.screenshot({ path: join(SHOTS, 'network-desktop-light.png'), fullPage: true });

  // A name opens its entity page.
  await page.locator('a.net-node[aria-label^="Cloudwatt,"]').click();
  await page.waitForFunction(() => document.querySelector('#entity-title')?.textContent === 'Cloudwatt');
  await page.goBack();
  await page.locator('.net .net-svg').waitFor();

  // A link of the drawing opens its passages in the list, in view and focused.
  const edge = page.locator('a.net-edge').first();
  const href = await edge.getAttribute('href');
  const n = href.match(/^#\/network\/(\d+)$/)[1];
  await edge.dispatchEvent('click');
  await page.waitForFunction((n) => document.querySelector(`.net details[data-edge="${n}"]`)?.open, n);
  assert.ok(await page.evaluate((n) => document.activeElement?.closest('details')?.dataset.edge === n, n));
  const passage = page.locator(`.net details[data-edge="${n}"] li a`).first();
  const at = Number((await passage.getAttribute('href')).match(/at=(\d+)/)[1]);
  await passage.click();
  await page.locator('.reader').waitFor();
  await page.waitForFunction((at) => document.querySelector('mark.entity.target')?.dataset.at === String(at), at);
  await page.goBack();

  // The keyboard reaches the names: focus one, Enter opens its page.
  await page.locator('.net .net-svg').waitFor();
  const node = page.locator('a.net-node[aria-label^="Numergy,"]');
  assert.notEqual(await node.getAttribute('tabindex'), '-1');
  await node.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#entity-title')?.textContent === 'Numergy');
  assert.deepEqual(problems, []);
  assert.deepEqual(elsewhere, []);
  await page.context().close();
});

test('at 360 px the network is a list, in both themes', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const { page, problems } = await open('#/network', '.net', { viewport: { width: 360, height: 800 }, colorScheme });
    await page.locator('.net-list').waitFor();
    assert.equal(await page.locator('.net .net-svg').first().isVisible(), false, 'the drawing is hidden');
    assert.ok(await page.locator('.net-list details').count() >= 5);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'no horizontal scroll');
    await page.screenshot({ path: join(SHOTS, `network-360-${colorScheme}.png`) });
    const dark = await open('#/network', '.net .net-svg', { colorScheme });
    if (colorScheme === 'dark') await dark.page.screenshot({ path: join(SHOTS, 'network-desktop-dark.png') });
    await dark.page.context().close();
    assert.deepEqual(problems, []);
    await page.context().close();
  }
});

test('a company tells who held it, each figure linked to the sentence that states it', async () => {
  for (const [id, holders, buyer] of [['cloudwatt', ['Orange', 'Thales', 'Caisse des Dépôts'], 'Orange'], ['numergy', ['SFR', 'Caisse des Dépôts'], 'SFR']]) {
    const { page, problems } = await open(`#/entity/${id}`, '.entity-page');
    const section = page.locator('.ownership');
    await section.locator('.own-table').waitFor();
    assert.equal(await section.locator('h2').textContent(), 'Actionnariat');
    const table = await section.locator('.own-table').innerText();
    for (const h of holders) assert.ok(table.includes(h), `${h} holds part of ${id}`);
    const buys = section.locator('.own-table tr', { hasText: 'rachat' });
    assert.ok(await buys.count() >= 1, `${id} was bought`);
    const links = await section.locator('.own-table a[href^="#/doc/"]').evaluateAll((els) => els.map((e) => e.getAttribute('href')));
    assert.ok(links.length >= holders.length);
    assert.ok(links.every((h) => /\?at=\d+$/.test(h)), 'every fact lands on a mention');
    await page.screenshot({ path: join(SHOTS, `ownership-${id}-desktop-light.png`), fullPage: true });
    // A fact opens its article on the buyer's mention in the sentence.
    const row = section.locator('.own-table tbody').filter({ has: page.locator('th', { hasText: new RegExp(`^${buyer}$`) }) })
      .locator('a[href^="#/doc/"]').first();
    await row.click();
    await page.locator('.reader').waitFor();
    await page.waitForFunction((buyer) => document.querySelector('mark.entity.target')?.textContent.includes(buyer), buyer);
    assert.deepEqual(problems, []);
    await page.context().close();
  }
  for (const colorScheme of ['light', 'dark']) {
    const { page } = await open('#/entity/numergy', '.ownership .own-table', { viewport: { width: 360, height: 800 }, colorScheme });
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'no horizontal scroll');
    await page.locator('.ownership').screenshot({ path: join(SHOTS, `ownership-numergy-360-${colorScheme}.png`) });
    await page.context().close();
  }
});

test('the timeline carries the facts its dates hold', async () => {
  const { page, problems } = await open('#/timeline', '.timeline');
  await page.locator('.timeline[aria-busy="false"]').waitFor();
  const facts = page.locator('.timeline-date .relation-list li');
  assert.ok(await facts.count() >= 1);
  // Each fact is under the date its sentence gives.
  const placed = await page.locator('.timeline-date').evaluateAll((sections) => sections.flatMap((s) => [...s.querySelectorAll('.relation-list li')].map((li) => [s.querySelector('.timeline-when').textContent, li.textContent])));
  assert.ok(placed.every(([when, fact]) => fact.includes(when)), JSON.stringify(placed));
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('every export downloads and reads back with its accents, made in the page', async () => {
  const { page, problems, elsewhere } = await open('#/?q=cloudwatt', '.results');
  const count = Number((await page.locator('#results-title').textContent()).match(/\d+/)[0]);
  await page.locator('.exports summary').click();
  const take = async (spec) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-loupe-export="${spec}"]`).click()]);
    return { name: download.suggestedFilename(), text: await readFile(await download.path(), 'utf8') };
  };
  const results = await take('results.csv');
  assert.equal(results.name, 'resultats.csv');
  assert.ok(results.text.startsWith('\uFEFF'), 'a byte-order mark');
  const rows = parseCsv(results.text.slice(1));
  assert.equal(rows.length - 1, count, 'one row per result');
  assert.match(await page.locator('.export-status').textContent(), /resultats\.csv/);

  const json = JSON.parse((await take('results.json')).text);
  assert.equal(json.total, count);
  assert.equal(json.hits.length, count);

  const entities = parseCsv((await take('entities.csv')).text.slice(1));
  const cdc = entities.find((r) => r.includes('Caisse des Dépôts'));
  assert.ok(cdc, 'accents intact');
  assert.ok(cdc.some((f) => f.includes('CDC')), 'with its aliases');

  const mentions = parseCsv((await take('mentions.csv')).text.slice(1));
  assert.ok(mentions.length > 100);
  assert.ok(mentions.slice(1).every((r) => r.length === mentions[0].length), 'every row has every column');

  const relations = parseCsv((await take('relations.csv')).text.slice(1));
  assert.ok(relations.some((r) => r.includes('acquisition') && r.includes('Orange') && r.includes('Cloudwatt')));
  const lines = (await take('relations.jsonl')).text.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, relations.length - 1);
  assert.deepEqual(problems, []);
  assert.deepEqual(elsewhere, []);
  await page.context().close();
});

test('the reader\'s own documents export their own entities, mentions and relations', async () => {
  const { page, problems, elsewhere } = await open('', '.collection');
  await page.locator('.paste summary').click();
  await page.locator('#paste-title').fill('Note de Brest');
  await page.locator('#paste-text').fill('Orange rachète Cloudwatt, annonce le maire de Brest. La médiathèque de Brest ouvre en mars 2016.');
  await page.locator('.paste button[type=submit]').click();
  await page.locator('.collection-switch [aria-pressed=true]', { hasText: 'Mes documents (1)' }).waitFor({ timeout: 60_000 });
  await page.locator('.exports summary').click();
  const take = async (spec) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-loupe-export="${spec}"]`).click()]);
    return parseCsv((await readFile(await download.path(), 'utf8')).slice(1));
  };
  const mentions = await take('mentions.csv');
  const title = mentions[0].indexOf('title');
  assert.ok(mentions.length > 2, `${mentions.length - 1} mentions`);
  assert.ok(mentions.slice(1).every((r) => r[title] === 'Note de Brest'), 'only the collection');
  const relations = await take('relations.csv');
  assert.equal(relations.length - 1, 1, JSON.stringify(relations));
  assert.ok(relations[1].includes('acquisition') && relations[1].includes('Orange') && relations[1].includes('Cloudwatt'));
  assert.deepEqual(problems, []);
  assert.deepEqual(elsewhere, []);
  await page.context().close();
});
