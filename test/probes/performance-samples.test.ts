/**
 * A latency claim's samples (src/checks/performance.ts): the first is the run's shared streamed baseline (the
 * same body a sample sends, sent once for real), the rest fresh; the evidence names which requests they were.
 * Real requests to the emulator; the verdict is the emulator's latency against a 3 s bound, never a timed assertion.
 */
import { describe, it, expect } from 'vitest';
import { runCases } from '../support/run-cases.js';

describe('performance samples', () => {
  it('parallel ttft: the streamed baseline is sample 1, read by the stream cases too; k - 1 fresh samples', async () => {
    const r = await runCases({ profile: 'parallel', only: 'performance.,stream.content-type' });
    const perf = r.byId.get('performance.ttft-p50-speed')!;
    expect(perf.verdict, perf.message).toBe('pass');
    const ev = perf.evidence as { samples: number; valid: number; sampleRequests: { baseline: string; fresh: string[] } };
    expect(ev.valid).toBe(ev.samples);
    expect(ev.sampleRequests.fresh).toHaveLength(ev.samples - 1);
    expect(new Set([ev.sampleRequests.baseline, ...ev.sampleRequests.fresh]).size).toBe(ev.samples);
    expect(r.byId.get('stream.content-type')!.exchanges).toContain(ev.sampleRequests.baseline);
    // The baseline stream is one request for both cases: k in all, not k + 1.
    expect(r.sent).toBe(ev.samples);
  });
});
