/**
 * A schema a probe sends (json_schema's, a strict function's parameters), compiled to validate the answer
 * against. A schema ajv cannot compile is the row's mistake, not the target's: the case is inconclusive and
 * says which value to fix.
 */
import type { AnySchema, ValidateFunction } from 'ajv';
import type { Observation } from '../cases/types.js';
import { compileForeignSchema } from '../spec/ajv.js';

export function compileProbeSchema(schema: unknown, what: string): { validate: ValidateFunction } | { observation: Observation } {
  try {
    return { validate: compileForeignSchema(schema as AnySchema) };
  } catch (e) {
    return {
      observation: {
        observed: 'schema does not compile',
        evidence: { error: (e as Error).message.slice(0, 120) },
        verdict: 'inconclusive',
        note: `${what} does not compile under ajv; fix the row's value`,
      },
    };
  }
}
