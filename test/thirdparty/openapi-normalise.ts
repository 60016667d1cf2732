/**
 * Prism's quirk with OpenAI's OpenAPI description, fixed at test start (never by hand-editing the copy).
 *
 * The description is OpenAPI 3.1 but still writes the 3.0 keyword `nullable`. Prism's converter
 * (@stoplight/http-spec, transformers/schema/keywords/nullable.js) rewrites `nullable: true` into
 * `type: [T, 'null']` only when the schema has a single string `type`; where `nullable` stands without
 * `type` (beside `allOf`/`anyOf`/`$ref`, e.g. `prediction`, `stop`, `logprobs`), the keyword is left in and
 * ajv refuses to compile the schema ('"nullable" cannot be used without "type"'). Prism wraps the compile in
 * `O.tryCatch` (prism-http validator/validators/utils.js), so the whole request body, every field
 * included, silently goes unvalidated and every malformed request is answered 200.
 *
 * What this changes, and nothing else: a schema object with `nullable` and no `type` becomes
 * `{ anyOf: [<the schema without nullable>, { type: 'null' }] }` when nullable is true, and loses the
 * keyword when it is false (the 3.0 meaning of both). Schemas with a `type` are left to Prism's own converter.
 */

export interface Normalised {
  doc: unknown;
  /** JSON pointers of the schemas rewritten, for the test's log and for a test of the normaliser itself. */
  changed: string[];
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export function normaliseNullable(input: unknown): Normalised {
  const changed: string[] = [];
  const walk = (node: Json, pointer: string): Json => {
    if (Array.isArray(node)) return node.map((v, i) => walk(v, `${pointer}/${i}`));
    if (!node || typeof node !== 'object') return node;
    const out: { [k: string]: Json } = {};
    for (const [k, v] of Object.entries(node)) out[k] = walk(v, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    if (!('nullable' in out) || 'type' in out || typeof out.nullable !== 'boolean') return out;
    // Only schema objects carry `nullable`; a property *named* nullable sits under `properties`, whose
    // value is a map of schemas and never has a boolean there.
    changed.push(pointer || '/');
    const { nullable, ...rest } = out;
    if (!nullable) return rest;
    // Keep the annotations on the outside, where Prism's example and description lookups find them.
    const { description, default: dflt, example, examples, title, deprecated, ...schema } = rest;
    const annotations = Object.fromEntries(
      Object.entries({ description, default: dflt, example, examples, title, deprecated }).filter(([, v]) => v !== undefined),
    );
    return { ...annotations, anyOf: [schema, { type: 'null' }] };
  };
  return { doc: walk(input as Json, ''), changed };
}
