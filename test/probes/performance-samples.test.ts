/**
 * A latency claim's samples (src/checks/performance.ts): for a median claim the first is the run's shared streamed
 * baseline (the same body a sample sends, sent once for real), the rest fresh; above the median every sample is
 * fresh (the shared baseline is often the run's first request, on a cold connection: sharesBaseline). The evidence
 * names which requests they were. Real requests to the emulator; the verdict is the emulator's latency against a
 * generous bound, never a timed assertion.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it, expect } from 'vitest';
import { runCases } from '../support/run-cases.js';
import { sharesBaseline } from '../../src/checks/performance.js';

const dir = mkdtempSync(join(tmpdir(), 'oai-compat-perf-samples-'));
const fixture = join(dir, 'p90.yaml');
writeFileSync(
  fixture,
  `profile: p90-claim
title: A p90 latency claim for the harness's own tests
extends: openai
performance:
  ttft-p90: { metric: ttft, percentile: 90, maxMs: 60000, source: "claims.md#Latency" }
`,
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type SampleEvidence = { samples: number; valid: number; sampleRequests: { baseline?: string; fresh: string[] } };

describe('performance samples', () => {
  it('the median and below share the baseline; higher percentiles do not', () => {
    expect([25, 50, 51, 90, 95, 99].map(sharesBaseline)).toEqual([true, true, false, false, false, false]);
  });

  it('parallel ttft p50: the streamed baseline is sample 1, read by the stream cases too; k - 1 fresh samples', async () => {
    const r = await runCases({ profile: 'parallel', only: 'performance.,stream.content-type' });
    const perf = r.byId.get('performance.ttft-p50-speed')!;
    expect(perf.verdict, perf.message).toBe('pass');
    const ev = perf.evidence as SampleEvidence;
    expect(ev.valid).toBe(ev.samples);
    expect(ev.sampleRequests.fresh).toHaveLength(ev.samples - 1);
    expect(new Set([ev.sampleRequests.baseline, ...ev.sampleRequests.fresh]).size).toBe(ev.samples);
    expect(r.byId.get('stream.content-type')!.exchanges).toContain(ev.sampleRequests.baseline);
    // The baseline stream is one request for both cases: k in all, not k + 1.
    expect(r.sent).toBe(ev.samples);
  });

  it('a p90 claim takes k fresh samples: the shared (possibly cold) baseline is none of them', async () => {
    const r = await runCases({ profile: fixture, only: 'performance.,stream.content-type', samples: 10 });
    const perf = r.byId.get('performance.ttft-p90')!;
    expect(perf.verdict, perf.message).toBe('pass');
    const ev = perf.evidence as SampleEvidence;
    expect(ev.sampleRequests.baseline).toBeUndefined();
    expect(ev.sampleRequests.fresh).toHaveLength(10);
    expect(new Set(ev.sampleRequests.fresh).size).toBe(10);
    const baseline = r.byId.get('stream.content-type')!.exchanges;
    expect(ev.sampleRequests.fresh.filter((x) => baseline?.includes(x))).toEqual([]);
    expect(r.sent).toBe(11);
  });
});
