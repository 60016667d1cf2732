/**
 * The stochastic probes stop sampling once their outcome can no longer change (spread.ts, seed.ts), and a
 * control honoured on some requests only is reported flaky with the counts, never a pass or a failure
 * (repeat-k stability, issue #15). Counts of requests, never times.
 */
import { describe, it, expect } from 'vitest';
import { runCases } from '../support/run-cases.js';
import { decideSpread } from '../../src/probes/spread.js';
import { decideSeed } from '../../src/probes/seed.js';
import { flaky } from '../../src/probes/flaky.js';
import { observationConfidence } from '../../src/cases/evidence.js';
import type { Observation } from '../../src/cases/types.js';

/** A decision with the confidence its signals give it (the one place: evidence.ts). */
const rated = (d: Pick<Observation, 'signals' | 'gate'>) => ({ ...d, confidence: observationConfidence(d) });

const TEMPERATURE = { field: 'temperature', narrow: 0, wide: 1.5 };
const same = (t: string, k = 5) => Array.from({ length: k }, () => t);
const varied = (k = 5) => Array.from({ length: k }, (_, i) => `${'QWERTYUIOP'[i]}andom text number ${i} goes on`);

describe('flaky samples (pure)', () => {
  it('some samples repeat one text exactly, others diverge at once: flaky, with the counts', () => {
    const flips = ['the same text', 'Xother', 'the same text', 'Yother', 'the same text'];
    expect(flaky(flips)).toEqual({ same: 3, differed: 2, near: 0 });
    const d = decideSpread(flips, [], TEMPERATURE);
    expect(rated(d)).toMatchObject({ observed: 'flaky', verdict: 'inconclusive', confidence: 'heuristic' });
    expect(d.note).toMatch(/temperature 0: 3 of 5 samples repeat one text exactly and 2 diverge from it at once/);
    expect(decideSeed(flips)).toMatchObject({ observed: 'flaky', verdict: 'inconclusive' });
  });

  it('never flaky: all identical, all different, or late divergence (greedy decoding on real GPUs)', () => {
    expect(flaky(same('a b c'))).toBeUndefined();
    expect(flaky(varied())).toBeUndefined();
    const stem = 'Rivers carve valleys over long periods of time, and';
    const late = [`${stem} floods.`, `${stem} deltas.`, `${stem} floods.`, `${stem} canyons.`, `${stem} floods.`];
    expect(flaky(late)).toBeUndefined();
    expect(rated(decideSpread(late, varied(), TEMPERATURE))).toMatchObject({ observed: 'supported', confidence: 'heuristic' });
  });

  it('identical narrow texts against a control that parts late (a nearly greedy sampler ignoring the field): heuristic', () => {
    const stem = 'Rivers carve valleys over long periods of time, and';
    const late = [`${stem} floods.`, `${stem} deltas.`];
    const spread = rated(decideSpread(same('a'), late, TEMPERATURE));
    expect(spread).toMatchObject({ observed: 'supported', confidence: 'heuristic' });
    expect(spread.signals?.map((s) => s.kind)).toEqual(['content']);
    // Declared ignored, that is never a failure; a control diverging at once still decides.
    expect(rated(decideSeed(same('x', 3), late))).toMatchObject({ observed: 'supported', confidence: 'heuristic' });
    expect(rated(decideSeed(same('x', 3), varied(2)))).toMatchObject({ observed: 'supported', confidence: 'decisive' });
  });

  it('confidence comes from signals: exact repetition is protocol, prefix shares are content', () => {
    const d = decideSpread(same('a'), varied(2), TEMPERATURE);
    expect(observationConfidence(d)).toBe('decisive');
    expect(d.signals?.[0]).toMatchObject({ kind: 'protocol', value: 1, control: 2, controlled: true });
    const four = [...varied(4), varied(4)[0]];
    expect(decideSpread(four, [], TEMPERATURE).signals?.map((s) => s.kind)).toEqual(['content']);
  });
});

