/**
 * Allure results from results.json: a conformance failure is "failed" (never "broken", Allure's category
 * for a test that errored), grouped by target, area and case id, with the evidence attached.
 */
import { describe, it, expect } from 'vitest';
import { mkdtemp, readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { ROOT } from '../support/cli.js';
import { writeAllure } from '../../src/report/allure.js';
import { makeCase, makeResults, sampleResults } from './fixtures.js';

interface AllureResult {
  name: string;
  fullName: string;
  historyId: string;
  status: string;
  statusDetails?: { message?: string };
  labels: { name: string; value: string }[];
  attachments: { name: string; source: string; type: string }[];
}

async function read(dir: string): Promise<AllureResult[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('-result.json'));
  return Promise.all(files.map(async (f) => JSON.parse(await readFile(join(dir, f), 'utf8')) as AllureResult));
}
const label = (r: AllureResult, name: string) => r.labels.filter((l) => l.name === name).map((l) => l.value);

describe('allure-results from results.json', () => {
  it('one result per case; the status is the verdict: failed, passed, skipped, inconclusive as a skip that says so', async () => {
    const out = await mkdtemp(join(tmpdir(), 'oai-compat-allure-'));
    const results = sampleResults();
    const dir = await writeAllure(out, results);
    const written = await read(dir);
    expect(written.map((r) => r.name).sort()).toEqual(results.cases.map((c) => c.id).sort());
    const byId = new Map(written.map((r) => [r.name, r]));
    for (const c of results.cases) {
      const r = byId.get(c.id)!;
      expect(r.status, c.id).toBe({ pass: 'passed', fail: 'failed', skip: 'skipped', inconclusive: 'skipped' }[c.verdict]);
      if (c.verdict !== 'pass') expect(r.statusDetails?.message, c.id).toContain(c.message);
    }
    expect(written.some((r) => r.status === 'broken')).toBe(false);
    expect(byId.get('performance.ttft')!.statusDetails?.message).toMatch(/^inconclusive: did not settle/);
    expect(byId.get('error.missing-messages')!.statusDetails?.message).not.toMatch(/^inconclusive/);
  });

  it("grouped by target, area and case id (suites and behaviours), with the evidence and the case's exchanges attached", async () => {
    const out = await mkdtemp(join(tmpdir(), 'oai-compat-allure-'));
    const dir = await writeAllure(out, sampleResults());
    const r = (await read(dir)).find((x) => x.name === 'stream.done-sentinel')!;
    expect(label(r, 'parentSuite')).toEqual(['parallel']);
    expect(label(r, 'suite')).toEqual(['stream']);
    expect(label(r, 'feature')).toEqual(['stream']);
    expect(label(r, 'story')).toEqual(['done-sentinel']);
    expect(label(r, 'epic')).toEqual(['parallel']);
    expect(r.attachments.map((a) => a.name)).toEqual(['evidence.json', 'exchanges.json']);
    const exchanges = JSON.parse(await readFile(join(dir, r.attachments[1].source), 'utf8')) as { id: string }[];
    expect(exchanges.map((x) => x.id)).toEqual(['x3']);
    const evidence = JSON.parse(await readFile(join(dir, r.attachments[0].source), 'utf8')) as { message: string };
    expect(evidence.message).toBe('stream ended without data: [DONE]');
    const categories = JSON.parse(await readFile(join(dir, 'categories.json'), 'utf8')) as { name: string }[];
    expect(categories.map((c) => c.name)).toEqual(['Conformance failures', 'Inconclusive (the evidence could not settle it)']);
  });

  it('history ids are stable across runs of one target and differ across targets', async () => {
    const one = makeResults([makeCase({ id: 'request.n' })]);
    const other = makeResults([makeCase({ id: 'request.n' })], { target: { ...one.target, label: 'gateway' } });
    const ids = async (r: typeof one) => (await read(await writeAllure(await mkdtemp(join(tmpdir(), 'oai-compat-allure-')), r)))[0].historyId;
    expect(await ids(one)).toBe(await ids(makeResults([makeCase({ id: 'request.n', verdict: 'fail' })])));
    expect(await ids(one)).not.toBe(await ids(other));
  });

  it('replaces what an earlier run left in allure-results (a merge into a used folder counts no stale case)', async () => {
    const out = await mkdtemp(join(tmpdir(), 'oai-compat-allure-'));
    await mkdir(join(out, 'allure-results'));
    await writeFile(join(out, 'allure-results', 'stale-result.json'), '{}');
    const dir = await writeAllure(out, makeResults([makeCase({ id: 'request.n' })]));
    expect(await readdir(dir)).not.toContain('stale-result.json');
    expect((await read(dir)).length).toBe(1);
  });
});

describe('the Allure report built from them (allure 3, the devDependency)', () => {
  it('counts failures as failed, none broken, grouped under target > area', async () => {
    const out = await mkdtemp(join(tmpdir(), 'oai-compat-allure-'));
    const results = sampleResults();
    const dir = await writeAllure(out, results);
    const report = join(out, 'allure-report');
    const gen = spawnSync(process.execPath, [join(ROOT, 'node_modules/allure/cli.js'), 'generate', dir, '-o', report], {
      cwd: out,
      encoding: 'utf8',
      timeout: 300_000,
    });
    expect(gen.status, gen.stderr).toBe(0);
    const summary = JSON.parse(await readFile(join(report, 'summary.json'), 'utf8')) as { stats: Record<string, number> };
    expect(summary.stats).toMatchObject({ total: results.cases.length, failed: results.summary.fail });
    expect(summary.stats.broken ?? 0).toBe(0);
    const tests = await Promise.all(
      (await readdir(join(report, 'data/test-results'))).map(
        async (f) =>
          JSON.parse(await readFile(join(report, 'data/test-results', f), 'utf8')) as {
            name: string;
            status: string;
            groupedLabels: Record<string, string[]>;
          },
      ),
    );
    const done = tests.find((t) => t.name === 'stream.done-sentinel')!;
    expect(done.status).toBe('failed');
    expect([done.groupedLabels.parentSuite, done.groupedLabels.suite]).toEqual([['parallel'], ['stream']]);
  });
});
