/**
 * request.top_p is sampled like temperature (the spread rule of spread.ts): a small top_p against the whole
 * distribution at temperature 1.5, the wide samples being temperature's own (shared); a refusal of the pair
 * falls back to top_p alone at the default temperature. The emulator that honours it passes decisively; one that drops it (ignores-top-p) is
 * caught; Parallel, which documents top_p as ignored, is observed ignored and passes its own row.
 */
import { describe, it, expect } from 'vitest';
import { runCases } from '../support/run-cases.js';
import { decideSpread } from '../../src/probes/spread.js';
import { observationConfidence } from '../../src/cases/evidence.js';
import type { Observation } from '../../src/cases/types.js';

/** A decision with the confidence its signals give it (the one place: evidence.ts). */
const rated = (d: Pick<Observation, 'signals' | 'gate'>) => ({ ...d, confidence: observationConfidence(d) });

const control = { field: 'top_p', narrow: 0.05, wide: 1 };

describe('request.top_p', () => {
  it('the rule speaks of top_p in its notes', () => {
    const varied = ['a b', 'c d', 'e f', 'g h', 'i j'];
    expect(rated(decideSpread(varied, varied, control))).toMatchObject({ observed: 'ignored', confidence: 'decisive' });
    expect(decideSpread(varied, varied, control).note).toMatch(/^top_p 0.05 still gives 5 distinct texts of 5/);
    expect(rated(decideSpread(Array(5).fill('a b'), varied, control))).toMatchObject({ observed: 'supported', confidence: 'decisive' });
  });

  it('openai alone: supported, decisive, from 3 + 2 fresh samples (three identical narrow ones settle that side)', async () => {
    const r = await runCases({ profile: 'openai', only: 'request.top_p' });
    const c = r.byId.get('request.top_p')!;
    expect([c.observed, c.confidence, c.verdict], c.message).toEqual(['supported', 'decisive', 'pass']);
    expect(c.evidence).toMatchObject({ top_p: [0.05, 1], samples: [3, 2], distinct: [1, 2] });
    // 3 + 2 fresh samples (REPEATS_TO_SETTLE identical narrow ones, two wide ones settle dw >= 2: spread.ts); a
    // decisive protocol signal needs no static gate.
    expect(c.requests).toBe(5);
  });

  it("openai: the wide samples are temperature's wide samples (shared), and the narrow ones carry temperature 1.5", async () => {
    const r = await runCases({ profile: 'openai', only: 'request.temperature,request.top_p' });
    const c = r.byId.get('request.top_p')!;
    expect([c.observed, c.confidence, c.verdict], c.message).toEqual(['supported', 'decisive', 'pass']);
    expect(c.evidence).toMatchObject({ top_p: [0.05, 1], temperature: 1.5, samples: [3, 2] });
    const temperature = new Set(r.byId.get('request.temperature')!.exchanges ?? []);
    expect((c.exchanges ?? []).filter((x) => temperature.has(x))).toHaveLength(2);
    // 3 + 2 for temperature, 3 for top_p: its 2 wide samples are read, not sent.
    expect(r.sent).toBe(8);
  });

  it('a target refusing temperature with top_p: one refused sample, then top_p alone decides (a pass, not a rejection)', async () => {
    const r = await runCases({ profile: 'openai', fault: 'refuses-temperature-with-top-p', only: 'request.temperature,request.top_p' });
    const c = r.byId.get('request.top_p')!;
    expect([c.observed, c.confidence, c.verdict], c.message).toEqual(['supported', 'decisive', 'pass']);
    expect(c.evidence).toMatchObject({ top_p: [0.05, 1], at_temperature_refused: 'rejected', samples: [3, 2] });
    expect(c.evidence).not.toHaveProperty('temperature');
    expect(c.requests).toBe(1 + 5);
    expect(r.byId.get('request.temperature')!.verdict).toBe('pass');
  });

  it('ignores-top-p fails request.top_p only', async () => {
    const r = await runCases({ profile: 'openai', fault: 'ignores-top-p', only: 'request.,message.' });
    expect(r.failing).toEqual(['request.top_p']);
    expect(r.byId.get('request.top_p')!.message).toMatch(/accepted with no effect, declared supported: top_p 0.05 still gives 5 distinct texts/);
  });

  it('parallel (declared ignored): observed ignored, a pass as declared and a failed parity', async () => {
    const r = await runCases({ profile: 'parallel', only: 'request.top_p' });
    const c = r.byId.get('request.top_p')!;
    expect([c.observed, c.verdict, c.parity?.verdict], c.message).toEqual(['ignored', 'pass', 'fail']);
  });
});
