/**
 * How the emulator reads a profile: which row governs a request field as sent, what an error case
 * answers with, which headers to emit. Kept apart from the HTTP code so the rules are in one place.
 */
import type { Profile, FieldRow, ErrorRow } from '../spec/profile.types.js';

/** A row with `models:` applies to those models only; without, to every model (and when the model is not known). */
export function appliesToModel(row: { models?: string[] } | undefined, model: string | undefined): boolean {
  return !row?.models?.length || model === undefined || row.models.includes(model);
}

/**
 * The row that governs a top-level request field, given the value that was sent and the model asked for. A row
 * for other models is passed over, as if the profile had none for this one.
 */
export function requestRowFor(profile: Profile, field: string, value: unknown, model?: string): { key: string; row?: FieldRow } {
  const rows = profile.request ?? {};
  const pick = (...keys: string[]) => {
    for (const k of keys) if (rows[k] && appliesToModel(rows[k], model)) return { key: k, row: rows[k] };
    return { key: keys[keys.length - 1], row: undefined };
  };
  const v = value as Record<string, unknown> | string | undefined;
  switch (field) {
    case 'response_format': {
      const type = typeof v === 'object' && v ? String(v.type) : '';
      return pick(`response_format.${type}`, 'response_format');
    }
    case 'tool_choice': {
      const variant = typeof v === 'object' && v ? 'named' : String(v);
      return pick(`tool_choice.${variant}`, 'tool_choice', 'tools');
    }
    case 'stream_options': {
      const include = typeof v === 'object' && v && 'include_usage' in v;
      return include ? pick('stream_options.include_usage', 'stream_options') : pick('stream_options');
    }
    case 'user':
      return typeof v === 'string' && v.length > 64 && rows['user.long'] ? pick('user.long') : pick('user');
    default:
      return pick(field);
  }
}

/** Values equal to OpenAI's defaults are accepted even where a field is "rejected" (FlexAI rejects n > 1, not n = 1). */
const DEFAULTS: Record<string, unknown> = { n: 1, stream: false, logprobs: false, parallel_tool_calls: true };

export function isDefaultValue(field: string, value: unknown): boolean {
  return field in DEFAULTS && DEFAULTS[field] === value;
}

/** Honoured: the emulator applies the field. Everything else is dropped before generation. */
export function honours(row: FieldRow | undefined): boolean {
  return row?.status === 'supported' || row?.status === 'partial';
}

export interface ErrorAnswer {
  status: number;
  type: string;
  param: string | null;
  code: string | null;
  message: string;
}

const STATUS_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'invalid_request_error',
  403: 'permission_error',
  404: 'invalid_request_error',
  405: 'invalid_request_error',
  413: 'invalid_request_error',
  415: 'invalid_request_error',
  429: 'requests',
  500: 'server_error',
};

function concreteStatus(s: ErrorRow['status'] | undefined, fallback: number): number {
  if (typeof s === 'number') return s;
  if (typeof s === 'string') return Number(s[0]) * 100 === Math.floor(fallback / 100) * 100 ? fallback : Number(s[0]) * 100;
  return fallback;
}

/**
 * The answer to an error case: the profile's declaration where it has one (status, param, code, type),
 * OpenAI's documented behaviour otherwise.
 */
export function errorAnswer(
  profile: Profile,
  caseId: string,
  fallback: { status: number; param?: string | null; code?: string | null; message: string },
): ErrorAnswer {
  const row = profile.errors?.[caseId];
  const status = concreteStatus(row?.status, fallback.status);
  return {
    status,
    type: row?.type ?? STATUS_TYPES[status] ?? 'invalid_request_error',
    param: row && 'param' in row ? (row.param ?? null) : (fallback.param ?? null),
    code: row && 'code' in row ? (row.code ?? null) : (fallback.code ?? null),
    message: fallback.message,
  };
}

/** The `error` object for an answer, with the profile's declared envelope extensions (e.g. `doc_url`), from either place they are declared. */
export function errorBody(profile: Profile, a: ErrorAnswer): { error: Record<string, unknown> } {
  const error: Record<string, unknown> = { message: a.message, type: a.type, param: a.param, code: a.code };
  const inError = Object.entries(profile.extensions ?? {})
    .filter(([, row]) => row.in === 'error')
    .map(([name, row]) => [name, row.schema] as const);
  for (const [name, schema] of [...Object.entries(profile.errorEnvelope?.extensions ?? {}), ...inError]) {
    const s = schema as { format?: string; type?: string; examples?: unknown[] };
    error[name] = s.examples?.[0] ?? (s.format === 'uri' || /url$/i.test(name) ? `https://docs.example.invalid/errors/${a.status}` : `${name}`);
  }
  return { error };
}

export function knownModels(profile: Profile): string[] {
  const models = Object.keys(profile.models ?? {});
  return models.length ? models : [profile.target?.defaultModel ?? 'emulator-model'];
}

/** Value a declared field of a JSON type gets where the generator has none (a provider's own string field, say). */
export function placeholderOf(type: string | undefined, name: string): unknown {
  switch (type) {
    case 'string':
      return `(emulated ${name})`;
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return false;
    case 'object':
      return {};
    case 'array':
      return [];
    default:
      return null;
  }
}

/**
 * The provider's own string fields on the message (`choices[].message.<name>` declared populated or present, of
 * type string, for this model): the emulator writes them on the message and streams them as deltas.
 */
export function messageStringFields(profile: Profile, model: string): string[] {
  const out: string[] = [];
  for (const [path, row] of Object.entries(profile.response ?? {})) {
    const m = /^choices\[\]\.message\.([A-Za-z0-9_]+)$/.exec(path);
    if (!m || !appliesToModel(row, model) || (row.status !== 'populated' && row.status !== 'present')) continue;
    if ([row.type].flat().includes('string') && !['content', 'role', 'refusal'].includes(m[1]!)) out.push(m[1]!);
  }
  return out;
}
