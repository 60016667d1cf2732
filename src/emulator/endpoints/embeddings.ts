/**
 * POST /embeddings in the emulator: deterministic unit vectors (the same input and model always give the
 * same vector, as a real embedding model does), float arrays by default, little-endian float32 in base64
 * under `encoding_format: "base64"`, `dimensions` from the request or the row's `options.dimensions`.
 * An explicit `encoding_format: null` is refused where the row declares `encodingFormatNull: rejected`.
 */
import type { EndpointRow, Profile } from '../../spec/profile.types.js';
import { countTokens, prng, hash32 } from '../generator.js';
import { knownModels } from '../profile-view.js';
import { option } from '../../checks/endpoints/operations.js';

export type OperationResult =
  | { ok: Record<string, unknown> }
  | { error: { caseId: string; status: number; param: string | null; code: string | null; message: string } };

const DEFAULT_DIMENSIONS = 64;

const bad = (message: string, param: string | null, code: string | null = null, status = 400): OperationResult => ({
  error: { caseId: 'endpoint.embeddings', status, param, code, message },
});

/** A deterministic unit vector for a text, rounded to float32 so base64 decodes to exactly these values. */
export function embed(model: string, text: string, dims: number): number[] {
  const rng = prng(hash32(`${model}|${text}`));
  const raw = Array.from({ length: dims }, () => rng() * 2 - 1);
  const norm = Math.sqrt(raw.reduce((s, x) => s + x * x, 0)) || 1;
  return raw.map((x) => Math.fround(x / norm));
}

export function toBase64(values: number[]): string {
  const buf = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => buf.writeFloatLE(v, i * 4));
  return buf.toString('base64');
}

function inputs(input: unknown): string[] | undefined {
  if (typeof input === 'string') return input ? [input] : undefined;
  if (!Array.isArray(input) || !input.length || input.length > 2048) return undefined;
  if (input.every((x) => typeof x === 'string' && x)) return input as string[];
  if (input.every((x) => Number.isInteger(x))) return [input.join(' ')];
  if (input.every((x) => Array.isArray(x) && x.length && x.every((t) => Number.isInteger(t)))) return (input as number[][]).map((x) => x.join(' '));
  return undefined;
}

export function handleEmbeddings(profile: Profile, row: EndpointRow, body: Record<string, unknown>): OperationResult {
  const model = body.model;
  if (typeof model !== 'string' || !model) return bad('you must provide a model parameter', 'model');
  const texts = inputs(body.input);
  if (!texts) return bad("'input' must be a non-empty string, an array of strings, or an array of token arrays.", 'input');
  const declared = option(row, 'model', 'string');
  if (model !== declared && !knownModels(profile).includes(model))
    return bad(`The model \`${model}\` does not exist or you do not have access to it.`, null, 'model_not_found', 404);
  const format = body.encoding_format;
  if (format === null && option(row, 'encodingFormatNull', 'string') === 'rejected') {
    return bad("Invalid type for 'encoding_format': expected one of 'float' or 'base64', but got null instead.", 'encoding_format');
  }
  if (format !== undefined && format !== null && format !== 'float' && format !== 'base64')
    return bad(`Invalid value for 'encoding_format': '${String(format)}'.`, 'encoding_format');
  const dims =
    Number.isInteger(body.dimensions) && (body.dimensions as number) > 0
      ? (body.dimensions as number)
      : (option(row, 'dimensions', 'number') ?? DEFAULT_DIMENSIONS);
  const tokens = texts.reduce((s, t) => s + countTokens(t), 0);
  return {
    ok: {
      object: 'list',
      model,
      data: texts.map((t, index) => {
        const v = embed(model, t, dims);
        return { object: 'embedding', index, embedding: format === 'base64' ? toBase64(v) : v };
      }),
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    },
  };
}
