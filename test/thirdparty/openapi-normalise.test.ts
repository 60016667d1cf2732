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

function compileChatRequest(doc: unknown) {
  const ajv = prismAjv();
  ajv.addSchema(doc as object, 'openai');
  return ajv.compile({ $ref: 'openai#/components/schemas/CreateChatCompletionRequest' });
}

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
