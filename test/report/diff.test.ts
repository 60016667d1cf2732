import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { diffCommand, diffResults, formatDiff } from '../../src/report/diff.js';
import type { CaseResult, Results } from '../../src/results/results.types.js';
import { captureIO, makeCase, makeResults, sampleResults } from './fixtures.js';

function withCases(base: Results, cases: CaseResult[]): Results {
  return makeResults(cases, { target: base.target, exchanges: base.exchanges, requests: base.requests });
}

function replaceCase(r: Results, id: string, over: Partial<CaseResult>): Results {
  return withCases(
    r,
    r.cases.map((c) => (c.id === id ? { ...c, ...over } : c)),
  );
}

describe('diffResults', () => {
  const baseline = sampleResults(); // 3 pass, 2 fail (request.logprobs, stream.done-sentinel), 1 skip, 1 inconclusive

  it('finds no regression when nothing changed, known failures included', () => {
    const d = diffResults(baseline, sampleResults());
    expect(d).toEqual({ regressions: [], fixed: [], changed: [], newCases: [], removedCases: [], unchanged: 7 });
  });

  it('reports exactly the one new failing case as a regression', () => {
    const current = withCases(baseline, [
      ...baseline.cases,
      makeCase({ id: 'header.x-request-id', verdict: 'fail', declared: 'present', observed: 'absent', message: 'no x-request-id header' }),
    ]);
    const d = diffResults(baseline, current);
    expect(d.regressions.map((c) => [c.id, c.was, c.now])).toEqual([['header.x-request-id', null, 'fail']]);
    expect(d.newCases.map((c) => c.id)).toEqual(['header.x-request-id']);
    expect(d.unchanged).toBe(7);
  });

  it('counts pass → fail, skip → fail and inconclusive → fail as regressions, but not a known failure that still fails', () => {
    let current = replaceCase(baseline, 'request.max_tokens', { verdict: 'fail', message: 'completion_tokens 212, asked 5' });
    current = replaceCase(current, 'error.missing-messages', { verdict: 'fail' });
    current = replaceCase(current, 'performance.ttft', { verdict: 'fail' });
    current = replaceCase(current, 'request.logprobs', { message: 'a different message for a known failure' });
    const d = diffResults(baseline, current);
    expect(d.regressions.map((c) => `${c.id}:${c.was}->${c.now}`)).toEqual([
      'error.missing-messages:skip->fail',
      'performance.ttft:inconclusive->fail',
      'request.max_tokens:pass->fail',
    ]);
    expect(d.unchanged).toBe(4);
  });

  it('reports fixed cases, other changes and removed cases without gating on them', () => {
    let current = replaceCase(baseline, 'stream.done-sentinel', { verdict: 'pass' });
    current = replaceCase(current, 'request.max_tokens', { verdict: 'skip' });
    current = withCases(
      current,
      current.cases.filter((c) => c.id !== 'request.n'),
    );
    const d = diffResults(baseline, current);
    expect(d.regressions).toEqual([]);
    expect(d.fixed.map((c) => c.id)).toEqual(['stream.done-sentinel']);
    expect(d.changed.map((c) => `${c.id}:${c.was}->${c.now}`)).toEqual(['request.max_tokens:pass->skip']);
    expect(d.removedCases).toEqual([{ id: 'request.n', area: 'request', was: 'pass' }]);
    expect(d.unchanged).toBe(4);
  });

  it('formats each change with id, transition and message on one line', () => {
    const current = replaceCase(baseline, 'request.max_tokens', { verdict: 'fail', message: 'completion_tokens 212\nasked 5' });
    const text = formatDiff(diffResults(baseline, current));
    expect(text).toContain('Regressions (1):\n  request.max_tokens  pass → fail  completion_tokens 212 asked 5\n');
    expect(text).toMatch(/1 regression, 0 fixed, 0 other changes, 0 new, 0 removed, 6 unchanged\.\n$/);
    expect(formatDiff(diffResults(baseline, baseline))).toBe('0 regressions, 0 fixed, 0 other changes, 0 new, 0 removed, 7 unchanged.\n');
  });
});

describe('diffCommand', () => {
  let dir: string;
  const file = (name: string) => join(dir, name);
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'oai-diff-'));
    const baseline = sampleResults();
    await writeFile(file('baseline.json'), JSON.stringify(baseline));
    await writeFile(file('same.json'), JSON.stringify(sampleResults()));
    await writeFile(file('worse.json'), JSON.stringify(replaceCase(baseline, 'request.max_tokens', { verdict: 'fail', message: 'ignored' })));
    await writeFile(file('broken.json'), '{"schema": "oai-compat.results/v1", ');
    await writeFile(file('invalid.json'), JSON.stringify({ ...baseline, cases: [{ ...baseline.cases[0], verdict: 'maybe' }] }));
    await writeFile(file('other.json'), JSON.stringify({ name: 'some-package', version: '1.0.0' }));
  });

  it('exits 0 when nothing regressed', async () => {
    const io = captureIO();
    expect(await diffCommand([file('baseline.json'), file('same.json')], io)).toBe(0);
    expect(io.out).toContain('0 regressions');
    expect(io.err).toBe('');
  });

  it('exits 1 and lists the regression', async () => {
    const io = captureIO();
    expect(await diffCommand([file('baseline.json'), file('worse.json')], io)).toBe(1);
    expect(io.out).toContain('request.max_tokens  pass → fail  ignored');
  });

  it('prints JSON with --json', async () => {
    const io = captureIO();
    expect(await diffCommand(['--json', file('baseline.json'), file('worse.json')], io)).toBe(1);
    expect(JSON.parse(io.out).regressions[0].id).toBe('request.max_tokens');
  });

  it.each([
    ['missing.json', /missing\.json: no such file$/],
    ['broken.json', /broken\.json: not valid JSON \(.+\)$/],
    ['invalid.json', /invalid\.json: invalid results: \/cases\/0\/verdict must be one of "pass", "fail", "skip", "inconclusive"$/],
    ['other.json', /other\.json: not an oai-compat results document \(no "schema" field\)$/],
  ])('exits 2 naming the file when %s cannot be used', async (name, reason) => {
    const io = captureIO();
    expect(await diffCommand([file('baseline.json'), file(name)], io)).toBe(2);
    expect(io.out).toBe('');
    expect(io.err.trimEnd().split('\n')).toHaveLength(1);
    expect(io.err.trimEnd()).toMatch(reason);
  });

  it('exits 2 with one line pointing to the usage on a wrong argument count or an unknown flag', async () => {
    for (const argv of [[file('baseline.json')], [file('baseline.json'), file('same.json'), '--fast']]) {
      const io = captureIO();
      expect(await diffCommand(argv, io)).toBe(2);
      expect(io.err).toMatch(/^error: .+ \(see oai-compat diff --help\)\n$/);
    }
  });

  it('prints help and exits 0 with --help', async () => {
    const io = captureIO();
    expect(await diffCommand(['--help'], io)).toBe(0);
    expect(io.out).toMatch(/^Usage: oai-compat diff BASELINE\.json CURRENT\.json/);
  });
});
