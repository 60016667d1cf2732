/**
 * The catalogue of bad requests, one entry per error case id. Each builds the request from the shared
 * baseline body, so every bad request differs from a good one in exactly one way.
 */
import type { OutgoingRequest } from '../../transport/types.js';
import type { CaseIO } from '../../cases/types.js';

export interface BadRequest {
  id: string;
  /** What is wrong with the request, for the report. */
  what: string;
  build(io: CaseIO): OutgoingRequest;
}

const post = (io: CaseIO, rest: Partial<OutgoingRequest>): OutgoingRequest => ({ method: 'POST', path: io.chatPath, purpose: 'error', ...rest });
const without = (o: Record<string, unknown>, key: string) => {
  const { [key]: _drop, ...rest } = o;
  return rest;
};

export const BAD_REQUESTS: BadRequest[] = [
  { id: 'malformed-json', what: 'a body that is not valid JSON', build: (io) => post(io, { rawBody: '{"model": "x", "messages": [', headers: { 'content-type': 'application/json' } }) },
  { id: 'missing-messages', what: 'no `messages`', build: (io) => post(io, { json: without(io.baselineBody(false), 'messages') }) },
  { id: 'unknown-model', what: 'a model that does not exist', build: (io) => post(io, { json: { ...io.baselineBody(false), model: 'oai-compat-no-such-model' } }) },
  { id: 'bad-api-key', what: 'a well-formed but invalid API key', build: (io) => post(io, { json: io.baselineBody(false), auth: { scheme: 'default', key: 'invalid' } }) },
];

export function findBadRequest(id: string): BadRequest | undefined {
  return BAD_REQUESTS.find((b) => b.id === id);
}
