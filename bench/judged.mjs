// Judged queries side by side: nDCG@10 and MRR of Loupe, MiniSearch and Lunr
// (French) on the queries of engine/tests/fixtures/judged.tsv, over the seeds
// and the French man pages. Prints a Markdown report (docs/BENCHMARKS.md,
// "Judged queries").
//
//   node bench/judged.mjs               the table per corpus
//   node bench/judged.mjs --per-query   also each query's nDCG@10 for the three
//
// Loupe's rankings come from the engine itself: the script runs its relevance
// test (engine/tests/relevance.rs) with LOUPE_JUDGED_RUNS set, which writes
// each query's first 10 ids; the figures are computed here for the three
// libraries by the same formulas as the test. MiniSearch and Lunr run in Node
// on the same documents (id, title, text): the seeds with their titles from
// seeds/catalog.toml, the man pages from target/bench/manpages-fr.jsonl
// (scripts/setup writes it).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import MiniSearch from 'minisearch';

const require = createRequire(import.meta.url);
const lunr = require('lunr');
require('lunr-languages/lunr.stemmer.support')(lunr);
require('lunr-languages/lunr.fr')(lunr);

const ROOT = new URL('../', import.meta.url).pathname;
// Results judged per query: the first page, as in the engine's test.
const DEPTH = 10;
const perQuery = process.argv.includes('--per-query');

// The judgments: [{ query, corpus, grades: Map(id → grade) }] in file order.
const judged = [];
for (const line of readFileSync(join(ROOT, 'engine/tests/fixtures/judged.tsv'), 'utf8').split('\n')) {
  if (!line.trim() || line.startsWith('#')) continue;
  const [query, corpus, doc, grade] = line.split('\t');
  let j = judged.at(-1);
  if (!j || j.query !== query || j.corpus !== corpus) judged.push((j = { query, corpus, grades: new Map() }));
  j.grades.set(doc, Number(grade));
}

// The documents, as the engine reads them.
const catalog = readFileSync(join(ROOT, 'seeds/catalog.toml'), 'utf8');
const titles = new Map();
for (const block of catalog.split('[[article]]').slice(1)) {
  const file = block.match(/^file = "(.*)"$/m)?.[1];
  const title = block.match(/^title = "(.*)"$/m)?.[1];
  if (file && title) titles.set(file, title.replace(/\\"/g, '"'));
}
const seeds = readdirSync(join(ROOT, 'seeds'))
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => ({ id: f.slice(0, 3), title: titles.get(f) ?? '', text: readFileSync(join(ROOT, 'seeds', f), 'utf8') }));
const manPath = join(ROOT, 'target/bench/manpages-fr.jsonl');
if (!existsSync(manPath)) {
  console.error(`no ${manPath}: run scripts/setup`);
  process.exit(1);
}
const man = readFileSync(manPath, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l))
  .map(({ id, title, text }) => ({ id, title, text }));
const corpora = { seeds, man };
for (const j of judged) {
  for (const doc of j.grades.keys()) {
    if (!corpora[j.corpus].some((d) => d.id === doc)) throw new Error(`${j.query}: no ${doc} in ${j.corpus}`);
  }
}

