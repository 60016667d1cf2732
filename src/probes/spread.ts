/**
 * The spread rule for sampling controls (temperature, top_p): k fresh samples (--samples, default 5) with
 * the control set narrow, then, only where the verdict still depends on them, samples with it wide, all with
 * the baseline's messages. Measures per set: d = distinct texts, s = prefix share (median over pairs of the
 * common prefix as a fraction of the shorter text; see text.ts). Decision rule (narrow n, wide w):
 *  - dn = 1 and dw ≥ 2 → supported (decisive: the narrow setting collapses the spread the wide one shows; heuristic
 *    when the wide texts part late, prefix share ≥ EARLY_DIVERGENCE, as a sampler that ignores the field and decodes
 *    nearly greedily shows too);
 *  - dn = 1 and dw = 1 → ignored (the wide setting gives k identical texts, so the target samples greedily
 *    whatever it is told): decisive on a target whose answers follow the prompt, the control that tells a
 *    greedy sampler from a fixed answer (the static gate, gates.ts), which then makes it unobservable;
 *  - narrow flips between outcomes (some samples repeat one text exactly, others diverge from it at once,
 *    flaky.ts) → inconclusive, observed `flaky`, with the counts (honoured on some requests only);
 *  - dn ≥ 2 (narrow is not exactly repeatable, as on real GPUs):
 *      sn ≥ 0.5 and sw < sn / 2 → supported (heuristic: narrow agrees on long prefixes, wide diverges early);
 *      sn < 0.2 → ignored (narrow diverges at once too): decisive when all k narrow texts differ, else heuristic;
 *      otherwise → inconclusive (stated as such rather than a verdict that flips between runs).
 * Signals: exact repetition across fresh samples is read as `protocol` (it is the sampler's behaviour the
 * API defines, temperature 0 is greedy decoding, not what the text says), with the wide setting as its
 * control where one applies; prefix shares are `content`. The confidence is derived from them (evidence.ts).
 *
 * Sampling stops once the outcome is settled: the narrow setting stops at REPEATS_TO_SETTLE (3) identical
 * texts, any difference taking it on to k (samples.ts says what that costs), and a wide spread that parts late
 * (prefix share ≥ EARLY_DIVERGENCE: a sampler that ignores the field and decodes nearly greedily, which repeats
 * itself three times by chance) takes it on to k too; the wide setting is sampled only
 * when dn = 1 (two samples first; the rest only if those two are identical, since dw = 1, a failure where the
 * field is declared honoured, needs all k) or when sn ≥ 0.5 (sw over all k). Every other outcome is settled by
 * the narrow samples alone. Requests: 3 + 2 on a target that honours the control, k on one that ignores it,
 * at most 2k.
 */
import type { CaseIO, Observation, Signal } from '../cases/types.js';
import type { Body } from './send.js';
import { content, protocol } from '../cases/evidence.js';
import { sampleTexts, sampleCount, sampleUntilUnsettled } from './samples.js';
import { distinctCount, prefixShare } from './text.js';
import { EARLY_DIVERGENCE, flaky, flakyNote } from './flaky.js';
import { runGates } from './gates.js';
import { ignoredInSamplingGroup } from './group-sampling.js';

/** A sampling control and the two settings its probe compares. */
export interface SpreadControl {
  field: string;
  narrow: unknown;
  wide: unknown;
  /**
   * The fields a setting's samples send (default: the field at that setting alone). top_p's samples carry
   * temperature 1.5 too, and its wide ones leave top_p out (its default, 1): temperature's wide samples.
   */
  send?: (value: unknown) => Body;
}

export type SpreadDecision = Pick<Observation, 'observed' | 'verdict' | 'note' | 'signals'>;

const DISTINCT = 'distinct texts over fresh samples';
const PREFIX = 'prefix share over fresh samples';

/** A decision that rests on what it read (its confidence is derived from these signals: evidence.ts). */
function decided(o: SpreadDecision & { signals: Signal[] }): SpreadDecision {
  return o;
}

/** Which wide samples the outcome still depends on, given the narrow ones. */
function wideNeeded(narrow: string[]): 'until-spread' | 'all' | 'none' {
  if (distinctCount(narrow) === 1) return 'until-spread';
  if (flaky(narrow)) return 'none';
  return prefixShare(narrow) >= 0.5 ? 'all' : 'none';
}

/**
 * The decision for k narrow samples and the wide samples the outcome depends on (wideNeeded): the same
 * outcome as with k wide samples, since the wide ones left out cannot change it.
 */
