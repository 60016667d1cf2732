import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MergeError, mergeCommand, mergeResults, missingShards } from '../../src/report/merge.js';
import { readResultsFile } from '../../src/report/load.js';
import type { Results } from '../../src/results/results.types.js';
import { captureIO, makeCase, makeExchange, makeResults, sampleResults } from './fixtures.js';

const byId = <T extends { id: string }>(xs: T[] = []) => [...xs].sort((a, b) => a.id.localeCompare(b.id));

/** Split an unsharded run into two shards the way the runner would: alternate cases, each with the exchanges it read. */
function split(full: Results): [Results, Results] {
  const exchangesFor = (cases: Results['cases']) => {
    const ids = new Set(cases.flatMap((c) => c.exchanges ?? []));
    return full.exchanges!.filter((x) => ids.has(x.id));
  };
  const a = full.cases.filter((_, i) => i % 2 === 0);
  const b = full.cases.filter((_, i) => i % 2 === 1);
  return [
    makeResults(a, {
      shard: '1/2',
      target: full.target,
      exchanges: exchangesFor(a),
      requests: { sent: 2, retried: 1, shared: 1 },
      startedAt: '2026-01-10T10:00:00.000Z',
      finishedAt: '2026-01-10T10:00:30.000Z',
    }),
    makeResults(b, {
      shard: '2/2',
      target: full.target,
      exchanges: exchangesFor(b),
      requests: { sent: 2, retried: 0, shared: 2 },
      startedAt: '2026-01-10T10:00:05.000Z',
      finishedAt: '2026-01-10T10:00:42.500Z',
    }),
  ];
}

describe('mergeResults', () => {
  it('turns two shards into the unsharded run (cases sorted by id)', () => {
    const full = sampleResults();
    const [a, b] = split(full);
    // Shards overlap on the shared baseline exchange x1: it must appear once.
    expect(a.exchanges!.some((x) => x.id === 'x1') && b.exchanges!.some((x) => x.id === 'x1')).toBe(true);
    const merged = mergeResults([b, a]);
    expect({ ...merged, exchanges: byId(merged.exchanges) }).toEqual({ ...full, cases: byId(full.cases), exchanges: byId(full.exchanges) });
    expect(merged).not.toHaveProperty('shard');
    expect(merged.exchanges!.filter((x) => x.id === 'x1')).toHaveLength(1);
  });

  it('refuses shards of different targets, saying which differs', () => {
    const [a, b] = split(sampleResults());
    const other = { ...b, target: { ...b.target, profile: 'openai' } };
    expect(() => mergeResults([a, other])).toThrow(MergeError);
    expect(() => mergeResults([a, other])).toThrow(
      /different targets: shard 2\/2 \(input 2\) differs from shard 1\/2 \(input 1\) \(profile parallel vs openai\)/,
    );
    expect(() => mergeResults([a, { ...b, target: { ...b.target, baseUrl: 'https://other.test/v1' } }])).toThrow(/baseUrl/);
    expect(() => mergeResults([a, { ...b, tool: { ...b.tool, version: '0.2.0' } }])).toThrow(/different tool versions/);
    expect(() => mergeResults([a, { ...b, shard: '2/3' }])).toThrow(/different splits/);
    expect(() => mergeResults([])).toThrow(/nothing to merge/);
  });

  it('merges emulator shards whose loopback ports differ', () => {
    const [a, b] = split(sampleResults());
    const emu = (r: Results, port: number): Results => ({ ...r, target: { ...r.target, emulator: true, baseUrl: `http://127.0.0.1:${port}/v1` } });
    const merged = mergeResults([emu(a, 40001), emu(b, 40002)]);
    expect(merged.cases).toHaveLength(7);
    expect(merged.target.baseUrl).toBe('http://127.0.0.1:40001/v1');
  });

  it('renames an exchange id two shards used for different exchanges, and follows it from the cases', () => {
    const a = makeResults([makeCase({ id: 'request.seed', exchanges: ['x1'] })], { shard: '1/2', exchanges: [makeExchange('x1')] });
    const otherX1 = makeExchange('x1', { request: { method: 'GET', url: 'https://api.example.test/v1/models', headers: {} } });
    const b = makeResults([makeCase({ id: 'endpoint.models', exchanges: ['x1'] })], { shard: '2/2', exchanges: [otherX1] });
    const merged = mergeResults([a, b]);
    expect(merged.exchanges!.map((x) => x.id)).toEqual(['x1', 's2:x1']);
    expect(merged.cases.find((c) => c.id === 'endpoint.models')!.exchanges).toEqual(['s2:x1']);
    expect(merged.cases.find((c) => c.id === 'request.seed')!.exchanges).toEqual(['x1']);
    expect(merged.exchanges![1]!.request.method).toBe('GET');
  });

  it('keeps the most severe verdict when two shards disagree on one case, and recomputes the summary', () => {
    const a = makeResults([makeCase({ id: 'request.seed', verdict: 'pass' })], { shard: '1/2' });
    const b = makeResults([makeCase({ id: 'request.seed', verdict: 'fail', message: 'seed ignored' })], { shard: '2/2' });
    const merged = mergeResults([a, b]);
    expect(merged.cases).toEqual([b.cases[0]]);
    expect(merged.summary).toEqual({ pass: 0, fail: 1, skip: 0, inconclusive: 0 });
  });

  it('names the shards that are missing', () => {
    const r = (shard: string) => makeResults([], { shard });
    expect(missingShards([r('1/3'), r('3/3')])).toEqual(['2/3']);
    expect(missingShards([r('2/2'), r('1/2')])).toEqual([]);
    expect(missingShards([makeResults([])])).toEqual([]);
  });
});

