// The browser's storage full (issue 14): an import that does not fit is
// refused with a message that says so, and the collection stays as it was,
// in the page and in IndexedDB, after a reload too; the next change works.
//
// How the storage is made full, for real: the DevTools protocol's
// Storage.overrideQuotaForOrigin gives the site's origin a quota a little
// above what it already uses. Chromium's IndexedDB asks the quota manager for
// the space left at its first write, then approves writes from that answer
// for up to 30 s (BucketContext::kBucketSpaceCacheTimeLimit): a quota set
// after the origin's first write in the browser session is not seen by the
// writes that follow. So the quota is set in a fresh context before the first
// write, once the service worker's caches and the import worker (which count
// in the same quota) are in place. In an incognito context (Playwright's
// newContext) a transaction's writes are counted at their full size.
//
// The room left is sized between the two parts the failing import writes,
// the collection's snapshot and its documents (JSONL: two bytes a character,
// since a document has a ’): the smaller would fit alone, the larger would
// not. A worker writing them in two transactions, in either order, would
// leave a half-written collection, which the checks below see.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { launch, ROOT, complete } from './harness.mjs';
import { serveCopy } from './server.mjs';

let browser;
let site;
const cleanup = [];

before(async () => {
  browser = await launch();
  const server = await serveCopy(join(ROOT, 'site'), 'quota');
  site = server.url;
  cleanup.push(server.close);
});

after(async () => {
  await browser?.close();
  for (const f of cleanup) await f();
});

const utf8 = (s) => Buffer.from(s, 'utf8');

const SMALL = [
  { name: 'brasserie.txt', mimeType: 'text/plain', buffer: utf8('La brasserie Zorglub rouvre à Lyon\n\nLa brasserie Zorglub, fermée depuis 2019, rouvre ses portes à Lyon. Son patron, Marcel Dupont, a racheté les murs.\n') },
  { name: 'port.txt', mimeType: 'text/plain', buffer: utf8('Le port de Marseille s’agrandit\n\nLe Grand Port Maritime de Marseille investit 300 millions d’euros dans un nouveau terminal.\n') },
];
const LATER = { name: 'orages.txt', mimeType: 'text/plain', buffer: utf8('Des orages sur Rennes\n\nDes orages violents ont frappé Rennes dans la nuit, selon les pompiers.\n') };

/** `n` generated French articles as one JSONL file (about 2.8 KB each). */
function articles(n, tag) {
  const words = ['gouvernement', 'entreprise', 'marché', 'région', 'salariés', 'projet', 'ville', 'budget', 'annonce', 'usine'];
  const lines = [];
  for (let i = 0; i < n; i += 1) {
    const body = Array.from({ length: 40 }, (_, k) => `Le ${words[(i + k) % 10]} de la ville numéro ${i} présente son ${words[(i * 7 + k) % 10]} ${tag}.`).join(' ');
    lines.push(JSON.stringify({ title: `Article ${tag} ${i}`, text: body, date: `20${10 + (i % 10)}-0${1 + (i % 9)}-1${i % 10}` }));
  }
  return { name: `${tag}.jsonl`, mimeType: 'application/json', buffer: utf8(lines.join('\n')) };
}
const BIG = articles(400, 'volumineux');

/** A fresh page of the site, recording every error. */
async function open(context) {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  await page.goto(site);
  await page.locator('.card').first().waitFor();
  await complete(page);
  return { page, problems };
}

/** The panel's outcome once it matches `want`. */
async function outcome(page, want) {
  await page.waitForFunction((w) => new RegExp(w.source, w.flags).test(document.querySelector('.collection [role=status]')?.textContent ?? ''),
    { source: want.source, flags: want.flags }, { timeout: 60_000 });
  return (await page.locator('.collection [role=status]').textContent()) ?? '';
}

/** What the collection's switch says, once the page shows the collection. */
async function mine(page) {
  const pressed = page.locator('.collection-switch [aria-pressed=true]');
  await pressed.waitFor({ timeout: 30_000 });
  return (await pressed.textContent()).trim();
}

async function search(page, query) {
  await page.locator('#search').fill(query);
  await page.waitForFunction((q) => new URLSearchParams(location.hash.split('?')[1] ?? '').get('q') === q
    && document.querySelector('section.results')?.getAttribute('aria-busy') !== 'true'
    && !document.querySelector('section.results')?.hasAttribute('data-partial'), query);
  return page.locator('.card-title a').allTextContents();
}

/**
 * What IndexedDB holds of the collection: the snapshot's digest, the
 * documents (JSONL), and the bytes a transaction writing both counts (a
 * string of Latin-1 characters is stored one byte a character, else two).
 */
async function stored(page) {
  const { snapshot, documents } = await page.evaluate(() => new Promise((resolve, reject) => {
    const request = indexedDB.open('loupe', 1);
    request.onsuccess = () => {
      const store = request.result.transaction('collection').objectStore('collection');
      const snapshot = store.get('snapshot');
      const documents = store.get('documents');
      documents.onsuccess = () => {
        request.result.close();
        resolve({ snapshot: snapshot.result ? [...snapshot.result] : null, documents: documents.result ?? null });
      };
    };
    request.onerror = () => reject(request.error);
  }));
  const digest = snapshot && createHash('sha256').update(Buffer.from(snapshot)).digest('hex');
  const latin1 = documents === null || !/[^\u0000-\u00ff]/.test(documents);
  return { digest, documents, snapshotBytes: snapshot?.length ?? 0, documentsBytes: (documents?.length ?? 0) * (latin1 ? 1 : 2) };
}