export function decideSpread(narrow: string[], wide: string[], c: SpreadControl, followsPrompt?: boolean): SpreadDecision {
  const k = narrow.length;
  const [dn, dw] = [distinctCount(narrow), distinctCount(wide)];
  const [sn, sw] = [prefixShare(narrow), prefixShare(wide)];
  const [n, w] = [`${c.field} ${String(c.narrow)}`, `${c.field} ${String(c.wide)}`];
  // A control that parts late (prefix share ≥ EARLY_DIVERGENCE) is what a sampler that ignores the field and decodes
  // nearly greedily (GPU batches) shows too, and such a sampler repeats itself by chance: a collapse, but heuristic.
  if (dn === 1 && dw >= 2 && sw >= EARLY_DIVERGENCE)
    return decided({
      observed: 'supported',
      signals: [content(`${PREFIX} (${n}; control ${w})`, sn, sw)],
      note: `${n} gives ${k} identical texts, but ${w}'s ${dw} distinct texts part late (prefix share ${sw}), as a nearly greedy sampler's do`,
    });
  if (dn === 1 && dw >= 2)
    return decided({ observed: 'supported', signals: [protocol(`${DISTINCT} (${n}; control ${w})`, dn, { value: dw, isolates: true })] });
  if (dn === 1)
    return decided({
      observed: 'ignored',
      // k identical texts tell a greedy sampler from a fixed answer only on a target whose answers follow the
      // prompt: that is this reading's control (the static gate, gates.ts), unknown to this pure rule.
      signals: [
        protocol(
          `${DISTINCT} (${w})`,
          dw,
          followsPrompt === undefined ? undefined : { value: followsPrompt ? 'answers follow the prompt' : 'static target', isolates: followsPrompt },
        ),
      ],
      note: `${w} gives ${wide.length} identical texts: no spread to control`,
    });
  const flips = flaky(narrow);
  if (flips)
    return decided({
      observed: 'flaky',
      verdict: 'inconclusive',
      signals: [content(`${DISTINCT} (${n})`, { same: flips.same, differed: flips.differed })],
      note: flakyNote(n, flips),
    });
  const wideText = wide.length ? `; ${w}: ${dw} distinct (prefix share ${sw})` : '';
  if (sn >= 0.5 && sw < sn / 2)
    return decided({
      observed: 'supported',
      signals: [content(`${PREFIX} (${n}; control ${w})`, sn, sw)],
      note: `${n} is not exactly repeatable (${dn} distinct of ${k}) but agrees on long prefixes (${sn} vs ${sw})`,
    });
  if (sn < EARLY_DIVERGENCE)
    return decided({
      observed: 'ignored',
      // Every one of k fresh samples differing is the sampler's behaviour, read exactly; fewer rests on prefixes.
      signals: [...(dn === k ? [protocol(`${DISTINCT} (${n})`, dn)] : []), content(`${PREFIX} (${n})`, sn)],
      note: `${n} still gives ${dn} distinct texts of ${k}, diverging early (prefix share ${sn})`,
    });
  return decided({
    observed: 'spread unclear',
    verdict: 'inconclusive',
    signals: [content(`${PREFIX} (${n})`, sn, wide.length ? sw : undefined)],
    note: `${n}: ${dn} distinct of ${k} (prefix share ${sn})${wideText}; the rule settles neither way`,
  });
}

/** The samples a control's outcome depends on, or the observation that settles it first (a refusal, an error). */
export type SpreadSamples = { ok: true; narrow: string[]; wide: string[] } | { ok: false; observation: Observation; refused: boolean };

/**
 * Samples the narrow setting, then the wide one only as far as the outcome depends on it. `firstAlone`
 * sends the first narrow sample before the others, so that a refusal costs one request, not k (top-p.ts
 * falls back to its own form when the shared form is refused).
 */
