/**
 * Issue #11: confidence derived from typed signals, never set by a probe; content read against a field's own
 * contract (stop, JSON mode) is decisive, usage alone never is; evidence that contradicts itself is
 * inconclusive with both sides shown. Both directions: the clean emulator passes decisively, the variations
 * neither pass nor fail. Real HTTP over loopback to the emulator; only the max_tokens cases run.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { runCases, type CaseRun } from '../support/run-cases.js';
import { accounting, confidenceOf, content, contractual, contradicted, protocol, restsOnProtocol } from '../../src/cases/evidence.js';

const ONLY = 'request.max_tokens,request.max_completion_tokens,request.stop,request.response_format.';
const run = (fault?: string) => runCases({ profile: 'openai', only: ONLY, ...(fault ? { fault } : {}) });

describe('the evidence model', () => {
  it('usage alone is never decisive, with or without a control', () => {
    expect(confidenceOf([accounting('usage.completion_tokens', 25, 40)])).toBe('heuristic');
    expect(confidenceOf([accounting('usage.prompt_tokens', 30, 10)])).toBe('heuristic');
  });

  it('the text is decisive only against the field’s own contract, and a contract’s absence-reading needs its control', () => {
    expect(confidenceOf([content('words', 40, 80)])).toBe('heuristic');
    expect(confidenceOf([contractual('stop in content', 3, 'no stop sequence')])).toBe('decisive');
    expect(confidenceOf([contractual('stop in content', 0, 'no stop sequence', { value: 1, isolates: false })])).toBe('heuristic');
    expect(confidenceOf([contractual('stop in content', 0, 'no stop sequence', { value: 9, isolates: true })])).toBe('decisive');
  });

  it('the static gate reads protocol only: a contractual content signal still rests on the text', () => {
    expect(restsOnProtocol([contractual('stop in content', 3, 'no stop sequence')])).toBe(false);
    expect(restsOnProtocol([protocol('choices[0].finish_reason', 'length')])).toBe(true);
    expect(restsOnProtocol([protocol('choices[0].logprobs', [1], { value: [1], isolates: false })])).toBe(false);
  });

  it('a contradiction is inconclusive, with both sides in the evidence and the note', () => {
    const o = contradicted(
      { says: 'supported', signals: [protocol('choices[0].finish_reason', 'length')] },
      { says: 'ignored', signals: [accounting('usage.completion_tokens', 25, 40)] },
      { max_tokens: 5 },
    );
    expect(o.verdict).toBe('inconclusive');
    expect(o.observed).toBe('contradictory (supported vs ignored)');
    expect(o.evidence).toMatchObject({
      max_tokens: 5,
      supported: expect.stringContaining('finish_reason'),
      ignored: expect.stringContaining('completion_tokens'),
    });
    expect(o.note).toMatch(/finish_reason "length" says supported; accounting usage.completion_tokens 25 \(control 40\) says ignored/);
  });
});

describe('probes derive their confidence (clean emulator)', () => {
  let r: CaseRun;
  beforeAll(async () => {
    r = await run();
  });

  it('max_tokens, stop and JSON mode pass on decisive signals they recorded', () => {
    expect(r.failing).toEqual([]);
    for (const id of [
      'request.max_tokens',
      'request.max_completion_tokens',
      'request.stop',
      'request.response_format.json_object',
      'request.response_format.json_schema',
    ]) {
      const c = r.byId.get(id)!;
      expect(c.verdict, `${id}: ${c.message}`).toBe('pass');
      expect(c.confidence, id).toBe('decisive');
      expect(c.signals?.length, id).toBeGreaterThan(0);
    }
    expect(r.byId.get('request.max_tokens')!.signals).toContainEqual(
      expect.objectContaining({ kind: 'protocol', name: 'choices[0].finish_reason', value: 'length' }),
    );
    expect(r.byId.get('request.stop')!.signals?.[0]).toMatchObject({ kind: 'content', contract: expect.stringContaining('stop sequence'), controlled: true });
  });
});

describe('usage that disagrees with the text or with finish_reason is no verdict', () => {
  it('finish_reason "length" with more completion tokens than the limit: inconclusive, both sides shown', async () => {
    const r = await run('length-overcounted');
    for (const id of ['request.max_tokens', 'request.max_completion_tokens']) {
      const c = r.byId.get(id)!;
      expect(c.verdict, `${id}: ${c.message}`).toBe('inconclusive');
      expect(c.observed).toBe('contradictory (supported vs ignored)');
      expect(c.evidence).toMatchObject({ supported: expect.any(String), ignored: expect.any(String) });
    }
    expect(r.failing).toEqual([]);
  });

  it('a cut answer that says "stop" and counts past the limit: usage alone, inconclusive, never a failure', async () => {
    const r = await run('cut-overcounted');
    for (const id of ['request.max_tokens', 'request.max_completion_tokens']) {
      const c = r.byId.get(id)!;
      expect(c.verdict, `${id}: ${c.message}`).toBe('inconclusive');
      expect(c.confidence).toBe('heuristic');
    }
    expect(r.failing).toEqual([]);
  });

  it('a server that ignores max_tokens is still caught decisively (a natural end past the limit)', async () => {
    const r = await run('ignore-max-tokens');
    const c = r.byId.get('request.max_tokens')!;
    expect(c.verdict, c.message).toBe('fail');
    expect(c.confidence).toBe('decisive');
  });
});
