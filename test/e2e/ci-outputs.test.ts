/**
 * The CI side of a run: Allure results that `npx allure` turns into a report, the baseline gate, and
 * shards that merge into the unsharded run.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtemp, readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { cli, ROOT } from '../support/cli.js';
import type { Results } from '../../src/results/results.types.js';

const tmp = () => mkdtemp(join(tmpdir(), 'oai-compat-ci-'));
const readResults = async (dir: string) => JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as Results;
const verdicts = (r: Results) => r.cases.map((c) => `${c.id}=${c.verdict}`).sort();

let full: string;
beforeAll(async () => {
  full = await tmp();
  const r = await cli(['run', '--profile', 'openai', '--out', full]);
  expect(r.code, r.stderr).toBe(0);
});

describe('CI outputs', () => {
  it('writes Allure results with evidence attached, and npx allure builds a report from them', async () => {
    const dir = join(full, 'allure-results');
    const files = await readdir(dir);
    const results = files.filter((f) => f.endsWith('-result.json'));
    const cases = (await readResults(full)).cases.length;
    expect(results.length).toBeGreaterThanOrEqual(cases);
    type Step = { name?: string; attachments?: { name: string }[]; steps?: Step[] };
    const one = JSON.parse(await readFile(join(dir, results[0]), 'utf8')) as Step & { labels: { name: string; value: string }[] };
    // allure-vitest files attachments under steps named after them.
    const names = (s: Step): string[] => [...(s.attachments ?? []).map((a) => a.name), ...(s.steps ?? []).flatMap(names)];
    expect(names(one)).toContain('evidence.json');
    expect(one.labels.some((l) => l.name === 'feature')).toBe(true);
    const out = join(full, 'allure-report');
    const gen = spawnSync(process.execPath, [join(ROOT, 'node_modules/allure/cli.js'), 'generate', dir, '-o', out], {
      cwd: full,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(gen.status, gen.stderr).toBe(0);
    expect((await stat(join(out, 'index.html'))).size).toBeGreaterThan(100);
  });

  it('baseline: the same target twice exits 0; one new fault exits 1 naming exactly that case', async () => {
    const again = await tmp();
    const same = await cli(['run', '--profile', 'openai', '--out', again, '--baseline', join(full, 'results.json')]);
    expect(same.code, same.stdout + same.stderr).toBe(0);
    const faulty = await tmp();
    const r = await cli(['run', '--profile', 'openai', '--fault', 'created-in-ms', '--out', faulty, '--baseline', join(full, 'results.json')]);
    expect(r.code, r.stdout).toBe(1);
    expect(r.stdout).toMatch(/response\.created/);
    const diff = await cli(['diff', join(full, 'results.json'), join(faulty, 'results.json')]);
    expect(diff.code).toBe(1);
    const regressions = diff.stdout.split('\n').filter((l) => /regress/i.test(l) || /→/.test(l));
    expect(regressions.join('\n')).toContain('response.created');
    expect(diff.stdout).not.toMatch(/response\.object/);
  });

  it('two shards merged equal the unsharded run in cases and verdicts', async () => {
    const a = await tmp();
    const b = await tmp();
    expect((await cli(['run', '--profile', 'openai', '--shard', '1/2', '--out', a])).code).toBe(0);
    expect((await cli(['run', '--profile', 'openai', '--shard', '2/2', '--out', b])).code).toBe(0);
    const sa = await readResults(a);
    const sb = await readResults(b);
    expect(sa.cases.length).toBeGreaterThan(0);
    expect(sb.cases.length).toBeGreaterThan(0);
    const merged = join(await tmp(), 'merged.json');
    const m = await cli(['merge', join(a, 'results.json'), join(b, 'results.json'), '--out', merged]);
    expect(m.code, m.stderr).toBe(0);
    const mr = JSON.parse(await readFile(merged, 'utf8')) as Results;
    expect(verdicts(mr)).toEqual(verdicts(await readResults(full)));
    expect(mr.summary).toEqual((await readResults(full)).summary);
  });
});
