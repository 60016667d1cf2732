/**
 * model: is the field read? The run's model answered (the shared baseline) and a model that does not exist
 * refused (the same request error.unknown-model sends, so shared too): the field selects → supported.
 * A made-up model answered like the real one → ignored (the target serves whatever model it likes).
 * Costs nothing of its own: both requests are sent by other cases anyway.
 */
import type { FieldRow } from '../spec/profile.types.js';
import type { CaseIO, Observation } from '../cases/types.js';
import type { Probe } from './types.js';
import { findBadRequest } from '../checks/errors/catalogue.js';
import { classifyAnswer } from './classify.js';
import { protocol } from '../cases/evidence.js';

const UNKNOWN_STATUS = 'http.status for a model that does not exist';

async function observe(io: CaseIO, _key: string, _row: FieldRow | undefined): Promise<Observation> {
  const baseEx = await io.baseline(false);
  const base = classifyAnswer(baseEx);
  if (base.observation)
    return { ...base.observation, note: `the run's model (${io.model}) itself was not answered: ${base.observation.note ?? base.observation.observed}` };
  const unknown = await io.send(findBadRequest('unknown-model')!.build(io));
  const status = unknown.response?.status;
  const evidence = { model: io.model, status: baseEx.response?.status, unknown_model_status: status ?? unknown.error?.kind ?? null };
  // The run's own model was answered (above), so the refusal is the model field's doing: the baseline is its control.
  if (status !== undefined && status >= 400 && status < 500 && status !== 429)
    return { observed: 'supported', evidence, signals: [protocol(UNKNOWN_STATUS, status, { value: baseEx.response?.status, isolates: true })] };
  if (status !== undefined && status >= 200 && status < 300) {
    return {
      observed: 'ignored',
      evidence,
      // A 2xx for a model that does not exist stands on its own: no control can make it a selection.
      signals: [protocol(UNKNOWN_STATUS, status)],
      note: 'a model that does not exist was answered like the real one',
    };
  }
  return {
    observed: 'accepted',
    evidence,
    note: `the unknown model got ${status ?? unknown.error?.kind}: whether the field selects a model cannot be told`,
  };
}

export const modelProbe: Probe = { keys: ['request.model'], observe };