describe('sampling stops once the outcome is settled (real requests to the emulator)', () => {
  it('openai honours temperature and top_p: 3 identical narrow + 2 wide each; the seed 3 + 2 controls', async () => {
    const r = await runCases({ profile: 'openai', only: 'request.temperature,request.top_p,request.seed' });
    for (const id of ['request.temperature', 'request.top_p']) {
      const c = r.byId.get(id)!;
      expect([c.observed, c.confidence, c.verdict], c.message).toEqual(['supported', 'decisive', 'pass']);
      expect((c.evidence as Record<string, unknown>).samples, id).toEqual([3, 2]);
    }
    expect(r.byId.get('request.seed')).toMatchObject({ observed: 'supported', verdict: 'pass', evidence: { samples: 3, control_samples: 2 } });
    // 5 + 5 + 5 fresh samples (three identical narrow ones settle that side: REPEATS_TO_SETTLE), less the 2
    // seed's control and the 2 top_p's wide setting read from temperature's wide setting (the same
    // `temperature: 1.5` samples 0 and 1): 11, 19 fewer than sampling both settings k times.
    const ids = (id: string) => new Set(r.byId.get(id)!.exchanges ?? []);
    const temperature = ids('request.temperature');
    expect([...ids('request.seed')].filter((x) => temperature.has(x))).toHaveLength(2);
    expect([...ids('request.top_p')].filter((x) => temperature.has(x))).toHaveLength(2);
    expect(r.sent).toBe(11);
  });

  it('parallel declares all three ignored: one group of k samples carrying all three settles them', async () => {
    const r = await runCases({ profile: 'parallel', only: 'request.temperature,request.top_p,request.seed' });
    for (const id of ['request.temperature', 'request.top_p', 'request.seed']) {
      const c = r.byId.get(id)!;
      expect([c.observed, c.confidence, c.verdict], c.message).toEqual(['ignored', 'decisive', 'pass']);
      expect((c.evidence as Record<string, unknown>).group, id).toBe(3);
    }
    expect((r.byId.get('request.temperature')!.evidence as Record<string, unknown>).samples).toEqual([5, 0]);
    expect(r.byId.get('request.seed')!.message).toMatch(
      /sampled in a group of 3 controls declared not honoured: 5 samples carrying temperature 0, top_p 0.05, seed 42 gave 5 different texts/,
    );
    expect(r.sent).toBe(5);
  });

  it('declared ignored but honoured (parallel checked against the openai emulator): the group settles nothing, each samples alone', async () => {
    const r = await runCases({ profile: 'parallel', emulate: 'openai', only: 'request.temperature,request.top_p,request.seed' });
    for (const id of ['request.temperature', 'request.top_p', 'request.seed']) {
      const c = r.byId.get(id)!;
      expect([c.observed, c.confidence, c.verdict], c.message).toEqual(['supported', 'decisive', 'fail']);
      expect((c.evidence as Record<string, unknown>).group, id).toBeUndefined();
    }
    // The group's k samples, then each probe's own (k + 2 each: a field declared not honoured is read on k narrow
    // samples, since a repeat is its failure, samples.ts; seed's control and top_p's wide setting shared with
    // temperature's wide setting): the cost of a wrong declaration, never a verdict.
    expect(r.sent).toBe(5 + 17);
  });

  it('flaky-temperature: temperature is flaky with the counts (inconclusive), the seed and top_p still pass', async () => {
    const r = await runCases({ profile: 'openai', fault: 'flaky-temperature', only: 'request.temperature,request.top_p,request.seed' });
    const c = r.byId.get('request.temperature')!;
    expect([c.observed, c.verdict], c.message).toEqual(['flaky', 'inconclusive']);
    expect((c.evidence as Record<string, unknown>).flips).toMatchObject({ same: expect.any(Number), differed: expect.any(Number) });
    const flips = (c.evidence as Record<string, unknown>).flips as { same: number; differed: number };
    expect(flips.same).toBeGreaterThanOrEqual(2);
    expect(flips.differed).toBeGreaterThanOrEqual(1);
    // Settled by the narrow samples alone.
    expect((c.evidence as Record<string, unknown>).samples).toEqual([5, 0]);
    expect(r.byId.get('request.seed')!.verdict).toBe('pass');
    expect(r.byId.get('request.top_p')!.verdict).toBe('pass');
  });
});
