// The reader's own documents: added in the page (files of several kinds and
// encodings, pasted text), read and indexed by the import worker, searched
// and read like the site's articles, kept in IndexedDB across reloads and
// offline, exported and imported again, removed; bad files refused by name
// with their reason; and nothing sent anywhere but the site's own files.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { crc32 } from 'node:zlib';
import { join } from 'node:path';
import { launch, ROOT, complete } from './harness.mjs';
import { serveCopy } from './server.mjs';

let browser;
let site;
const cleanup = [];

before(async () => {
  browser = await launch();
  const server = await serveCopy(join(ROOT, 'site'), 'import');
  site = server.url;
  cleanup.push(server.close);
});

after(async () => {
  await browser?.close();
  for (const f of cleanup) await f();
});

const utf8 = (s) => Buffer.from(s, 'utf8');
// "Société Générale" and "élu" in Windows-1252: é is the single byte 0xE9.
const cp1252 = (s) => Buffer.from([...s].map((c) => (c === 'é' ? 0xe9 : c === 'è' ? 0xe8 : c.charCodeAt(0))));
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f0c4e20000000049454e44ae426082', 'hex');

/** A .zip archive of these files, stored (no compression): what a reader's export looks like to the page. */
function zip(entries) {
  const locals = [];
  const central = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const n = Buffer.from(name);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0); head.writeUInt16LE(20, 4); head.writeUInt16LE(0x0800, 6);
    head.writeUInt16LE(0x21, 12); head.writeUInt32LE(crc32(data), 14);
    head.writeUInt32LE(data.length, 18); head.writeUInt32LE(data.length, 22); head.writeUInt16LE(n.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0); dir.writeUInt16LE(20, 4); dir.writeUInt16LE(20, 6); dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(0x21, 14); dir.writeUInt32LE(crc32(data), 16);
    dir.writeUInt32LE(data.length, 20); dir.writeUInt32LE(data.length, 24); dir.writeUInt16LE(n.length, 28);
    dir.writeUInt32LE(offset, 42);
    locals.push(head, n, data);
    central.push(dir, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const FILES = [
  {
    name: 'brasserie.txt', mimeType: 'text/plain',
    buffer: utf8('La brasserie Zorglub rouvre à Lyon\n\nLa brasserie Zorglub, fermée depuis 2019, rouvre ses portes à Lyon. Son patron, Marcel Dupont, a racheté les murs.\n'),
  },
  {
    name: 'port.html', mimeType: 'text/html',
    buffer: utf8(`<!doctype html><html><head><title>Le port de Marseille s’agrandit</title>
<meta property="article:published_time" content="2021-06-15T08:00:00Z"><meta property="og:site_name" content="La Provence">
<script>document.write("piège")</script><style>p { color: red }</style></head>
<body><nav>Accueil · Sport · Météo</nav><article><h1>Le port de Marseille s’agrandit</h1>
<p>Le Grand Port Maritime de Marseille investit 300&nbsp;millions d’euros dans un nouveau terminal &laquo;&nbsp;vert&nbsp;&raquo;.</p>
<p>Les travaux dureront jusqu’en 2024, selon la direction du port.</p></article><footer>© La Provence</footer></body></html>`),
  },
  {
    name: 'fils.jsonl', mimeType: 'application/json',
    buffer: utf8([
      JSON.stringify({ title: 'Renault ferme une usine à Flins', text: 'Renault ferme son usine de Flins. Les salariés de Flins seront reclassés, annonce la direction.', date: '2020-05-28', source: 'Le Figaro' }),
      '{"title": "ligne cassée", "text": ',
      JSON.stringify({ title: 'Airbus livre ses avions', text: 'Airbus a livré 50 avions en mars depuis Toulouse, un record pour le constructeur.', date: '2023-04-05' }),
    ].join('\n')),
  },
  { name: 'banque.txt', mimeType: 'text/plain', buffer: cp1252('La Société Générale rachète une banque\n\nLa Société Générale annonce le rachat de la banque Quirinal, élu meilleur établissement de l’année.\n') },
  {
    name: 'archive.zip', mimeType: 'application/zip',
    buffer: zip([['presse/orages.txt', utf8('Des orages sur Rennes\n\nDes orages violents ont frappé Rennes dans la nuit, selon les pompiers.\n')], ['presse/vide.md', Buffer.alloc(0)]]),
  },
  { name: 'vide.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) },
  { name: 'photo.txt', mimeType: 'text/plain', buffer: PNG },
];

/** A fresh page of the site, recording every request and every error. */
async function open(context) {
  const page = await context.newPage();
  const requests = [];
  const problems = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  await page.goto(site);
  await page.locator('.card').first().waitFor();
  await complete(page);
  return { page, requests, problems };
}

/** The panel's outcome once it matches `want` (an earlier outcome may still be shown a moment). */
async function added(page, want = /ajouté|retiré/) {
  const status = page.locator('.collection [role=status]');
  await page.waitForFunction((w) => new RegExp(w.source, w.flags).test(document.querySelector('.collection [role=status]')?.textContent ?? ''),
    { source: want.source, flags: want.flags }, { timeout: 60_000 });
  return (await status.textContent()) ?? '';
}

async function search(page, query) {
  await page.locator('#search').fill(query);
  await page.waitForFunction((q) => new URLSearchParams(location.hash.split('?')[1] ?? '').get('q') === q
    && document.querySelector('section.results')?.getAttribute('aria-busy') !== 'true'
    && !document.querySelector('section.results')?.hasAttribute('data-partial'), query);
  return page.locator('.card-title a').allTextContents();
}

test('files of every kind are read in the page: searched, read, kept, exported, removed; bad ones refused by name', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const { page, requests, problems } = await open(context);
  await page.waitForFunction(() => Boolean(navigator.serviceWorker?.controller));
  const origin = new URL(site).origin;

  assert.equal(await page.locator('input[type=file][multiple]').count(), 1, 'one file input for adding documents');
  const before = requests.length;
  await page.locator('input[type=file][multiple]').setInputFiles(FILES);
  // Progress is shown while the worker runs (it may be quick: seen or already done).
  const text = await added(page);
  assert.match(text, /6 documents ajoutés/, text);
  assert.match(text, /archive\.zip › presse\/vide\.md[^]*vide/, 'a file inside the archive is named by both');
  assert.match(text, /vide\.txt[^]*vide/, 'the empty file is named with its reason');
  assert.match(text, /photo\.txt[^]*binaire/, 'the image renamed .txt is refused');
  assert.match(text, /fils\.jsonl, ligne 2/, 'the malformed JSON line is named by its line');
  assert.ok(requests.slice(before).some((u) => u.includes('loupe-worker')), 'the worker is fetched on first use');

  // The collection is what the page shows now.
  await page.locator('.collection-switch [aria-pressed=true]', { hasText: 'Mes documents (6)' }).waitFor();
  assert.deepEqual(await search(page, 'zorglub'), ['La brasserie Zorglub rouvre à Lyon']);
  assert.deepEqual(await search(page, 'orages'), ['Des orages sur Rennes'], 'a file from the .zip');
  assert.deepEqual(await search(page, 'terminal'), ['Le port de Marseille s’agrandit'], 'text of the HTML page');
  assert.deepEqual(await search(page, 'piège'), [], 'the page’s script is not text');
  assert.deepEqual(await search(page, 'Météo'), [], 'nor its navigation');
  assert.deepEqual(await search(page, 'société générale'), ['La Société Générale rachète une banque'], 'Windows-1252 read right');
  assert.deepEqual(await search(page, 'date:2020'), ['Renault ferme une usine à Flins'], 'the JSON record’s date');
  assert.deepEqual(await search(page, 'date:2021'), ['Le port de Marseille s’agrandit'], 'the HTML page’s date');

  // Read one: its text, with entity marks.
  await search(page, 'flins');
  await page.locator('.card-title a').first().click();
  await page.locator('.reader').waitFor();
  assert.match(await page.locator('.reader').textContent(), /salariés de Flins seront reclassés/);
  const marked = await page.locator('.reader mark.entity[data-entity]').evaluateAll((ms) => ms.map((m) => m.dataset.entity));
  assert.ok(marked.some((name) => /Renault|Flins/.test(name)), `entities are recognized and marked: ${marked}`);

  // Back after a reload, and after a reload offline.
  await page.goto(site);
  await page.locator('.collection-switch [aria-pressed=true]', { hasText: 'Mes documents (6)' }).waitFor({ timeout: 30_000 });
  assert.deepEqual(await search(page, 'airbus'), ['Airbus livre ses avions']);
  await context.setOffline(true);
  await page.goto(site);
  await page.locator('.collection-switch [aria-pressed=true]', { hasText: 'Mes documents (6)' }).waitFor({ timeout: 30_000 });
  assert.deepEqual(await search(page, 'quirinal'), ['La Société Générale rachète une banque'], 'offline too');
  await context.setOffline(false);

  // The same file again is reported and added once.
  await page.locator('#search').fill('');
  await page.locator('input[type=file][multiple]').setInputFiles([FILES[0]]);
  assert.match(await added(page, /Aucun document ajouté[^]*Déjà là[^]*Zorglub/), /Aucun document ajouté[^]*Déjà là[^]*Zorglub/);

  // Pasted text.
  await page.locator('.paste summary').click();
  await page.locator('#paste-title').fill('Note de lecture');
  await page.locator('#paste-text').fill('Le maire de Brest inaugure une médiathèque flambant neuve.');
  await page.locator('.paste button[type=submit]').click();
  assert.match(await added(page, /1 document ajouté/), /1 document ajouté/);
  assert.deepEqual(await search(page, 'médiathèque'), ['Note de lecture']);

  // Export, remove everything, import the export: all back.
  await page.locator('#search').fill('');
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.collection button', { hasText: 'Exporter' }).click()]);
  const exported = await readFile(await download.path());
  page.once('dialog', (d) => d.accept());
  await page.locator('.collection button', { hasText: 'Tout retirer' }).click();
  await page.waitForFunction(() => !document.querySelector('.collection-switch'));
  assert.deepEqual(await search(page, 'zorglub'), [], 'gone from the page');
  await page.locator('input[type=file][multiple]').setInputFiles([{ name: 'mes-documents.loupe', mimeType: 'application/octet-stream', buffer: exported }]);
  assert.match(await added(page, /7 documents ajoutés/), /7 documents ajoutés/);
  assert.deepEqual(await search(page, 'zorglub'), ['La brasserie Zorglub rouvre à Lyon']);

  assert.deepEqual(requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:')), [], 'nothing but the site');
  assert.deepEqual(problems, []);
  await context.close();
});

/** `n` generated French articles as one JSONL file (about 2.5 KB each). */
function articles(n, tag) {
  const words = ['gouvernement', 'entreprise', 'marché', 'région', 'salariés', 'projet', 'ville', 'budget', 'annonce', 'usine'];
  const lines = [];
  for (let i = 0; i < n; i += 1) {
    const body = Array.from({ length: 40 }, (_, k) => `Le ${words[(i + k) % 10]} de la ville numéro ${i} présente son ${words[(i * 7 + k) % 10]} ${tag}.`).join(' ');
    lines.push(JSON.stringify({ title: `Article ${tag} ${i}`, text: body, date: `20${10 + (i % 10)}-0${1 + (i % 9)}-1${i % 10}` }));
  }
  return { name: `${tag}.jsonl`, mimeType: 'application/json', buffer: utf8(lines.join('\n')) };
}

test('one document removed, the collection saved as a loupe.html that works from file://, and a reload mid-import loses nothing', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const { page, problems } = await open(context);
  await page.locator('input[type=file][multiple]').setInputFiles(FILES.slice(0, 4));
  assert.match(await added(page, /5 documents ajoutés/), /5 documents ajoutés/);

  // A date and a source typed on a document's page.
  await search(page, 'zorglub');
  await page.locator('.card-title a').first().click();
  await page.locator('.mine-note [data-loupe-edit]').click();
  await page.locator('.mine-form input[name=date]').fill('mars 2022');
  await page.locator('.mine-form button[type=submit]').click();
  await page.locator('.mine-edit [role=status]', { hasText: 'mars 2022' }).waitFor();
  await page.locator('.mine-note [data-loupe-edit]').click();
  await page.locator('.mine-form input[name=date]').fill('2022-03-14');
  await page.locator('.mine-form input[name=source]').fill('Le Progrès');
  await page.locator('.mine-form button[type=submit]').click();
  await page.locator('.mine-edit [role=status]', { hasText: 'Date et source enregistrées' }).waitFor();
  await page.goto(site);
  assert.deepEqual(await search(page, 'date:2022-03 source:leprogres'), ['La brasserie Zorglub rouvre à Lyon'], 'the typed date and source filter');

  // Out of the collection from its page.
  await search(page, 'airbus');
  await page.locator('.card-title a').first().click();
  await page.locator('.mine-note button', { hasText: 'Le retirer' }).click();
  await page.locator('.collection-switch [aria-pressed=true]', { hasText: 'Mes documents (4)' }).waitFor();
  assert.deepEqual(await search(page, 'airbus'), []);
  assert.deepEqual(await search(page, 'zorglub'), ['La brasserie Zorglub rouvre à Lyon'], 'the others stay');

  // The single-file explorer of the collection, opened from the disk.
  await page.locator('#search').fill('');
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.collection button', { hasText: 'Enregistrer comme explorateur' }).click()]);
  const dir = await mkdtemp(join(tmpdir(), 'loupe-saved-'));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'loupe.html');
  await download.saveAs(file);
  const offline = await browser.newContext();
  const saved = await offline.newPage();
  const requests = [];
  saved.on('request', (r) => requests.push(r.url()));
  await saved.goto(`file://${file}`);
  await saved.locator('.card').first().waitFor();
  assert.match(await saved.locator('header').textContent(), /4\s*articles/, 'the collection is the corpus');
  assert.deepEqual(await search(saved, 'quirinal'), ['La Société Générale rachète une banque']);
  assert.ok(requests.every((u) => u.startsWith('file:') || u.startsWith('data:')), requests.join('\n'));
  await offline.close();

  // A reload while a large import runs: the collection is as it was before it.
  await page.locator('input[type=file][multiple]').setInputFiles([articles(2000, 'interrompu')]);
  await page.locator('.collection [role=progressbar]').waitFor();
  await page.reload();
  await page.locator('.collection-switch [aria-pressed=true]', { hasText: 'Mes documents (4)' }).waitFor({ timeout: 30_000 });
  assert.deepEqual(await search(page, 'interrompu'), [], 'nothing of the interrupted import');

  // A snapshot this version cannot read (a later format, say): the documents
  // kept beside it come back, indexed anew.
  await page.evaluate(() => new Promise((resolve, reject) => {
    const request = indexedDB.open('loupe', 1);
    request.onsuccess = () => {
      const tx = request.result.transaction('collection', 'readwrite');
      tx.objectStore('collection').put(new Uint8Array([76, 79, 85, 80, 69, 83, 78, 80, 99, 0]), 'snapshot');
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    };
    request.onerror = () => reject(request.error);
  }));
  await page.reload();
  await page.locator('.collection-switch [aria-pressed=true]', { hasText: 'Mes documents (4)' }).waitFor({ timeout: 30_000 });
  assert.deepEqual(await search(page, 'quirinal'), ['La Société Générale rachète une banque'], 'read again from the documents');
  assert.deepEqual(problems, []);
  await context.close();
});

