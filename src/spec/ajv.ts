/**
 * One configured ajv for the whole project (profiles, results, extension schemas, json_schema probes),
 * so formats and strictness are set in one place.
 */
import { Ajv, type AnySchema, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (a: Ajv) => Ajv;

export function newAjv(opts: { strict?: boolean } = {}): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: opts.strict ?? true, allowUnionTypes: true });
  addFormats(ajv);
  // An annotation for scripts/gen-types.mjs (the TypeScript type of a schema that allows any value).
  ajv.addKeyword({ keyword: 'tsType', schemaType: 'string' });
  return ajv;
}

const shared = newAjv();

export function compileSchema(schema: AnySchema): ValidateFunction {
  return shared.compile(schema);
}

/** For schemas that come from outside (a target's json_schema probe, a profile's extension): lenient about unknown keywords. */
const lenient = newAjv({ strict: false });
export function compileForeignSchema(schema: AnySchema): ValidateFunction {
  return lenient.compile(schema);
}
