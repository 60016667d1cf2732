/**
 * The requests the responses area sends, built in one place so every case that needs one gets the same exchange
 * (the run context shares identical requests: one baseline answer and one baseline stream per run), and what the
 * baseline answer says about the operation itself: served, absent (404/405: one finding, on responses.object), or
 * refused. A case asks only for what it reads; the bodies are constants, so a request is sent once per run.
 */
import type { Exchange } from '../transport/types.js';
import type { CaseIO } from './types.js';
import { bodyJson } from '../transport/http.js';
import { isObj } from '../checks/responses/shape.js';
import { responsesPath } from '../checks/responses/declared.js';
import { errorBodyMessage, TOOL_PROMPT, UNKNOWN_MODEL } from './stream-requests.js';

type Obj = Record<string, unknown>;

import { RESPONSES_INPUT } from '../checks/endpoints/operations.js';

export { RESPONSES_INPUT };
/** OpenAI's minimum for max_output_tokens. */
export const MAX_OUTPUT_TOKENS = 16;
export const INSTRUCTIONS = 'You are a concise assistant. Answer in plain English prose.';
export const JSON_INPUT = 'Describe the sea as one JSON object with the keys "colour" and "mood" (strings). Reply in JSON.';
export const SEA_SCHEMA = {
  type: 'object',
  properties: { colour: { type: 'string' }, mood: { type: 'string' } },
  required: ['colour', 'mood'],
  additionalProperties: false,
};
export const WEATHER_TOOL = {
  type: 'function',
  name: 'get_weather',
  description: 'The current weather in a city.',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
  strict: true,
};
export const TIME_TOOL = {
  type: 'function',
  name: 'get_time',
  description: 'The current local time in a city.',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
  strict: true,
};
export const DECLARED_FUNCTIONS = [WEATHER_TOOL.name, TIME_TOOL.name];

export type ResponsesRequest =
  | 'baseline'
  | 'stream'
  | 'instructions'
  | 'max-output-tokens'
  | 'json-object'
  | 'json-schema'
  | 'forced'
  | 'auto'
  | 'no-store'
  | 'instructions-no-store'
  | 'unknown-model'
  | 'unknown-model-stream'
  | 'invalid-param';

export function responsesBody(io: CaseIO, kind: ResponsesRequest): Obj {
  const base = { model: io.model, input: RESPONSES_INPUT };
  switch (kind) {
    case 'baseline':
      return base;
    case 'stream':
      return { ...base, stream: true };
    case 'instructions':
      return { ...base, instructions: INSTRUCTIONS };
    case 'max-output-tokens':
      return { ...base, max_output_tokens: MAX_OUTPUT_TOKENS };
    case 'json-object':
      return { ...base, input: JSON_INPUT, text: { format: { type: 'json_object' } } };
    case 'json-schema':
      return { ...base, input: JSON_INPUT, text: { format: { type: 'json_schema', name: 'sea', strict: true, schema: SEA_SCHEMA } } };
    case 'forced':
      return { ...base, input: TOOL_PROMPT, tools: [WEATHER_TOOL, TIME_TOOL], tool_choice: { type: 'function', name: WEATHER_TOOL.name } };
    case 'auto':
      return { ...base, input: TOOL_PROMPT, tools: [WEATHER_TOOL, TIME_TOOL], tool_choice: 'auto' };
    case 'no-store':
      return { ...base, store: false };
    case 'instructions-no-store':
      return { ...base, instructions: INSTRUCTIONS, store: false };
    case 'unknown-model':
      return { ...base, model: UNKNOWN_MODEL };
    case 'unknown-model-stream':
      return { ...base, model: UNKNOWN_MODEL, stream: true };
    case 'invalid-param':
      return { ...base, max_output_tokens: 'many' };
  }
}

export function sendResponses(io: CaseIO, kind: ResponsesRequest): Promise<Exchange> {
  return io.send({ method: 'POST', path: responsesPath(io.profile), json: responsesBody(io, kind), purpose: `responses (${kind})` });
}

/** A follow-up turn on a stored response. */
export function sendFollowUp(io: CaseIO, previousId: string): Promise<Exchange> {
  const json = { model: io.model, input: 'And one more sentence, please.', previous_response_id: previousId };
  return io.send({ method: 'POST', path: responsesPath(io.profile), json, purpose: 'responses (previous_response_id)' });
}

export function retrieve(io: CaseIO, id: string): Promise<Exchange> {
  return io.send({ method: 'GET', path: `${responsesPath(io.profile)}/${encodeURIComponent(id)}`, purpose: 'responses (retrieve)' });
}

/** The answer as a JSON object when it is a 2xx one (undefined otherwise). */
export function answerJson(ex: Exchange): Obj | undefined {
  const s = ex.response?.status;
  if (s === undefined || s < 200 || s > 299) return undefined;
  const j = bodyJson(ex);
  return isObj(j) ? j : undefined;
}

/** "HTTP 400: "message"", "not answered (timeout: ...)": what became of a request, in a few words. */
export function answered(ex: Exchange): string {
  const res = ex.response;
  if (!res) return `not answered (${ex.error?.kind ?? 'unknown'}: ${ex.error?.message ?? ''})`;
  const m = errorBodyMessage(ex);
  return `HTTP ${res.status}${m !== undefined ? `: ${JSON.stringify(m.slice(0, 160))}` : ''}`;
}

export type Gate = { kind: 'served'; json: Obj | undefined } | { kind: 'absent' | 'refused' | 'unanswered' | 'rate-limited'; why: string; status?: number };

/** What the shared baseline says about the operation: served (a 2xx), or why every other case has nothing to read. */
export function gateOf(ex: Exchange): Gate {
  const res = ex.response;
  if (!res) return { kind: 'unanswered', why: answered(ex) };
  if (res.status === 429) return { kind: 'rate-limited', why: 'the baseline Responses request was rate-limited (429)', status: 429 };
  if (res.status === 404 || res.status === 405)
    return { kind: 'absent', why: `no ${responsesPathLabel(ex)}: the baseline request got ${answered(ex)}`, status: res.status };
  if (res.status < 200 || res.status > 299) return { kind: 'refused', why: `the baseline Responses request was refused: ${answered(ex)}`, status: res.status };
  return { kind: 'served', json: answerJson(ex) };
}

const responsesPathLabel = (ex: Exchange): string => {
  try {
    return new URL(ex.request.url).pathname;
  } catch {
    return '/responses';
  }
};
