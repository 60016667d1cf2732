/**
 * GET /models and GET /models/{model} (wire-format.md §6.1): the list is {"object":"list","data":[Model]}
 * with no pagination (the SDKs' non-cursor Page never asks for a next page); every Model has id, object
 * "model", created (Unix seconds) and owned_by, plus the extras a row's `options.modelFields` declares
 * (FlexAI's `category`); the model under test is in the list; retrieving one model returns it bare.
 * Options: `listObject` (default "list"), `paginated` (default false), `modelFields`.
 */
import type { EndpointRow } from '../../spec/profile.types.js';
import { jsonType, preview } from '../json-path.js';
import { option } from './operations.js';
import type { EndpointFacts } from './answer.js';

/** What the SDKs' Model type requires. */
const MODEL_FIELDS = ['id', 'object', 'created', 'owned_by'] as const;

type Obj = Record<string, unknown>;

/** Problems of one Model object, with `at` naming it in messages. */
function modelProblems(m: unknown, fields: readonly string[], at: string): string[] {
  if (m === null || typeof m !== 'object' || Array.isArray(m)) return [`${at} is ${jsonType(m)}, not a Model object`];
  const o = m as Obj;
  const out: string[] = [];
  for (const k of fields) {
    if (!(k in o) || o[k] === null) {
      out.push(`${at}${typeof o.id === 'string' ? ` (${o.id})` : ''} has no ${k}`);
      continue;
    }
    const v = o[k];
    if (k === 'id' && (typeof v !== 'string' || !v)) out.push(`${at}.id is ${preview(v, 40)}, not a non-empty string`);
    if (k === 'object' && v !== 'model') out.push(`${at}.object is ${preview(v, 40)}, not "model"`);
    if (k === 'created' && (typeof v !== 'number' || !Number.isInteger(v) || v < 1e9 || v > 1e10))
      out.push(`${at}.created is ${preview(v, 40)}, not Unix seconds`);
    if (k === 'owned_by' && typeof v !== 'string') out.push(`${at}.owned_by is ${jsonType(v)}, not a string`);
  }
  return out;
}

/** The fields every model must carry: the SDK's four, plus the row's declared extras. */
function requiredModelFields(row: EndpointRow): string[] {
  return [...new Set([...MODEL_FIELDS, ...(option(row, 'modelFields', 'array') ?? [])])];
}

export function modelListProblems(f: EndpointFacts, row: EndpointRow): string[] {
  const list = f.answer.json as Obj;
  const out: string[] = [];
  const listObject = option(row, 'listObject', 'string') ?? 'list';
  if (list.object !== listObject) out.push(`object is ${preview(list.object, 40)}, not "${listObject}"`);
  if (!Array.isArray(list.data)) return [...out, `data is ${jsonType(list.data)}, not an array of models`];
  if (!list.data.length) return [...out, 'data is empty: no model is listed'];
  const fields = requiredModelFields(row);
  const perModel = list.data.flatMap((m, i) => modelProblems(m, fields, `data[${i}]`));
  if (perModel.length)
    out.push(`${perModel.slice(0, 3).join('; ')}${perModel.length > 3 ? ` (${perModel.length} problems in ${list.data.length} models)` : ''}`);
  if (option(row, 'paginated', 'boolean') !== true && list.has_more === true)
    out.push('has_more is true, but the list is not paginated: clients never fetch the rest');
  const model = f.extra?.model as string | undefined;
  const ids = list.data.map((m) => (m as Obj | null)?.id);
  if (model && !ids.includes(model)) out.push(`the model under test (${model}) is not listed (${ids.length} models: ${preview(ids.slice(0, 5), 80)})`);
  return out;
}

/** `listRow`: the profile's `models` row, whose declared extras every Model carries, retrieved alone too. */
export function modelRetrieveProblems(f: EndpointFacts, row: EndpointRow, listRow?: EndpointRow): string[] {
  const fields = [...new Set([...requiredModelFields(row), ...(listRow ? requiredModelFields(listRow) : [])])];
  const out = modelProblems(f.answer.json, fields, 'the model');
  const model = f.extra?.model as string | undefined;
  const id = (f.answer.json as Obj).id;
  if (model && typeof id === 'string' && id !== model) out.push(`id is "${id}", asked for "${model}"`);
  if ((f.answer.json as Obj).object === 'list') out.push('a list came back, not the bare Model');
  return out;
}
