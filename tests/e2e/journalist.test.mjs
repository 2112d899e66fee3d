// The explorer as a journalist on deadline uses it: history that walks every
// view, the reader that opens at the match, the keyboard, pages that say
// where their links go.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch, ROOT, complete, drawn } from './harness.mjs';
import { serve } from './server.mjs';

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

async function open(hash = '', ready = '.card', options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, ...options });
  const page = await context.newPage();
  const problems = [];
  // Errors, and the warnings this issue is about (Chromium's notice on
  // preload integrity is about the page's <link>, not the app).
  page.on('console', (m) => (m.type() === 'error' || /preventDefault|passive/i.test(m.text())) && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(server.url + hash);
  await complete(page);
  await page.locator(ready).first().waitFor();
  return { context, page, problems };
}

const count = (page) => page.locator('#results-title').textContent();
const hash = (page) => decodeURIComponent(new URL(page.url()).hash);

test('facet clicks, chips and the order are history: Back and Forward walk every view, and never leave Loupe', async () => {
  const { context, page, problems } = await open();
  await page.locator('[data-facet=date] .facet-value', { hasText: 'janvier 2015' }).click();
  await page.waitForFunction(() => location.hash.includes('date'));
  const month = hash(page);
  await page.locator('[data-facet=entity] .facet-value').first().click();
  await page.waitForFunction(() => location.hash.includes('entity'));
  const both = hash(page);
  await page.locator('.sort select').selectOption('date');
  await page.waitForFunction(() => location.hash.includes('sort=date'));
  await page.goBack();
  await page.waitForFunction((h) => decodeURIComponent(location.hash) === h, both);
  assert.equal(await page.locator('.sort select').inputValue(), 'relevance');
  await page.goBack();
  await page.waitForFunction((h) => decodeURIComponent(location.hash) === h, month);
  assert.equal(await page.locator('#search').inputValue(), 'date:2015-01 ');
  await page.goBack();
  await page.waitForFunction(() => !location.hash.includes('date'));
  assert.ok(page.url().startsWith(server.url), `still in Loupe: ${page.url()}`);
  assert.equal(await count(page), '5 articles');
  await page.goForward();
  await page.waitForFunction((h) => decodeURIComponent(location.hash) === h, month);
  assert.equal(await page.locator('.chip').count(), 1);
  // Typing replaces the current entry: one Back goes to the view before the typing.
  await page.locator('#search').fill('numergy');
  await page.waitForFunction(() => location.hash.includes('numergy'));
  await page.locator('#search').fill('numergy sfr');
  await page.waitForFunction(() => location.hash.includes('sfr'));
  await page.locator('.card-title a').first().click();
  await page.locator('.reader').waitFor();
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('#search')?.value === 'numergy sfr');
  assert.deepEqual(problems, []);
  await context.close();
});

test('/ from a focused result goes to the field without typing; no passive-listener complaints', async () => {
  const { context, page, problems } = await open('#/?q=thales');
  await page.keyboard.press('ArrowDown');
  assert.ok(await page.evaluate(() => document.activeElement?.closest('.card') !== null));
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'search');
  assert.equal(await page.locator('#search').inputValue(), 'thales');
  await page.keyboard.press('Escape');
  await page.keyboard.press('j');
  await page.keyboard.press('k');
  assert.equal(await page.locator('#search').inputValue(), 'thales', 'j and k are not typed once the field is left');
  assert.deepEqual(problems.filter((p) => /preventDefault|passive/i.test(p)), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('Escape leaves the field, a second Escape clears the search, and Back brings it back', async () => {
  const { context, page } = await open();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'search', 'the empty start screen offers the field');
  await page.keyboard.type('numergy');
  await page.waitForFunction(() => document.querySelector('#results-title')?.textContent === '5 articles trouvés');
  await page.keyboard.press('Escape');
  assert.notEqual(await page.evaluate(() => document.activeElement?.id), 'search');
  assert.equal(await page.locator('#search').inputValue(), 'numergy', 'the first Escape keeps the query');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.querySelector('#search')?.value === '');
  assert.equal(await count(page), '5 articles');
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('#search')?.value === 'numergy');
  await context.close();
});

