/**
 * POST /embeddings (wire-format.md §6.2). Three cases, one question each:
 * - `endpoint.embeddings`: without encoding_format the answer is floats (the documented default):
 *   {object "list", model, data[{object "embedding", index, embedding: number[]}], usage{prompt_tokens, total_tokens}},
 *   with `options.dimensions` values per vector when declared;
 * - `endpoint.embeddings.base64`: encoding_format "base64" returns strings that decode (little-endian
 *   float32, what both SDKs decode, and what they ask for by default) to as many values as the float
 *   answer for the same input, and to the same vector (cosine ≥ 0.99: a wrong byte order or float64 is
 *   noise); a float array here is corrupted silently by the Node SDK;
 * - `endpoint.embeddings.encoding-format-null`: an explicit `encoding_format: null`, where a row declares
 *   `options.encodingFormatNull` (`rejected`: FlexAI, "don't send an explicit null"; or `accepted`).
 * Options: `model` (an embedding model; the chat model is not one), `dimensions`, `encodingFormatNull`.
 */
import type { EndpointRow } from '../../spec/profile.types.js';
import { jsonType, preview } from '../json-path.js';
import { option } from './operations.js';
import type { Answer, EndpointFacts } from './answer.js';

type Obj = Record<string, unknown>;

const entries = (a: Answer): Obj[] => (Array.isArray((a.json as Obj | undefined)?.data) ? ((a.json as Obj).data as Obj[]) : []);

/** The list's own shape, whatever the encoding. */
function listProblems(a: Answer): string[] {
  const j = a.json as Obj;
  const out: string[] = [];
  if (j.object !== 'list') out.push(`object is ${preview(j.object, 30)}, not "list"`);
  if (typeof j.model !== 'string') out.push(`model is ${jsonType(j.model)}, not a string`);
  if (!Array.isArray(j.data) || !j.data.length)
    out.push(`data is ${Array.isArray(j.data) ? 'empty' : jsonType(j.data)}: no embedding (the Python SDK raises "No embedding data received")`);
  entries(a).forEach((e, i) => {
    if (e?.object !== 'embedding') out.push(`data[${i}].object is ${preview(e?.object, 30)}, not "embedding"`);
    if (e?.index !== i) out.push(`data[${i}].index is ${preview(e?.index, 20)}, not ${i}`);
  });
  const u = j.usage as Obj | undefined;
  if (!u || typeof u !== 'object') out.push('usage is missing');
  else for (const k of ['prompt_tokens', 'total_tokens']) if (!Number.isInteger(u[k])) out.push(`usage.${k} is ${preview(u[k], 20)}, not an integer`);
  return out;
}

function floats(a: Answer): number[] | undefined {
  const v = entries(a)[0]?.embedding;
  return Array.isArray(v) && v.every((x) => typeof x === 'number') ? (v as number[]) : undefined;
}

export function embeddingFloatProblems(f: EndpointFacts, row: EndpointRow): string[] {
  const out = listProblems(f.answer);
  const v = entries(f.answer)[0]?.embedding;
  if (v !== undefined && !floats(f.answer)) {
    out.push(
      typeof v === 'string'
        ? 'data[0].embedding is a base64 string without encoding_format: the default is float'
        : `data[0].embedding is ${jsonType(v)}, not an array of numbers`,
    );
  }
  const dims = option(row, 'dimensions', 'number');
  const got = floats(f.answer);
  if (dims !== undefined && got && got.length !== dims) out.push(`${got.length} values per vector, declared ${dims} dimensions`);
  if (got && !got.length) out.push('data[0].embedding is empty');
  return out;
}

/** Little-endian float32 values of a base64 string, or why it is not one. */
export function decodeBase64Floats(s: string): number[] | string {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) return 'not valid base64';
  const bytes = Buffer.from(s, 'base64');
  if (bytes.length % 4 !== 0) return `${bytes.length} bytes: not a whole number of float32 values`;
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i += 4) out.push(bytes.readFloatLE(i));
  return out;
}

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

export function embeddingBase64Problems(f: EndpointFacts): string[] {
  const out = listProblems(f.answer);
  const v = entries(f.answer)[0]?.embedding;
  if (Array.isArray(v))
    return [
      ...out,
      `data[0].embedding is an array of ${v.length} numbers, not a base64 string: encoding_format "base64" was ignored (the Node SDK decodes it as bytes anyway: garbage vectors)`,
    ];
  if (typeof v !== 'string') return [...out, `data[0].embedding is ${jsonType(v)}, not a base64 string`];
  const decoded = decodeBase64Floats(v);
  if (typeof decoded === 'string') return [...out, `data[0].embedding: ${decoded}`];
  const reference = f.more?.float ? floats(f.more.float) : undefined;
  if (!reference) return [...out, `the float answer for the same input is not usable to compare with (${f.more?.float?.status ?? 'no answer'})`];
  if (decoded.length !== reference.length) out.push(`base64 decodes to ${decoded.length} float32 values, the float answer has ${reference.length}`);
  else {
    const c = cosine(decoded, reference);
    if (!(c >= 0.99)) out.push(`the decoded vector is not the float one (cosine ${c.toFixed(3)}): not little-endian float32?`);
  }
  return out;
}
