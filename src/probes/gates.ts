/**
 * Signal quality gates, computed once per run from requests the run sends anyway: before a probe trusts
 * usage counts or the text, the run checks that they carry information at all.
 * - usage is usable only when the baseline's counts are positive and prompt_tokens grows with a longer
 *   prompt: the baseline's prompt with one more sentence, which is the json_object probe's control request
 *   (the same messages without response_format), shared with it. A target that reports 3/9/12 for
 *   everything, or 0/0/0, fails this gate;
 * - a target is *static* when that longer, different prompt gets the very same answer as the baseline
 *   (same text, same usage): its answers do not follow the prompt, so every content- or usage-derived
 *   verdict on it is unobservable. (An echo server is not static: its answer changes with the prompt.)
 * The two requests are the shared baseline and a request the json_object probe sends when it meets JSON,
 * so the gates cost at most one request per run.
 */
import type { CaseIO, Observation } from '../cases/types.js';
import { restsOnProtocol } from '../cases/evidence.js';
import type { Exchange } from '../transport/types.js';
import { JSON_MODE_MESSAGES } from './json-object.js';
import { readAnswer, type Probed } from './send.js';
import { firstContent } from './completion.js';
import { declaredEmpty } from './signals.js';

export interface RunGates {
  /** Usage counts carry information (positive, and prompt_tokens grows with a longer prompt). */
  usageUsable: boolean;
  /** Why usage is not usable (for the observation's note), when it is not. */
  usageWhy?: string;
  /** The answers do not change with the prompt. */
  static: boolean;
  /** The numbers behind the gates, for evidence. */
  readings: { baseline?: UsageTriple; longer?: UsageTriple; sameText?: boolean };
}

type UsageTriple = [prompt: unknown, completion: unknown, total: unknown];

/** What the longer request is shared with (its purpose when the gates send it first). */
const LONGER_PURPOSE = 'request.response_format.json_object (control)';

// Keyed on the run's shared baseline exchange: one per run, whichever case asks first.
const memo = new WeakMap<Exchange, Promise<RunGates>>();

export async function runGates(io: CaseIO): Promise<RunGates> {
  const baseEx = await io.baseline(false);
  let gates = memo.get(baseEx);
  if (!gates) {
    gates = compute(io, baseEx);
    memo.set(baseEx, gates);
  }
  return gates;
}

const triple = (p: Probed & { ok: true }): UsageTriple => [p.view.usage?.prompt_tokens, p.view.usage?.completion_tokens, p.view.usage?.total_tokens];
const positive = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v > 0;

async function compute(io: CaseIO, baseEx: Exchange): Promise<RunGates> {
  const base = readAnswer(baseEx);
  // No baseline, nothing to gate: the probes report the baseline's failure themselves.
  if (!base.ok) return { usageUsable: true, static: false, readings: {} };
  const longer = readAnswer(await io.chat({ messages: JSON_MODE_MESSAGES }, { purpose: LONGER_PURPOSE }));
  const readings: RunGates['readings'] = { baseline: triple(base) };
  const baseUsage = base.view.usage;
  let usageUsable = true;
  let usageWhy: string | undefined;
  if (!declaredEmpty(io.profile, 'usage') && baseUsage) {
    // Counts that are there but zero (or negative) say nothing; missing counts are the probes' own fallback.
    const zero = (v: unknown) => typeof v === 'number' && !positive(v);
    if (zero(baseUsage.prompt_tokens) || (firstContent(base.view) !== '' && zero(baseUsage.completion_tokens))) {
      usageUsable = false;
      usageWhy = `the baseline's usage is ${JSON.stringify(readings.baseline)}: counts that are not positive carry no information`;
    }
  }
  let isStatic = false;
  if (longer?.ok) {
    readings.longer = triple(longer);
    const [lp] = readings.longer;
    const [bp] = readings.baseline!;
    if (usageUsable && positive(bp) && typeof lp === 'number' && lp <= (bp as number)) {
      usageUsable = false;
      usageWhy = `prompt_tokens does not grow with a longer prompt (${lp} with one more sentence, ${String(bp)} without): the counts do not follow the prompt`;
    }
    readings.sameText = firstContent(longer.view) === firstContent(base.view);
    isStatic = readings.sameText && JSON.stringify(readings.longer) === JSON.stringify(readings.baseline);
  }
  return { usageUsable, ...(usageWhy ? { usageWhy } : {}), static: isStatic, readings };
}

/** The note for an observation a static target made unobservable. */
export function staticNote(g: RunGates): string {
  return `the target is static: a longer, different prompt got the very same answer as the baseline (same text, usage ${JSON.stringify(g.readings.baseline)}), so nothing derived from the text or usage says anything about the request`;
}

/** Observed words that claim an effect (rejections, errors and plain acceptance claim none). */
const EFFECT_CLAIMS = new Set(['supported', 'ignored', 'partial', 'broken']);

/** Does the observation rest on the text or on usage counts, not on a decisive protocol signal? */
function restsOnContentOrUsage(obs: Observation): boolean {
  // Every observation records what it read; one that read nothing claims nothing from the text or usage.
  return Boolean(obs.signals?.length) && !restsOnProtocol(obs.signals!);
}

/**
 * The static gate, applied to every request and message case (src/cases/rows.ts): on a target whose
 * answers do not follow the prompt, an effect claimed from the text or from usage is unobservable.
 * Computing the gate costs nothing more than the gates themselves, and only for such observations.
 */
export async function applyStaticGate(io: CaseIO, obs: Observation): Promise<Observation> {
  if (obs.verdict || !EFFECT_CLAIMS.has(obs.observed) || !restsOnContentOrUsage(obs)) return obs;
  const gates = await runGates(io);
  if (!gates.static) return obs;
  return { ...obs, observed: `${obs.observed} (static target)`, verdict: 'skip', gate: 'static', note: staticNote(gates) };
}
