/**
 * One test-bed suite: start a third-party server once, run each of its expected files' profiles against it through
 * the CLI, one after another (the full openai profile unless a file says otherwise), and hold every verdict to that
 * hand-reviewed file. Known-wrong lines are `it.fails` tests: they pass while the harness still gives the wrong
 * verdict, and fail (so the mark gets removed) as soon as a fix makes the verdict true.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import type { Results } from '../../src/results/results.types.js';
import { accepts, compare, formatKnownWrong, loadExpected, type Comparison, type Expected } from './expected.js';
import { RUN_TIMEOUT_MS, runProfile } from './run.js';
import type { TestBedTarget } from './servers.js';

/** Start-up of the server (at most 150 s, and Prism's warm-up up to 240 s more) and the whole run, with room for a loaded machine; the CLI run is bounded below it. */
const SUITE_TIMEOUT_MS = RUN_TIMEOUT_MS + 420_000;

/** `expectedFiles`: one file, or several run in order against the one server (Prism's start-up is paid once). */
export function testBed(name: string, expectedFiles: string | string[], start: () => Promise<TestBedTarget>): void {
  // Relative to the checkout, so test names and file:line messages are the same in every clone.
  const files = [expectedFiles].flat().map((f) => loadExpected(relative(process.cwd(), fileURLToPath(new URL(f, import.meta.url)))));
  if (files.length === 1) {
    describe(runName(files[0], name), () => suite(name, files[0], started(start)));
    return;
  }
  describe(`${name} (third-party test bed)`, () => {
    const target = started(start);
    for (const expected of files) describe(runName(expected, name), () => suite(name, expected, target));
  });
}

const runName = (e: Expected, name: string) =>
  `the ${e.run.profile} profile${e.run.only ? ` (${e.run.only.length} case patterns)` : ''} against ${name} (third-party test bed)`;

/** The server, started before the first run of the enclosing describe and stopped after its last. */
function started(start: () => Promise<TestBedTarget>): () => TestBedTarget | undefined {
  let target: TestBedTarget | undefined;
  beforeAll(async () => {
    target = await start();
  }, SUITE_TIMEOUT_MS);
  afterAll(async () => {
    await target?.stop();
  }, 30_000);
  return () => target;
}

function suite(name: string, expected: Expected, target: () => TestBedTarget | undefined): void {
  let results: Results | undefined;
  let cmp: Comparison | undefined;
  beforeAll(async () => {
    const t = target();
    if (!t) throw new Error(`${name} did not start`);
    const run = await runProfile(expected.server, t, expected.run);
    // 1: conformance failures (every full run here departs from its profile somewhere), 0: none (a focused run may
    // have none); the verdicts are held to the file line by line below. Anything else is a broken run.
    if (run.code !== 1 && run.code !== 0) throw new Error(`oai-compat run against ${name} exited ${run.code}, expected 0 or 1:\n${run.stderr}`);
    results = run.results;
    cmp = compare(expected, results);
    const known = formatKnownWrong(cmp);
    if (known) console.log(`${name}: ${cmp.knownWrong.length} known-wrong verdicts (issue #11):\n${known}`);
  }, SUITE_TIMEOUT_MS);

  it('has a reviewed line for every case, and a case for every line', () => {
    const missing = [...(cmp?.unreviewed ?? []), ...(cmp?.orphans ?? [])];
    expect(missing, missing.join('\n')).toEqual([]);
  });

  it('agrees with every reviewed verdict', () => {
    expect(cmp, 'no comparison: the run did not complete').toBeDefined();
    expect(cmp!.disagreements, `${cmp!.disagreements.length} verdicts disagree with ${expected.file}:\n${cmp!.disagreements.join('\n')}`).toEqual([]);
  });

  for (const line of expected.lines.values()) {
    if (!line.knownWrong) continue;
    // Passes while the verdict is still wrong; fails once it is right: then remove the known-wrong mark.
    it.fails(`known-wrong ${line.id} (${line.knownWrong.split(':')[0]}): fails once fixed, then remove the mark at ${line.where}`, () => {
      const actual = results?.cases.find((c) => c.id === line.id)?.verdict;
      expect(results, 'no results').toBeDefined();
      expect(accepts(line, actual), `${line.id} is ${actual}`).toBe(true);
    });
  }
}
