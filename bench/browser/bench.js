// Side-by-side search libraries in one page, driven by bench/browser.mjs.
// Same documents, same queries; each library gets the closest equivalent of
// each query kind it supports (null where it has none).
import init, { Bench } from '/target/bench/www/pkg/loupe_bench_wasm.js';
import MiniSearch from '/node_modules/minisearch/dist/es/index.js';
import { Index as FlexIndex, Charset } from '/node_modules/flexsearch/dist/flexsearch.bundle.module.min.mjs';
import { DEPTH, judgedLibraries, jsonlDocs, seedDocs } from '/bench/judged-shared.mjs';

let wasm;
let docs = [];
let queries = {};
const built = {};

// French text for the JS libraries: lowercase and strip accents, as Loupe folds.
const fold = (s) => s.toLowerCase().normalize('NFD').replace(/\p{Diacritic}/gu, '');

/** What a query asks, for the libraries without Loupe's syntax. */
function plain(kind, q) {
  const words = q.replace(/["*]/g, ' ').trim().split(/\s+/);
  return { words, prefix: kind === 'prefix', fuzzy: kind === 'fuzzy' };
}

const engines = {
  loupe: {
    build: () => new Bench(docs.map((d) => d.id), docs.map((d) => d.title), docs.map((d) => d.text)),
    search: (ix, kind, q) => ix.search(q, 0),
    answer: (ix, q) => ix.ids(q),
  },
  'loupe, 10 snippets': {
    build: () => built.loupe,
    search: (ix, kind, q) => ix.search(q, 10),
  },
  minisearch: {
    build: () => {
      const ms = new MiniSearch({ fields: ['title', 'text'], processTerm: (t) => fold(t) });
      ms.addAll(docs);
      return ms;
    },
    search: (ix, kind, q) => {
      const { words, prefix, fuzzy } = plain(kind, q);
      return ix.search(words.join(' '), { combineWith: 'AND', prefix, fuzzy: fuzzy ? 0.2 : false, boost: { title: 2 } }).length;
    },
    // Search-as-you-type as MiniSearch's documentation sets it up.
    answer: (ix, q) => ix.search(q, { combineWith: 'AND', prefix: true, fuzzy: 0.2 }).map((r) => r.id),
  },
  flexsearch: {
    build: () => {
      const ix = new FlexIndex({ tokenize: 'forward', encoder: Charset.LatinBalance });
      docs.forEach((d, i) => ix.add(i, `${d.title}\n${d.text}`));
      return ix;
    },
    search: (ix, kind, q) => {
      if (kind === 'fuzzy' || kind === 'phrase') return null;
      return ix.search(plain(kind, q).words.join(' '), { limit: 1e6 }).length;
    },
    answer: (ix, q) => ix.search(q, { limit: 1e6 }).map((i) => docs[i].id),
  },
  'lunr (fr)': {
    build: () =>
      window.lunr(function () {
        this.use(window.lunr.fr);
        this.ref('id');
        this.field('title', { boost: 2 });
        this.field('text');
        docs.forEach((d) => this.add(d));
      }),
    search: (ix, kind, q) => {
      if (kind === 'phrase') return null;
      const { words, prefix, fuzzy } = plain(kind, q);
      const query = words.map((w) => `+${w.replace(/[:~^*+-]/g, '')}${prefix ? '*' : ''}${fuzzy ? '~1' : ''}`).join(' ');
      try {
        return ix.search(query).length;
      } catch {
        return 0;
      }
    },
    // Lunr's own query syntax as typed (+, -, *, ~ are Lunr's too); a syntax error finds nothing.
    answer: (ix, q) => {
      try {
        return ix.search(q).map((r) => r.ref);
      } catch {
        return [];
      }
    },
  },
};

window.bench = {
  names: Object.keys(engines),
  async load(corpusUrl, queriesUrl) {
    wasm = await init();
    docs = (await (await fetch(corpusUrl)).text()).trim().split('\n').map((l) => JSON.parse(l));
    queries = await (await fetch(queriesUrl)).json();
    document.getElementById('status').textContent = `${docs.length} documents`;
    return { docs: docs.length, bytes: docs.reduce((n, d) => n + d.text.length + d.title.length, 0) };
  },
  wasmBytes: () => wasm.memory.buffer.byteLength,
  /** Loupe's answers as the app reads the seeds (catalog and entities.toml
   * included, as `load_dir` does): a query that names an entity finds it by
   * any of its names. Ids are the file names' first three characters. */
  async seedAnswers(files, catalogUrl, entitiesUrl, list) {
    const texts = await Promise.all(files.map(async (f) => (await fetch(f)).text()));
    const names = files.map((f) => f.split('/').pop());
    const ix = Bench.directory(names, texts, await (await fetch(catalogUrl)).text(), await (await fetch(entitiesUrl)).text());
    const out = list.map((q) => ix.ids(q).map((id) => id.slice(0, 3)));
    ix.free();
    return out;
  },
  /** The ids each query finds, per library that can answer queries. */
  answers(name, list) {
    const e = engines[name];
    if (!e.answer) return null;
    return list.map((q) => e.answer(built[name], q));
  },
  build(name) {
    const t = performance.now();
    built[name] = engines[name].build();
    return performance.now() - t;
  },
  /** Per kind: milliseconds per query (mean of `repeat` runs) and mean hit count. */
  run(name, repeat) {
    const out = {};
    for (const [kind, list] of Object.entries(queries)) {
      const times = [];
      let hits = 0;
      for (const q of list) {
        const first = engines[name].search(built[name], kind, q); // warm-up, and the hit count
        if (first === null) break;
        hits += first;
        const t = performance.now();
        for (let i = 0; i < repeat; i++) engines[name].search(built[name], kind, q);
        times.push((performance.now() - t) / repeat);
      }
      out[kind] = times.length ? { times, hits: hits / times.length } : null;
    }
    return out;
  },
};

// The judged queries (`node bench/browser.mjs --judged`): Loupe, MiniSearch
// and Lunr over the seeds and the man pages, each query's first DEPTH ids
// and its time; bench/browser.mjs scores them.
const judged = { input: null, built: {} };
const text = async (url) => {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: ${r.status}`);
  return r.text();
};
const judgedEngines = {
  // Read as the native loaders read them (Bench.directory: load_dir, with the catalog's titles
  // and dates and entities.toml's entities; Bench.jsonl: load_jsonl), every query as typed, as
  // the engine's relevance test runs it: the first page of results.
  Loupe: {
    build: (corpus) => {
      const i = judged.input;
      return corpus === 'seeds'
        ? Bench.directory(i.seeds.map((f) => f.name), i.seeds.map((f) => f.text), i.catalog, i.entities)
        : Bench.jsonl(i.man, i.manEntities);
    },
    search: (ix, query) => ix.first(query, DEPTH),
    // The same query ranked only (limit 0: no hit gets highlights and a snippet), timed apart.
    rank: (ix, query) => ix.search(query, 0),
    // The seeds are judged by the first three characters of their file name (as in the test).
    ids: (ids, corpus) => (corpus === 'seeds' ? ids.map((id) => id.slice(0, 3)) : ids),
    entities: (ix) => ix.entities(),
    free: (ix) => ix.free(),
  },
  ...Object.fromEntries(
    Object.entries(judgedLibraries({ MiniSearch, lunr: window.lunr })).map(([name, lib]) => [
      name,
      { build: (corpus) => lib.build(judged.input.docs[corpus]), search: lib.search, ids: (ids) => ids },
    ]),
  ),
};

Object.assign(window.bench, {
  judgedNames: Object.keys(judgedEngines),
  /** Fetches the seeds (each .txt, catalog.toml, entities.toml) and the man pages (JSONL, and the entities.toml beside it or null). */
  async judgedLoad({ seeds, catalog, entities, man, manEntities }) {
    await init();
    const files = await Promise.all(seeds.map(async (url) => ({ name: url.split('/').pop(), text: await text(url) })));
    const input = { seeds: files, catalog: await text(catalog), entities: await text(entities), man: await text(man) };
    input.manEntities = manEntities ? await text(manEntities) : '';
    input.docs = { seeds: seedDocs(input.catalog, files), man: jsonlDocs(input.man) };
    judged.input = input;
    document.getElementById('status').textContent = `judged: ${files.length} seeds, ${input.docs.man.length} man pages`;
    return { seeds: input.docs.seeds.length, man: input.docs.man.length };
  },
  /** Builds a library's index of each corpus: milliseconds per corpus (and Loupe's entity counts). */
  judgedBuild(name) {
    const e = judgedEngines[name];
    const out = {};
    for (const corpus of ['seeds', 'man']) {
      const t = performance.now();
      judged.built[corpus] = e.build(corpus);
      out[corpus] = { ms: performance.now() - t, entities: e.entities?.(judged.built[corpus]) };
    }
    return out;
  },
  /**
   * Runs each { corpus, query }: its first DEPTH ids and its time, the mean of `repeat` runs after
   * one (and for Loupe `rankMs`, the time of the query ranked only).
   */
  judgedRun(name, list, repeat) {
    const e = judgedEngines[name];
    const out = list.map(({ corpus, query }) => {
      const ix = judged.built[corpus];
      const ids = e.ids(e.search(ix, query).slice(0, DEPTH), corpus);
      const t = performance.now();
      for (let i = 0; i < repeat; i++) e.search(ix, query);
      const ms = (performance.now() - t) / repeat;
      if (!e.rank) return { ids, ms };
      e.rank(ix, query);
      const r = performance.now();
      for (let i = 0; i < repeat; i++) e.rank(ix, query);
      return { ids, ms, rankMs: (performance.now() - r) / repeat };
    });
    for (const ix of Object.values(judged.built)) e.free?.(ix);
    judged.built = {};
    return out;
  },
});
