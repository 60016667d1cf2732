/**
 * Faults for structured output strictness (issue #15's peer checks): a json_schema with `strict: true`,
 * `additionalProperties: false` and an `enum` is answered with JSON that is almost an instance: one extra
 * property, or a value outside the enum. Constrained decoding that only enforces "valid JSON with these keys"
 * (a json_object fallback with a prompt) produces exactly this.
 */
import { choicesOf, type Fault } from './types.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The schema of a json_schema response_format, when the request sent one. */
function sentSchema(body: unknown): Obj | undefined {
  const rf = (body as Obj | undefined)?.response_format;
  if (!isObj(rf) || rf.type !== 'json_schema' || !isObj(rf.json_schema)) return undefined;
  return isObj(rf.json_schema.schema) ? rf.json_schema.schema : undefined;
}

/** Rewrites the JSON object each choice's content holds (content that is not a JSON object is left alone). */
function rewriteContent(c: Obj, edit: (value: Obj) => void): void {
  for (const ch of choicesOf(c)) {
    const msg = ch.message as Obj | undefined;
    if (typeof msg?.content !== 'string') continue;
    try {
      const value: unknown = JSON.parse(msg.content);
      if (!isObj(value)) continue;
      edit(value);
      msg.content = JSON.stringify(value);
    } catch {
      // not JSON: nothing to loosen
    }
  }
}

export const structuredFaults: Fault[] = [
  {
    id: 'json-schema-extra-property',
    description: 'answers a strict json_schema with an instance plus one property the schema does not allow (additionalProperties false)',
    catches: ['request.response_format.json_schema'],
    evidence: 'issue #15: structured output strictness, extra properties must fail',
    completion(c, ctx) {
      if (sentSchema(ctx.body)) rewriteContent(c, (v) => Object.assign(v, { oai_compat_extra: true }));
    },
  },
  {
    id: 'json-schema-outside-enum',
    description: 'answers a strict json_schema with a value outside an enum the schema declares',
    catches: ['request.response_format.json_schema'],
    evidence: 'issue #15: structured output strictness, values outside the enum must fail',
    completion(c, ctx) {
      const props = sentSchema(ctx.body)?.properties;
      const constrained = isObj(props) ? Object.entries(props).find(([, s]) => isObj(s) && Array.isArray(s.enum)) : undefined;
      if (constrained) rewriteContent(c, (v) => Object.assign(v, { [constrained[0]]: 'oai-compat-outside-enum' }));
    },
  },
];
