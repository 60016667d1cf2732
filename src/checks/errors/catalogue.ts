/**
 * The catalogue of bad requests, one entry per error case id. Each builds the request from the shared
 * baseline body, so every bad request differs from a good one in exactly one way. The ids are the keys
 * of a profile's `errors` rows; the registry (src/checks/registry/errors.ts) makes one check per entry, so a row without one has no check (validate refuses it).
 */
import type { OutgoingRequest } from '../../transport/types.js';
import type { CaseIO } from '../../cases/types.js';

export interface BadRequest {
  id: string;
  /** What is wrong with the request, for the report. */
  what: string;
  build(io: CaseIO): OutgoingRequest;
  /**
   * The fields it sets on the good body, when that is all it changes (one bad value): such a request may be
   * group-tested with others where the profile declares them accepted (src/probes/group-errors.ts).
   */
  fields?: Record<string, unknown>;
}

/**
 * The oversized body: larger than any limit a JSON API plausibly sets by default (nginx 1 MiB, many
 * gateways 1–2 MiB) and small enough to send quickly. The transport writes it under socket backpressure
 * and its total timeout bounds the exchange, so a server that never reads it cannot hang the case.
 */
export const OVERSIZED_BODY_BYTES = 4 * 1024 * 1024 + 1;

const post = (io: CaseIO, rest: Partial<OutgoingRequest>): OutgoingRequest => ({ method: 'POST', path: io.chatPath, ...rest });
const without = (o: Record<string, unknown>, key: string) => {
  const { [key]: _drop, ...rest } = o;
  return rest;
};
const withFields = (io: CaseIO, extra: Record<string, unknown>): Record<string, unknown> => ({ ...io.baselineBody(false), ...extra });
/** A bad request that is the good body with `fields` set: its request, and the fields it declares setting. */
const badValue = (id: string, what: string, fields: Record<string, unknown>): BadRequest => ({
  id,
  what,
  fields,
  build: (io) => post(io, { json: withFields(io, fields) }),
});

/** The baseline body with its one message padded until the JSON text has `bytes` bytes (ASCII, so chars = bytes). */
function paddedBody(io: CaseIO, bytes: number): string {
  const body = io.baselineBody(false);
  const empty = JSON.stringify({ ...body, messages: [{ role: 'user', content: '' }] });
  return JSON.stringify({ ...body, messages: [{ role: 'user', content: 'a '.repeat(Math.ceil((bytes - empty.length) / 2)) }] });
}

export const BAD_REQUESTS: BadRequest[] = [
  {
    id: 'malformed-json',
    what: 'a body that is not valid JSON',
    build: (io) => post(io, { rawBody: '{"model": "x", "messages": [', headers: { 'content-type': 'application/json' } }),
  },
  {
    id: 'empty-body',
    what: 'an empty body with content-type application/json',
    build: (io) => post(io, { rawBody: '', headers: { 'content-type': 'application/json' } }),
  },
  // An array around the good body: valid JSON, every field there, just not an object.
  { id: 'non-object-body', what: 'a JSON array instead of an object', build: (io) => post(io, { json: [io.baselineBody(false)] }) },
  {
    id: 'wrong-content-type',
    what: 'a valid JSON body sent as text/plain',
    build: (io) => post(io, { rawBody: JSON.stringify(io.baselineBody(false)), headers: { 'content-type': 'text/plain' } }),
  },
  { id: 'missing-model', what: 'no `model`', build: (io) => post(io, { json: without(io.baselineBody(false), 'model') }) },
  { id: 'missing-messages', what: 'no `messages`', build: (io) => post(io, { json: without(io.baselineBody(false), 'messages') }) },
  badValue('empty-messages', '`messages: []`', { messages: [] }),
  {
    id: 'unknown-role',
    what: "a message whose role is not one of OpenAI's",
    build: (io) => {
      const body = io.baselineBody(false);
      const [first] = body.messages as Record<string, unknown>[];
      return post(io, { json: { ...body, messages: [{ ...first, role: 'oai-compat-unknown-role' }] } });
    },
  },
  // A word, not a numeric string: a lax validator (pydantic) coerces "0.5" to a number and would be right to.
  badValue('wrong-type-temperature', '`temperature: "warm"`', { temperature: 'warm' }),
  badValue('temperature-out-of-range', '`temperature: 3` (at most 2)', { temperature: 3 }),
  badValue('n-zero', '`n: 0` (at least 1)', { n: 0 }),
  badValue('n-too-large', '`n: 129` (at most 128)', { n: 129 }),
  // top_logprobs needs logprobs true; with it, only the range is wrong.
  badValue('top-logprobs-out-of-range', '`top_logprobs: 21` (at most 20) with `logprobs: true`', { logprobs: true, top_logprobs: 21 }),
  badValue('too-many-stop', '`stop` with 5 strings (at most 4)', { stop: ['#1', '#2', '#3', '#4', '#5'] }),
  badValue('stream-options-without-stream', '`stream_options` without `stream: true`', { stream_options: { include_usage: true } }),
  badValue('unknown-model', 'a model that does not exist', { model: 'oai-compat-no-such-model' }),
  {
    id: 'bad-api-key',
    what: 'a well-formed but invalid API key',
    build: (io) => post(io, { json: io.baselineBody(false), auth: { scheme: 'default', key: 'invalid' } }),
  },
  { id: 'no-api-key', what: 'no credentials at all', build: (io) => post(io, { json: io.baselineBody(false), auth: { scheme: 'none' } }) },
  // A route no OpenAI-compatible API serves, under the base URL, with a valid key and a good body.
  {
    id: 'unknown-route',
    what: 'POST to a route that does not exist',
    build: (io) => post(io, { path: '/oai-compat-no-such-route', json: io.baselineBody(false) }),
  },
  // PUT, not GET: OpenAI serves GET /chat/completions (the list of stored completions).
  { id: 'wrong-method', what: 'PUT on the chat-completions path', build: (io) => ({ method: 'PUT', path: io.chatPath, json: io.baselineBody(false) }) },
  {
    id: 'oversized-body',
    what: `a ${Math.round(OVERSIZED_BODY_BYTES / 1024 / 1024)} MiB JSON body`,
    // fresh: never keyed for sharing (the key would hold megabytes); sent once by its one case.
    build: (io) => post(io, { rawBody: paddedBody(io, OVERSIZED_BODY_BYTES), headers: { 'content-type': 'application/json' }, fresh: true }),
  },
];

export function findBadRequest(id: string): BadRequest | undefined {
  return BAD_REQUESTS.find((b) => b.id === id);
}