test('screenshots of the import: progress and outcome, desktop and 360 px, light and dark', async () => {
  const SHOTS = join(ROOT, 'artifacts/screenshots');
  for (const [device, viewport] of [['desktop', { width: 1280, height: 800 }], ['mobile', { width: 360, height: 740 }]]) {
    for (const colorScheme of ['light', 'dark']) {
      const context = await browser.newContext({ viewport, colorScheme });
      const { page, problems } = await open(context);
      await page.locator('input[type=file][multiple]').setInputFiles([articles(1500, 'capture'), FILES[5], FILES[6]]);
      await page.locator('.collection [role=progressbar]').waitFor();
      await page.waitForFunction(() => Number(document.querySelector('.collection [role=progressbar]')?.getAttribute('aria-valuenow') ?? 100) > 0
        || !document.querySelector('.collection [role=progressbar]'));
      await page.locator('.collection').screenshot({ path: join(SHOTS, `import-progress-${device}-${colorScheme}.png`) });
      assert.match(await added(page, /1\s500 documents ajoutés[^]*vide\.txt[^]*photo\.txt/), /1\s500 documents ajoutés[^]*vide\.txt[^]*photo\.txt/);
      await page.screenshot({ path: join(SHOTS, `import-result-${device}-${colorScheme}.png`) });
      assert.deepEqual(problems, []);
      await context.close();
    }
  }
});

