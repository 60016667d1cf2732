/** Classifies a probe's answer before any effect is looked at: rejected, an error, or accepted. */
import type { Exchange } from '../transport/types.js';
import type { Observation } from '../cases/types.js';
import { bodyJson } from '../transport/http.js';
import { preview } from '../checks/json-path.js';
import { rateLimitedObservation } from '../cases/verdicts.js';
import { protocol, STATUS_SIGNAL, transportSignal } from '../cases/evidence.js';

export interface Acceptance {
  accepted: boolean;
  /** Set when the answer settles the observation already (rejected or broken). */
  observation?: Observation;
}

export function classifyAnswer(ex: Exchange): Acceptance {
  const status = ex.response?.status;
  if (status === undefined) {
    return {
      accepted: false,
      observation: {
        observed: 'error',
        evidence: { error: `${ex.error?.kind}: ${ex.error?.message}` },
        signals: [transportSignal(ex)],
        note: `no HTTP answer: ${ex.error?.message}`,
      },
    };
  }
  if (status >= 200 && status < 300) return { accepted: true };
  // A 429 (after the scheduler's retries) is the rate limiter's answer, not the field's: never a verdict.
  if (status === 429)
    return {
      accepted: false,
      observation: rateLimitedObservation('the request carrying the field', { retryAfter: ex.response?.headers['retry-after'] ?? null }),
    };
  const json = bodyJson(ex) as { error?: { param?: unknown; message?: unknown; code?: unknown } } | undefined;
  const err = json?.error && typeof json.error === 'object' ? json.error : undefined;
  if (status >= 400 && status < 500 && status !== 429) {
    return {
      accepted: false,
      observation: {
        observed: 'rejected',
        evidence: { status, param: err?.param ?? null, code: err?.code ?? null, message: preview(err?.message ?? bodyJson(ex), 120) },
        // The 4xx decides the refusal on its own; the param it names says which field it was about.
        signals: [protocol(STATUS_SIGNAL, status), ...(err && 'param' in err ? [protocol('error.param', err.param ?? null)] : [])],
        facts: { status, param: err && 'param' in err ? err.param : undefined, envelope: Boolean(err) },
      },
    };
  }
  return {
    accepted: false,
    observation: {
      observed: 'error',
      evidence: { status, body: preview(json, 120) },
      signals: [protocol(STATUS_SIGNAL, status)],
      note: `answered ${status}`,
    },
  };
}