describe('mergeCommand', () => {
  let dir: string;
  const file = (name: string) => join(dir, name);
  // --reports appends to the job summary inside GitHub Actions; these fixtures must not land in CI's real one.
  afterAll(() => void vi.unstubAllEnvs());
  beforeAll(async () => {
    vi.stubEnv('GITHUB_STEP_SUMMARY', '');
    dir = await mkdtemp(join(tmpdir(), 'oai-merge-'));
    const [a, b] = split(sampleResults());
    await writeFile(file('a.json'), JSON.stringify(a));
    await writeFile(file('b.json'), JSON.stringify(b));
    await writeFile(file('c.json'), JSON.stringify({ ...b, target: { ...b.target, model: 'other' } }));
  });

  it('writes a valid merged results.json, and the reports with --reports', async () => {
    const io = captureIO();
    const out = file('merged/results.json');
    expect(await mergeCommand([file('a.json'), file('b.json'), '--out', out, '--reports'], io)).toBe(0);
    const merged = await readResultsFile(out);
    expect(merged.cases.map((c) => c.id)).toEqual(byId(sampleResults().cases).map((c) => c.id));
    expect(existsSync(file('merged/report.md')) && existsSync(file('merged/report.html'))).toBe(true);
    expect(await readFile(file('merged/report.md'), 'utf8')).toContain('**As documented: 3 pass · 2 fail · 1 skip · 1 inconclusive**');
    expect(io.err).toContain('7 cases');
  });

  it('prints the merged document without --out', async () => {
    const io = captureIO();
    expect(await mergeCommand([file('a.json'), file('b.json')], io)).toBe(0);
    expect(JSON.parse(io.out).summary).toEqual({ pass: 3, fail: 2, skip: 1, inconclusive: 1 });
  });

  it('exits 2 with one line on a missing shard, unless --allow-partial', async () => {
    let io = captureIO();
    expect(await mergeCommand([file('a.json')], io)).toBe(2);
    expect(io.err).toBe('error: missing shard 2/2 (pass --allow-partial to merge anyway)\n');
    io = captureIO();
    expect(await mergeCommand([file('a.json'), '--allow-partial'], io)).toBe(0);
  });

  it('exits 2 on mismatched targets and usage errors', async () => {
    let io = captureIO();
    expect(await mergeCommand([file('a.json'), file('c.json')], io)).toBe(2);
    expect(io.err).toMatch(/^error: cannot merge results of different targets: .*model speed vs other.*\n$/);
    io = captureIO();
    expect(await mergeCommand([], io)).toBe(2);
    expect(io.err).toBe('error: merge needs at least one results file (see oai-compat merge --help)\n');
    io = captureIO();
    expect(await mergeCommand([file('a.json'), '--bogus'], io)).toBe(2);
    expect(io.err).toMatch(/^error: Unknown option '--bogus'/);
    io = captureIO();
    expect(await mergeCommand(['--help'], io)).toBe(0);
    expect(io.out).toContain('Usage: oai-compat merge');
  });

  it('exits 2 with one line when --out cannot be written (a directory, or under a file)', async () => {
    let io = captureIO();
    expect(await mergeCommand([file('a.json'), file('b.json'), '--out', dir], io)).toBe(2);
    expect(io.err).toBe(`error: cannot write ${dir}: is a directory\n`);
    io = captureIO();
    const under = join(file('a.json'), 'merged.json');
    expect(await mergeCommand([file('a.json'), file('b.json'), '--out', under], io)).toBe(2);
    expect(io.err).toMatch(/^error: cannot write .*a\.json: a part of the path is a file, not a directory\n$/);
  });
});
