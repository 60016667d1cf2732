/**
 * prediction (Predicted Outputs): the answer's usage counts the prediction's tokens as accepted or
 * rejected when the server processed it, so a non-zero count is the effect → supported (decisive).
 * Zero or absent counts prove nothing (the model may not support it, or the counts are not reported):
 * accepted, unobservable. Rejection is reported as for every field.
 */
import type { FieldRow } from '../spec/profile.types.js';
import type { CaseIO, Observation } from '../cases/types.js';
import type { Probe } from './types.js';
import { observeAcceptance } from './generic.js';
import { valuesAt } from '../checks/json-path.js';
import { accounting } from '../cases/evidence.js';

function predictionTokens(json: unknown): number {
  return ['accepted_prediction_tokens', 'rejected_prediction_tokens']
    .flatMap((k) => valuesAt(json, `usage.completion_tokens_details.${k}`))
    .reduce((s, h) => s + (typeof h.value === 'number' ? h.value : 0), 0);
}

function observe(io: CaseIO, key: string, row: FieldRow | undefined): Promise<Observation> {
  return observeAcceptance(io, 'request', key, row, (json) => {
    const n = predictionTokens(json);
    // Prediction tokens are usage counts: accounting, so heuristic (a count is bookkeeping, never protocol).
    return n > 0
      ? {
          observed: 'supported',
          signals: [accounting('usage.completion_tokens_details.*_prediction_tokens', n)],
          note: `${n} prediction tokens accepted or rejected`,
        }
      : undefined;
  });
}

export const predictionProbe: Probe = { keys: ['request.prediction'], observe };