const FULL = /plus de place pour cette collection[^]*rien n’a été ajouté/;

test('an import the browser has no room for is refused with a clear message; the collection stays whole and usable', async (t) => {
  // How big the collection the failing import would make is: made once where
  // there is room.
  const roomy = await browser.newContext();
  const scratch = await open(roomy);
  await scratch.page.locator('input[type=file][multiple]').setInputFiles(SMALL);
  await outcome(scratch.page, /2 documents ajoutés/);
  await scratch.page.locator('input[type=file][multiple]').setInputFiles([BIG]);
  await outcome(scratch.page, /400 documents ajoutés/);
  const whole = await stored(scratch.page);
  await roomy.close();
  const [S, J] = [whole.snapshotBytes, whole.documentsBytes];
  assert.ok(Math.abs(S - J) > 0.2 * Math.min(S, J), `room between the parts (snapshot ${S} B, documents ${J} B)`);
  const headroom = (S + J) / 2;
  t.diagnostic(`the collection with the large import: snapshot ${S} B, documents ${J} B; room given ${Math.round(headroom)} B`);

  const context = await browser.newContext();
  const { page, problems } = await open(context);
  const origin = new URL(site).origin;
  const cdp = await context.newCDPSession(page);
  await page.waitForFunction(() => Boolean(navigator.serviceWorker?.controller));
  // The import worker started (it reads, writes nothing, when the collection
  // is empty), and the service worker done caching: then the quota.
  await page.evaluate(() => new Promise((resolve) => {
    window.addEventListener('loupe-collection', resolve, { once: true });
    window.loupeCollection.open();
  }));
  const usage = async () => (await cdp.send('Storage.getUsageAndQuota', { origin })).usage;
  let used = await usage();
  for (let last = -1; used !== last; used = await usage()) {
    last = used;
    await page.waitForTimeout(300);
  }
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: Math.round(used + headroom) });
  const quota = await cdp.send('Storage.getUsageAndQuota', { origin });
  assert.ok(quota.overrideActive, 'the quota override is in force');
  t.diagnostic(`origin uses ${quota.usage} B (${quota.usageBreakdown.filter((b) => b.usage).map((b) => `${b.storageType} ${b.usage}`).join(', ')}); quota ${quota.quota} B`);

  // A small collection fits.
  await page.locator('input[type=file][multiple]').setInputFiles(SMALL);
  assert.match(await outcome(page, /2 documents ajoutés/), /2 documents ajoutés/);
  await page.locator('.collection-switch [aria-pressed=true]', { hasText: 'Mes documents (2)' }).waitFor();
  const kept = await stored(page);
  assert.ok(kept.digest && /Zorglub/.test(kept.documents) && /Marseille/.test(kept.documents), 'the small collection is stored');

  // The large import does not: the worker's message, in the panel's status.
  await page.locator('input[type=file][multiple]').setInputFiles([BIG]);
  const text = await outcome(page, /ajouté|enregistr|place|changé/);
  t.diagnostic(`the page says: ${text}`);
  assert.match(text, FULL, text);
  assert.equal(await page.locator('.collection [role=progressbar]').count(), 0, 'no progress bar left behind');
  assert.equal(await mine(page), 'Mes documents (2)');
  assert.deepEqual(await search(page, 'volumineux'), [], 'nothing of the refused import in the page');
  assert.deepEqual(await search(page, 'zorglub'), ['La brasserie Zorglub rouvre à Lyon']);

  // IndexedDB holds exactly what it held before: no half-written collection.
  const after = await stored(page);
  assert.equal(after.digest, kept.digest, 'the stored snapshot is the small collection’s');
  assert.equal(after.documents, kept.documents, 'the stored documents are the small collection’s');

  // A reload finds the small collection, searchable, and nothing else.
  await page.reload();
  assert.equal(await mine(page), 'Mes documents (2)', 'the collection after a reload');
  assert.deepEqual(await search(page, 'zorglub'), ['La brasserie Zorglub rouvre à Lyon']);
  assert.deepEqual(await search(page, 'terminal'), ['Le port de Marseille s’agrandit']);
  assert.deepEqual(await search(page, 'volumineux'), [], 'nothing of the refused import after a reload');

  // The next change starts from the collection as it was, and fits; so it stays.
  await page.locator('#search').fill('');
  await page.locator('input[type=file][multiple]').setInputFiles([LATER]);
  assert.match(await outcome(page, /1 document ajouté/), /1 document ajouté/);
  await page.locator('.collection-switch [aria-pressed=true]', { hasText: 'Mes documents (3)' }).waitFor();
  await page.reload();
  assert.equal(await mine(page), 'Mes documents (3)');
  assert.deepEqual(await search(page, 'orages'), ['Des orages sur Rennes']);
  assert.deepEqual(await search(page, 'volumineux'), []);
  const last = await stored(page);
  assert.doesNotMatch(last.documents, /volumineux/);
  assert.equal(last.documents.split('\n').filter(Boolean).length, 3, last.documents);

  assert.deepEqual(problems, []);
  await context.close();
});
