// The judged queries (engine/tests/fixtures/judged.tsv) as the JavaScript
// side reads and scores them, written once for both places they run:
// bench/judged.mjs (MiniSearch and Lunr in Node, Loupe's rankings from the
// engine's relevance test) and the browser benchmark's judged mode
// (`node bench/browser.mjs --judged`: the three in one Chromium page, scored
// in Node from the ids the page returns). No Node or browser API here: the
// callers read the files and hand in the libraries.

/** Results judged per query: the first page, as in the engine's test. */
export const DEPTH = 10;

/** The judgments: [{ query, corpus, grades: Map(id → grade) }] in file order. */
export function parseJudged(tsv) {
  const judged = [];
  for (const line of tsv.split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [query, corpus, doc, grade] = line.split('\t');
    let j = judged.at(-1);
    if (!j || j.query !== query || j.corpus !== corpus) judged.push((j = { query, corpus, grades: new Map() }));
    j.grades.set(doc, Number(grade));
  }
  return judged;
}

/**
 * The seeds as MiniSearch and Lunr get them: `files` [{ name, text }] of
 * seeds/*.txt, each with the title seeds/catalog.toml gives it; the id is the
 * first three characters of the file name, the judgments' id of a seed.
 */
export function seedDocs(catalog, files) {
  const titles = new Map();
  for (const block of catalog.split('[[article]]').slice(1)) {
    const file = block.match(/^file = "(.*)"$/m)?.[1];
    const title = block.match(/^title = "(.*)"$/m)?.[1];
    if (file && title) titles.set(file, title.replace(/\\"/g, '"'));
  }
  return [...files]
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((f) => ({ id: f.name.slice(0, 3), title: titles.get(f.name) ?? '', text: f.text }));
}

/** The man pages as the libraries get them: id, title, text of each line of manpages-fr.jsonl. */
export function jsonlDocs(text) {
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l))
    .map(({ id, title, text }) => ({ id, title, text }));
}

/** Lowercase and strip accents, as Loupe folds (the browser benchmark's set-up). */
export const fold = (s) => s.toLowerCase().normalize('NFD').replace(/\p{Diacritic}/gu, '');

/**
 * MiniSearch and Lunr as the judged queries run them, the one place their
 * settings are written; `MiniSearch` is the library's class, `lunr` the
 * library with lunr-languages' French registered (`lunr.fr`). Each entry
 * builds an index of documents { id, title, text } and returns a query's
 * ids, best first.
 */
export function judgedLibraries({ MiniSearch, lunr }) {
  const miniSearch = (combineWith) => ({
    build: (docs) => {
      const ms = new MiniSearch({ fields: ['title', 'text'], processTerm: (t) => fold(t) });
      ms.addAll(docs);
      return ms;
    },
    search: (ms, query) => ms.search(query, { combineWith, prefix: true, fuzzy: 0.2, boost: { title: 2 } }).map((r) => r.id),
  });
  return {
    // Search-as-you-type as MiniSearch's documentation sets it up (prefix, fuzzy 0.2), every word
    // required as in Loupe and in the browser benchmark's answer-quality table; then MiniSearch's
    // default, any word.
    MiniSearch: miniSearch('AND'),
    'MiniSearch, any word': miniSearch('OR'),
    // lunr-languages' French (stemmer, stop words); the query as typed, in Lunr's own syntax.
    'Lunr (fr)': {
      build: (docs) =>
        lunr(function () {
          this.use(lunr.fr);
          this.ref('id');
          this.field('title', { boost: 2 });
          this.field('text');
          docs.forEach((d) => this.add(d));
        }),
      search: (ix, query) => {
        try {
          return ix.search(query).map((r) => r.ref);
        } catch {
          return []; // a query Lunr cannot parse finds nothing
        }
      },
    },
  };
}

const gain = (g) => 2 ** g - 1;
const discount = (rank) => Math.log2(rank + 1);
/** nDCG@DEPTH and reciprocal rank of ranked ids against the grades (engine/tests/relevance.rs). */
export function score(ids, grades) {
  const top = ids.slice(0, DEPTH);
  const dcg = top.reduce((s, id, i) => s + gain(grades.get(id) ?? 0) / discount(i + 1), 0);
  const ideal = [...grades.values()].sort((a, b) => b - a).slice(0, DEPTH);
  const best = ideal.reduce((s, g, i) => s + gain(g) / discount(i + 1), 0);
  const first = top.findIndex((id) => (grades.get(id) ?? 0) >= 1);
  return { ndcg: best > 0 ? dcg / best : 0, rr: first < 0 ? 0 : 1 / (first + 1) };
}

export const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/**
 * The Markdown table of nDCG@10 and MRR per corpus and over all queries:
 * `results` maps a library to its scores ({ ndcg, rr } per query, in
 * `judged`'s order); `extra` adds columns ({ head: [...], cells: (name) => [...] }).
 */
export function table(judged, results, extra = { head: [], cells: () => [] }) {
  const groups = ['seeds', 'man', 'all'];
  const keep = Object.fromEntries(groups.map((g) => [g, judged.map((j) => g === 'all' || j.corpus === g)]));
  const count = (g) => keep[g].filter(Boolean).length;
  const heads = [...groups.map((g) => `${g} (${count(g)}) nDCG@10 | MRR`), ...extra.head];
  const lines = [`| library | ${heads.join(' | ')} |`, `|---|${groups.map(() => '---:|---:').join('|')}${extra.head.map(() => '|---:').join('')}|`];
  for (const [name, scores] of Object.entries(results)) {
    const pick = (g, key) => mean(scores.filter((_, i) => keep[g][i]).map((r) => r[key])).toFixed(3);
    const cells = [...groups.map((g) => `${pick(g, 'ndcg')} | ${pick(g, 'rr')}`), ...extra.cells(name)];
    lines.push(`| ${name} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}