test('a thousand files at once, and a file over 50 MB refused with the limit before any work', async () => {
  const context = await browser.newContext();
  const { page, problems } = await open(context);
  const many = Array.from({ length: 1000 }, (_, i) => ({
    name: `note-${i}.txt`, mimeType: 'text/plain',
    buffer: utf8(`Note ${i} du carnet\n\nLa note numéro ${i} parle du quartier ${i % 37} et de la rue ${i % 91}.\n`),
  }));
  // Over 50 MB: Playwright takes it as a file on disk.
  const dir = await mkdtemp(join(tmpdir(), 'loupe-huge-'));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  const huge = join(dir, 'enorme.txt');
  await writeFile(huge, Buffer.alloc(51 * 1024 * 1024, 'a'));
  await page.locator('input[type=file][multiple]').setInputFiles(many);
  assert.match(await added(page, /1\s000 documents ajoutés/), /1\s000 documents ajoutés/);
  await page.locator('input[type=file][multiple]').setInputFiles(huge);
  await page.waitForFunction(() => document.querySelector('.collection [role=status]')?.textContent.includes('enorme.txt'));
  const text = await added(page);
  assert.match(text, /Aucun document ajouté[^]*enorme\.txt[^]*trop volumineux[^]*50 Mo/, text);
  await page.locator('.collection-switch [aria-pressed=true]', { hasText: /Mes documents \(1\s000\)/ }).waitFor();
  assert.deepEqual(await search(page, '"note numéro 999"'), ['Note 999 du carnet']);
  assert.deepEqual(problems, []);
  await context.close();
});
