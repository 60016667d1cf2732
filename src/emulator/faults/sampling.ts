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

/** Words from three quarters of the text on: where a nearly deterministic decoder's answers part. */
function partLate(text: string): string {
  const words = text.split(' ');
  const keep = Math.ceil(words.length * 0.75);
  return [...words.slice(0, keep), ...words.slice(keep).map((w) => `${w}s`)].join(' ');
}

const validTemperature = (b: Record<string, unknown>) => typeof b.temperature === 'number' && b.temperature >= 0 && b.temperature <= 2;

/**
 * Decodes greedily whatever the sampling fields say, on hardware whose batches are not bit-exact: answers agree
 * with the greedy text on a long prefix and some part from it late. The narrow setting's three identical answers
 * a sampler of this kind gives by chance are its first three (from the fourth on they part late too); every other
 * answer at a temperature alone parts late. Only requests with a valid temperature (0..2: an out-of-range or
 * mistyped one is refused as usual) and no top_p; the narrow ones are `narrow`'s, the others set temperature
 * alone (temperature's wide setting, which seed's control and top_p's wide setting read).
 */
function greedyPartingLate(
  id: string,
  narrowOf: string,
  isNarrow: (b: Record<string, unknown>) => boolean,
  catches: { unsettles: string[]; mustPass: string[] },
): Fault {
  let narrow = 0;
  let other = 0;
  const alone = (b: Record<string, unknown>) => b.seed === undefined;
  const mine = (b: Record<string, unknown> | undefined) => !!b && validTemperature(b) && b.top_p === undefined && (isNarrow(b) || alone(b));
  return {
    id,
    description: `decodes greedily whatever ${narrowOf} and temperature say, its answers parting late from the greedy text (batch nondeterminism): the fourth and later answers of ${narrowOf}'s narrow setting, and every other answer at a temperature alone`,
    catches: [],
    ...catches,
    evidence: 'review of session 6: three identical narrow samples settle nothing against a control that parts late (a greedy sampler on GPUs)',
    request(body) {
      if (!mine(body)) return body;
      const { seed: _s, ...rest } = body;
      return { ...rest, temperature: 0 };
    },
    completion(c, ctx) {
      const b = ctx.body as Record<string, unknown> | undefined;
      if (!mine(b)) return;
      const late = isNarrow(b!) ? narrow++ >= 3 : other++ % 2 === 1;
      const choices = Array.isArray(c.choices) ? (c.choices as { message?: { content?: unknown } }[]) : [];
      for (const ch of choices) if (late && typeof ch.message?.content === 'string') ch.message.content = partLate(ch.message.content);
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
  // Ignored, but the samples part late, never at once: neither a pass nor a failure, as on k samples (spread.ts, seed.ts).
  greedyPartingLate('greedy-ignores-temperature-parts-late', 'temperature', (b) => b.temperature === 0 && b.seed === undefined, {
    unsettles: ['request.temperature'],
    mustPass: ['request.seed', 'request.top_p'],
  }),
  greedyPartingLate('greedy-ignores-seed-parts-late', 'seed', (b) => b.seed !== undefined, {
    // temperature 0 alone parts late on every other answer too: temperature is as unsettled as without the stop.
    unsettles: ['request.seed', 'request.temperature'],
    mustPass: ['request.top_p'],
  }),
];
