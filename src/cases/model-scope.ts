/**
 * Rows that apply to some models only (`models:` on a request, message or response row): for a run of another
 * model the case is a skip that says so, before anything is sent. The emulator reads the same list
 * (src/emulator/profile-view.ts `appliesToModel`).
 */
import type { Observation } from './types.js';

export function notForModel(row: unknown, model: string): Observation | undefined {
  const models = (row as { models?: unknown } | null)?.models;
  if (!Array.isArray(models) || models.length === 0 || models.includes(model)) return undefined;
  return {
    observed: 'not for this model',
    confidence: 'unobservable',
    evidence: { model, models },
    verdict: 'skip',
    note: `not for model ${model}: the row applies to ${models.join(', ')} only (run with --model ${models[0]} to check it)`,
  };
}
