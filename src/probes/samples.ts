/**
 * Fresh samples for the stochastic probes (temperature, top_p, seed): k independent requests with `fresh:
 * true` (never served from the run's shared cache), read as the first choice's text. Sample i of a body
 * (`from` + i) is one request per run: two probes sampling the same body read the same samples (seed's
 * control without a seed, `temperature: 1.5`, is temperature's wide setting), each still an independent
 * request of its own index.
 */
import type { CaseIO, Observation } from '../cases/types.js';
import { sendFields, isRefusal, type Body } from './send.js';
import { firstContent } from './completion.js';
import { distinctCount } from './text.js';

/** "High" temperature for spread and repeatability probes: far from 0, inside OpenAI's 0..2. */
export const HIGH_TEMPERATURE = 1.5;

/** k for the stochastic probes: the run's --samples, at least 2 (one sample has no spread). */
export function sampleCount(io: CaseIO): number {
  return Math.max(2, io.samples);
}

export type Sampled = { ok: true; texts: string[] } | { ok: false; observation: Observation; refused: boolean };

/** Sends the baseline with `fields` k times as fresh samples (concurrently; the scheduler bounds concurrency). */
export async function sampleTexts(io: CaseIO, fields: Body, k: number, purpose: string, from = 0): Promise<Sampled> {
  const answers = await Promise.all(Array.from({ length: k }, (_, i) => sendFields(io, fields, purpose, { fresh: true, sample: from + i })));
  const bad = answers.find((a) => !a.ok);
  if (bad && !bad.ok) return { ok: false, observation: bad.observation, refused: isRefusal(bad) };
  return { ok: true, texts: answers.map((a) => (a.ok ? firstContent(a.view) : '')) };
}

/**
 * Fresh samples of a setting that should repeat exactly (temperature 0, a small top_p, a seed) settle the
 * "it repeats" side after this many identical texts (issue #13: k-sampling that stops once the verdict is
 * settled), and only where that side is a pass: where the profile declares the field not honoured a repeat
 * is the failure, and those samples are always k (NOT_HONOURED below). The supported verdict still needs its
 * control (the wide setting's spread, the unseeded samples), one that diverges at once: a sampler that ignores
 * the setting and decodes nearly greedily (GPU batches) repeats itself three times by chance and its control
 * parts late, so the probes then read the setting on k samples (spread.ts, seed.ts). Any difference among the
 * three takes the samples on to k, so every outcome other than "all identical" (flaky, partial repeats, prefix
 * shares) is read on k as before. What it costs is missed findings, never a false failure (a failure from
 * these samples is always read on k): a target that honours the setting on a share p of its requests only (a
 * pool where some replicas drop it) shows it in three samples with chance 1 − p³ − (1 − p)³ instead of
 * 1 − p⁵ − (1 − p)⁵ (p = 0.8: 0.48 against 0.67); a sampler that ignores the field with a peaked default whose
 * texts mostly repeat one answer passes more often (0.22 → 0.35 at a 0.8/0.2 answer distribution, simulated).
 */
export const REPEATS_TO_SETTLE = 3;

/** Statuses that declare a sampling control not honoured: there, "it repeats" (supported) is the failure. */
const NOT_HONOURED: ReadonlySet<string> = new Set(['ignored', 'stripped', 'unsupported']);

/**
 * k fresh samples of `fields` (sample indices `from`, `from` + 1, ...), stopping after the first
 * REPEATS_TO_SETTLE when those are identical (counting `before`, samples of the same setting already taken),
 * unless the profile declares `field` not honoured: there a repeat is the failure, and three identical texts by
 * chance (a sampler that ignores the field with a peaked default) must not make one more likely than k do.
 */
export async function sampleUntilUnsettled(
  io: CaseIO,
  field: string,
  fields: Body,
  k: number,
  purpose: string,
  from = 0,
  before: string[] = [],
): Promise<Sampled> {
  const status = io.profile.request?.[field]?.status;
  const settle = status !== undefined && NOT_HONOURED.has(status) ? k : REPEATS_TO_SETTLE;
  const head = Math.max(0, Math.min(k, settle) - before.length);
  const first = await sampleTexts(io, fields, head, purpose, from);
  if (!first.ok) return first;
  const texts = [...before, ...first.texts];
  if (texts.length >= k || distinctCount(texts) === 1) return { ok: true, texts: first.texts };
  const rest = await sampleTexts(io, fields, k - texts.length, purpose, from + head);
  return rest.ok ? { ok: true, texts: [...first.texts, ...rest.texts] } : rest;
}
