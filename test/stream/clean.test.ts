/**
 * The stream cases against clean emulators: every profile's own emulator passes its stream table (optional rows
 * are skips that report what they saw, never passes), for five requests in all; and a profile checked against
 * another profile's emulator fails exactly on the documented differences.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCases, type CaseRun } from '../support/run-cases.js';
import { loadProfile } from '../../src/spec/load.js';

const PROFILES = ['openai', 'parallel', 'parasail-bifrost', 'flexai'];
const has = (p: string) => existsSync(resolve('specs', `${p}.yaml`));

function verdicts(r: CaseRun, verdict: string): string[] {
  return r.cases.filter((c) => c.verdict === verdict).map((c) => c.id);
}

describe("stream cases on each profile's own emulator", () => {
  for (const profile of PROFILES) {
    it.skipIf(!has(profile))(`${profile}: nothing fails, nothing is left unsettled, five requests`, async () => {
      const r = await runCases({ profile, only: 'stream.' });
      const rows = Object.keys(loadProfile(profile).profile.stream ?? {});
      expect(r.cases.map((c) => c.id).sort()).toEqual(rows.map((k) => `stream.${k}`).sort());
      expect(
        verdicts(r, 'fail'),
        r.cases
          .filter((c) => c.verdict === 'fail')
          .map((c) => c.message)
          .join('\n'),
      ).toEqual([]);
      expect(verdicts(r, 'inconclusive')).toEqual([]);
      // The baseline, include_usage and tool-call streams, one bad streamed request, and the non-streamed baseline
      // (shared with the response cases; deltas-append compares texts with it): shared by every case.
      expect(r.sent).toBe(5);
      expect(r.serverRequests).toBe(5);
      for (const c of r.cases) {
        expect(c.message.length, c.id).toBeGreaterThan(10);
        if (c.declared === 'optional') expect(c.verdict, c.id).toBe('skip');
        if (c.verdict === 'skip') expect(c.message, c.id).not.toBe('');
      }
      // Timing of the stream on every case that read one.
      const timing = (r.byId.get('stream.done-sentinel')!.evidence as Record<string, unknown>).timing as Record<string, Record<string, unknown>>;
      expect(timing.baseline).toMatchObject({
        headersMs: expect.any(Number),
        firstContentMs: expect.any(Number),
        totalMs: expect.any(Number),
        gaps: { count: expect.any(Number) },
      });
    });
  }
  if (!PROFILES.every(has)) it.skip(`profiles missing from specs/: ${PROFILES.filter((p) => !has(p)).join(', ')}`, () => {});

  it('the stream cases share their streams with the field probes that send the same bodies', async () => {
    const r = await runCases({ profile: 'openai', only: 'stream.usage-chunk,stream.done-sentinel,request.stream,request.stream_options.include_usage' });
    // The baseline stream and the include_usage stream, each sent once for all four cases.
    expect(r.serverRequests).toBe(2);
    expect(r.failing).toEqual([]);
  });

  it.skipIf(!has('parallel'))('parallel: tools are ignored, so the tool-call rules are skips that say so', async () => {
    const r = await runCases({ profile: 'parallel', only: 'stream.tool-call-' });
    for (const c of r.cases) {
      expect(c.verdict).toBe('skip');
      expect(c.message).toContain('tools were sent but the stream carried no tool call');
    }
  });

  it.skipIf(!has('parasail-bifrost'))('parasail-bifrost: usage arrives whether asked or not, as declared', async () => {
    const r = await runCases({ profile: 'parasail-bifrost', only: 'stream.usage-chunk' });
    const usage = r.byId.get('stream.usage-chunk')!;
    expect(usage.verdict).toBe('pass');
    expect((usage.evidence as Record<string, unknown>).baseline).toMatchObject({ verdict: 'pass', usageChunks: 1, asked: false, mode: 'always' });
    expect((usage.evidence as Record<string, unknown>).usage).toMatchObject({ verdict: 'pass', usageChunks: 1, asked: true });
    // Against OpenAI's declaration (on-request), usage on the unasked stream is the documented difference.
    expect(usage.parity?.verdict).toBe('fail');
  });
});

describe("a profile against another profile's emulator fails exactly on the documented differences", () => {
  it.skipIf(!has('parasail-bifrost'))('openai against parasail-bifrost (usage always): usage-chunk only', async () => {
    const r = await runCases({ profile: 'openai', emulate: 'parasail-bifrost', only: 'stream.' });
    expect(r.failing).toEqual(['stream.usage-chunk']);
    expect(r.byId.get('stream.usage-chunk')!.message).toContain('although stream_options.include_usage was not requested');
  });

  it.skipIf(!has('parasail-bifrost'))('parasail-bifrost against openai: the promised unasked usage chunk is missing', async () => {
    const r = await runCases({ profile: 'parasail-bifrost', emulate: 'openai', only: 'stream.' });
    expect(r.failing).toEqual(['stream.usage-chunk']);
    expect(r.byId.get('stream.usage-chunk')!.message).toContain('no usage chunk although the profile declares always');
  });

  it.skipIf(!has('parallel'))('openai against parallel: empty object and finish_reason, no usage, no tool calls', async () => {
    const r = await runCases({ profile: 'openai', emulate: 'parallel', model: 'speed', only: 'stream.' });
    // Each of these Parallel documents: "object", "finish_reason" and every usage field "Always empty",
    // stream_options "Ignored". The SDK helper's own error follows from the missing finish_reason (in every
    // openai-node major).
    expect(r.failing).toEqual([
      'stream.chunk-object',
      'stream.complete',
      'stream.sdk-final-completion',
      'stream.sdk-v4-final-completion',
      'stream.sdk-v5-final-completion',
      'stream.single-terminal-finish',
      'stream.usage-chunk',
    ]);
    expect(r.byId.get('stream.sdk-final-completion')!.message).toContain('OpenAIError: missing finish_reason for choice 0');
    expect(r.byId.get('stream.tool-call-index')!.verdict).toBe('skip');
  });
});
