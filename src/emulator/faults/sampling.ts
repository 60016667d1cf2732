/**
 * Faults for sampling controls decided by the spread of samples (spread.ts, seed.ts): a control accepted
 * and dropped, always or on some requests only.
 */
import type { Fault } from './types.js';

/**
 * Honours the field on every other request that carries it with `value` and drops it on the rest, as a pool
 * of replicas of which some drop the field does: whatever the interleaving of the run, k ≥ 3 samples of one
 * setting get both. Counted per fault (one emulator at a time tests a fault), never per request body.
 */
function honouredOnSomeRequests(id: string, field: string, value: unknown, catches: { unsettles: string[]; mustPass: string[] }): Fault {
  let seen = 0;
  return {
    id,
    description: `honours ${field} ${String(value)} on every other request only (drops it on the rest): its samples flip between outcomes`,
    catches: [],
    ...catches,
    evidence: 'issue #15 section 3: repeat-k stability, a probe whose samples flip is flaky, never a pass or a fail',
    request(body) {
      if (body[field] !== value || seen++ % 2 === 0) return body;
      const { [field]: _drop, ...rest } = body;
      return rest;
    },
  };
}

export const samplingFaults: Fault[] = [
  {
    id: 'ignores-top-p',
    description: 'accepts top_p with 200 but samples from the whole distribution',
    catches: ['request.top_p'],
    evidence: 'peers-and-breakages.md 2.4 (GenerationControlProber: a small top_p must collapse the variation; servers that read it or not)',
    request(body) {
      const { top_p: _drop, ...rest } = body;
      return rest;
    },
  },
  {
    // top_p samples at temperature 1.5 to share temperature's wide samples (top-p.ts): a refusal of the pair
    // is not top_p's verdict, so top_p falls back to its own form and both controls still pass.
    id: 'refuses-temperature-with-top-p',
    description: 'refuses a request that sets both temperature and top_p (400), accepts either alone',
    catches: [],
    mustPass: ['request.top_p', 'request.temperature', 'request.seed'],
    evidence: 'Anthropic\'s newer models: "temperature and top_p cannot both be specified for this model"',
    refuse(body) {
      const b = body as Record<string, unknown>;
      if (b.temperature === undefined || b.top_p === undefined) return undefined;
      return {
        status: 400,
        type: 'invalid_request_error',
        param: 'top_p',
        code: 'invalid_request',
        message: 'temperature and top_p cannot both be specified.',
      };
    },
  },
  {
    // top_p samples at temperature 1.5 (top-p.ts): only a collapse is read from that form, so a server that lets
    // temperature win over top_p (drops top_p when both are set) must not make top_p look ignored.
    id: 'temperature-wins-over-top-p',
    description: 'drops top_p from a request that also sets temperature (temperature wins), honours either alone',
    catches: [],
    mustPass: ['request.top_p', 'request.temperature', 'request.seed'],
    evidence: 'review of the shared reads (session 5): providers documenting "alter temperature or top_p, not both"; a gateway keeping one',
    request(body) {
      if (body.temperature === undefined || body.top_p === undefined) return body;
      const { top_p: _drop, ...rest } = body;
      return rest;
    },
  },
  // A flaky temperature must end neither pass nor fail (flaky, with the counts); the seed, sampled at 1.5, is untouched.
  honouredOnSomeRequests('flaky-temperature', 'temperature', 0, { unsettles: ['request.temperature'], mustPass: ['request.seed', 'request.top_p'] }),
];
