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