test('a shared link with a search leaves the field alone, so the single-key shortcuts work at once', async () => {
  const { context, page } = await open('#/?q=numergy');
  assert.notEqual(await page.evaluate(() => document.activeElement?.id), 'search');
  assert.equal(await page.title(), 'numergy — Loupe');
  await page.keyboard.press('j');
  assert.ok(await page.evaluate(() => document.activeElement?.closest('.card') !== null), 'j walks the results');
  assert.equal(await page.locator('#search').inputValue(), 'numergy');
  await context.close();
});

test('the reader opens at the first match, a third down the window, and n / N walk the passages', async () => {
  const { context, page, problems } = await open('#/?q=ovh');
  await page.locator('.card-title a').first().click();
  await page.locator('.reader').waitFor();
  const label = page.locator('.passages .match-count');
  const total = Number((await label.textContent()).match(/sur (\d+)/)[1]);
  assert.ok(total >= 1);
  assert.match(await label.textContent(), /^passage 1 sur \d+$/);
  const place = () => page.evaluate(() => {
    const m = document.querySelectorAll('.prose mark[data-match]');
    const current = [...m].find((x) => x.classList.contains('current')) ?? m[0];
    return current.getBoundingClientRect().top / innerHeight;
  });
  const first = await place();
  assert.ok(first > 0.15 && first < 0.6, `first match at ${first} of the window height`);
  assert.equal(await page.title(), `${await page.locator('#reader-title').textContent()} — Loupe`);
  if (total > 1) {
    await page.keyboard.press('n');
    await page.waitForFunction(() => /^passage 2/.test(document.querySelector('.passages .match-count').textContent));
    const second = await place();
    assert.ok(second > 0.15 && second < 0.6, `second match at ${second}`);
    await page.keyboard.press('Shift+N');
    await page.waitForFunction(() => /^passage 1/.test(document.querySelector('.passages .match-count').textContent));
  }
  await page.locator('.passage-prev').click();
  assert.match(await label.textContent(), new RegExp(`^passage ${total} sur ${total}$`), 'the walk wraps around');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a linked mention opens a third down the window, not at its bottom edge', async () => {
  const { context, page } = await open('#/entity/caisse-des-depots', '.kwic-line');
  await page.locator('.kwic-line').last().click();
  await page.locator('mark.entity.target').waitFor();
  const y = await page.evaluate(() => document.querySelector('mark.entity.target').getBoundingClientRect().top / innerHeight);
  assert.ok(y > 0.15 && y < 0.6, `target at ${y}`);
  await context.close();
});

test('an article is one Tab stop for all its mentions; the arrows walk them; the reader has its keys', async () => {
  const { context, page } = await open('#/?q=numergy');
  await page.locator('.card-title a').first().click();
  await page.locator('.reader').waitFor();
  const marks = await page.locator('.prose mark.entity').count();
  assert.ok(marks > 20, `${marks} mentions`);
  // Tab from the title through the whole page: the mentions count once.
  await page.locator('#reader-title').focus();
  let inMarks = 0;
  const seen = [];
  for (let i = 0; i < 80; i += 1) {
    await page.keyboard.press('Tab');
    const where = await page.evaluate(() => {
      const a = document.activeElement;
      return a?.closest('.prose mark.entity') ? 'mark' : a === document.body ? 'body' : a?.className || a?.tagName;
    });
    if (where === 'mark') inMarks += 1;
    seen.push(where);
    if (where === 'body' || seen.length > 2 && seen.at(-1) === seen[0] && inMarks) break;
  }
  assert.equal(inMarks, 1, `Tab stops: ${seen.join(', ')}`);
  // Arrows inside move from mention to mention.
  await page.locator('.prose mark.entity[tabindex="0"]').focus();
  const first = await page.evaluate(() => document.activeElement.dataset.at);
  await page.keyboard.press('ArrowRight');
  const second = await page.evaluate(() => document.activeElement.dataset.at);
  assert.ok(Number(second) > Number(first), `${first} then ${second}`);
  await page.keyboard.press('End');
  const last = await page.evaluate(() => document.activeElement.dataset.at);
  assert.equal(last, await page.locator('.prose mark.entity').last().getAttribute('data-at'));
  await page.keyboard.press('Home');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.at), first);
  await page.keyboard.press('Escape');
  // e hides every mark, j goes to the older article, u back to the results.
  await page.locator('#reader-title').focus();
  await page.keyboard.press('e');
  await page.waitForFunction(() => document.querySelector('.reader-layout').className.includes('hide-ORG'));
  const title = await page.locator('#reader-title').textContent();
  await page.keyboard.press('j');
  await page.waitForFunction((t) => document.querySelector('#reader-title')?.textContent !== t, title);
  await page.keyboard.press('u');
  await page.locator('.card').first().waitFor();
  assert.equal(await page.locator('#search').inputValue(), 'numergy');
  await context.close();
});