// Loupe: the engine's own rankings.
const runsPath = join(ROOT, 'target/bench/judged-loupe.tsv');
const started = Date.now();
try {
  execFileSync('cargo', ['test', '-q', '-p', 'loupe-engine', '--test', 'relevance', '--', 'judged_queries'], {
    cwd: ROOT,
    env: { ...process.env, LOUPE_JUDGED_RUNS: runsPath },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
} catch {
  // A floor not met fails the test; its rankings are written before the check.
}
if (!existsSync(runsPath) || statSync(runsPath).mtimeMs < started - 1000) {
  console.error(`the engine's relevance test wrote no ${runsPath}`);
  process.exit(1);
}
const loupe = new Map();
for (const line of readFileSync(runsPath, 'utf8').split('\n')) {
  if (!line.trim() || line.startsWith('#')) continue;
  const [corpus, query, ids] = line.split('\t');
  loupe.set(`${corpus}\t${query}`, ids ? ids.split(' ') : []);
}

// Lowercase and strip accents, as Loupe folds (the browser benchmark's set-up).
const fold = (s) => s.toLowerCase().normalize('NFD').replace(/\p{Diacritic}/gu, '');
function miniSearch(combineWith) {
  return {
    build: (docs) => {
      const ms = new MiniSearch({ fields: ['title', 'text'], processTerm: (t) => fold(t) });
      ms.addAll(docs);
      return ms;
    },
    search: (ms, j) => ms.search(j.query, { combineWith, prefix: true, fuzzy: 0.2, boost: { title: 2 } }).map((r) => r.id),
  };
}
const libraries = {
  Loupe: {
    build: () => null,
    search: (_, j) => loupe.get(`${j.corpus}\t${j.query}`) ?? [],
  },
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
    search: (ix, j) => {
      try {
        return ix.search(j.query).map((r) => r.ref);
      } catch {
        return []; // a query Lunr cannot parse finds nothing
      }
    },
  },
};

const gain = (g) => 2 ** g - 1;
const discount = (rank) => Math.log2(rank + 1);
/** nDCG@DEPTH and reciprocal rank of ranked ids against the grades (engine/tests/relevance.rs). */
function score(ids, grades) {
  const top = ids.slice(0, DEPTH);
  const dcg = top.reduce((s, id, i) => s + gain(grades.get(id) ?? 0) / discount(i + 1), 0);
  const ideal = [...grades.values()].sort((a, b) => b - a).slice(0, DEPTH);
  const best = ideal.reduce((s, g, i) => s + gain(g) / discount(i + 1), 0);
  const first = top.findIndex((id) => (grades.get(id) ?? 0) >= 1);
  return { ndcg: best > 0 ? dcg / best : 0, rr: first < 0 ? 0 : 1 / (first + 1) };
}

const results = {}; // library → per query { ndcg, rr }
for (const [name, lib] of Object.entries(libraries)) {
  const indexes = {};
  for (const [corpus, docs] of Object.entries(corpora)) indexes[corpus] = lib.build(docs);
  results[name] = judged.map((j) => score(lib.search(indexes[j.corpus], j), j.grades));
}

const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const names = Object.keys(libraries);
console.log(
  `Judged queries (engine/tests/fixtures/judged.tsv): ${seeds.length} seed articles, ${man.length} man pages; ` +
    `nDCG@${DEPTH} (gain 2^grade − 1, log2 discount) and MRR over the first ${DEPTH} results.\n`,
);
const groups = ['seeds', 'man', 'all'];
const keep = Object.fromEntries(groups.map((g) => [g, judged.map((j) => g === 'all' || j.corpus === g)]));
const count = (g) => keep[g].filter(Boolean).length;
console.log(`| library | ${groups.map((g) => `${g} (${count(g)}) nDCG@10 | MRR`).join(' | ')} |`);
console.log(`|---|${groups.map(() => '---:|---:').join('|')}|`);
for (const name of names) {
  const pick = (g, key) => mean(results[name].filter((_, i) => keep[g][i]).map((r) => r[key])).toFixed(3);
  console.log(`| ${name} | ${groups.map((g) => `${pick(g, 'ndcg')} | ${pick(g, 'rr')}`).join(' | ')} |`);
}
if (perQuery) {
  console.log(`\nnDCG@${DEPTH} per query:\n`);
  console.log(`| corpus | query | ${names.join(' | ')} |`);
  console.log(`|---|---|${names.map(() => '---:').join('|')}|`);
  judged.forEach((j, i) => {
    console.log(`| ${j.corpus} | \`${j.query}\` | ${names.map((n) => results[n][i].ndcg.toFixed(2)).join(' | ')} |`);
  });
}
