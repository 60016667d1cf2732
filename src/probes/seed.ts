/**
 * seed: k fresh samples (--samples, default 5) with the seed (the row's value, default 42) at
 * temperature 1.5, where sampling varies unless the seed fixes it. Decision rule on ds = distinct texts:
 *  - ds = k (every sample differs) → ignored (decisive);
 *  - ds = 1 → a control of 2 fresh samples without the seed (sent only now): they differ → supported
 *    (decisive: the seed is what repeats the text); they are identical → accepted, unobservable (the
 *    target repeats itself without a seed too);
 *  - 1 < ds < k → inconclusive (OpenAI's seed is "best effort": a partial repeat is stated, not judged).
 * Requests: k, or k + 2.
 */
import type { FieldRow } from '../spec/profile.types.js';
import type { CaseIO, Observation } from '../cases/types.js';
import type { Probe } from './types.js';
import { requestProbeFields } from './values.js';
import { notProbed } from './send.js';
import { sampleTexts, sampleCount, HIGH_TEMPERATURE } from './samples.js';
import { distinctCount } from './text.js';

export function decideSeed(seeded: string[], control?: string[]): Pick<Observation, 'observed' | 'confidence' | 'verdict' | 'note'> {
  const k = seeded.length;
  const ds = distinctCount(seeded);
  if (ds === k) return { observed: 'ignored', confidence: 'decisive', note: `${k} seeded samples, ${k} different texts` };
  if (ds > 1)
    return {
      observed: 'repeats in part',
      confidence: 'heuristic',
      verdict: 'inconclusive',
      note: `${k} seeded samples, ${ds} distinct texts: neither repeatable nor free`,
    };
  if (!control) return { observed: 'needs control', confidence: 'unobservable', verdict: 'inconclusive' };
  if (distinctCount(control) > 1) return { observed: 'supported', confidence: 'decisive' };
  return {
    observed: 'accepted',
    confidence: 'unobservable',
    note: `the target repeats itself at temperature ${HIGH_TEMPERATURE} without a seed too, so the seed's effect cannot be seen`,
  };
}

async function observe(io: CaseIO, key: string, row: FieldRow | undefined): Promise<Observation> {
  const fields = requestProbeFields(key, row);
  if (!fields || fields.seed === undefined) return notProbed('request.seed');
  const k = sampleCount(io);
  // seed first: a target that rejects one of the two names the first it meets, which should be seed.
  const seeded = await sampleTexts(io, { seed: fields.seed, temperature: HIGH_TEMPERATURE }, k, 'request.seed');
  if (!seeded.ok) return seeded.observation;
  let control: string[] | undefined;
  if (distinctCount(seeded.texts) === 1) {
    const c = await sampleTexts(io, { temperature: HIGH_TEMPERATURE }, 2, 'request.seed (control)');
    if (!c.ok)
      return {
        observed: 'accepted',
        confidence: 'unobservable',
        evidence: { samples: k, distinct: 1, control: c.observation.observed },
        note: 'the control without a seed failed',
      };
    control = c.texts;
  }
  const evidence = {
    seed: fields.seed,
    temperature: HIGH_TEMPERATURE,
    samples: k,
    distinct: distinctCount(seeded.texts),
    ...(control ? { control_samples: control.length, control_distinct: distinctCount(control) } : {}),
  };
  return { ...decideSeed(seeded.texts, control), evidence };
}

export const seedProbe: Probe = { keys: ['request.seed'], observe };
