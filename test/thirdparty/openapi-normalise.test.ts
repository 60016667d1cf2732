/**
 * The normaliser fixes exactly the quirk that made Prism skip request validation: ajv (which Prism compiles
 * request schemas with, inside a tryCatch that treats a compile error as "valid") refuses `nullable` without
 * `type`. Shown on the repository's copy of OpenAI's description with the same ajv options Prism uses.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { normaliseNullable } from './openapi-normalise.js';

const SUBSET = fileURLToPath(new URL('./openai-openapi.subset.yaml', import.meta.url));
// Prism's options (prism-http/dist/validator/validators/utils.js).
const prismAjv = () => new Ajv({ allErrors: true, allowUnionTypes: true, allowMatchingProperties: true, strict: false, coerceTypes: false, logger: false });

function compileRequest(doc: unknown, schema = 'CreateChatCompletionRequest') {
  const ajv = prismAjv();
  ajv.addSchema(doc as object, 'openai');
  return ajv.compile({ $ref: `openai#/components/schemas/${schema}` });
}
const compileChatRequest = (doc: unknown) => compileRequest(doc);

describe('normaliseNullable', () => {
  const raw = parse(readFileSync(SUBSET, 'utf8'));

  it('the copy as published cannot be compiled: Prism would validate nothing', () => {
    expect(() => compileChatRequest(raw)).toThrow(/"nullable" cannot be used without "type"/);
  });

  it('once normalised, the chat request schema compiles and refuses what OpenAI refuses', () => {
    const { doc, changed } = normaliseNullable(raw);
    expect(changed).toContain('/components/schemas/StopConfiguration');
    const validate = compileChatRequest(doc);
    const ok = { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] };
    expect(validate(ok)).toBe(true);
    expect(validate({ ...ok, stop: null }), 'stop: null stays valid (nullable)').toBe(true);
    expect(validate({ ...ok, prediction: null }), 'prediction: null stays valid (nullable)').toBe(true);
    expect(validate({ ...ok, n: 'two' })).toBe(false);
    expect(validate({ ...ok, stop: ['a', 'b', 'c', 'd', 'e'] })).toBe(false);
    expect(validate({ model: 'gpt-4o' })).toBe(false);
  });

  // The Responses operations (POST /responses, GET /responses/{id}) write no `nullable` at all: their 292
  // schemas use `anyOf [..., {type: null}]`. So Prism validates Responses requests as published, and the
  // normaliser, which leaves them alone, must keep it so (a Responses schema gaining the quirk would break
  // the compile below, since the whole document is compiled).
  it('the Responses request schema compiles once normalised, refuses what OpenAI refuses, and is left unchanged', () => {
    const { doc, changed } = normaliseNullable(raw);
    expect(changed.sort()).toEqual([
      '/components/schemas/CreateChatCompletionRequest/allOf/1/properties/prediction',
      '/components/schemas/CreateChatCompletionStreamResponse/properties/usage',
      '/components/schemas/CreateCompletionRequest/properties/prompt',
      '/components/schemas/StopConfiguration',
    ]);
    const schemas = (doc as { components: { schemas: Record<string, unknown> } }).components.schemas;
    const rawSchemas = (raw as { components: { schemas: Record<string, unknown> } }).components.schemas;
    expect(schemas.CreateResponse).toEqual(rawSchemas.CreateResponse);
    const validate = compileRequest(doc, 'CreateResponse');
    const ok = { model: 'gpt-4o', input: 'hi' };
    expect(validate(ok)).toBe(true);
    expect(validate({ ...ok, max_output_tokens: null }), 'max_output_tokens: null stays valid').toBe(true);
    expect(validate({ ...ok, instructions: 'Be brief.', store: false, text: { format: { type: 'json_object' } } })).toBe(true);
    expect(validate({ ...ok, max_output_tokens: 'many' }), 'the responses.error-invalid-param request').toBe(false);
    expect(validate({ ...ok, input: 42 })).toBe(false);
    expect(validate({ ...ok, text: { format: { type: 'yaml' } } })).toBe(false);
  });

  it('a Responses schema written with nullable and no type (as chat prediction is) would be normalised the same way', () => {
    // Today's description writes max_output_tokens as anyOf [integer, null]; written in the 3.0 form, Prism
    // would skip validating every Responses request, and the normaliser must bring it back.
    const quirky = structuredClone(raw) as { components: { schemas: { CreateResponse: { allOf: { properties?: Record<string, unknown> }[] } } } };
    quirky.components.schemas.CreateResponse.allOf[2]!.properties!.max_output_tokens = { nullable: true, allOf: [{ type: 'integer', minimum: 16 }] };
    expect(() => compileRequest(quirky, 'CreateResponse')).toThrow(/"nullable" cannot be used without "type"/);
    const { doc, changed } = normaliseNullable(quirky);
    expect(changed).toContain('/components/schemas/CreateResponse/allOf/2/properties/max_output_tokens');
    const validate = compileRequest(doc, 'CreateResponse');
    const ok = { model: 'gpt-4o', input: 'hi' };
    expect(validate({ ...ok, max_output_tokens: null })).toBe(true);
    expect(validate({ ...ok, max_output_tokens: 16 })).toBe(true);
    expect(validate({ ...ok, max_output_tokens: 8 }), 'below the minimum').toBe(false);
    expect(validate({ ...ok, max_output_tokens: 'many' })).toBe(false);
  });

  it('changes only schemas with nullable and no type, keeping their annotations outside', () => {
    const input = {
      typed: { type: 'integer', nullable: true },
      bare: { description: 'd', nullable: true, oneOf: [{ type: 'string' }, { type: 'array' }] },
      notNull: { nullable: false, allOf: [{ type: 'object' }] },
      properties: { nullable: { type: 'string' } },
    };
    const { doc, changed } = normaliseNullable(input);
    expect(changed.sort()).toEqual(['/bare', '/notNull']);
    expect(doc).toEqual({
      typed: { type: 'integer', nullable: true },
      bare: { description: 'd', anyOf: [{ oneOf: [{ type: 'string' }, { type: 'array' }] }, { type: 'null' }] },
      notNull: { allOf: [{ type: 'object' }] },
      properties: { nullable: { type: 'string' } },
    });
  });
});