export async function sampleSpread(io: CaseIO, c: SpreadControl, opts: { firstAlone?: boolean } = {}): Promise<SpreadSamples> {
  const k = sampleCount(io);
  const send = c.send ?? ((value: unknown) => ({ [c.field]: value }));
  const setting = (value: unknown, m: number, from = 0) => sampleTexts(io, send(value), m, `request.${c.field} (${String(value)})`, from);
  const head = opts.firstAlone ? await setting(c.narrow, 1) : undefined;
  // Only a refusal stops here: any other failure (a 429, a dry run) costs what k concurrent samples would.
  if (head && !head.ok && head.refused) return head;
  // The narrow setting stops at REPEATS_TO_SETTLE identical texts (samples.ts); any difference goes on to k.
  // The head counts as one of them whatever it answered (an unanswered head costs what a real run would).
  const before = head ? (head.ok ? head.texts : ['']) : [];
  const tail = await sampleUntilUnsettled(io, c.field, send(c.narrow), k, `request.${c.field} (${String(c.narrow)})`, head ? 1 : 0, before);
  if (head && !head.ok) return head;
  if (!tail.ok) return tail;
  const narrow = [...(head?.texts ?? []), ...tail.texts];
  const wide: string[] = [];
  const more = await widen(c.wide, narrow, wide, k, setting);
  if (more) return more;
  // REPEATS_TO_SETTLE identical narrow texts settle that side only against a control that diverges at once. A
  // wide spread that parts late is what a sampler that ignores the field and decodes (nearly) greedily shows,
  // and such a sampler gives the narrow setting identical texts by chance too: the narrow setting is then read on
  // all k samples, as without the stop, and the wide one as far as the outcome depends on it.
  if (narrow.length < k && distinctCount(wide) >= 2 && prefixShare(wide) >= EARLY_DIVERGENCE) {
    const rest = await setting(c.narrow, k - narrow.length, narrow.length);
    if (!rest.ok) return rest;
    narrow.push(...rest.texts);
    const after = await widen(c.wide, narrow, wide, k, setting);
    if (after) return after;
  }
  return { ok: true, narrow, wide };
}

type Setting = (value: unknown, m: number, from?: number) => ReturnType<typeof sampleTexts>;

/**
 * Adds to `wide` the wide samples the outcome depends on given `narrow` (wideNeeded), beyond those already taken;
 * the failure that stops it, if any.
 */
async function widen(
  value: unknown,
  narrow: string[],
  wide: string[],
  k: number,
  setting: Setting,
): Promise<Extract<SpreadSamples, { ok: false }> | undefined> {
  const need = wideNeeded(narrow);
  if (need === 'none') return undefined;
  const want = need === 'all' ? k : 2;
  if (wide.length < want) {
    const first = await setting(value, want - wide.length, wide.length);
    if (!first.ok) return first;
    wide.push(...first.texts);
  }
  if (need === 'until-spread' && distinctCount(wide) === 1 && wide.length < k) {
    const rest = await setting(value, k - wide.length, wide.length);
    if (!rest.ok) return rest;
    wide.push(...rest.texts);
  }
  return undefined;
}

/** The decision and its evidence for the samples taken (`evidence`: fields the probe adds, as what else was sent). */
export async function judgeSpread(
  io: CaseIO,
  c: SpreadControl,
  narrow: string[],
  wide: string[],
  evidence: Record<string, unknown> = {},
): Promise<Observation> {
  // Only "k identical texts everywhere" needs to know whether the target's answers follow the prompt at all.
  const followsPrompt = distinctCount([...narrow, ...wide]) === 1 ? !(await runGates(io)).static : undefined;
  const decision = decideSpread(narrow, wide, c, followsPrompt);
  const flips = decision.observed === 'flaky' ? flaky(narrow) : undefined;
  return {
    ...decision,
    evidence: {
      [c.field]: [c.narrow, c.wide],
      ...evidence,
      samples: [narrow.length, wide.length],
      distinct: [distinctCount(narrow), wide.length ? distinctCount(wide) : null],
      prefix_share: [prefixShare(narrow), wide.length ? prefixShare(wide) : null],
      ...(flips ? { flips: { same: flips.same, differed: flips.differed } } : {}),
    },
  };
}

/** The run's sampling group's verdict for a control declared not honoured, if it settled one (group-sampling.ts). */
export function spreadInGroup(io: CaseIO, c: SpreadControl): Promise<Observation | undefined> {
  return ignoredInSamplingGroup(io, `request.${c.field}`, (s) => ({
    [c.field]: [c.narrow, c.wide],
    samples: [s.samples, 0],
    distinct: [s.distinct, null],
    prefix_share: [s.prefixShare, null],
  }));
}

/** Samples the narrow setting, then the wide one only as far as the outcome depends on it, and decides. */
export async function observeSpread(io: CaseIO, c: SpreadControl): Promise<Observation> {
  // A control declared not honoured may be settled by the run's sampling group (group-sampling.ts).
  const grouped = await spreadInGroup(io, c);
  if (grouped) return grouped;
  const s = await sampleSpread(io, c);
  return s.ok ? judgeSpread(io, c, s.narrow, s.wide) : s.observation;
}
