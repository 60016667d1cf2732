/**
 * temperature: k fresh samples (--samples, default 5) at temperature 0 and k at 1.5, all with the
 * baseline's messages. Measures per set: d = distinct texts, s = prefix share (median over pairs of the
 * common prefix as a fraction of the shorter text; see text.ts). Decision rule:
 *  - d0 = 1 and dh ≥ 2 → supported (decisive: 0 collapses the spread that 1.5 shows);
 *  - d0 = 1 and dh = 1 → ignored (decisive: 1.5 gives k identical texts, so the target samples greedily
 *    whatever it is told);
 *  - d0 ≥ 2 (0 is not exactly repeatable, as on real GPUs):
 *      s0 ≥ 0.5 and sh < s0 / 2 → supported (heuristic: 0 agrees on long prefixes, 1.5 diverges early);
 *      s0 < 0.2 → ignored (0 diverges at once too): decisive when all k texts at 0 differ, else heuristic;
 *      otherwise → inconclusive (stated as such rather than a verdict that flips between runs).
 * Requests: 2k, all fresh.
 */
import type { FieldRow } from '../spec/profile.types.js';
import type { CaseIO, Observation } from '../cases/types.js';
import type { Probe } from './types.js';
import { sampleTexts, sampleCount, HIGH_TEMPERATURE } from './samples.js';
import { distinctCount, prefixShare } from './text.js';

export function decideTemperature(low: string[], high: string[]): Pick<Observation, 'observed' | 'confidence' | 'verdict' | 'note'> {
  const k = low.length;
  const [d0, dh] = [distinctCount(low), distinctCount(high)];
  const [s0, sh] = [prefixShare(low), prefixShare(high)];
  if (d0 === 1 && dh >= 2) return { observed: 'supported', confidence: 'decisive' };
  if (d0 === 1) return { observed: 'ignored', confidence: 'decisive', note: `temperature ${HIGH_TEMPERATURE} gives ${k} identical texts: no spread to control` };
  if (s0 >= 0.5 && sh < s0 / 2) return { observed: 'supported', confidence: 'heuristic', note: `temperature 0 is not exactly repeatable (${d0} distinct of ${k}) but agrees on long prefixes (${s0} vs ${sh})` };
  if (s0 < 0.2) return { observed: 'ignored', confidence: d0 === k ? 'decisive' : 'heuristic', note: `temperature 0 still gives ${d0} distinct texts of ${k}, diverging early (prefix share ${s0})` };
  return { observed: 'spread unclear', confidence: 'heuristic', verdict: 'inconclusive', note: `temperature 0: ${d0} distinct of ${k} (prefix share ${s0}); ${HIGH_TEMPERATURE}: ${dh} distinct (prefix share ${sh}); the rule settles neither way` };
}

async function observe(io: CaseIO, _key: string, _row: FieldRow | undefined): Promise<Observation> {
  const k = sampleCount(io);
  const [low, high] = await Promise.all([
    sampleTexts(io, { temperature: 0 }, k, 'request.temperature (0)'),
    sampleTexts(io, { temperature: HIGH_TEMPERATURE }, k, `request.temperature (${HIGH_TEMPERATURE})`),
  ]);
  if (!low.ok) return low.observation;
  if (!high.ok) return high.observation;
  const decision = decideTemperature(low.texts, high.texts);
  const evidence = { temperature: [0, HIGH_TEMPERATURE], samples: [k, k], distinct: [distinctCount(low.texts), distinctCount(high.texts)], prefix_share: [prefixShare(low.texts), prefixShare(high.texts)] };
  return { ...decision, evidence };
}

export const temperatureProbe: Probe = { keys: ['request.temperature'], observe };
