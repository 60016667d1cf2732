/**
 * Where a row applies. Rows for some models only (`models:` on a request, message, response or stream row): for
 * a run of another model the case is a skip that says so, before anything is sent (the emulator reads the same
 * list, src/emulator/profile-view.ts `appliesToModel`). Rows on a path of their own (`path:` on a request or
 * message row, a beta endpoint): the case's chat requests go there instead (the emulator serves it too); the
 * shared baselines, a probe's control, stay on the default path.
 */
import type { CaseIO, Observation } from './types.js';

export function notForModel(row: unknown, model: string): Observation | undefined {
  const models = (row as { models?: unknown } | null)?.models;
  if (!Array.isArray(models) || models.length === 0 || models.includes(model)) return undefined;
  return {
    observed: 'not for this model',
    evidence: { model, models },
    verdict: 'skip',
    note: `not for model ${model}: the row applies to ${models.join(', ')} only (run with --model ${models[0]} to check it)`,
  };
}

/** The case's view of the run for a row with its own chat-completions path (relative to the base URL). */
export function onRowPath(io: CaseIO, row: unknown): CaseIO {
  const path = (row as { path?: unknown } | null)?.path;
  if (typeof path !== 'string' || !path) return io;
  return { ...io, chatPath: path, chat: (extra, opts = {}) => io.chat(extra, { path, ...opts }) };
}
