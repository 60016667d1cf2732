/**
 * seed: k fresh samples (--samples, default 5) with the seed (the row's value, default 42) at
 * temperature 1.5, where sampling varies unless the seed fixes it. Decision rule on ds = distinct texts:
 *  - ds = k (every sample differs) → ignored (decisive);
 *  - ds = 1 → a control of 2 fresh samples without the seed (sent only now): they differ → supported
 *    (decisive: the seed is what repeats the text; heuristic when they part late, as a target that ignores seed
 *    and temperature and decodes nearly greedily shows too); they are identical → accepted, unobservable (the
 *    target repeats itself without a seed too);
 *  - the samples flip between outcomes (some repeat one text exactly, others diverge from it at once,
 *    flaky.ts) → inconclusive, observed `flaky`, with the counts;
 *  - any other 1 < ds < k → inconclusive (OpenAI's seed is "best effort": a partial repeat is stated, not judged).
 * Signals: exact repetition across fresh samples is `protocol` (the sampler's behaviour, read exactly), with
 * the unseeded control where one applies; the confidence is derived from them (evidence.ts).
 * Requests: 3 + 2 on a target that honours the seed (REPEATS_TO_SETTLE identical seeded texts, samples.ts,
 * then the control), k otherwise: any difference among the first three takes the seeded samples on to k, so
 * "ignored" (ds = k), flaky and partial repeats are read on k samples, and so does a control that parts late
 * (a target that ignores seed and temperature and decodes nearly greedily repeats itself three times by chance).
 * The control is `temperature: 1.5` samples 0 and 1, the same requests as temperature's first two wide
 * samples (samples.ts), which top_p's wide setting reads too: whichever case asks first sends them, the
 * others read them.
 */
import type { FieldRow } from '../spec/profile.types.js';
import type { CaseIO, Observation, Signal } from '../cases/types.js';
import type { Probe } from './types.js';
import { requestProbeFields } from './values.js';
import { notProbed } from './send.js';
import { sampleTexts, sampleCount, sampleUntilUnsettled, HIGH_TEMPERATURE } from './samples.js';
import { distinctCount, prefixShare } from './text.js';
import { content, protocol } from '../cases/evidence.js';
import { EARLY_DIVERGENCE, flaky, flakyNote } from './flaky.js';
import { ignoredInSamplingGroup } from './group-sampling.js';

type SeedDecision = Pick<Observation, 'observed' | 'verdict' | 'note' | 'signals'>;

const DISTINCT = 'distinct texts over fresh seeded samples';

/** A decision that rests on what it read (its confidence is derived from these signals: evidence.ts). */
function decided(o: SeedDecision & { signals: Signal[] }): SeedDecision {
  return o;
}

export function decideSeed(seeded: string[], control?: string[]): SeedDecision {
  const k = seeded.length;
  const ds = distinctCount(seeded);
  if (ds === k) return decided({ observed: 'ignored', signals: [protocol(DISTINCT, ds)], note: `${k} seeded samples, ${k} different texts` });
  const flips = flaky(seeded);
  if (flips)
    return decided({
      observed: 'flaky',
      verdict: 'inconclusive',
      signals: [content(DISTINCT, { same: flips.same, differed: flips.differed })],
      note: flakyNote(`seed at temperature ${HIGH_TEMPERATURE}`, flips),
    });
  if (ds > 1)
    return decided({
      observed: 'repeats in part',
      verdict: 'inconclusive',
      signals: [content(DISTINCT, ds)],
      note: `${k} seeded samples, ${ds} distinct texts: neither repeatable nor free`,
    });
  if (!control) return { observed: 'needs control', verdict: 'inconclusive' };
  // A control that parts late is what a target that ignores seed and temperature and decodes nearly greedily shows
  // too, and such a target repeats itself by chance: a repeat, but heuristic.
  if (distinctCount(control) > 1 && prefixShare(control) >= EARLY_DIVERGENCE)
    return decided({
      observed: 'supported',
      signals: [content(`${DISTINCT} (control without the seed parts late)`, ds, prefixShare(control))],
      note: `${k} seeded samples repeat one text, but the ${control.length} without the seed part late (prefix share ${prefixShare(control)}), as a nearly greedy sampler's do`,
    });
  if (distinctCount(control) > 1)
    return decided({
      observed: 'supported',
      signals: [protocol(`${DISTINCT} (control without the seed)`, ds, { value: distinctCount(control), isolates: true })],
    });
  return {
    observed: 'accepted',
    note: `the target repeats itself at temperature ${HIGH_TEMPERATURE} without a seed too, so the seed's effect cannot be seen`,
  };
}

async function observe(io: CaseIO, key: string, row: FieldRow | undefined): Promise<Observation> {
  const fields = requestProbeFields(key, row);
  if (!fields || fields.seed === undefined) return notProbed('request.seed');
  // Declared not honoured: the run's sampling group may settle it (group-sampling.ts).
  const grouped = await ignoredInSamplingGroup(io, 'request.seed', (s) => ({
    seed: fields.seed,
    temperature: s.fields.temperature,
    samples: s.samples,
    distinct: s.distinct,
  }));
  if (grouped) return grouped;
  const k = sampleCount(io);
  // seed first: a target that rejects one of the two names the first it meets, which should be seed.
  // Stops at REPEATS_TO_SETTLE identical texts (samples.ts); any difference goes on to k.
  const seeded = await sampleUntilUnsettled(io, 'seed', { seed: fields.seed, temperature: HIGH_TEMPERATURE }, k, 'request.seed');
  if (!seeded.ok) return seeded.observation;
  let control: string[] | undefined;
  if (distinctCount(seeded.texts) === 1) {
    const c = await sampleTexts(io, { temperature: HIGH_TEMPERATURE }, 2, 'request.seed (control)');
    if (!c.ok)
      return {
        observed: 'accepted',
        evidence: { samples: seeded.texts.length, distinct: 1, control: c.observation.observed },
        note: 'the control without a seed failed',
      };
    control = c.texts;
    // REPEATS_TO_SETTLE identical seeded texts settle nothing against a control that parts late (a target that
    // ignores the seed and temperature and decodes nearly greedily repeats itself by chance): read on k, as
    // without the stop.
    if (seeded.texts.length < k && distinctCount(control) >= 2 && prefixShare(control) >= EARLY_DIVERGENCE) {
      const rest = await sampleTexts(io, { seed: fields.seed, temperature: HIGH_TEMPERATURE }, k - seeded.texts.length, 'request.seed', seeded.texts.length);
      if (!rest.ok) return rest.observation;
      seeded.texts.push(...rest.texts);
    }
  }
  const decision = decideSeed(seeded.texts, control);
  const flips = decision.observed === 'flaky' ? flaky(seeded.texts) : undefined;
  const evidence = {
    seed: fields.seed,
    temperature: HIGH_TEMPERATURE,
    samples: seeded.texts.length,
    distinct: distinctCount(seeded.texts),
    ...(flips ? { flips: { same: flips.same, differed: flips.differed } } : {}),
    ...(control ? { control_samples: control.length, control_distinct: distinctCount(control) } : {}),
  };
  return { ...decision, evidence };
}

export const seedProbe: Probe = { keys: ['request.seed'], observe };
