/**
 * OpenAI's operations beside chat completions, by the operation id a profile's `endpoints` rows use:
 * where each lives (method and path relative to the base URL, as in wire-format.md §6 and the OpenAPI
 * description) and the smallest valid body, so that an operation a provider does not offer is refused for
 * being unsupported, not for being malformed. A row's own `method` / `path` win; an id not listed here
 * needs them. Shared by the checks and by the emulator's router, so both agree on every route.
 */
import type { EndpointRow } from '../../spec/profile.types.js';

export interface Operation {
  method: 'GET' | 'POST' | 'DELETE';
  /** May contain `{model}`, replaced by the model under test. */
  path: string;
  /** A minimal valid body for a POST (`model` is filled in with the model under test). */
  body?: (model: string) => Record<string, unknown>;
}

const PROBE_TEXT = 'Rivers carve valleys.';
/**
 * The Responses baseline's input (a prompt whose answer runs well past max_output_tokens, so the limit has
 * something to cut): endpoint.responses sends the very request the responses area's baseline sends, so a run
 * that has both sends it once.
 */
export const RESPONSES_INPUT = 'Write five short sentences about the sea, one per line.';

const OPERATIONS: Record<string, Operation> = {
  models: { method: 'GET', path: '/models' },
  'model-retrieve': { method: 'GET', path: '/models/{model}' },
  embeddings: { method: 'POST', path: '/embeddings', body: (model) => ({ model, input: PROBE_TEXT }) },
  completions: { method: 'POST', path: '/completions', body: (model) => ({ model, prompt: PROBE_TEXT, max_tokens: 16 }) },
  responses: { method: 'POST', path: '/responses', body: (model) => ({ model, input: RESPONSES_INPUT }) },
  images: { method: 'POST', path: '/images/generations', body: (model) => ({ model, prompt: PROBE_TEXT, n: 1 }) },
  'audio-speech': { method: 'POST', path: '/audio/speech', body: (model) => ({ model, input: PROBE_TEXT, voice: 'alloy' }) },
  moderations: { method: 'POST', path: '/moderations', body: (model) => ({ model, input: PROBE_TEXT }) },
  files: { method: 'GET', path: '/files' },
  batches: { method: 'GET', path: '/batches' },
  'fine-tuning': { method: 'GET', path: '/fine_tuning/jobs' },
  assistants: { method: 'GET', path: '/assistants' },
};

export interface ResolvedOperation {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  body?: Record<string, unknown>;
}

/** Where a row's operation lives, with `{model}` filled in; undefined when neither the row nor the table says. */
export function resolveOperation(id: string, row: Pick<EndpointRow, 'method' | 'path'>, model: string): ResolvedOperation | undefined {
  const known = OPERATIONS[id];
  const path = row.path ?? known?.path;
  if (!path) return undefined;
  const method = row.method ?? known?.method ?? 'POST';
  const body = method === 'POST' ? (known?.body?.(model) ?? { model }) : undefined;
  return { method, path: path.replace('{model}', encodeURIComponent(model)), body };
}

/** The route an operation is served on (a path pattern with `{model}`), for the emulator's router. */
export function routeOf(id: string, row: Pick<EndpointRow, 'method' | 'path'>): { method: string; path: string } | undefined {
  const known = OPERATIONS[id];
  const path = row.path ?? known?.path;
  return path ? { method: row.method ?? known?.method ?? 'POST', path } : undefined;
}

/** Endpoint options (`options:` of a row) read with a type; an option of the wrong type counts as absent. */
export function option<T extends 'string' | 'number' | 'boolean' | 'array'>(
  row: EndpointRow,
  key: string,
  type: T,
): (T extends 'string' ? string : T extends 'number' ? number : T extends 'boolean' ? boolean : string[]) | undefined {
  const v = (row.options as Record<string, unknown> | undefined)?.[key];
  const ok = type === 'array' ? Array.isArray(v) && v.every((x) => typeof x === 'string') : typeof v === type;
  return (ok ? v : undefined) as never;
}
