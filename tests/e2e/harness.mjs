// What every browser test and the benchmark share: the system Chromium with
// the flags this machine needs (see the developers' guide), the repo root,
// and the sites `loupe site` writes for the tests.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { serve } from './server.mjs';

/** The repository root, with a trailing slash. */
export const ROOT = new URL('../../', import.meta.url).pathname;

/** Flags for headless Chromium as root, with no background network traffic. */
export const CHROMIUM_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Launches the system Chromium (CHROMIUM overrides its path), with `extra` flags. */
export function launch(extra = []) {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...extra] });
}

/**
 * Waits until the page's corpus is all there: at once for a corpus in one
 * file or in the page; for a small sharded one (the seeds' site), once the
 * app has fetched every part (`<html data-corpus="complete">`), so that a
 * test of the explorer reads a settled page, not one whose parts are on
 * their way (tests/e2e/sharded.test.mjs is about those).
 */
export function complete(page) {
  return page.waitForFunction(() => document.documentElement.dataset.corpus === 'complete'
    || !document.querySelector('meta[name=loupe-corpus][content$=".idx"]'));
}

/**
 * Waits until the results are drawn whole: a keystroke's results draw their
 * first cards in its frame and the rest once it is painted, the list
 * `data-partial` meanwhile (src/components/explore.rs, `FIRST`), and busy
 * while parts of a sharded corpus are on their way.
 */
export function drawn(page) {
  return page.waitForFunction(() => {
    const results = document.querySelector('section.results');
    return results?.getAttribute('aria-busy') !== 'true' && !results?.hasAttribute('data-partial');
  });
}

/** Runs the engine's `cargo run --release` with `args` (a binary or an example), quietly. */
export function cargo(...args) {
  execFileSync('cargo', ['run', '--locked', '--quiet', '--release', '-p', 'loupe-engine', ...args], { cwd: ROOT, stdio: 'ignore' });
}

/** `target/bench/corpus-N.jsonl`: N generated articles, made once. */
export async function generatedCorpus(n) {
  const corpus = join(ROOT, `target/bench/corpus-${n}.jsonl`);
  await mkdir(join(ROOT, 'target/bench'), { recursive: true });
  if (!existsSync(corpus)) cargo('--example', 'gen_corpus', '--', String(n), corpus);
  return corpus;
}

/** Writes the explorer of `corpus` with `loupe site` (the app from dist/) into `out`. */
export function loupeSite(corpus, out) {
  cargo('--bin', 'loupe', '--', 'site', '--corpus', corpus, '--app', join(ROOT, 'dist'), '--out', out);
}

/**
 * A site written by `loupe site`, served, and a browser, for one test file:
 * `corpus(dir)` gives the articles (a JSONL file) in a fresh temporary
 * directory; everything is made before the file's tests and removed after.
 * The returned object has `server`, `browser` and `dir` once they exist.
 */
export function servedSite(prefix, corpus) {
  const site = {};
  before(async () => {
    site.dir = await mkdtemp(join(tmpdir(), prefix));
    loupeSite(await corpus(site.dir), join(site.dir, 'site'));
    site.server = await serve(join(site.dir, 'site'));
    site.browser = await launch();
  });
  after(async () => {
    await site.browser?.close();
    await site.server?.close();
    if (site.dir) await rm(site.dir, { recursive: true, force: true });
  });
  return site;
}
