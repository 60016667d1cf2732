/**
 * A probe finds out, from outside, what a target does with one request field: rejects it, honours it
 * (the effect is observed), or ignores it (accepted, no effect). Each field with a decisive signal has its
 * own module in this folder; the rest use the acceptance probe (generic.ts) and report the effect as
 * unobservable.
 */
import type { FieldRow } from '../spec/profile.types.js';
import type { CaseIO, Observation } from '../cases/types.js';

export interface Probe {
  /** Profile keys this probe verifies (`request.max_tokens`, `message.content.parts`). */
  keys: string[];
  observe(io: CaseIO, key: string, row: FieldRow | undefined): Promise<Observation>;
}

/**
 * Observed words a field probe uses (the judge understands these):
 * - `supported`: the effect was observed; `ignored`: accepted, and the effect is absent;
 * - `partial`: honoured in part (json_schema answered with JSON that is not an instance of the schema);
 * - `broken`: accepted, but the answer contradicts the field whatever was declared (3 choices for n 2,
 *   the stop sequence returned in the text);
 * - `rejected`: 4xx; `error`: no answer, 5xx or 429; `accepted`: 2xx, effect unobservable.
 * (`Observation.observed` stays a string: the judge treats a word it does not know as a skip.)
 */
