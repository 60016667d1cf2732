/**
 * Faults for group testing (src/probes/group.ts): acceptance-only fields are sent together, so a target that
 * refuses one of them refuses the whole group. The split must find exactly the refused field(s), each failing
 * on its own refusal, and blame none of the fields sent beside it.
 */
import type { Fault } from './types.js';

type Obj = Record<string, unknown>;

/** Refuses a chat request that carries any of `fields` (400 naming the first one met), as strict validators do. */
function refusesFields(id: string, description: string, fields: string[], evidence: string): Fault {
  return {
    id,
    description,
    catches: fields.map((f) => `request.${f}`),
    evidence,
    refuse(body) {
      const hit = fields.filter((f) => body && typeof body === 'object' && f in (body as Obj));
      if (!hit.length) return undefined;
      return {
        status: 400,
        type: 'invalid_request_error',
        param: hit[0],
        code: null,
        message: `Unrecognized request argument supplied: ${hit.join(', ')}`,
      };
    },
  };
}

export const groupFaults: Fault[] = [
  refusesFields(
    'refuses-metadata',
    'refuses `metadata` with a 400 (an API version that does not know it): one field of the acceptance group',
    ['metadata'],
    'Azure OpenAI before 2024-10: "Unrecognized request argument supplied: metadata"; issue #13 item 3 (the split finds the field)',
  ),
  refusesFields(
    'refuses-store-and-service-tier',
    'refuses `store` and `service_tier` with a 400 naming both: two fields of the acceptance group',
    ['store', 'service_tier'],
    'Azure OpenAI API versions without stored completions or tiers: "Unrecognized request arguments supplied: service_tier, store"; issue #13 item 3',
  ),
];
