/**
 * A fault is a named, real-world breakage the emulator can put on (`serve --fault NAME`). Each check
 * ships with the fault it must catch: `catches` lists the case ids (or `area.*` patterns) that must
 * fail when the fault is on, and test/faults proves that they fail and that nothing else does.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Profile } from '../../spec/profile.types.js';
import type { ErrorAnswer } from '../profile-view.js';

export interface ErrorReply {
  status: number;
  headers: Record<string, string>;
  /** An object is sent as JSON; a string is sent as it is. */
  body: unknown;
}

export interface FaultContext {
  profile: Profile;
  /** Path after the base path, e.g. `/chat/completions`. */
  route: string;
  body: unknown;
  /** The request's headers (lower-case names). */
  headers?: IncomingHttpHeaders;
}

export interface Fault {
  id: string;
  description: string;
  /** Case ids, or `area.*` patterns, that must fail with this fault on (and only those). */
  catches: string[];
  /**
   * Case ids that must end neither pass nor fail with this fault on (inconclusive or unobservable): the
   * deviation is real but the evidence cannot make it a failure, or the signal carries no information.
   */
  unsettles?: string[];
  /** Case ids that must still pass with this fault on: the target works, and the check must not blame it. */
  mustPass?: string[];
  /** Where the breakage is documented (peers-and-breakages.md item, an issue). */
  evidence?: string;
  /** The profile whose emulator the fault is tested on (default `openai`), for faults that only make sense
   * against a provider's declaration (e.g. x-api-key accepted where FlexAI declares Bearer only). */
  profile?: string;
  /** Mutates a non-streamed chat completion before it is sent. */
  completion?(completion: Record<string, unknown>, ctx: FaultContext): void;
  /** Rewrites the stream's chunk objects before they are encoded. */
  chunks?(chunks: Record<string, unknown>[], ctx: FaultContext): Record<string, unknown>[];
  /** Rewrites the encoded SSE events (each a complete block, e.g. `data: {...}\n\n`, the last one `data: [DONE]\n\n`). */
  sse?(events: string[], ctx: FaultContext): string[];
  /** Rewrites an error answer before it is sent. */
  error?(reply: ErrorReply, ctx: FaultContext): ErrorReply;
  /** Adds, changes or removes response headers (lower-case names) of any answer. */
  headers?(headers: Record<string, string>, ctx: FaultContext & { status: number }): void;
  /**
   * Writes the encoded stream itself once the 200 and its headers are out (pace, stall, cut short): for the
   * breakages that are about time, not bytes. Must stop when the client goes away (`res` closes).
   */
  writeSse?(res: ServerResponse, events: string[], ctx: FaultContext): Promise<void>;
  /** Bound on each request when the catalogue tests this fault (a fault that never ends a stream needs a small one). */
  timeoutMs?: number;
  /** Handles the request completely (a stream that never ends, a connection closed early). Returns true when it did. */
  handle?(req: IncomingMessage, res: ServerResponse, ctx: FaultContext): boolean | Promise<boolean>;
  /**
   * Mutates the JSON answer of an operation beside chat completions before it is sent: `what` is the
   * operation id (`models`, `model-retrieve`, `embeddings`, `completions`, `responses`), or
   * `completions.chunk` / `responses.event` for each object of their streams.
   */
  operation?(what: string, answer: Record<string, unknown>, ctx: FaultContext): void;
  /**
   * Rewrites a Responses API answer (src/emulator/endpoints/responses.ts) before it is sent: the Response of a
   * non-streamed answer or a retrieval (events empty), or the event list of a streamed one (which may be edited,
   * reordered, cut; `eventName` renames the `event:` lines, undefined from it drops the line).
   */
  responses?(answer: ResponsesAnswer, ctx: FaultContext): void;
  /** Changes how a Responses API request is read before it is generated (drop a field the API honours). */
  responsesRequest?(body: Record<string, unknown>, ctx: FaultContext): Record<string, unknown>;
  /** Refuses a Responses API create request (after `responsesRequest`), or returns undefined to let it through. */
  refuseResponses?(body: Record<string, unknown>, ctx: FaultContext): ErrorAnswer | undefined;
  /** Refuses a chat request (after `request`), or returns undefined to let it through. */
  refuse?(body: unknown, ctx: FaultContext): ErrorAnswer | undefined;
  /** Changes how the request is interpreted before validation (e.g. drop a field the profile honours). */
  request?(body: Record<string, unknown>, ctx: FaultContext): Record<string, unknown>;
}

/** A Responses API answer as the emulator is about to send it (see Fault.responses). */
export interface ResponsesAnswer {
  response: Record<string, unknown>;
  events: Record<string, unknown>[];
  /** The `event:` name of each event (default: its type). */
  eventName?: (event: Record<string, unknown>, index: number) => string | undefined;
}

/** A fault's own error answer, in OpenAI's envelope (for `handle` hooks that answer before the emulator does). */
export function sendFaultError(res: ServerResponse, status: number, message: string, code: string | null = null): true {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { message, type: 'invalid_request_error', param: null, code } }));
  return true;
}

/** The `choices` of a completion or chunk, or none when it has no array there. */
export const choicesOf = (c: Record<string, unknown>): Record<string, unknown>[] => (Array.isArray(c.choices) ? (c.choices as Record<string, unknown>[]) : []);