test('an entity page says where its back link goes, adds its filter to the search, links Wikidata as leaving Loupe', async () => {
  const { context, page } = await open('#/entity/orange?q=numergy', '#entity-title');
  assert.equal(await page.locator('.back').innerText(), '← Résultats pour «\u202fnumergy\u202f»');
  const wikidata = page.locator('.meta a.outbound');
  if (await wikidata.count()) {
    assert.match(await wikidata.getAttribute('href'), /^https:\/\/www\.wikidata\.org\/wiki\/Q\d+$/);
    assert.match(await wikidata.innerText(), /quitte Loupe/);
    assert.equal(await wikidata.getAttribute('target'), '_blank');
  }
  await page.locator('a.button', { hasText: 'Ajouter ce filtre' }).click();
  await page.locator('.card').first().waitFor();
  assert.equal(await page.locator('#search').inputValue(), 'numergy entity:"Orange"');
  await page.goto(server.url + '#/entity/orange');
  await page.locator('#entity-title').waitFor();
  assert.equal(await page.locator('.back').innerText(), '← Tous les articles');
  await context.close();
});

test('the filter from a mention card joins the search instead of replacing it', async () => {
  const { context, page } = await open('#/doc/001_186c063bfb0db637?q=cloud', '.reader');
  await page.locator('.prose mark.entity[data-entity="Thales"]').first().focus();
  await page.locator('.mention-card a', { hasText: 'Filtrer' }).click();
  await page.locator('.card').first().waitFor();
  assert.equal(await page.locator('#search').inputValue(), 'cloud entity:"Thales"');
  await context.close();
});

test('a card does not open under a resting pointer when the page changes under it', async () => {
  const { context, page } = await open('#/doc/001_186c063bfb0db637', '.reader');
  // Rest the pointer where a mention of the next article will be drawn.
  await page.goto(server.url + '#/doc/003_4db2dbfe3363038d');
  await page.locator('.prose mark.entity').first().waitFor();
  const box = await page.locator('.prose mark.entity').first().boundingBox();
  await page.goto(server.url + '#/doc/001_186c063bfb0db637');
  await page.locator('.reader').waitFor();
  await page.mouse.move(box.x + 2, box.y + box.height / 2);
  await page.evaluate(() => { location.hash = '#/doc/003_4db2dbfe3363038d'; });
  await page.waitForFunction(() => document.querySelector('#reader-title')?.textContent.startsWith('Orange veut'));
  await page.waitForTimeout(300);
  const under = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('mark.entity') !== null, { x: box.x + 2, y: box.y + box.height / 2 });
  assert.ok(under, 'a mention is under the pointer');
  assert.equal(await page.locator('.mention-card').count(), 0);
  // A real move opens it.
  await page.mouse.move(box.x + 4, box.y + box.height / 2);
  await page.locator('.mention-card').waitFor();
  await context.close();
});

