/**
 * A run's Allure results, written by allure-vitest during the run: a conformance failure is Failed
 * (never Broken, Allure's state for a test that errored), and cases are grouped by profile and area
 * (parentSuite, suite) with the case id as the test's name. Checked on a run with an emulator fault.
 */
import { describe, it, expect } from 'vitest';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { cli } from '../support/cli.js';

interface AllureResult {
  name: string;
  status: string;
  statusDetails?: { message?: string };
  labels: { name: string; value: string }[];
}

describe('Allure results of a run', () => {
  it('a failure is failed, not broken; suites are profile > area; each test is a case id', async () => {
    const out = await mkdtemp(join(tmpdir(), 'oai-compat-allure-run-'));
    const r = await cli(['run', '--fault', 'created-in-ms', '--only', 'response.', '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(1);
    const dir = join(out, 'allure-results');
    const results = await Promise.all(
      (await readdir(dir)).filter((f) => f.endsWith('-result.json')).map(async (f) => JSON.parse(await readFile(join(dir, f), 'utf8')) as AllureResult),
    );
    const label = (x: AllureResult, name: string) => x.labels.filter((l) => l.name === name).map((l) => l.value);
    expect(results.filter((x) => x.status === 'broken').map((x) => x.name)).toEqual([]);
    expect(results.filter((x) => x.status === 'failed').map((x) => x.name)).toEqual(['response.created']);
    const created = results.find((x) => x.name === 'response.created')!;
    expect(created.statusDetails?.message).toMatch(/created/);
    const cases = results.filter((x) => x.name.startsWith('response.'));
    expect(cases.length).toBeGreaterThan(5);
    for (const x of cases) {
      expect(label(x, 'parentSuite'), x.name).toEqual(['openai']);
      expect(label(x, 'suite'), x.name).toEqual(['response']);
      expect(label(x, 'feature'), x.name).toEqual(['response']);
    }
  });
});
