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
// (scripts/setup writes it). Their settings, the reading of the judgments and
// the formulas are in bench/judged-shared.mjs, which the browser benchmark's
// judged mode (`node bench/browser.mjs --judged`) runs in Chromium too.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import { DEPTH, judgedLibraries, jsonlDocs, parseJudged, score, seedDocs, table } from './judged-shared.mjs';

const require = createRequire(import.meta.url);
const lunr = require('lunr');
require('lunr-languages/lunr.stemmer.support')(lunr);
require('lunr-languages/lunr.fr')(lunr);

const ROOT = new URL('../', import.meta.url).pathname;
const perQuery = process.argv.includes('--per-query');

const judged = parseJudged(readFileSync(join(ROOT, 'engine/tests/fixtures/judged.tsv'), 'utf8'));

// The documents, as the engine reads them.
const seeds = seedDocs(
  readFileSync(join(ROOT, 'seeds/catalog.toml'), 'utf8'),
  readdirSync(join(ROOT, 'seeds'))
    .filter((f) => f.endsWith('.txt'))
    .map((name) => ({ name, text: readFileSync(join(ROOT, 'seeds', name), 'utf8') })),
);
const manPath = join(ROOT, 'target/bench/manpages-fr.jsonl');
if (!existsSync(manPath)) {
  console.error(`no ${manPath}: run scripts/setup`);
  process.exit(1);
}
const man = jsonlDocs(readFileSync(manPath, 'utf8'));
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

// MiniSearch and Lunr as bench/judged-shared.mjs sets them up (the browser benchmark's judged
// mode runs the same).
const libraries = {
  Loupe: {
    build: () => null,
    search: (_, j) => loupe.get(`${j.corpus}\t${j.query}`) ?? [],
  },
  ...Object.fromEntries(
    Object.entries(judgedLibraries({ MiniSearch, lunr })).map(([name, lib]) => [
      name,
      { build: lib.build, search: (ix, j) => lib.search(ix, j.query) },
    ]),
  ),
};

const results = {}; // library → per query { ndcg, rr }
for (const [name, lib] of Object.entries(libraries)) {
  const indexes = {};
  for (const [corpus, docs] of Object.entries(corpora)) indexes[corpus] = lib.build(docs);
  results[name] = judged.map((j) => score(lib.search(indexes[j.corpus], j), j.grades));
}

const names = Object.keys(libraries);
console.log(
  `Judged queries (engine/tests/fixtures/judged.tsv): ${seeds.length} seed articles, ${man.length} man pages; ` +
    `nDCG@${DEPTH} (gain 2^grade − 1, log2 discount) and MRR over the first ${DEPTH} results.\n`,
);
console.log(table(judged, results));
if (perQuery) {
  console.log(`\nnDCG@${DEPTH} per query:\n`);
  console.log(`| corpus | query | ${names.join(' | ')} |`);
  console.log(`|---|---|${names.map(() => '---:').join('|')}|`);
  judged.forEach((j, i) => {
    console.log(`| ${j.corpus} | \`${j.query}\` | ${names.map((n) => results[n][i].ndcg.toFixed(2)).join(' | ')} |`);
  });
}
