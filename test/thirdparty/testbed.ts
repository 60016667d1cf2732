/**
 * One test-bed suite: start a third-party server, run the full openai profile against it through the CLI,
 * and hold every verdict to the server's hand-reviewed expected-verdicts file. Known-wrong lines are
 * `it.fails` tests: they pass while the harness still gives the wrong verdict, and fail (so the mark gets
 * removed) as soon as a fix makes the verdict true.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import type { Results } from '../../src/results/results.types.js';
import { accepts, compare, formatKnownWrong, loadExpected, type Comparison } from './expected.js';
import { RUN_TIMEOUT_MS, runProfile } from './run.js';
import type { TestBedTarget } from './servers.js';

/** Start-up of the server (at most 150 s, and Prism's warm-up up to 240 s more) and the whole run, with room for a loaded machine; the CLI run is bounded below it. */
const SUITE_TIMEOUT_MS = RUN_TIMEOUT_MS + 420_000;

export function testBed(name: string, expectedFile: string, start: () => Promise<TestBedTarget>): void {
  // Relative to the checkout, so test names and file:line messages are the same in every clone.
  const expected = loadExpected(relative(process.cwd(), fileURLToPath(new URL(expectedFile, import.meta.url))));
  describe(`the openai profile against ${name} (third-party test bed)`, () => {
    let results: Results | undefined;
    let cmp: Comparison | undefined;
    let target: TestBedTarget | undefined;
    beforeAll(async () => {
      target = await start();
      const run = await runProfile(expected.server, target);
      // 1: conformance failures (every one of these servers departs from OpenAI somewhere); anything else is a broken run.
      if (run.code !== 1) throw new Error(`oai-compat run against ${name} exited ${run.code}, expected 1:\n${run.stderr}`);
      results = run.results;
      cmp = compare(expected, results);
      const known = formatKnownWrong(cmp);
      if (known) console.log(`${name}: ${cmp.knownWrong.length} known-wrong verdicts (issue #11):\n${known}`);
    }, SUITE_TIMEOUT_MS);
    afterAll(async () => {
      await target?.stop();
    }, 30_000);

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
  });
}
