/**
 * Latency claims: k fresh samples, the claimed percentile against the bound, p50/p95 in the evidence; a claim
 * for another model is a skip that says so; too few samples for the percentile, or failed samples, inconclusive.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { runCases } from '../support/run-cases.js';
import { samplesNeeded } from '../../src/checks/performance.js';

const dir = mkdtempSync(join(tmpdir(), 'oai-compat-perf-'));
const fixture = join(dir, 'latency-claims.yaml');
writeFileSync(
  fixture,
  `profile: latency-claims
title: Latency claims for the harness's own tests
extends: openai
performance:
  total-p50-generous: { metric: total, percentile: 50, maxMs: 60000, stream: false, source: "claims.md#Latency" }
  ttfb-p50-impossible: { metric: ttfb, percentile: 50, maxMs: 0.001, source: "claims.md#Latency" }
  ttft-p95: { metric: ttft, percentile: 95, maxMs: 60000, source: "claims.md#Latency" }
`,
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('performance cases', () => {
  it('samples needed for a nearest-rank percentile', () => {
    expect([50, 90, 95, 99, 100].map(samplesNeeded)).toEqual([2, 10, 20, 100, 1]);
  });

  it("parallel's p50 TTFT claim on its emulator: k fresh streamed samples, numbers in the evidence", async () => {
    const r = await runCases({ profile: 'parallel', only: 'performance.', samples: 4 });
    const c = r.byId.get('performance.ttft-p50-speed')!;
    expect(c).toMatchObject({ verdict: 'pass', declared: 'ttft p50 ≤ 3000 ms on speed, streamed', requests: 4 });
    expect(c.message).toMatch(/^ttft p50 [\d.]+ ms ≤ 3000 ms over 4 samples \(p50 [\d.]+ ms, p95 [\d.]+ ms\)$/);
    expect(c.evidence).toMatchObject({
      metric: 'ttft',
      stream: true,
      samples: 4,
      valid: 4,
      p50Ms: expect.any(Number),
      p95Ms: expect.any(Number),
      p95Basis: 'the slowest of 4 samples',
    });
    expect((c.evidence as Record<string, unknown>).valuesMs).toHaveLength(4);
    expect(r.serverRequests).toBe(4);
  });

  it('a claim for another model is skipped, saying which', async () => {
    const r = await runCases({ profile: 'parallel', only: 'performance.', model: 'lite' });
    const c = r.byId.get('performance.ttft-p50-speed')!;
    expect(c.verdict).toBe('skip');
    expect(c.message).toBe('the claim is for model "speed" and this run uses "lite" (run with --model speed to measure it)');
    expect(r.serverRequests).toBe(0);
  });

  it('pass and fail against the bound; a p95 with too few samples is inconclusive and costs nothing', async () => {
    const r = await runCases({ profile: fixture, only: 'performance.', samples: 3 });
    expect(r.byId.get('performance.total-p50-generous')).toMatchObject({ verdict: 'pass', requests: 3 });
    const impossible = r.byId.get('performance.ttfb-p50-impossible')!;
    expect(impossible).toMatchObject({ verdict: 'fail' });
    // 3 samples; the first is the run's shared baseline of its mode, counted by whichever case sent it first.
    expect(impossible.requests).toBeGreaterThanOrEqual(2);
    expect(impossible.requests).toBeLessThanOrEqual(3);
    expect(impossible.message).toMatch(/^ttfb p50 [\d.]+ ms > 0.001 ms claimed over 3 samples/);
    const p95 = r.byId.get('performance.ttft-p95')!;
    expect(p95).toMatchObject({ verdict: 'inconclusive', requests: 0 });
    expect(p95.message).toContain('a p95 needs at least 20 samples and the run takes 3 (run with --samples 20)');
  });

  it('failed samples make the claim inconclusive, with the reason', async () => {
    const r = await runCases({ profile: fixture, only: 'performance.total-p50-generous', samples: 2, model: 'no-such-model' });
    const c = r.byId.get('performance.total-p50-generous')!;
    expect(c.verdict).toBe('inconclusive');
    expect(c.message).toContain('2 of 2 samples gave no total: sample 1: answered HTTP 404');
  });
});