test('on a phone the facet panel closes on a choice, the filter shown as a chip', async () => {
  const { context, page } = await open('', '.card', { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  await page.locator('.facets-toggle').click();
  await page.locator('[data-facet=source] .facet-value').first().click();
  await page.waitForFunction(() => location.hash.includes('source'));
  assert.equal(await page.locator('.facets-toggle').getAttribute('aria-expanded'), 'false');
  assert.equal(await page.locator('.chip').count(), 1);
  assert.ok(await page.locator('.chip').isVisible());
  await context.close();
});

test('after a query with no results the facet groups keep their order', async () => {
  const { context, page } = await open();
  const order = () => page.locator('.facets-panel > .facet:not([hidden])').evaluateAll((s) => s.map((x) => x.dataset.facet));
  const before = await order();
  await page.locator('#search').fill('zzzqqq');
  await page.waitForFunction(() => document.querySelector('#results-title')?.textContent.startsWith('Aucun'));
  await page.locator('#search').fill('cloud');
  await page.waitForFunction(() => document.querySelector('#results-title')?.textContent.includes('trouvé'));
  const afterwards = await order();
  assert.deepEqual(afterwards.filter((f) => before.includes(f)), before.filter((f) => afterwards.includes(f)));
  assert.equal(afterwards[0], 'type');
  await context.close();
});

test('an article is citable: one outbound link that says it leaves Loupe, and Citer copies a reference', async () => {
  const { context, page, problems } = await open('#/doc/004_4aea2465524ab3c5', '.reader');
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const out = page.locator('.provenance a.outbound');
  assert.equal(await out.count(), 1);
  assert.equal(await out.getAttribute('href'), 'https://lemagit.fr/actualites/4500259920/SFR-rachete-la-totalite-de-Numergy');
  assert.match(await out.innerText(), /^Lire sur LeMagIT \(site externe, quitte Loupe\)/);
  assert.equal(await out.getAttribute('target'), '_blank');
  assert.match(await out.getAttribute('rel'), /noopener/);
  await page.locator('.provenance .cite').click();
  await page.locator('.citation', { hasText: 'Référence copiée' }).waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(copied, /^«\u202fSFR rachète la totalité de Numergy\u202f», LeMagIT, vers le 3 décembre 2015, https:\/\/lemagit\.fr\/actualites\/4500259920\/SFR-rachete-la-totalite-de-Numergy, consulté le \d{1,2}(er)? [a-zéû]+ \d{4}\.$/);
  assert.equal(await page.locator('.citation-text').innerText(), copied);
  assert.match(await page.locator('.citation').innerText(), /Référence copiée/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('AND, ET and OU are understood; a lowercase ou offers the OR query', async () => {
  const { context, page } = await open('#/?q=cloudwatt%20AND%20numergy');
  assert.equal(await count(page), '5 articles trouvés');
  await page.locator('#search').fill('cloudwatt ET numergy');
  await page.waitForFunction(() => document.querySelector('#results-title')?.textContent === '5 articles trouvés');
  await page.locator('#search').fill('ovh OU ikoula');
  await page.waitForFunction(() => /trouvé/.test(document.querySelector('#results-title')?.textContent));
  const either = await count(page);
  assert.notEqual(either, 'Aucun article ne correspond.');
  // "or" is no French word: the literal query finds nothing and the OR query is offered.
  await page.locator('#search').fill('ovh or ikoula');
  const offer = page.locator('.suggestion button');
  await offer.waitFor();
  assert.equal(await offer.innerText(), 'ovh OR ikoula');
  await offer.click();
  await page.waitForFunction(() => document.querySelector('#search')?.value === 'ovh OR ikoula');
  assert.equal(await count(page), either);
  await context.close();
});

test('approximate matches are said, and + turns them off', async () => {
  const { context, page } = await open('#/?q=bill');
  const note = page.locator('.explain.approximate');
  await note.waitFor();
  assert.match(await note.innerText(), /Bull pour «?\s*bill/i);
  await page.locator('#search').fill('+bill');
  await page.waitForFunction(() => document.querySelector('#results-title')?.textContent.startsWith('Aucun'));
  assert.equal(await note.count(), 0);
  await context.close();
});

test('a query with no results is not a dead end: each word alone, near words, and drop-a-word queries', async () => {
  const { context, page } = await open('#/?q=numergy%20zzyzx', '#results-title');
  // (“Recherche…” first, while the corpus's parts arrive.)
  await page.waitForFunction(() => document.querySelector('#results-title')?.textContent !== 'Recherche…');
  assert.equal(await count(page), 'Aucun article ne correspond.');
  const rescue = page.locator('.rescue');
  await rescue.waitFor();
  assert.match(await rescue.innerText(), /Chaque terme seul/);
  assert.match(await rescue.innerText(), /numergy \(5\)/);
  const drop = rescue.locator('button', { hasText: 'numergy' }).first();
  await drop.click();
  await page.waitForFunction(() => document.querySelector('#results-title')?.textContent === '5 articles trouvés');
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('#results-title')?.textContent.startsWith('Aucun'));
  // A misspelt word gets its nearest dictionary words.
  await page.locator('#search').fill('cloud numerixyz');
  await page.waitForFunction(() => document.querySelector('.rescue')?.innerText.includes('Mots proches'));
  await context.close();
});

test('oldest first, sources completed from their start, and every source listed in the syntax help', async () => {
  const { context, page } = await open();
  await page.locator('.sort select').selectOption('oldest');
  await page.waitForFunction(() => location.hash.includes('sort=oldest'));
  await drawn(page);
  const dates = await page.locator('.card time').evaluateAll((t) => t.map((x) => x.getAttribute('datetime')));
  assert.deepEqual(dates, [...dates].sort());
  await page.locator('#search').fill('source:lemag');
  await page.waitForFunction(() => document.querySelector('#results-title')?.textContent === '1 article trouvé');
  await page.locator('.search-help summary').click();
  const listed = await page.locator('.search-help dd button').allTextContents();
  assert.ok(listed.some((s) => s.startsWith('LeMagIT')), listed.join(', '));
  assert.equal(listed.length, 4);
  await context.close();
});

test('each type count of the overview opens the list of its entities, sortable and findable by any name', async () => {
  const { context, page, problems } = await open();
  await page.locator('.overview-types a').first().click();
  await page.locator('#entities-title').waitFor();
  assert.match(page.url(), /#\/entities\/[A-Z]+$/);
  await page.goto(server.url + '#/entities/ORG');
  await page.locator('.entity-table tbody tr').first().waitFor();
  const rows = () => page.locator('.entity-table tbody td:first-child').allTextContents();
  const byCount = await rows();
  assert.equal(byCount[0], 'Cloudwatt');
  await page.locator('.list-sort button', { hasText: 'nom' }).click();
  const byName = await rows();
  assert.deepEqual(byName, [...byCount].sort((a, b) => a.localeCompare(b, 'fr', { sensitivity: 'base' })));
  await page.locator('.list-tools input').fill('cdc');
  await page.waitForFunction(() => document.querySelectorAll('.entity-table tbody tr').length === 1);
  assert.deepEqual(await rows(), ['Caisse des Dépôts']);
  await page.locator('.list-tools input').fill('numerjy');
  await page.waitForFunction(() => document.querySelector('.entity-list .explain')?.textContent.includes('plus proches'));
  assert.equal((await rows())[0], 'Numergy');
  assert.deepEqual(problems, []);
  await context.close();
});

test('an entity page names the entities linked to it by name, both ways', async () => {
  const { context, page } = await open('#/entity/atos', '#entity-title');
  assert.match(await page.locator('.related-list').innerText(), /Atos-Bull/);
  await page.locator('.related-list a', { hasText: 'Atos-Bull' }).click();
  await page.waitForFunction(() => document.querySelector('#entity-title')?.textContent === 'Atos-Bull');
  assert.match(await page.locator('.related-list').innerText(), /Atos/);
  await context.close();
});

test('an entity: filter naming no entity offers the closest names', async () => {
  const { context, page } = await open('#/?q=entity%3Arenard', '#results-title');
  const fix = page.locator('.warnings button', { hasText: 'Didier Renard' });
  await fix.click();
  await page.waitForFunction(() => document.querySelector('#search')?.value === 'entity:"Didier Renard"');
  await page.waitForFunction(() => /trouvé/.test(document.querySelector('#results-title')?.textContent ?? ''));
  await context.close();
});

test('a photo credit is not a person of the article', async () => {
  const { context, page } = await open('#/doc/004_4aea2465524ab3c5', '.reader');
  assert.match(await page.locator('.credit').textContent(), /buchachon/);
  const listed = await page.locator('.doc-entities').innerText();
  assert.doesNotMatch(listed, /buchachon|Fotolia/);
  assert.equal(await page.locator('.credit mark.entity').count(), 0);
  await context.close();
});

test('an entity page lists what the articles state about it, each fact linked to its sentence', async () => {
  const { context, page, problems } = await open('#/entity/numergy', '#entity-title');
  const facts = page.locator('.relation-list li');
  await facts.first().waitFor();
  const texts = await page.locator('.relation-fact').allTextContents();
  assert.ok(texts.some((t) => /^SFR a racheté Numergy$/.test(t)), texts.join(' | '));
  assert.ok(texts.some((t) => /^Caisse des Dépôts détient une part de Numergy \(33\u202f%\)$/.test(t)), texts.join(' | '));
  const stake = facts.filter({ hasText: 'détient une part de Numergy' }).first();
  await stake.locator('a').click();
  await page.locator('mark.entity.target').waitFor();
  assert.match(await page.locator('mark.entity.target').textContent(), /Numergy|Caisse|CDC/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('without a clipboard (a page over plain http), Citer shows the reference to copy by hand', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  await context.addInitScript(() => { Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined }); });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(server.url + '#/doc/004_4aea2465524ab3c5');
  await page.locator('.provenance .cite').click();
  await page.locator('.citation').waitFor();
  assert.match(await page.locator('.citation').innerText(), /^Copiez la référence/);
  assert.match(await page.locator('.citation-text').innerText(), /SFR rachète la totalité de Numergy/);
  // Another article: its own provenance, not the reference of the one before.
  await page.keyboard.press('k');
  await page.waitForFunction(() => !document.querySelector('#reader-title')?.textContent.startsWith('SFR rachète'));
  assert.equal(await page.locator('.citation').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a match cut by an entity edge is one passage; hidden types never trap the arrows', async () => {
  const { context, page } = await open('#/doc/000_1e3444ed77a47f61?q=%22capital%20de%20Numergy%22', '.reader');
  const label = page.locator('.passages .match-count');
  assert.equal(await label.textContent(), 'passage 1 sur 1');
  assert.ok(await page.locator('.prose mark[data-match="0"]').count() >= 2, 'the match is drawn in pieces');
  assert.equal(await page.locator('.prose mark[data-match].current').count(), await page.locator('.prose mark[data-match="0"]').count());
  // Hide the type of the mention holding the Tab stop: the arrows still move.
  const first = page.locator('.prose mark.entity[tabindex="0"]');
  const type = await first.getAttribute('data-type');
  await page.locator('.type-toggle', { hasText: type }).locator('input').uncheck();
  await first.focus();
  const before = await page.evaluate(() => document.activeElement.dataset.at);
  await page.keyboard.press('ArrowRight');
  const after = await page.evaluate(() => document.activeElement.dataset.at);
  assert.notEqual(after, before);
  assert.notEqual(await page.evaluate(() => document.activeElement.dataset.type), type);
  await context.close();
});

test('facets toggle whole filters: a year beside its month, a chip removed alone', async () => {
  const { context, page } = await open();
  await page.locator('[data-facet=date] .facet-value', { hasText: 'janvier 2015' }).click();
  await page.waitForFunction(() => document.querySelector('#search')?.value === 'date:2015-01 ');
  await page.locator('[data-facet=date] .facet-value', { hasText: /^2015/ }).first().click();
  await page.waitForFunction(() => document.querySelector('#search')?.value === 'date:2015-01 date:2015 ');
  await page.locator('.chip', { hasText: /^date:2015 ×$/ }).click();
  await page.waitForFunction(() => document.querySelector('#search')?.value === 'date:2015-01 ');
  assert.match(await count(page), /trouvé/);
  await context.close();
});
