/**
 * The spread rule for sampling controls (temperature, top_p): k fresh samples (--samples, default 5) with
 * the control set narrow against k with it wide, all with the baseline's messages. Measures per set:
 * d = distinct texts, s = prefix share (median over pairs of the common prefix as a fraction of the shorter
 * text; see text.ts). Decision rule (narrow n, wide w):
 *  - dn = 1 and dw ≥ 2 → supported (decisive: the narrow setting collapses the spread the wide one shows);
 *  - dn = 1 and dw = 1 → ignored (decisive: the wide setting gives k identical texts, so the target samples
 *    greedily whatever it is told);
 *  - dn ≥ 2 (narrow is not exactly repeatable, as on real GPUs):
 *      sn ≥ 0.5 and sw < sn / 2 → supported (heuristic: narrow agrees on long prefixes, wide diverges early);
 *      sn < 0.2 → ignored (narrow diverges at once too): decisive when all k narrow texts differ, else heuristic;
 *      otherwise → inconclusive (stated as such rather than a verdict that flips between runs).
 * Requests: 2k, all fresh.
 */
import type { CaseIO, Observation } from '../cases/types.js';
import { sampleTexts, sampleCount } from './samples.js';
import { distinctCount, prefixShare } from './text.js';

/** A sampling control and the two settings its probe compares. */
export interface SpreadControl {
  field: string;
  narrow: unknown;
  wide: unknown;
}

export type SpreadDecision = Pick<Observation, 'observed' | 'confidence' | 'verdict' | 'note'>;

export function decideSpread(narrow: string[], wide: string[], c: SpreadControl): SpreadDecision {
  const k = narrow.length;
  const [dn, dw] = [distinctCount(narrow), distinctCount(wide)];
  const [sn, sw] = [prefixShare(narrow), prefixShare(wide)];
  const [n, w] = [`${c.field} ${String(c.narrow)}`, `${c.field} ${String(c.wide)}`];
  if (dn === 1 && dw >= 2) return { observed: 'supported', confidence: 'decisive' };
  if (dn === 1) return { observed: 'ignored', confidence: 'decisive', note: `${w} gives ${k} identical texts: no spread to control` };
  if (sn >= 0.5 && sw < sn / 2)
    return {
      observed: 'supported',
      confidence: 'heuristic',
      note: `${n} is not exactly repeatable (${dn} distinct of ${k}) but agrees on long prefixes (${sn} vs ${sw})`,
    };
  if (sn < 0.2)
    return {
      observed: 'ignored',
      confidence: dn === k ? 'decisive' : 'heuristic',
      note: `${n} still gives ${dn} distinct texts of ${k}, diverging early (prefix share ${sn})`,
    };
  return {
    observed: 'spread unclear',
    confidence: 'heuristic',
    verdict: 'inconclusive',
    note: `${n}: ${dn} distinct of ${k} (prefix share ${sn}); ${w}: ${dw} distinct (prefix share ${sw}); the rule settles neither way`,
  };
}

/** Samples both settings of a control (concurrently, each fresh) and decides. */
export async function observeSpread(io: CaseIO, c: SpreadControl): Promise<Observation> {
  const k = sampleCount(io);
  const setting = (value: unknown) => sampleTexts(io, { [c.field]: value }, k, `request.${c.field} (${String(value)})`);
  const [narrow, wide] = await Promise.all([setting(c.narrow), setting(c.wide)]);
  if (!narrow.ok) return narrow.observation;
  if (!wide.ok) return wide.observation;
  const decision = decideSpread(narrow.texts, wide.texts, c);
  const evidence = {
    [c.field]: [c.narrow, c.wide],
    samples: [k, k],
    distinct: [distinctCount(narrow.texts), distinctCount(wide.texts)],
    prefix_share: [prefixShare(narrow.texts), prefixShare(wide.texts)],
  };
  return { ...decision, evidence };
}
